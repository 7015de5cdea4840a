"""Reading PDFs into paragraph text: one paragraph per line, page furniture dropped.

Two engines read a page into positioned lines: pdfium (fast, C++) and
pdfplumber (pdfminer, slower, with layout analysis). "auto" reads every page
with pdfium and only hands a page to pdfplumber when pdfium's text for it is
undecodable. `pdf_layout` turns the lines into paragraphs the same way for
both engines. Broken PDFs raise `PdfError` with a stable code.
"""

from __future__ import annotations

import struct
import binascii
import io
import itertools
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

from ..errors import InputError, PdfError, ResourceLimitError
from ..models import Issue
from . import Loaded, ocr
from .pdf_layout import (
    GARBAGE_SHARE,
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
# Inflated sizes a PDF may ask for; a 600-dpi colour A4 scan is 100 MiB, a notice's text a few.
MAX_STREAM_BYTES = 256 << 20
MAX_INFLATED_BYTES = 1 << 30
# pdfplumber reads a gap wider than this share of the glyph size as a space; justified lines
# stretch glyph gaps past its fixed 3 pt default, which split 50 into "5 0".
X_TOLERANCE_RATIO = 0.35
SCANNED = "no extractable text (scanned or image-only PDF), and OCR is off or read nothing"
UNDECODABLE = ("text layer cannot be decoded: {n} glyphs use fonts without a Unicode mapping "
               "(they read as (cid:N) codes or control characters), and OCR is off or read nothing")
SCANNED_ZH = "PDF 中没有可提取的文字（扫描件或纯图片），且未开启文字识别或识别结果为空"
UNDECODABLE_ZH = "PDF 文字层无法解码：{n} 个字形所用字体没有 Unicode 映射，且未开启文字识别或识别结果为空"
REPAIR_ZH = "请重新导出或修复该 PDF"
ORIGIN_ZH = "请核实文件来源"


def load_pdf(data: bytes, path: Path, *, engine: Engine = "auto", max_pages: int = MAX_PAGES) -> Loaded:
    """Read a PDF's text layer into paragraphs, one per line, in reading order."""
    os.environ.pop("CMAP_PATH", None)  # a planted CMap directory must not decide what glyphs mean
    _check_complete(data, path)
    _check_inflated(data, path)
    issues = _xref_issues(data)
    try:
        pages, used = _read_pages(data, path, engine, max_pages, issues)
        pages, read = _ocr_unreadable(data, pages, path) if ocr.enabled() else (pages, {})
    except (MemoryError, zlib.error) as exc:
        if isinstance(exc, zlib.error) and "allocate" not in str(exc):
            raise PdfError(f"PDF stream cannot be decompressed ({exc})", path=path, cause=repr(exc),
                           zh="PDF 数据流无法解压，文件已损坏", zh_hint=REPAIR_ZH) from exc
        raise ResourceLimitError("PDF needs more memory than allowed (decompression bomb?)", path=path,
                                 hint="check the file's origin", cause=repr(exc),
                                 zh="读取该 PDF 所需内存超过上限（疑似解压炸弹）", zh_hint=ORIGIN_ZH) from exc
    except RecursionError as exc:
        raise PdfError("PDF structure is nested too deeply or cyclic", path=path,
                       hint="re-export or repair the PDF", cause="RecursionError",
                       zh="PDF 结构嵌套过深或存在循环引用", zh_hint=REPAIR_ZH) from exc
    loaded = _assemble(pages, f"{used}+tesseract" if read else used, path)
    issues += [*loaded.issues, *_ocr_issues(read)]
    meta = {"encrypted": True} if ENCRYPT_ENTRY.search(data) else {}  # opened with the empty user password
    return replace(loaded, issues=tuple(issues), meta=meta)


def _ocr_issues(read: dict) -> list[Issue]:
    if not read:
        return []
    confidence = round(sum(page.confidence for page in read.values()) / len(read), 1)
    numbers = ", ".join(str(index + 1) for index in sorted(read))
    return [Issue(code="W_OCR", message=f"pages {numbers} read by OCR (Tesseract {ocr.LANGUAGE}), mean word "
                  f"confidence {confidence}/100: check figures against the scan",
                  message_zh=f"第 {numbers} 页经文字识别读取（Tesseract {ocr.LANGUAGE}），平均置信度 {confidence}/100："
                             "请对照扫描件核对数额")]


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
        zh = UNDECODABLE_ZH.format(n=bad_glyphs) if bad_glyphs else SCANNED_ZH
        raise PdfError(message, path=path, code="E_NO_TEXT_LAYER", hint="use a PDF with a text layer",
                       zh=zh, zh_hint="请使用带文字层的 PDF，或安装 Tesseract 并开启文字识别")
    decoded, copies = drop_redrawn(decoded)
    body, dropped = drop_furniture(decoded)
    layout = build_text(body)
    if len(layout.text) > MAX_TEXT_CHARS:
        raise InputError(f"PDF text is too long ({len(layout.text)} characters)", path=path, code="E_TOO_LARGE",
                         zh=f"PDF 文字过长（{len(layout.text):,} 字）", zh_hint="请拆分文件后再读")
    issues = layout.issues
    if copies:
        issues += (Issue(code="W_PDF_REPEATED_TEXT", message=f"{copies} copies of text drawn over itself were read once",
                         message_zh=f"{copies} 处重叠绘制的重复文字只读一次"),)
    if bad_glyphs:
        issues += (Issue(code="W_CID_GLYPHS", message=f"{bad_glyphs} glyphs in fonts without a Unicode "
                         "mapping could not be read (left out with their line, or shown as �); the text "
                         "around them may be incomplete",
                         message_zh=f"{bad_glyphs} 个字形所在字体没有 Unicode 映射，无法读取（连同所在行略去，或显示为 �），"
                                    "其前后文字可能不完整"),)
    return Loaded(text=layout.text, kind="pdf", pages=len(pages), page_starts=layout.page_starts,
                  engine=engine, dropped=tuple(dropped), issues=issues)


def _check_complete(data: bytes, path: Path) -> None:
    """A file cut short ends inside an object: no cross-reference or %%EOF after its last object."""
    if not data.lstrip()[:1024].count(b"%PDF-"):
        raise PdfError("file does not start like a PDF (no %PDF- header)", path=path,
                       hint="check what was downloaded", zh="文件开头不是 PDF 格式（缺少 %PDF- 文件头）",
                       zh_hint="请检查下载到的是否是通知原件")
    tail = data[data.rfind(b"endobj"):]
    if not any(mark in tail for mark in (b"startxref", b"trailer", b"%%EOF")):
        raise PdfError("PDF is truncated or corrupt (it ends inside an object)", path=path,
                       hint="download the file again", zh="PDF 不完整或已损坏（文件在对象中间结束）",
                       zh_hint="请重新下载该文件")


# Decompression bombs (a 7 KB stream that inflates to 3 GB): pdfium inflates a stream whole and
# aborts the process when memory runs out, so what each zlib stream inflates to is counted first.
STREAM_DATA = re.compile(rb">>\s*stream[ \t]*(?:\r\n|\n|\r)")
FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()%]+)")
NAME = re.compile(rb"/([^\s/\[\]<>()%]+)")
INFLATE_SLICE = 1 << 20
MAX_ZLIB_LAYERS = 8  # writers nest two at most ([/FlateDecode /FlateDecode]); deeper nesting is an attack


