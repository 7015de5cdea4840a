"""Loading speed by format on the real documents: files/s and MB/s of the loader alone, and the whole reading.

    .venv/bin/python benchmarks/bench_formats.py [../shared/realworld/docs]

Each format's files are loaded three times in one process; the best round counts. Legacy .doc/.wps
include the LibreOffice conversion (one process start per file).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from extractor.errors import PolicyxError
from extractor.ingest import load, read_file
from extractor.pipeline import read_notice

SKIP_OCR = {"rw089", "rw090", "rw091"}  # OCR has its own benchmark (bench_ocr.py)


def main(folder: Path) -> None:
    by_kind = defaultdict(list)
    for path in sorted(folder.iterdir()):
        if path.name[:5] in SKIP_OCR:
            continue
        try:
            raw = read_file(path)
        except PolicyxError:
            continue
        by_kind[raw.kind].append(raw)
    print(f"{'kind':6} {'files':>5} {'MB':>6} {'load files/s':>13} {'load MB/s':>10} {'read files/s':>13}")
    for kind, raws in sorted(by_kind.items()):
        size = sum(len(raw.data) for raw in raws) / 1e6
        rounds = 1 if kind in ("doc", "wps") else 3
        load_s = min(_time(lambda: [_try(load, raw) for raw in raws]) for _ in range(rounds))
        read_s = min(_time(lambda: [_try(read_notice, raw) for raw in raws]) for _ in range(rounds))
        print(f"{kind:6} {len(raws):5} {size:6.2f} {len(raws) / load_s:13.1f} {size / load_s:10.2f} {len(raws) / read_s:13.1f}")


def _try(function, raw):
    try:
        return function(raw)
    except PolicyxError:
        return None


def _time(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realworld/docs"))
