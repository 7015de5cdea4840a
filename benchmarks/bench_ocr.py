"""OCR on the real scans, side by side: Tesseract chi_sim (what policyx uses) and RapidOCR.

    .venv/bin/python benchmarks/bench_ocr.py [../shared/realworld/docs]

RapidOCR is optional (`pip install rapidocr-onnxruntime` into the venv; it is not a project
dependency): without it the script says so and measures Tesseract alone.

Every page is rendered the way policyx renders it (pypdfium2, ocr.DPI = 300 dpi, grayscale) and
the same image goes to each engine. Tesseract is called through the project's own `ocr._tesseract`;
RapidOCR's boxes become the same `Line`s and go through the same `reading_order`. RapidOCR runs
twice: with its defaults ("rapidocr", which shrinks a page to 2000 px on its long side, about
170 dpi, before it finds and reads the lines) and with `max_side_len=4000` ("rapidocr-300dpi",
the full 300-dpi image). Per engine:

- accuracy: 1 - (character edit distance / length) over the Chinese characters and digits, the web
  page (the scan's text twin) taken as the truth. Two ways:
  "OCR text": the twin's clauses without the site's `[发文机构] ...` metadata block, aligned with
  the best-matching stretch of the engine's page text (letterhead, preamble and signatures around
  it are free; page numbers inside it count as errors) - how well the engine reads the notice;
  "reading" (the measure this script had before): the twin's whole clause text against the clause
  text of the whole policyx reading of the scan with that engine in place of Tesseract (RapidOCR
  is swapped in for `ocr._ocr_page` inside its worker) - what policyx ends up with. Its ceiling is
  below 1, as the twin's metadata block (about a quarter of its characters) is not in the scan.
- figures: of the `number + 万元/元/%` strings in the twin's clause text (counted with repeats),
  the share also found in the engine's page text (width-folded, spaces removed).
- pages/s: pages over wall seconds of the OCR calls alone (rendering and model loading are
  reported apart), with default threads on this 2-core machine; CPU s/page counts all threads
  and child processes. Best of ROUNDS rounds, the engines taking turns, each round in new processes.
- peak memory: resource.getrusage ru_maxrss of a fresh worker process per engine, after it
  rendered and read every page: the worker itself plus its largest child (the tesseract
  process), added up (an upper bound on what was resident at once).

Pages: rw089 (公报 PDF whose text layer is font codes; twin rw063), rw079 (200-dpi scan of a 长沙
notice; its web page rw044 is only a shell with the metadata block, so speed only) and the licence
scans rw090/rw091 (speed only). For rw079 and rw090 the manifest notes name figures printed in the
image; whether they were read is shown as "noted figures". Results go to outputs/bench_ocr.json.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from extractor.ingest import ocr
from extractor.ingest.pdf_layout import Line, clean_line, reading_order
from extractor.pipeline import run

TWINS = {"rw089_beijing_fangdichan_youhua_tiaozheng_gongbao_garbled_2025.pdf": "rw063_beijing_fangdichan_youhua_tiaozheng_2025.html"}
SCANS = [
    "rw089_beijing_fangdichan_youhua_tiaozheng_gongbao_garbled_2025.pdf",
    "rw079_changsha_gjj_yewu_zhengce_scan_ocr_2022.pdf",
    "rw090_caixin_chubanwu_jingying_xukezheng_scan.pdf",
    "rw091_caixin_zengzhi_dianxin_xukezheng_scan.pdf",
]
NOTED_FIGURES = {  # printed in the image, from ../shared/realworld/MANIFEST.tsv notes
    "rw079_changsha_gjj_yewu_zhengce_scan_ocr_2022.pdf": ["70万元", "80万元"],
    "rw090_caixin_chubanwu_jingying_xukezheng_scan.pdf": ["20188.62万元"],
}
ROUNDS = 3
FIGURE = re.compile(r"\d+(?:\.\d+)?(?:万元|元|%)")
OUTPUT = Path(__file__).resolve().parent.parent / "outputs" / "bench_ocr.json"


def body(notice) -> str:
    """Chinese characters and digits of a notice's clause text."""
    return chars(clause_text(notice))


def clause_text(notice, *, site_metadata: bool = True) -> str:
    """The clauses' text; without site_metadata, less the `[发文机构] ...` block an HTML page adds."""
    return "".join(clause.text for sub in notice.subdocuments for clause in sub.clauses
                   if site_metadata or not clause.text.startswith("["))


def chars(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff0-9]", text))


def figures(text: str) -> Counter:
    """`number + 万元/元/%` strings, width-folded and with spaces removed first."""
    return Counter(FIGURE.findall(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))))


