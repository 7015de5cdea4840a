"""Reading page images with Tesseract (`chi_sim`), for scans and text layers that do not decode.

Tesseract comes from the system packages (tesseract-ocr, tesseract-ocr-chi-sim):
its models are installed with it and nothing is downloaded at run time. A page is
rendered by pdfium at 300 dpi and read in its TSV mode, which gives each word a box
and a confidence; words are grouped into `Line`s so the PDF layout rules build
paragraphs from OCR'd pages exactly as from text layers. Each page has a wall-clock
budget and a document a page budget; OCR can be turned off with POLICYX_NO_OCR=1
(the CLI's --no-ocr).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import InputError, ResourceLimitError
from .pdf_layout import Line, clean_line, reading_order

DPI = 300
MAX_PIXELS = 40_000_000  # A2 at 300 dpi is 35 Mpx; a larger page is rendered at a lower resolution
PAGE_SECONDS = 90
MAX_OCR_PAGES = 50
LANGUAGE = "chi_sim"
INSTALL_HINT = "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-chi-sim), or use a PDF with a text layer"
INSTALL_HINT_ZH = "请安装 Tesseract（apt-get install tesseract-ocr tesseract-ocr-chi-sim），或使用带文字层的 PDF"


@dataclass(frozen=True)
class OcrPage:
    """The lines read from one page image, and Tesseract's mean word confidence (0–100)."""

    lines: list[Line]
    confidence: float


def enabled() -> bool:
    """OCR is on unless POLICYX_NO_OCR is set."""
    return os.environ.get("POLICYX_NO_OCR", "") in ("", "0")


@cache
def available() -> bool:
    """Tesseract and its simplified-Chinese model are installed (asked once per process)."""
    command = shutil.which("tesseract")
    if command is None:
        return False
    listed = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    return LANGUAGE in listed.stdout.split()


def ocr_pages(document, indexes: list[int], path: Path) -> dict[int, OcrPage]:
    """OCR the given pages (0-based) of an open pdfium document."""
    _check_can_read(len(indexes), "pages have no usable text layer", path)
    return {index: _ocr_page(document[index], index + 1, path) for index in indexes}


def ocr_images(images: list[bytes], path: Path) -> list[OcrPage]:
    """OCR images embedded in a document (a Word file that holds only a scan), one page each."""
    _check_can_read(len(images), "document holds only images", path)
    return [_tesseract(image, number, 1.0, path) for number, image in enumerate(images, 1)]


def _check_can_read(count: int, why: str, path: Path) -> None:
    """Tesseract is there and the pages fit the budget, or a coded refusal."""
    if not available():
        raise InputError(f"{why} and Tesseract with chi_sim is not installed", path=path,
                         code="E_NO_TEXT_LAYER", hint=INSTALL_HINT,
                         zh="文件没有文字层，需要文字识别，但未安装带简体中文（chi_sim）的 Tesseract", zh_hint=INSTALL_HINT_ZH)
    if count > MAX_OCR_PAGES:
        raise ResourceLimitError(f"{count} pages or images need OCR, more than {MAX_OCR_PAGES}", path=path,
                                 code="E_OCR_LIMIT", hint="split the scan, or OCR it before reading",
                                 zh=f"需要文字识别的页面或图片有 {count} 个，超过上限 {MAX_OCR_PAGES} 个",
                                 zh_hint="请拆分扫描件，或先做文字识别再读")


def _ocr_page(page, number: int, path: Path) -> OcrPage:
    width, height = page.get_size()
    scale = min(DPI / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))  # a 5 m poster page is no 3 Gpx image
    image = page.render(scale=scale, grayscale=True).to_pil()
    page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return _tesseract(buffer.getvalue(), number, scale, path)


def _tesseract(image: bytes, number: int, scale: float, path: Path) -> OcrPage:
    argv = ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"]
    try:
        done = subprocess.run(argv, input=image, capture_output=True, timeout=PAGE_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise ResourceLimitError(f"OCR of page {number} took longer than {PAGE_SECONDS} s", path=path,
                                 code="E_OCR_TIMEOUT", hint="OCR the scan before reading",
                                 zh=f"第 {number} 页文字识别超过 {PAGE_SECONDS} 秒", zh_hint="请先做文字识别再读") from exc
    if done.returncode != 0:
        raise InputError(f"Tesseract failed on page {number}: {done.stderr.decode(errors='replace')[:200]}",
                         path=path, code="E_OCR_FAILED", hint=INSTALL_HINT,
                         zh=f"第 {number} 页文字识别失败（Tesseract 出错）", zh_hint=INSTALL_HINT_ZH)
    return tsv_to_page(done.stdout.decode("utf-8", errors="replace"), number, scale)


def page_text(pages: list[OcrPage]) -> tuple[str, float]:
    """Paragraph text of OCR'd pages, one line a line, and their mean confidence."""
    text = "\n".join(line.text for page in pages for line in page.lines)
    confidence = round(sum(page.confidence for page in pages) / len(pages), 1) if pages else 0.0
    return text, confidence


def tsv_to_page(tsv: str, number: int, scale: float) -> OcrPage:
    """Group Tesseract's TSV words into lines with boxes in points.

    >>> row = "5\\t1\\t1\\t1\\t1\\t{w}\\t{x}\\t100\\t40\\t42\\t{c}\\t{t}"
    >>> tsv = "\\n".join(["level", row.format(w=1, x=100, c=90, t="补贴"), row.format(w=2, x=150, c=80, t="10万元")])
    >>> page = tsv_to_page(tsv, 1, 1.0)
    >>> page.lines[0].text, page.confidence
    ('补贴10万元', 85.0)
    """
    groups: dict[tuple[str, ...], list[list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip() and float(cells[10]) >= 0:
            groups.setdefault(tuple(cells[1:5]), []).append(cells)
    lines, confidences = [], []
    for words in groups.values():
        text = _joined(words)
        left = min(int(word[6]) for word in words) / scale
        right = max(int(word[6]) + int(word[8]) for word in words) / scale
        top = min(int(word[7]) for word in words) / scale
        size = max(int(word[9]) for word in words) / scale
        confidences.extend(float(word[10]) for word in words)
        lines.append(Line(clean_line(text), text, left, right, top, size, number))
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return OcrPage(reading_order(lines), confidence)


def _joined(words: list[list[str]]) -> str:
    """The words of one line, a space apart, except digits Tesseract cut apart at a gap narrower than
    a glyph (5 0万元 is 50万元, never 0万元).

    >>> word = lambda x, w, text: ["5", "1", "1", "1", "1", "1", str(x), "0", str(w), "48", "96", text]
    >>> _joined([word(0, 80, "给予"), word(100, 7, "5"), word(145, 30, "0"), word(205, 60, "万元")])
    '给予 50 万元'
    >>> _joined([word(0, 30, "10"), word(300, 30, "20")])
    '10 20'
    """
    text = words[0][11].strip()
    for before, word in zip(words, words[1:]):
        gap = int(word[6]) - int(before[6]) - int(before[8])
        digits = text[-1:].isdigit() and word[11].strip()[:1].isdigit()
        text += ("" if digits and gap < max(int(before[9]), int(word[9])) else " ") + word[11].strip()
    return text
