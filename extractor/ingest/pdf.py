"""Reading PDFs into paragraph text: one paragraph per line, page furniture dropped.

Two engines read a page into positioned lines: pdfium (fast, C++) and
pdfplumber (pdfminer, slower, with layout analysis). "auto" reads every page
with pdfium and only hands a page to pdfplumber when pdfium's text for it is
undecodable. `pdf_layout` turns the lines into paragraphs the same way for
both engines. Broken PDFs raise `PdfError` with a stable code.
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Literal

from ..errors import InputError, PdfError, ResourceLimitError
from ..models import Issue
from . import Loaded, ocr
from .pdf_layout import (
    Line,
    build_text,
    clean_line,
    drop_furniture,
    drop_redrawn,
    garbage_share,
    reading_order,
    split_garbage,
)

Engine = Literal["auto", "pdfium", "pdfplumber"]

MAX_PAGES = 500
MAX_TEXT_CHARS = 10_000_000
# pdfplumber reads a gap wider than this share of the glyph size as a space; justified lines
# stretch glyph gaps past its fixed 3 pt default, which split 50 into "5 0".
X_TOLERANCE_RATIO = 0.35
SCANNED = "no extractable text (scanned or image-only PDF), and OCR is off or read nothing"
UNDECODABLE = ("text layer cannot be decoded: {n} glyphs use fonts without a Unicode mapping "
               "(they read as (cid:N) codes or control characters), and OCR is off or read nothing")


def load_pdf(data: bytes, path: Path, *, engine: Engine = "auto", max_pages: int = MAX_PAGES) -> Loaded:
    """Read a PDF's text layer into paragraphs, one per line, in reading order."""
    os.environ.pop("CMAP_PATH", None)  # a planted CMap directory must not decide what glyphs mean
    _check_complete(data, path)
    try:
        pages, used = _read_pages(data, path, engine, max_pages)
        pages, read = _ocr_unreadable(data, pages, path) if ocr.enabled() else (pages, {})
    except (MemoryError, zlib.error) as exc:
        if isinstance(exc, zlib.error) and "allocate" not in str(exc):
            raise PdfError(f"PDF stream cannot be decompressed ({exc})", path=path, cause=repr(exc)) from exc
        raise ResourceLimitError("PDF needs more memory than allowed (decompression bomb?)", path=path,
                                 hint="check the file's origin", cause=repr(exc)) from exc
    except RecursionError as exc:
        raise PdfError("PDF structure is nested too deeply or cyclic", path=path,
                       hint="re-export or repair the PDF", cause="RecursionError") from exc
    if not read:
        return _assemble(pages, used, path)
    loaded = _assemble(pages, f"{used}+tesseract", path)
    confidence = round(sum(page.confidence for page in read.values()) / len(read), 1)
    numbers = ", ".join(str(index + 1) for index in sorted(read))
    issue = Issue(code="W_OCR", message=f"pages {numbers} read by OCR (Tesseract {ocr.LANGUAGE}), mean word "
                  f"confidence {confidence}/100: check figures against the scan")
    return replace(loaded, issues=(*loaded.issues, issue))


def _ocr_unreadable(data: bytes, pages: list[list[Line]], path: Path) -> tuple[list[list[Line]], dict]:
    """Pages with no text, or only text that does not decode, read from their images instead."""
    todo = [index for index, lines in enumerate(pages) if not split_garbage(lines)[0] or _unusable(lines)]
    if not todo:
        return pages, {}
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        read = {index: page for index, page in ocr.ocr_pages(document, todo, path).items() if page.lines}
    finally:
        document.close()
    return [read[index].lines if index in read else lines for index, lines in enumerate(pages)], read


