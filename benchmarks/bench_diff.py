"""Time of `compare` on the bundled draft/final pair and on versions 10× and 50× larger.

Run from the repository root:  .venv/bin/python benchmarks/bench_diff.py

The pair is corpus/text/yq-draft-2024.txt → corpus/diffs/yq-final-2024.txt.
A notice k× larger repeats the clauses of its text k times, each copy under a
chapter of its own (第3章/二/5), with the money figures of copy c raised by
1000·c (30万元 → 2030万元 in copy 2), so no clause is a copy of another and
each copy's figures are its own; each text is read once with `pipeline.run`.
Every size is timed in this process, best of RUNS, after a warm-up; the
ratio is to the 1× time. The last column says whether every copy was aligned
as the 1× pair is (same paths and statuses, chapter aside).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "corpus" / "text" / "yq-draft-2024.txt"
NEW = ROOT / "corpus" / "diffs" / "yq-final-2024.txt"
SIZES = (1, 10, 50)
RUNS = 3
MONEY = re.compile(r"(\d+)(\.\d+)?(?=万元|亿元|元)")
FIRST_HEADING = re.compile(r"\s*一、")
CLOSING = "本措施"


def scaled_text(path: Path, copies: int) -> str:
    """The notice's clauses repeated `copies` times, one chapter each, money figures shifted per copy."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(k for k, line in enumerate(lines) if FIRST_HEADING.match(line))
    last = next(k for k, line in enumerate(lines) if line.startswith(CLOSING))
    body = []
    for copy in range(copies):
        def shifted(match: re.Match, copy: int = copy) -> str:
            return str(int(match.group(1)) + 1000 * copy) + (match.group(2) or "")

        body += [f"第{copy + 1}章 第{copy + 1}部分", ""] + [MONEY.sub(shifted, line) for line in lines[first:last]]
    return "\n".join(lines[:first] + body + lines[last:])


def notices(copies: int, folder: Path):
    """The old and new notices `copies` times the bundled pair (the bundled files themselves for 1×)."""
    from extractor.pipeline import run

    if copies == 1:
        return run(OLD), run(NEW)
    pair = []
    for path in (OLD, NEW):
        target = folder / f"{path.stem}-x{copies}.txt"
        target.write_text(scaled_text(path, copies), encoding="utf-8")
        pair.append(run(target))
    return tuple(pair)


def timed(old, new) -> tuple[float, object]:
    """Best time of compare(old, new) over RUNS, and its report."""
    from extractor.diff import compare

    best, report = float("inf"), None
    for _ in range(RUNS):
        began = time.perf_counter()
        report = compare(old, new)
        best = min(best, time.perf_counter() - began)
    return best, report


def outline(report) -> dict[str | None, list[tuple]]:
    """(old path, new path, status) of each clause, chapter removed, grouped by chapter (None: outside any)."""
    def chapter(path):
        return path.split("/", 1)[0] if path and path.startswith("第") else None

    def strip(path):
        return path.split("/", 1)[1] if chapter(path) else path

    groups: dict[str | None, list[tuple]] = {}
    for c in report.clauses:
        old, new = chapter(c.old_path), chapter(c.new_path)
        key = old or new if old == new or None in (old, new) else "across chapters"
        groups.setdefault(key, []).append((strip(c.old_path), strip(c.new_path), c.status))
    return groups


def aligned_as_base(report, copies: int, base) -> bool:
    """Whether every copy's clauses have the paths and statuses of the 1× report, and the closing too."""
    rows = outline(base)[None]
    body = [r for r in rows if "closing" not in r[:2]]
    groups = outline(report)
    return (groups.pop(None, []) == [r for r in rows if r not in body]
            and groups == {f"第{k + 1}章": body for k in range(copies)})


def main() -> None:
    from extractor.diff import compare

    with tempfile.TemporaryDirectory() as tmp:
        pairs = {copies: notices(copies, Path(tmp)) for copies in SIZES}
    compare(*pairs[1])  # warm-up: normalization caches, lazy imports
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"command: {' '.join(sys.argv)}")
    print(f"compare(old, new), best of {RUNS}; clauses old/new; ratio to 1×; every copy aligned as 1×")
    base_time, base_report = timed(*pairs[1])
    for copies in SIZES:
        old, new = pairs[copies]
        seconds, report = (base_time, base_report) if copies == 1 else timed(old, new)
        same = copies == 1 or aligned_as_base(report, copies, base_report)
        print(f"{copies:>3}×  {len(old.clauses()):>4}/{len(new.clauses()):<4}  {seconds:8.3f} s  "
              f"{seconds / base_time:7.1f}×  {'yes' if same else 'no'}")


if __name__ == "__main__":
    main()