def distance(a: str, b: str, *, anywhere_in_b: bool = False) -> int:
    """Edit distance from a to b, or to the stretch of b closest to a (b's other characters free)."""
    previous = [0] * (len(b) + 1) if anywhere_in_b else list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return min(previous) if anywhere_in_b else previous[-1]


def accuracy(got: str, truth: str) -> float:
    return round(1 - distance(got, truth) / len(truth), 3)


def text_accuracy(page_text: str, truth: str) -> float:
    return round(1 - distance(truth, page_text, anywhere_in_b=True) / len(truth), 3)


def rapidocr_installed() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


# --- the two readers: a rendered page image in, ordered lines out ---------------------------------

class Tesseract:
    def version(self) -> str:
        import subprocess
        return subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]

    def read(self, image, number: int, scale: float, path: Path) -> ocr.OcrPage:
        import io
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return ocr._tesseract(buffer.getvalue(), number, scale, path)


class Rapid:
    def __init__(self, **settings) -> None:
        from rapidocr_onnxruntime import RapidOCR
        self.settings = settings
        self.engine = RapidOCR(**settings)  # PP-OCRv4 det/rec models, shipped in the wheel

    def version(self) -> str:
        from importlib.metadata import version
        return (f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}, onnxruntime {version('onnxruntime')}, "
                f"settings {self.settings or 'default'}")

    def read(self, image, number: int, scale: float, path: Path) -> ocr.OcrPage:
        import numpy
        found, _ = self.engine(numpy.asarray(image))
        lines, scores = [], []
        for box, text, score in found or []:
            xs, ys = [x for x, _ in box], [y for _, y in box]
            lines.append(Line(clean_line(text), text, min(xs) / scale, max(xs) / scale, min(ys) / scale,
                              (max(ys) - min(ys)) / scale, number))
            scores.append(float(score) * 100)
        return ocr.OcrPage(reading_order(lines), round(sum(scores) / len(scores), 1) if scores else 0.0)


ENGINES = {"tesseract": Tesseract, "rapidocr": Rapid, "rapidocr-300dpi": lambda: Rapid(max_side_len=4000)}


# --- one engine in one fresh process ---------------------------------------------------------------

def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(engine_name: str, folder: str) -> dict:
    """Render and read every page of SCANS with one engine; then the whole reading of the twinned scans."""
    import pypdfium2 as pdfium

    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    engine = ENGINES[engine_name]()
    load_seconds = time.perf_counter() - started
    scale = ocr.DPI / 72
    documents, render_seconds, ocr_seconds, cpu = {}, 0.0, 0.0, 0.0
    for scan in SCANS:
        path = Path(folder) / scan
        pdf = pdfium.PdfDocument(path)
        texts, confidences, seconds = [], [], 0.0
        for index in range(len(pdf)):
            started = time.perf_counter()
            page = pdf[index]
            image = page.render(scale=scale, grayscale=True).to_pil()  # as ocr._ocr_page does
            page.close()
            render_seconds += time.perf_counter() - started
            started, cpu_before = time.perf_counter(), cpu_seconds()
            read = engine.read(image, index + 1, scale, path)
            seconds += time.perf_counter() - started
            cpu += cpu_seconds() - cpu_before
            texts.append("\n".join(line.text for line in read.lines))
            confidences.append(read.confidence)
        pdf.close()
        ocr_seconds += seconds
        documents[scan] = {"pages": len(texts), "seconds": round(seconds, 2), "text": "\n".join(texts),
                           "confidence": round(sum(confidences) / len(confidences), 1)}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if engine_name != "tesseract":  # the whole reading, with RapidOCR where policyx calls Tesseract
        def read_page(page, number, path):
            image = page.render(scale=scale, grayscale=True).to_pil()
            page.close()
            return engine.read(image, number, scale, path)
        ocr._ocr_page = read_page
    readings = {scan: clause_text(run(Path(folder) / scan)) for scan in TWINS}
    pages = sum(document["pages"] for document in documents.values())
    return {
        "engine": engine.version(), "pages": pages, "load_seconds": round(load_seconds, 2),
        "render_seconds": round(render_seconds, 2), "ocr_seconds": round(ocr_seconds, 2),
        "pages_per_second": round(pages / ocr_seconds, 3), "cpu_seconds_per_page": round(cpu / pages, 2),
        "memory": {"how": "resource.getrusage ru_maxrss, fresh worker process",
                   "worker_at_start_mb": round(baseline_mb), "worker_peak_mb": round(own),
                   "largest_child_peak_mb": round(child), "peak_mb": round(own + child)},
        "documents": documents, "readings": readings,
    }


def in_fresh_process(engine_name: str, folder: Path) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, engine_name, str(folder)).result()


