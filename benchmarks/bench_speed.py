"""Speed, as ratios measured side by side in one run (absolute figures move with the machine's load).

Run from the repository root:  .venv/bin/python benchmarks/bench_speed.py [--rounds 5] [--only NAME ...]

Sections (each prints its ratios; `--only reading startup scaling pdf diff ingest`):
- reading: characters per second of the whole reading (`pipeline.run_bytes`) against JioNLP's
  money-only `jionlp.ner.extract_money` and against the bare money regex (`lexicon.MONEY`),
  on the same texts (the bundled notices), rounds interleaved, best round of each; and parts of the
  reading alone (building its records, normalizing the texts, the condition cue scans), against the
  time a reading at 2× JioNLP would have;
- startup: `policyx extract` of one notice and `policyx --help` against `python -c pass`,
  fresh processes, interleaved, best of rounds; and the imports of typer, pydantic and the record
  classes `extract` fills, alone;
- scaling: cost per character of a notice 10× and 100× longer (more clauses), and of one
  clause 300× longer (more sums in one sentence), against the 1× case;
- pdf: pages per second of reading a 500-page PDF against raw pypdfium2 text extraction;
- diff, ingest: `benchmarks/bench_diff.py` and `benchmarks/bench_ingest.py`, run from here.

JioNLP is a reference, not a dependency: `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEXTS = sorted((ROOT / "corpus" / "text").glob("*.txt")) + sorted((ROOT / "corpus" / "heldout" / "text").glob("*.txt"))


def best(timings: list[float]) -> float:
    return min(timings)


def race(contenders: dict, rounds: int) -> dict[str, float]:
    """Best time of each contender (a callable), run in turn, round after round (load falls on all alike)."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, work in contenders.items():
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    return {name: best(timings) for name, timings in times.items()}


def section(title: str) -> None:
    print(f"\n== {title}")


def texts() -> list[str]:
    from extractor.pipeline import run

    return [run(path).text for path in TEXTS]


def reading(rounds: int) -> None:
    section(f"reading: characters per second, same texts, best of {rounds} interleaved rounds")
    from extractor.extract.conditions import CUE_RULES
    from extractor.lexicon import MONEY
    from extractor.models import Notice
    from extractor.normalize import normalize
    from extractor.pipeline import run_bytes

    corpus = texts()
    data = [text.encode("utf-8") for text in corpus]
    chars = sum(map(len, corpus))
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp greets on import
        import jionlp
    jionlp.ner.extract_money(corpus[0])  # warm: its tables load on first use
    for blob in data[:1]:
        run_bytes(blob, "warm.txt")
    # Two parts of the reading alone: building its records (pydantic validating what the reading made) and
    # scanning each clause with the condition cue rules (`re`, with the finder's own prefilter)
    notices = [run_bytes(blob, "n.txt") for blob in data]
    records = [notice.model_dump() for notice in notices]
    clauses = [normalize(clause.text).text for notice in notices for clause in notice.clauses()]

    def cue_scans() -> None:
        for text in clauses:
            printed = set(text)
            for _, _, _, pattern, needs, _ in CUE_RULES:
                if needs is None or not printed.isdisjoint(needs):
                    for _ in pattern.finditer(text):
                        pass

    contenders = {
        "policyx whole reading": lambda: [run_bytes(blob, "n.txt") for blob in data],
        "JioNLP extract_money": lambda: [jionlp.ner.extract_money(text) for text in corpus],
        "money regex alone": lambda: [list(MONEY.finditer(text)) for text in corpus],
        "  its records alone": lambda: [Notice.model_validate(record) for record in records],
        "  its normalization alone": lambda: [normalize(text) for text in corpus],
        "  its condition cues alone": cue_scans,
    }
    times = race(contenders, rounds)
    reference = chars / times["JioNLP extract_money"]
    for name, seconds in times.items():
        speed = chars / seconds
        print(f"{name:28s} {speed:12,.0f} chars/s   {speed / reference:6.2f}× JioNLP   {seconds * 1000:7.1f} ms")
    budget = times["JioNLP extract_money"] / 2
    least = times["  its records alone"] + times["  its normalization alone"] + times["money regex alone"]
    cues = times["  its condition cues alone"]
    print(f"a reading at 2× JioNLP has {budget * 1000:.1f} ms for these texts; building its records, normalizing the "
          f"texts and one money scan alone take {least * 1000:.1f} ms ({least / budget:.2f}× that), with the condition "
          f"cue scans {(least + cues) * 1000:.1f} ms ({(least + cues) / budget:.2f}×)")