def _check_inflated(data: bytes, path: Path) -> None:
    """Refuse a decompression bomb before any engine inflates it."""
    total = 0
    for match in STREAM_DATA.finditer(data):
        buffer, start = _unarmoured(data, match)
        size = inflated_size(buffer, start, MAX_STREAM_BYTES)
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_INFLATED_BYTES:
            what, limit = ((f"the stream at byte {match.end()}", MAX_STREAM_BYTES) if size > MAX_STREAM_BYTES
                           else ("its streams together", MAX_INFLATED_BYTES))
            raise ResourceLimitError(f"PDF needs more than {limit >> 20} MiB to inflate {what} (decompression bomb?)",
                                     path=path, hint="check the file's origin", cause="zlib streams",
                                     zh=f"PDF 解压后超过 {limit >> 20} MiB（疑似解压炸弹）", zh_hint=ORIGIN_ZH)


def inflated_size(buffer: bytes, start: int, limit: int) -> int:
    """The most bytes any layer of the zlib streams nested at `start` inflates to, counted a slice at a
    time, never kept, and only until it passes `limit`.

    >>> twice = zlib.compress(zlib.compress(b" " * 100_000))
    >>> inflated_size(twice, 0, 10**6), inflated_size(twice, 0, 5_000) > 5_000, inflated_size(b"BT ET", 0, 99)
    (100000, True, 0)
    """
    sizes: list[int] = []
    layers: list[Iterator[bytes]] = []
    chunks: Iterator[bytes] = _slices(memoryview(buffer)[start:])
    head = buffer[start:start + 2]
    try:
        while _zlib_header(head):
            if len(layers) == MAX_ZLIB_LAYERS:
                return limit + 1  # deeper than anyone writes, and not followed further: counted as a bomb
            sizes.append(0)
            layers.append(_counted(_inflate(chunks), sizes, len(sizes) - 1, limit))
            head, chunks = _peek(layers[-1])
        for layer in (chunks, *reversed(layers)):  # an outer layer is inflated whole even if the inner one stops
            for _ in layer:
                pass
    except _Enough:
        pass
    return max(sizes, default=0)


