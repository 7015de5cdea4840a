"""OCR accuracy and speed on the real scans: Tesseract chi_sim against the notice's own text twin.

    .venv/bin/python benchmarks/bench_ocr.py [../shared/realworld/docs]

Accuracy is 1 - (character edit distance / length) over the Chinese characters and digits of the
whole notice, the web page (its text twin) taken as the truth; pages/s is OCR'd pages per wall second.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from extractor.pipeline import run

PAIRS = [("rw089_beijing_fangdichan_youhua_tiaozheng_gongbao_garbled_2025.pdf", "rw063_beijing_fangdichan_youhua_tiaozheng_2025.html")]
SCANS = ["rw090_caixin_chubanwu_jingying_xukezheng_scan.pdf", "rw091_caixin_zengzhi_dianxin_xukezheng_scan.pdf"]


def body(notice) -> str:
    text = "".join(clause.text for sub in notice.subdocuments for clause in sub.clauses)
    return "".join(re.findall(r"[\u4e00-\u9fff0-9]", text))


def distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def main(folder: Path) -> None:
    pages = seconds = 0.0
    for scan, twin in PAIRS:
        started = time.perf_counter()
        read = run(folder / scan)
        seconds += time.perf_counter() - started
        pages += read.source.pages or 0
        truth = body(run(folder / twin))
        got = body(read)
        print(f"{scan}: accuracy {1 - distance(got, truth) / len(truth):.3f} ({len(got)} vs {len(truth)} characters)")
    for scan in SCANS:
        started = time.perf_counter()
        read = run(folder / scan)
        seconds += time.perf_counter() - started
        pages += read.source.pages or 0
    print(f"OCR: {pages:.0f} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s (whole reading, one core)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realworld/docs"))