def _assemble(pages: list[list[Line]], engine: str, path: Path) -> Loaded:
    """Drop undecodable lines and page furniture, then build the paragraph text."""
    decoded, bad_glyphs = [], 0
    for lines in pages:
        good, bad = split_garbage(lines)
        decoded.append(good)
        bad_glyphs += bad
    if not any(decoded):
        message = UNDECODABLE.format(n=bad_glyphs) if bad_glyphs else SCANNED
        raise PdfError(message, path=path, code="E_NO_TEXT_LAYER", hint="use a PDF with a text layer")
    decoded, copies = drop_redrawn(decoded)
    body, dropped = drop_furniture(decoded)
    layout = build_text(body)
    if len(layout.text) > MAX_TEXT_CHARS:
        raise InputError(f"PDF text is too long ({len(layout.text)} characters)", path=path, code="E_TOO_LARGE")
    issues = layout.issues
    if copies:
        issues += (Issue(code="W_PDF_REPEATED_TEXT", message=f"{copies} copies of text drawn over itself were read once"),)
    if bad_glyphs:
        issues += (Issue(code="W_CID_GLYPHS", message=f"{bad_glyphs} glyphs in fonts without a Unicode "
                         "mapping were left out; the text around them may be incomplete"),)
    return Loaded(text=layout.text, kind="pdf", pages=len(pages), page_starts=layout.page_starts,
                  engine=engine, dropped=tuple(dropped), issues=issues)


def _check_complete(data: bytes, path: Path) -> None:
    """A file cut short ends inside an object: no cross-reference or %%EOF after its last object."""
    if not data.lstrip()[:1024].count(b"%PDF-"):
        raise PdfError("file does not start like a PDF (no %PDF- header)", path=path,
                       hint="check what was downloaded")
    tail = data[data.rfind(b"endobj"):]
    if not any(mark in tail for mark in (b"startxref", b"trailer", b"%%EOF")):
        raise PdfError("PDF is truncated or corrupt (it ends inside an object)", path=path,
                       hint="download the file again")


def _read_pages(data: bytes, path: Path, engine: Engine, max_pages: int) -> tuple[list[list[Line]], str]:
    """Lines of every page, with the name of the engine that read them."""
    if engine == "pdfplumber":
        return _plumber_pages(data, path, max_pages, None), "pdfplumber"
    try:
        pages = _pdfium_pages(data, path, max_pages)
    except _PdfiumFailed:
        return _plumber_pages(data, path, max_pages, None), "pdfplumber"
    if engine == "pdfium":
        return pages, "pdfium"
    retry = [i for i, lines in enumerate(pages) if _unusable(lines) or any(line.mixed for line in lines)]
    if not retry:
        return pages, "pdfium"
    for index, lines in zip(retry, _plumber_pages(data, path, max_pages, retry)):
        if not _unusable(lines) or not pages[index]:
            pages[index] = lines
    return pages, "pdfium+pdfplumber"


def _unusable(lines: list[Line]) -> bool:
    """A page with no text, or with text that does not decode."""
    text = "".join(line.text for line in lines)
    return not text or garbage_share(text) > 0.3 or symbol_share(text) > SYMBOL_JUNK


# Fonts without a Unicode map whose codes are read as ASCII give runs like !"#$%&'()*+,-: no prose,
# Chinese or not, is a quarter ASCII punctuation.
SYMBOL_JUNK = 0.25


def symbol_share(text: str) -> float:
    """Share of ASCII punctuation among the visible characters.

    >>> symbol_share('!"#./&01+,公-'), symbol_share("给予补贴10万元，最高不超过投资额的50%。")
    (0.75, 0.05)
    """
    visible = [ch for ch in text if not ch.isspace()]
    return round(sum(1 for ch in visible if ch in ASCII_PUNCTUATION) / len(visible), 2) if visible else 0.0


ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _check_page_count(count: int, path: Path, max_pages: int) -> None:
    if count == 0:
        raise PdfError("PDF has no readable pages (broken or cyclic page tree)", path=path, code="E_NO_PAGES",
                       hint="re-export or repair the PDF")
    if count > max_pages:
        raise PdfError(f"PDF has {count} pages > {max_pages}", path=path, code="E_TOO_MANY_PAGES",
                       hint="split the file or raise the page limit")


def _encrypted(path: Path, exc: BaseException) -> PdfError:
    return PdfError("PDF is password-protected", path=path, code="E_PDF_ENCRYPTED",
                    hint="decrypt it first (qpdf --decrypt --password=… in.pdf out.pdf)", cause=repr(exc))


def _malformed(path: Path, exc: BaseException) -> PdfError:
    return PdfError(f"PDF is truncated or corrupt ({type(exc).__name__}: {exc})", path=path,
                    hint="re-export or download the PDF again", cause=repr(exc))


# pdfium: the fast path


