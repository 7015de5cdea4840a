"""Main-text readers for saved government pages: ours against trafilatura, readability-lxml and jusText.

    .venv/bin/python benchmarks/bench_html_main.py

Runs on the real pages in ../shared/realworld/docs/*.html (beside the repository; the script stops with a
message when that folder is absent). Each reader gets a page's raw bytes and returns plain text: ours is the
loader the format registry names for "html" (extractor/ingest/__init__.py, FORMATS); the others get the bytes
decoded as the page declares (GBK/GB2312 read as gb18030; no declaration: UTF-8, else gb18030). Readers that
are not installed are skipped with a note; none of them is a project dependency (pip install trafilatura
readability-lxml justext into the venv to compare).

What is measured, on the Han characters (CJK ideographs) of each text only:

1. Twin accuracy. Pages whose notice also exists as a PDF or DOCX (rows of ../shared/realworld/MANIFEST.tsv
   whose notes say "twin" or "Original .docx of page") are scored against the twin's text, read with
   pdfplumber / python-docx directly (not through our package). difflib.SequenceMatcher on the two Han-only
   strings gives the matched characters: recall = matched / twin, precision = matched / output, and F1.
   A twin whose text layer yields under 20% of the page's article Han characters is garbled and skipped.
2. Kept share, on every HTML page. A proxy for the article: the page's Han characters after removing
   head, scripts, styles, comments, <a> links, <nav>/<header>/<footer> elements and elements whose id or
   class names nav/header/footer/foot (unless it holds half the page or more: then it is the page's
   wrapper). Kept share = matched(proxy, output) / proxy. The proxy still holds sidebars, search forms
   and metadata boxes, so 1.0 is not the ceiling of a good reader; 0.8 is the bar counted.
   A page is empty for a reader when its output has no Han character (or the reader raised). Kept share
   is recall only; a page is noisy when over a third of the output's Han characters are outside the proxy
   (links, navigation, footers: what the reader should have left out).
3. Speed: every reader over all pages, side by side in one process, 3 rounds (reader order rotated each
   round); pages/s of the median round.

Prints one table and writes it, with per-page detail, to outputs/bench_html_main.json.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
DOCS = REALWORLD / "docs"
MANIFEST = REALWORLD / "MANIFEST.tsv"
OUT = ROOT / "outputs" / "bench_html_main.json"
sys.path.insert(0, str(ROOT))

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
GB = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
NOT_HTML = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"%PDF-")  # OLE2, zip, PDF saved as .html
FURNITURE = re.compile(r"(?:^|[\s_\-])(?:nav|navbar|header|footer|foot)(?:$|[\s_\-])", re.IGNORECASE)
TWIN_NOTE = re.compile(r"twin|Original \.docx of page", re.IGNORECASE)
GARBLED_SHARE = 0.2
ROUNDS = 3
KEPT_BAR = 0.8
NOISY_BAR = 1 / 3


def han(text: str | None) -> str:
    return "".join(HAN.findall(text or ""))


def decode(data: bytes) -> str:
    """The page as text: its declared charset (GBK family read as gb18030), else UTF-8, else gb18030."""
    declared = CHARSET.search(data[:4096])
    names = [GB.get(declared.group(1).decode("ascii").lower(), declared.group(1).decode("ascii"))] if declared else []
    for name in [*names, "utf-8", "gb18030"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


# ---- readers: bytes -> plain text -------------------------------------------------------------------------

def our_reader() -> Callable[[bytes], str]:
    from extractor.errors import InputError
    from extractor.ingest import FORMAT_BY_KIND

    module, function = FORMAT_BY_KIND["html"].loader.split(":")
    load = getattr(import_module(f"extractor.ingest.{module}"), function)

    def read(data: bytes) -> str:
        try:
            return load(data, Path("page.html")).text
        except InputError:  # E_NO_CONTENT and the like: the reader found nothing
            return ""

    return read


def trafilatura_reader(**options) -> Callable[[bytes], str]:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return lambda data: trafilatura.extract(decode(data), **options) or ""


def readability_reader() -> Callable[[bytes], str]:
    from lxml import html as lxml_html
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)

    def read(data: bytes) -> str:
        summary = Document(decode(data)).summary(html_partial=True)
        return "\n".join(" ".join(part.split()) for part in lxml_html.fromstring(summary).itertext() if part.strip())

    return read


def justext_reader() -> Callable[[bytes], str]:
    import justext

    # No Chinese stoplist ships: language-independent mode (empty stoplist, stopword thresholds 0), which
    # judges paragraphs by length and link density. Its length bars (70/200 characters) are set for
    # alphabetic text and no Chinese paragraph passes them (empty output on 40 of 70 pages), so they are
    # scaled to Chinese: one Han character carries about what 3.5 Latin letters do.
    def read(data: bytes) -> str:
        paragraphs = justext.justext(decode(data), frozenset(), stopwords_low=0, stopwords_high=0,
                                     length_low=20, length_high=60)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return read


READERS: list[tuple[str, Callable[[], Callable[[bytes], str]], str]] = [
    ("ours (extractor.ingest.html)", our_reader, "extractor"),
    ("trafilatura favor_recall", lambda: trafilatura_reader(favor_recall=True), "trafilatura"),
    ("trafilatura default", lambda: trafilatura_reader(), "trafilatura"),
    ("readability-lxml", readability_reader, "readability-lxml"),
    ("justext (lengths for Chinese)", justext_reader, "justext"),
]


def available_readers() -> tuple[dict[str, Callable[[bytes], str]], dict[str, str]]:
    readers, notes = {}, {}
    for name, make, package in READERS:
        try:
            readers[name] = make()
        except ImportError as exc:
            notes[name] = f"skipped: {package} is not installed ({exc})"
            print(f"note: {name} {notes[name]}")
    return readers, notes


# ---- references -------------------------------------------------------------------------------------------

def article_proxy(data: bytes) -> str:
    """Han characters a person would call the article, roughly: the page minus links and nav/header/footer."""
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(decode(data))
    for node in root.xpath("//comment()|//processing-instruction()|//script|//style|//noscript|//template"
                           "|//head|//select|//a|//nav|//header|//footer"):
        if node.getparent() is not None:
            node.drop_tree()
    # a container named nav/header/footer that holds most of the page is the page's wrapper, not furniture
    total = len(han(root.text_content()))
    for node in root.xpath("//*[@id or @class]"):
        if node.getparent() is not None and FURNITURE.search(f"{node.get('id', '')} {node.get('class', '')}") \
                and len(han(node.text_content())) < 0.5 * total:
            node.drop_tree()
    return han(root.text_content())


def twin_text(path: Path) -> str:
    """The twin's text read straight with pdfplumber or python-docx."""
    if path.suffix.lower() == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def find_twins(files: dict[str, Path]) -> list[tuple[str, str]]:
    """(page id, twin id) pairs from the manifest notes: an HTML page and a PDF/DOCX of the same notice."""
    pairs = set()
    with MANIFEST.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not TWIN_NOTE.search(row["notes"]):
                continue
            own = row["file"][:5]
            for other in set(re.findall(r"rw\d{3}", row["notes"])) - {own}:
                if other not in files or own not in files:
                    continue
                kinds = {files[own].suffix.lower(), files[other].suffix.lower()}
                if ".html" in kinds and kinds & {".pdf", ".docx"}:
                    page, twin = (own, other) if files[own].suffix.lower() == ".html" else (other, own)
                    pairs.add((page, twin))
    return sorted(pairs)