class _Enough(Exception):
    """A layer has inflated past the limit: no need to count further."""


def _zlib_header(head: bytes) -> bool:
    """A zlib stream's first two bytes: deflate, a window of at most 32 KiB, check bits, no preset dictionary."""
    return (len(head) == 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and not head[1] & 0x20
            and ((head[0] << 8) | head[1]) % 31 == 0)


def _slices(view: memoryview) -> Iterator[memoryview]:
    return (view[at:at + INFLATE_SLICE] for at in range(0, len(view), INFLATE_SLICE))


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """What one zlib stream read from `chunks` inflates to, a slice at a time, up to its end or to bad data."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        while True:
            try:
                out = inflater.decompress(chunk, INFLATE_SLICE)
            except zlib.error:
                return
            chunk = inflater.unconsumed_tail
            if out:
                yield out
            if inflater.eof:
                return
            if not (out or chunk):
                break


def _counted(chunks: Iterator[bytes], sizes: list[int], index: int, limit: int) -> Iterator[bytes]:
    for chunk in chunks:
        sizes[index] += len(chunk)
        if sizes[index] > limit:
            raise _Enough
        yield chunk


def _peek(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The first two bytes of a run of chunks, and the run itself, still whole."""
    held, head = [], b""
    for chunk in chunks:
        held.append(chunk)
        head += bytes(chunk[:2 - len(head)])
        if len(head) == 2:
            break
    return head, itertools.chain(held, chunks)


def _unarmoured(data: bytes, match: re.Match) -> tuple[bytes, int]:
    """A stream's bytes with leading ASCII85 or ASCIIHex filters undone (reportlab writes [/A85 /Fl])."""
    if _zlib_header(data[match.end():match.end() + 2]):
        return data, match.end()
    head = data[max(0, match.start() - 4096):match.start()].rsplit(b"obj", 1)[-1]
    listed = FILTER.search(head)
    buffer, start = data, match.end()
    for name in NAME.findall(listed.group(1)) if listed else []:
        decode = ASCII_FILTERS.get(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name))
        if decode is None:
            break
        try:
            buffer, start = decode(buffer, start), 0
        except ValueError:  # binascii.Error too: not what the dictionary says; count the bytes as they are
            return data, match.end()
    return buffer, start


def _a85(buffer: bytes, start: int) -> bytes:
    end = buffer.find(b"~>", start)
    if end < 0:
        raise ValueError("no end of ASCII85 data")
    return a85decode(buffer[start:end])


A85_BLANKS = b" \t\n\r\x0b\x0c\x00"
A85_DIGITS = bytes(range(ord("!"), ord("u") + 1))
A85_VALUES = bytes((code - ord("!")) % 256 for code in range(256))  # "!" .. "u" to the digit values 0 .. 84


def a85decode(data: bytes) -> bytes:
    """ASCII85 as `base64.a85decode(data, ignorechars=A85_BLANKS)` reads it, in a third of the time.

    >>> a85decode(b"87cURD_*#TDfTZ)"), a85decode(b"z")
    (b'Hello, world', b'\\x00\\x00\\x00\\x00')
    """
    folded = data.translate(None, A85_BLANKS).replace(b"z", b"!!!!!")
    pad = -len(folded) % 5
    padded = folded + b"u" * pad
    if padded.translate(None, A85_DIGITS):  # a byte outside "!" .. "u" is left
        raise ValueError("not ASCII85 data")
    digits = padded.translate(A85_VALUES)
    words = [(((first * 85 + second) * 85 + third) * 85 + fourth) * 85 + fifth for first, second, third, fourth, fifth
             in zip(digits[0::5], digits[1::5], digits[2::5], digits[3::5], digits[4::5], strict=True)]
    if words and max(words) > 0xFFFFFFFF:
        raise ValueError("ASCII85 group out of range")
    decoded = struct.pack(f">{len(words)}I", *words)
    return decoded[:len(decoded) - pad] if pad else decoded