def startup(rounds: int) -> None:
    """Fresh processes, with the package's bytecode compiled first (as it is after the first run on any
    machine where Python may write `__pycache__`; where PYTHONDONTWRITEBYTECODE is set, every start would
    otherwise compile the package's sources again, about 40 ms). The two imports the CLI and the records
    are built on, typer and pydantic, are timed alone too, and with the record classes `extract` fills (the
    reading's and the gold format's, its default output): the floor the given stack sets."""
    section(f"startup: fresh processes, best of {rounds} interleaved rounds")
    import compileall

    compileall.compile_dir(str(ROOT / "extractor"), quiet=1)
    python = sys.executable
    notice = str(ROOT / "corpus" / "text" / "yq-draft-2024.txt")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import typer, pydantic": [python, "-c", "import typer; from pydantic import BaseModel"],
        "  and the record classes extract fills": [python, "-c", "import typer, extractor.models, extractor.gold"],
        "policyx --help": [python, "-m", "extractor", "--help"],
        "policyx extract one notice": [python, "-m", "extractor", "extract", notice],
    }
    times = race({name: (lambda c=command: subprocess.run(c, cwd=ROOT, stdout=subprocess.DEVNULL,
                                                         stderr=subprocess.DEVNULL, check=True))
                  for name, command in commands.items()}, rounds)
    floor = times["python -c pass"]
    for name, seconds in times.items():
        print(f"{name:38s} {seconds * 1000:8.0f} ms   {seconds / floor:6.1f}× python -c pass")


def _notice(clauses: int, sums_per_clause: int) -> bytes:
    lines = ["关于印发支持科技创新若干措施的通知"]
    for n in range(1, clauses + 1):
        sums = "；".join(f"对第{n}-{k}类企业给予{(n * 7 + k) % 900 + 1}万元奖励，最高不超过{(n + k) % 90 + 10}0万元"
                        for k in range(sums_per_clause))
        lines.append(f"{n}. {sums}。（责任单位：市科技局）")
    return ("\n".join(lines) + "\n").encode("utf-8")


def scaling(rounds: int) -> None:
    section(f"scaling: cost per character against the 1× case, best of {rounds}")
    from extractor.pipeline import run_bytes

    cases = {
        "notice 1× (20 clauses)": _notice(20, 2),
        "notice 10× (200 clauses)": _notice(200, 2),
        "notice 100× (2,000 clauses)": _notice(2000, 2),
        "clause 1× (2 sums)": _notice(20, 2),
        "clause 300× (600 sums)": _notice(1, 600),
    }
    run_bytes(cases["notice 1× (20 clauses)"], "warm.txt")
    per_char: dict[str, float] = {}
    for name, data in cases.items():
        timings = []
        for _ in range(rounds if len(data) < 200_000 else max(1, rounds // 2)):
            started = time.perf_counter()
            run_bytes(data, "n.txt")
            timings.append(time.perf_counter() - started)
        per_char[name] = best(timings) / len(data.decode("utf-8"))
    for name, cost in per_char.items():
        base = per_char["clause 1× (2 sums)"] if name.startswith("clause") else per_char["notice 1× (20 clauses)"]
        print(f"{name:28s} {cost * 1e6:8.2f} µs/char   {cost / base:6.2f}× the 1× case")


def pdf(rounds: int) -> None:
    """Raw pypdfium2 text against the PDF stage of a reading (the sniffed file through `ingest.load`: text,
    layout and line rules, furniture, checks) and against the whole reading (`pipeline.run`, which adds the
    clause tree and figures, the same work for a text of any format)."""
    section(f"pdf: pages per second, 500 pages, best of {rounds}")
    import pypdfium2

    from extractor.ingest import load, read_file
    from extractor.pipeline import run

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_pdf import build

    path = build(500)

    def raw() -> int:
        document = pypdfium2.PdfDocument(str(path))
        for page in document:
            page.get_textpage().get_text_range()
        count = len(document)
        document.close()
        return count

    pages = raw()
    times = race({"raw pypdfium2 text": raw, "policyx PDF stage": lambda: load(read_file(path)),
                  "policyx whole reading": lambda: run(path)}, rounds)
    floor = pages / times["raw pypdfium2 text"]
    for name, seconds in times.items():
        speed = pages / seconds
        print(f"{name:28s} {speed:8.0f} pages/s   {speed / floor:6.2f}× raw pypdfium2")


def script(name: str) -> None:
    section(f"{name}: benchmarks/bench_{name}.py")
    path = ROOT / "benchmarks" / f"bench_{name}.py"
    if not path.exists():
        print(f"({path.name} is missing)")
        return
    subprocess.run([sys.executable, str(path)], cwd=ROOT, check=False)


SECTIONS = {"reading": reading, "startup": startup, "scaling": scaling, "pdf": pdf,
            "diff": lambda rounds: script("diff"), "ingest": lambda rounds: script("ingest")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), default=list(SECTIONS))
    args = parser.parse_args()
    for name in args.only:
        SECTIONS[name](args.rounds)


if __name__ == "__main__":
    main()