def matched(a: str, b: str) -> int:
    """Characters of a and b in common, in order (difflib's matching blocks, no junk heuristic)."""
    if not a or not b:
        return 0
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def score(output: str, reference: str) -> dict:
    common = matched(output, reference)
    recall = common / len(reference) if reference else 0.0
    precision = common / len(output) if output else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {"recall": round(recall, 3), "precision": round(precision, 3), "f1": round(f1, 3),
            "out_han": len(output), "ref_han": len(reference)}


# ---- the run ----------------------------------------------------------------------------------------------

def run_reader(read: Callable[[bytes], str], data: bytes) -> tuple[str, str | None]:
    try:
        return read(data) or "", None
    except Exception as exc:  # an alternative crashing on a page is a result, not a stop
        return "", f"{type(exc).__name__}: {exc}"[:200]


def main() -> int:
    if not DOCS.is_dir() or not MANIFEST.is_file():
        print(f"bench_html_main: the real-world corpus is not there ({DOCS} and {MANIFEST} are needed); "
              "it lives in shared/realworld beside the repository.", file=sys.stderr)
        return 2
    files = {path.name[:5]: path for path in sorted(DOCS.iterdir()) if re.match(r"rw\d{3}_", path.name)}
    pages, skipped = {}, []
    for pid, path in files.items():
        if path.suffix.lower() != ".html":
            continue
        data = path.read_bytes()
        if data.startswith(NOT_HTML):
            skipped.append({"page": pid, "why": "not an HTML page (its bytes are an Office/zip/PDF file)"})
            print(f"note: {pid} skipped: saved as .html but its bytes are not HTML")
            continue
        pages[pid] = data
    readers, notes = available_readers()
    proxies = {pid: article_proxy(data) for pid, data in pages.items()}

    # 3. speed, and the outputs of the first round for 1. and 2.
    outputs: dict[str, dict[str, str]] = {name: {} for name in readers}
    errors: dict[str, dict[str, str]] = {name: {} for name in readers}
    seconds: dict[str, list[float]] = {name: [] for name in readers}
    names = list(readers)
    for round_ in range(ROUNDS):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            started = time.perf_counter()
            results = {pid: run_reader(readers[name], data) for pid, data in pages.items()}
            seconds[name].append(time.perf_counter() - started)
            if round_ == 0:
                outputs[name] = {pid: text for pid, (text, _) in results.items()}
                errors[name] = {pid: err for pid, (_, err) in results.items() if err}

    # 1. twins
    twins = []
    for page, twin in find_twins(files):
        reference = han(twin_text(files[twin]))
        entry = {"page": page, "twin": files[twin].name, "twin_han": len(reference), "proxy_han": len(proxies.get(page, ""))}
        if page not in pages:
            entry["skipped"] = "page is not HTML"
        elif len(reference) < GARBLED_SHARE * len(proxies[page]):
            entry["skipped"] = f"twin text layer garbled ({len(reference)} Han chars against {len(proxies[page])} on the page)"
        twins.append(entry)
        if "skipped" in entry:
            print(f"note: twin {page}<->{twin} skipped: {entry['skipped']}")
    scored = [t for t in twins if "skipped" not in t]
    references = {t["page"]: han(twin_text(files[t["twin"][:5]])) for t in scored}

    rows, detail = [], {}
    for name in readers:
        per_twin = {page: score(han(outputs[name][page]), ref) for page, ref in references.items()}
        per_page = {}
        for pid in pages:
            out = han(outputs[name][pid])
            proxy = proxies[pid]
            common = matched(out, proxy)
            kept = common / len(proxy) if proxy else (1.0 if not out else 0.0)
            outside = 1 - common / len(out) if out else 0.0
            per_page[pid] = {"out_han": len(out), "proxy_han": len(proxy), "kept": round(kept, 3),
                             "outside": round(outside, 3)}
        f1s = [s["f1"] for s in per_twin.values()]
        kept_all = [p["kept"] for p in per_page.values()]
        rows.append({
            "reader": name,
            "twin_f1_median": round(statistics.median(f1s), 3) if f1s else None,
            "twin_f1_min": round(min(f1s), 3) if f1s else None,
            "pages_empty": sum(1 for p in per_page.values() if p["out_han"] == 0),
            "median_kept_share": round(statistics.median(kept_all), 3),
            "share_pages_kept_ge_80": round(sum(k >= KEPT_BAR for k in kept_all) / len(kept_all), 3),
            "pages_noisy": sum(1 for p in per_page.values() if p["outside"] > NOISY_BAR),
            "pages_per_s": round(len(pages) / statistics.median(seconds[name]), 1),
        })
        detail[name] = {"twins": per_twin, "pages": per_page, "errors": errors[name],
                        "round_seconds": [round(s, 3) for s in seconds[name]]}

    header = f"{'reader':30} {'twin F1 med':>11} {'min':>6} {'empty':>6} {'kept med':>9} {'kept>=80%':>10} {'noisy':>6} {'pages/s':>8}"
    print(f"\n{len(pages)} HTML pages, {len(scored)} twin pairs scored ({', '.join(sorted(references))})")
    print(header)
    print("-" * len(header))
    for row in rows:
        f1 = "-" if row["twin_f1_median"] is None else f"{row['twin_f1_median']:.3f}"
        f1min = "-" if row["twin_f1_min"] is None else f"{row['twin_f1_min']:.3f}"
        print(f"{row['reader']:30} {f1:>11} {f1min:>6} {row['pages_empty']:>6} {row['median_kept_share']:>9.3f} "
              f"{row['share_pages_kept_ge_80']:>10.3f} {row['pages_noisy']:>6} {row['pages_per_s']:>8.1f}")
    print("\ntwin detail (recall/precision/F1):")
    for page in sorted(references):
        cells = "  ".join(f"{name.split(' (')[0]}: {detail[name]['twins'][page]['recall']:.2f}/"
                          f"{detail[name]['twins'][page]['precision']:.2f}/{detail[name]['twins'][page]['f1']:.2f}"
                          for name in readers)
        print(f"  {page} ({len(references[page])} Han in twin): {cells}")
    for name in readers:
        low = sorted((p["kept"], pid) for pid, p in detail[name]["pages"].items() if p["kept"] < KEPT_BAR)
        print(f"\n{name}: {len(low)} pages under {KEPT_BAR:.0%} kept" + (": " if low else "")
              + ", ".join(f"{pid} {kept:.2f}" for kept, pid in low))
        noisy = sorted((-p["outside"], pid) for pid, p in detail[name]["pages"].items() if p["outside"] > NOISY_BAR)
        print(f"  {len(noisy)} noisy pages (over a third of the output outside the article proxy)"
              + (": " if noisy else "") + ", ".join(f"{pid} {-share:.2f}" for share, pid in noisy))
        if detail[name]["errors"]:
            print("  errors: " + "; ".join(f"{pid} {err}" for pid, err in sorted(detail[name]["errors"].items())))

    report = {
        "what": "HTML main-text readers on shared/realworld/docs/*.html; see the docstring of benchmarks/bench_html_main.py",
        "pages": len(pages), "rounds": ROUNDS, "kept_bar": KEPT_BAR,
        "table": rows, "not_run": notes, "skipped_pages": skipped, "twins": twins, "detail": detail,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".bench_html_main.", suffix=".json", dir=OUT.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(report, handle, ensure_ascii=False, indent=1)
        os.chmod(temp, 0o644)  # mkstemp makes it private; the report is for everyone
        os.replace(temp, OUT)
    except BaseException:
        os.unlink(temp)
        raise
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
