"""Throughput of reading + extraction, and the wall time of one `policyx extract`.

Run from the repository root:  .venv/bin/python benchmarks/bench_extract.py

1. Throughput: the bundled text notices are copied until they pass 5 MB and
   read in this process, one after another on one core, after a warm-up
   notice has loaded spaCy and the segmenter (start-up is measured apart).
2. Start-up: `policyx extract` on one notice in a fresh process, best of 5.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpus" / "text").glob("*.txt"))
TARGET_BYTES = 5 * 1024 * 1024
RUNS = 5


def copies(folder: Path) -> list[Path]:
    """Copies of the corpus texts in `folder`, past TARGET_BYTES in total."""
    paths, total, k = [], 0, 0
    while total < TARGET_BYTES:
        for text in TEXTS:
            target = folder / f"{text.stem}-{k}.txt"
            shutil.copyfile(text, target)
            paths.append(target)
            total += target.stat().st_size
        k += 1
    return paths


def throughput() -> tuple[float, float, int, float]:
    """(KB/s, notices/s, bytes, warm-up seconds) of pipeline.run over the copies."""
    started = time.perf_counter()
    from extractor.pipeline import run

    run(TEXTS[0])  # loads spaCy, the segmenter and cn2an
    warm_up = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        paths = copies(Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        began = time.perf_counter()
        for path in paths:
            run(path)
        elapsed = time.perf_counter() - began
    return size / 1024 / elapsed, len(paths) / elapsed, size, warm_up


def one_extract() -> float:
    """Best wall time of `policyx extract` on one notice, start-up included."""
    command = [sys.executable, "-m", "extractor", "extract", str(TEXTS[-1]), "--format", "gold"]
    best = float("inf")
    for _ in range(RUNS):
        began = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    kb_per_s, notices_per_s, size, warm_up = throughput()
    wall = one_extract()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"command: {' '.join(sys.argv)}")
    print(f"reading + extraction: {size / 1e6:.1f} MB in one process, one core: "
          f"{kb_per_s:,.0f} KB/s, {notices_per_s:,.1f} notices/s (first notice with start-up: {warm_up:.2f} s)")
    print(f"policyx extract on {TEXTS[-1].name}, start-up included, best of {RUNS}: {wall:.2f} s wall")


if __name__ == "__main__":
    main()