def _pdfium_pages(data: bytes, path: Path, max_pages: int) -> list[list[Line]]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() and b"/Encrypt" in data:
            raise _encrypted(path, exc) from exc
        raise _PdfiumFailed from exc
    try:
        _check_page_count(len(document), path, max_pages)
        return [_pdfium_lines(_pdfium_page(document, index, path), index + 1) for index in range(len(document))]
    finally:
        document.close()


def _pdfium_page(document, index: int, path: Path):
    import pypdfium2 as pdfium

    try:
        return document[index]
    except pdfium.PdfiumError as exc:
        if index == 0:
            raise PdfError("PDF has no readable pages (broken or cyclic page tree)", path=path, code="E_NO_PAGES",
                           hint="re-export or repair the PDF", cause=repr(exc)) from exc
        raise PdfError(f"page {index + 1} cannot be read (broken page tree)", path=path,
                       hint="re-export or repair the PDF", cause=repr(exc)) from exc


class _PdfiumFailed(Exception):
    """pdfium could not open the file; pdfminer, more lenient and more precise in its errors, gets a try."""


def _pdfium_lines(page, number: int) -> list[Line]:
    """Lines as pdfium splits them (it marks line ends with CRLF), boxed by their first and last glyph."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    height, width = page.get_height(), page.get_width()
    text = _pdfium_text(textpage, raw)
    lines, offset = [], 0
    for chunk in text.split("\r\n"):
        first, last = _ink_bounds(chunk)
        if first is not None:
            left, bottom, _, top = textpage.get_charbox(offset + first, loose=True)
            _, _, right, last_top = textpage.get_charbox(offset + last, loose=True)
            size = raw.FPDFText_GetFontSize(textpage.raw, offset + first)
            if size > 2 * (top - bottom) > 0:  # fonts with a unit matrix report their scale as the size (Founder, WPS)
                size = top - bottom
            # pdfium keeps content-stream order: text drawn out of order lands in one "line" spanning
            # several printed lines, which only a layout engine can put back (WPS, Founder exports)
            mixed = abs(last_top - top) > 1.5 * max(size, 1.0)
            if left >= width or right <= 0 or top <= 0:  # drawn outside the page: never printed
                offset += len(chunk) + 2
                continue
            lines.append(Line(clean_line(chunk), chunk.strip(), left, right, height - top, size, number, mixed))
        offset += len(chunk) + 2
    textpage.close()
    page.close()
    return reading_order(lines)


def _pdfium_text(textpage, raw) -> str:
    """The page text with one string position per pdfium glyph index, so boxes can be looked up."""
    text = textpage.get_text_range()
    if len(text) == textpage.count_chars():
        return text
    # undecodable code points were dropped from the string: rebuild it glyph by glyph (rare, slower)
    codes = (raw.FPDFText_GetUnicode(textpage.raw, index) for index in range(textpage.count_chars()))
    return "".join(chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd" for code in codes)


def _ink_bounds(chunk: str) -> tuple[int | None, int | None]:
    """Indexes of the first and last non-space characters."""
    stripped = chunk.strip()
    if not stripped:
        return None, None
    first = len(chunk) - len(chunk.lstrip())
    return first, first + len(stripped) - 1


# pdfplumber: layout analysis, and the second opinion on pages pdfium cannot decode


def _plumber_pages(data: bytes, path: Path, max_pages: int, only: list[int] | None) -> list[list[Line]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data), laparams=None) as pdf:
            _check_page_count(len(pdf.pages), path, max_pages)
            indexes = range(len(pdf.pages)) if only is None else only
            return [_plumber_lines(pdf.pages[index], index + 1) for index in indexes]
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect) or "Encryption" in type(inner).__name__:
            raise _encrypted(path, inner) from exc
        raise _malformed(path, inner if isinstance(inner, BaseException) else exc) from exc


def _plumber_lines(page, number: int) -> list[Line]:
    """Lines as pdfplumber clusters characters (no pdfminer layout analysis)."""
    lines = []
    for found in page.extract_text_lines(strip=True, return_chars=True, x_tolerance_ratio=X_TOLERANCE_RATIO):
        chars = [char for char in found["chars"] if not char["text"].isspace() and char["x0"] < page.width]
        if chars:
            lines.append(Line(clean_line(found["text"]), found["text"], chars[0]["x0"], chars[-1]["x1"], chars[0]["top"],
                              chars[0]["size"], number))
    page.close()
    return reading_order(lines)