def _ahx(buffer: bytes, start: int) -> bytes:
    end = buffer.find(b">", start)
    if end < 0:
        raise ValueError("no end of ASCIIHex data")
    digits = re.sub(rb"\s+", b"", buffer[start:end])
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


ASCII_FILTERS = {b"ASCII85Decode": _a85, b"A85": _a85, b"ASCIIHexDecode": _ahx, b"AHx": _ahx}


# A cross-reference chain that cannot be followed (no startxref, an offset into nowhere, a /Prev
# loop) is rebuilt by the engines from the objects themselves: the reading stands, with a warning.
STARTXREF = re.compile(rb"startxref\s+(\d+)")
XREF_SECTION = re.compile(rb"\s*(?:(xref)|\d+\s+\d+\s+obj)")
PREV = re.compile(rb"/Prev\s+(\d+)")
ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def _xref_issues(data: bytes) -> list[Issue]:
    """W_PDF_REPAIRED when the cross-reference sections cannot be followed from startxref."""
    why = _xref_broken(data)
    if why is None:
        return []
    return [Issue(code="W_PDF_REPAIRED", message=f"the cross-reference table is broken ({why}); the reader "
                  "rebuilt it from the objects: check that the text is complete",
                  message_zh=f"交叉引用表损坏（{why}），已按文件中的对象重建：请核对文字是否完整")]


def _xref_broken(data: bytes) -> str | None:
    """Why the chain of cross-reference sections does not hold, or None when it does."""
    at = data.rfind(b"startxref")
    last = STARTXREF.match(data, at) if at >= 0 else None
    if last is None:
        return "no startxref"
    header = data.find(b"%PDF-")  # writers that prepend bytes count offsets from the header
    offset, seen = int(last.group(1)), set()
    while offset not in seen:
        seen.add(offset)
        section = XREF_SECTION.match(data, offset) or XREF_SECTION.match(data, offset + header)
        if section is None:
            return f"byte {offset} starts no cross-reference section"
        end = data.find(b"startxref" if section.group(1) else b"stream", section.end())
        prev = PREV.search(data, section.end(), end if end >= 0 else len(data))
        if prev is None:
            return None
        offset = int(prev.group(1))
    return f"its /Prev chain loops back to byte {offset}"


def _read_pages(data: bytes, path: Path, engine: Engine, max_pages: int,
                issues: list[Issue] | None = None) -> tuple[list[list[Line]], str]:
    """Lines of every page, with the name of the engine that read them.

    In "auto", pdfplumber reads again the pages pdfium could not decode or order; if it fails on
    them, pdfium's reading stands and a W_BACKEND_FAILED is added to `issues`.
    """
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
    try:
        second = _plumber_pages(data, path, max_pages, retry)
    except (PdfError, RecursionError) as exc:
        numbers = ", ".join(str(index + 1) for index in retry)
        cause = exc.code if isinstance(exc, PdfError) else type(exc).__name__
        if issues is not None:
            issues.append(Issue(code="W_BACKEND_FAILED", message=f"pdfplumber failed ({cause}) on pages {numbers}, "
                                "which pdfium read doubtfully; pdfium's reading is kept: check their text",
                                message_zh=f"pdfplumber 读取第 {numbers} 页失败（{cause}），这些页 pdfium 读得不可靠，"
                                           "仍保留 pdfium 的读取：请核对其文字"))
        return pages, "pdfium"
    for index, lines in zip(retry, second):
        if not _unusable(lines) or not pages[index]:
            pages[index] = _with_unread(lines, pdfium=pages[index])
    return pages, "pdfium+pdfplumber"


def _with_unread(plumber: list[Line], *, pdfium: list[Line]) -> list[Line]:
    """pdfplumber's lines, plus pdfium's undecodable lines where pdfplumber read nothing at all: pdfminer
    drops the glyphs of a font whose CMap it cannot load, and they must still count as unread."""
    unread = [line for line in pdfium if garbage_share(line.text) > GARBAGE_SHARE
              and not any(abs(line.top - other.top) < line.size / 2 for other in plumber)]
    return reading_order(plumber + unread) if unread else plumber


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
    visible = len("".join(text.split()))  # str.split() cuts at exactly the characters str.isspace() accepts
    return round(sum(text.count(ch) for ch in ASCII_PUNCTUATION) / visible, 2) if visible else 0.0


ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _check_page_count(count: int, path: Path, max_pages: int) -> None:
    if count == 0:
        raise PdfError("PDF has no readable pages (broken or cyclic page tree)", path=path, code="E_NO_PAGES",
                       hint="re-export or repair the PDF", zh="PDF 没有可读的页面（页面树损坏或循环）", zh_hint=REPAIR_ZH)
    if count > max_pages:
        raise PdfError(f"PDF has {count} pages > {max_pages}", path=path, code="E_TOO_MANY_PAGES",
                       hint="split the file or raise the page limit", zh=f"PDF 共 {count} 页，超过上限 {max_pages} 页",
                       zh_hint="请拆分文件，或调高页数上限")


