"""Pages per second of the PDF loader on a ~100-page Chinese notice, per engine.

    python benchmarks/bench_pdf.py [--pages 100] [--repeat 3]

Builds (or reuses) benchmarks/out/long-notice.pdf by rendering the corpus
notices over and over with scripts/make_pdfs.py's reportlab layout, then
times `load_pdf` with engine="pdfium", "pdfplumber" and "auto".
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from extractor.ingest.pdf import load_pdf  # noqa: E402


def _make_pdfs():
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "scripts" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_pdfs"] = module
    spec.loader.exec_module(module)
    return module


def build(pages: int) -> Path:
    """A long notice: the corpus notices' paragraphs repeated until the page count is reached."""
    path = OUT / f"long-notice-{pages}.pdf"
    if path.exists():
        return path
    make = _make_pdfs()
    blocks = [block for notice in make.NOTICES for block in make.notice_paragraphs(notice)]
    notice = dataclasses.replace(make.NOTICES[0], title_lines={}, split_after=None)
    canvas = make.ReportlabCanvas()
    layout = make.Layout(canvas, notice, "dash", pages)
    while layout.page < pages:
        for _, style, text in blocks:
            layout.block(0, "centre" if style == "title" else style, text)
            if layout.page >= pages and layout.top > make.TOP + (make.LINES_PER_PAGE - 1) * make.PITCH:
                break
    OUT.mkdir(parents=True, exist_ok=True)
    canvas.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = build(args.pages)
    data = path.read_bytes()
    print(f"command: {' '.join([Path(sys.executable).name] + sys.argv)}")
    print(f"machine: nproc={os.cpu_count()}  file: {path.relative_to(ROOT)} ({len(data) // 1024} KB)")
    for engine in ("pdfium", "pdfplumber", "auto"):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            loaded = load_pdf(data, path, engine=engine)
            best = min(best, time.perf_counter() - start)
        print(f"{engine:>10}: {loaded.pages / best:8.1f} pages/s  ({loaded.pages} pages in {best:.3f} s, "
              f"{len(loaded.text)} chars, engine used: {loaded.engine})")


if __name__ == "__main__":
    main()