# --- scoring and the report ------------------------------------------------------------------------

def score(result: dict, truths: dict) -> None:
    """Add accuracy and figure shares to one engine's result, in place."""
    for scan, document in result["documents"].items():
        if scan in truths:
            truth = truths[scan]
            wanted, got = figures(truth["text"]), figures(document["text"])
            document["accuracy_ocr_text"] = text_accuracy(chars(document["text"]), truth["body_chars"])
            document["accuracy_reading"] = accuracy(chars(result["readings"][scan]), truth["chars"])
            document["characters_read"] = len(chars(result["readings"][scan]))
            document["figures_found"] = sum(min(n, got[figure]) for figure, n in wanted.items())
            document["figures_in_twin"] = sum(wanted.values())
            document["figures_missed"] = sorted((wanted - got).elements())
        if scan in NOTED_FIGURES:
            folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", document["text"]))
            document["noted_figures_found"] = [figure for figure in NOTED_FIGURES[scan] if figure in folded]


def print_table(results: dict) -> None:
    print("\n| engine | rw089 accuracy: OCR text | reading | rw089 figures | pages/s | CPU s/page | peak RSS MB "
          "| load s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        twin = next(result["documents"][scan] for scan in TWINS)
        print(f"| {name} | {twin['accuracy_ocr_text']:.3f} | {twin['accuracy_reading']:.3f} "
              f"| {twin['figures_found']}/{twin['figures_in_twin']} "
              f"({twin['figures_found'] / twin['figures_in_twin']:.0%}) | {result['pages_per_second']:.2f} "
              f"| {result['cpu_seconds_per_page']:.1f} | {result['memory']['peak_mb']} | {result['load_seconds']} |")
    print("\n| document | pages | " + " | ".join(f"{name} s" for name in results) + " | noted figures found |")
    print("|---|---|" + "---|" * len(results) + "---|")
    for scan in SCANS:
        cells = [f"{result['documents'][scan]['seconds']}" for result in results.values()]
        noted = "; ".join(f"{name}: {', '.join(result['documents'][scan].get('noted_figures_found', [])) or '-'}"
                          for name, result in results.items()) if scan in NOTED_FIGURES else ""
        pages = next(iter(results.values()))["documents"][scan]["pages"]
        print(f"| {scan[:5]} | {pages} | " + " | ".join(cells) + f" | {noted} |")


def write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=2)
    os.replace(temporary, path)


def main(folder: Path) -> None:
    missing = [name for name in [*SCANS, *TWINS.values()] if not (folder / name).is_file()]
    if missing:
        sys.exit(f"bench_ocr: the real-world documents are not in {folder} (missing {', '.join(missing)}); "
                 "pass the folder that holds them: benchmarks/bench_ocr.py PATH/TO/realworld/docs")
    if not ocr.available():
        sys.exit("bench_ocr: Tesseract with chi_sim is not installed (" + ocr.INSTALL_HINT + ")")
    truths = {}
    for scan, twin in TWINS.items():
        notice = run(folder / twin)
        text = clause_text(notice)
        truths[scan] = {"twin": twin, "text": text, "chars": chars(text),
                        "body_chars": chars(clause_text(notice, site_metadata=False))}
    engines = list(ENGINES)
    if not rapidocr_installed():
        engines = ["tesseract"]
        print("RapidOCR is not installed (.venv/bin/pip install rapidocr-onnxruntime): measuring Tesseract only")
    results, speeds = {}, {name: [] for name in engines}
    for round_number in range(1, ROUNDS + 1):
        for name in engines:
            print(f"round {round_number}/{ROUNDS}, {name}: reading {len(SCANS)} scans ...", flush=True)
            result = in_fresh_process(name, folder)
            speeds[name].append(result["pages_per_second"])
            if name not in results or result["ocr_seconds"] < results[name]["ocr_seconds"]:
                results[name] = result
    for name, result in results.items():
        result["pages_per_second_each_round"] = speeds[name]
        score(result, truths)
    print_table(results)
    for name, result in results.items():
        for scan in TWINS:
            print(f"{name} missed on {scan[:5]}: {result['documents'][scan]['figures_missed'] or 'none'}")
    for result in results.values():
        del result["readings"]
    write_atomically(OUTPUT, {
        "dpi": ocr.DPI, "cores": os.cpu_count(), "rapidocr": "measured" if len(results) > 1 else "not installed",
        "truth": {scan: {"twin": truth["twin"], "characters": len(truth["chars"]),
                         "characters_without_site_metadata": len(truth["body_chars"]),
                         "figures": sum(figures(truth["text"]).values())} for scan, truth in truths.items()},
        "engines": results,
    })
    print(f"\nwrote {OUTPUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realworld/docs"))