def _encrypted(path: Path, exc: BaseException) -> PdfError:
    return PdfError("PDF is password-protected", path=path, code="E_PDF_ENCRYPTED",
                    hint="decrypt it first (qpdf --decrypt --password=… in.pdf out.pdf)", cause=repr(exc),
                    zh="PDF 已加密，无法读取",
                    zh_hint="请提供未加密的文件，或先用 qpdf --decrypt --password=… in.pdf out.pdf 解密")


def _malformed(path: Path, exc: BaseException) -> PdfError:
    return PdfError(f"PDF is truncated or corrupt ({type(exc).__name__}: {exc})", path=path,
                    hint="re-export or download the PDF again", cause=repr(exc),
                    zh="PDF 不完整或已损坏，无法读取", zh_hint="请重新导出或重新下载该 PDF")


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
                           hint="re-export or repair the PDF", cause=repr(exc),
                           zh="PDF 没有可读的页面（页面树损坏或循环）", zh_hint=REPAIR_ZH) from exc
        raise PdfError(f"page {index + 1} cannot be read (broken page tree)", path=path,
                       hint="re-export or repair the PDF", cause=repr(exc),
                       zh=f"第 {index + 1} 页无法读取（页面树损坏）", zh_hint=REPAIR_ZH) from exc


class _PdfiumFailed(Exception):
    """pdfium could not open the file; pdfminer, more lenient and more precise in its errors, gets a try."""


def _pdfium_lines(page, number: int) -> list[Line]:
    """Lines as pdfium splits them (it marks line ends with CRLF), boxed by their first and last glyph."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    height, width = page.get_height(), page.get_width()
    text = _pdfium_text(textpage, raw)
    charbox, font_size, handle = textpage.get_charbox, raw.FPDFText_GetFontSize, textpage.raw
    lines, offset = [], 0
    for chunk in text.split("\r\n"):
        ink = chunk.strip()
        if ink:
            first = offset + len(chunk) - len(chunk.lstrip())  # glyph indexes of the first and last non-space characters
            last = first + len(ink) - 1
            left, bottom, _, top = charbox(first, loose=True)
            _, _, right, last_top = charbox(last, loose=True)
            size = font_size(handle, first)
            if size > 2 * (top - bottom) > 0:  # fonts with a unit matrix report their scale as the size (Founder, WPS)
                size = top - bottom
            # pdfium keeps content-stream order: text drawn out of order lands in one "line" spanning
            # several printed lines, which only a layout engine can put back (WPS, Founder exports)
            mixed = abs(last_top - top) > 1.5 * max(size, 1.0)
            if not (left >= width or right <= 0 or top <= 0):  # else drawn outside the page: never printed
                lines.append(Line(clean_line(chunk), ink, left, right, height - top, size, number, mixed))
        offset += len(chunk) + 2
    textpage.close()
    page.close()
    return reading_order(lines)


def _pdfium_text(textpage, raw) -> str:
    """The page text with one string position per pdfium glyph index, so boxes can be looked up.

    A glyph whose font maps it to no Unicode is U+FFFD: pdfium would give its raw code, which reads as
    a wrong character (an Identity-H code 4E0A as 上).
    """
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) != count:
        # undecodable code points were dropped from the string: rebuild it glyph by glyph (rare, slower)
        codes = (raw.FPDFText_GetUnicode(textpage.raw, index) for index in range(count))
        text = "".join(chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd" for code in codes)
    has_error = raw.FPDFText_HasUnicodeMapError  # asked of every glyph: mapped over the indexes, without a Python loop
    unmapped = list(itertools.compress(range(count), map(has_error, itertools.repeat(textpage.raw, count), range(count))))
    if not unmapped:
        return text
    chars = list(text)
    for index in unmapped:
        chars[index] = "\ufffd"
    return "".join(chars)


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
