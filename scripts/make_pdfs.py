"""Render corpus notices as government-style PDFs, and build the hostile PDF fixtures.

Run with the `[fixtures]` extra installed (reportlab, fpdf2, pypdf) and a CJK
TrueType font from Debian (`apt-get install fonts-wqy-microhei`):

    python scripts/make_pdfs.py            # writes corpus/pdf/ and tests/fixtures/pdf/

The layout follows GB/T 9704 (the standard for official documents): a 28 mm
left margin, a 37 mm top margin, 16 pt body text with a two-character first
line indent, justified lines that wrap mid-sentence, a centred title, a running
header on every page after the first and a page number under the text block.
Two producers render the same notices: reportlab with the non-embedded CID
font STSong-Light, and fpdf2 with an embedded, subset TrueType font, written
the way office suites export (space characters between Chinese and digits).

`NOTICES` is also read by tests/test_pdf.py: the expected paragraphs come from
the same source lines that were rendered here.
"""

from __future__ import annotations

import datetime
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_DIR = ROOT / "corpus" / "text"
PDF_DIR = ROOT / "corpus" / "pdf"
HOSTILE_DIR = ROOT / "tests" / "fixtures" / "pdf"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89
LEFT, TOP = 28 * MM, 37 * MM
BODY_SIZE, TITLE_SIZE, FURNITURE_SIZE = 16.0, 22.0, 14.0
LINE_CHARS = 28
TEXT_W = LINE_CHARS * BODY_SIZE
PITCH = 28.95
LINES_PER_PAGE = 22
HEADER_BASELINE = 20 * MM
FOOTER_BASELINE = TOP + LINES_PER_PAGE * PITCH + 7 * MM + 8
FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
NO_LINE_START = "。，、；：？！）》」』”’〕】%‰,.:;!?)"
NO_LINE_END = "“‘（《〔【("


@dataclass(frozen=True)
class Notice:
    """Which lines of a corpus text file are the notice proper, and how to lay them out."""

    doc_id: str
    first: int
    last: int
    header: str
    producers: dict[str, str]
    styles: dict[int, str] = field(default_factory=dict)
    title_lines: dict[int, tuple[str, ...]] = field(default_factory=dict)
    split_after: tuple[int, str] | None = None


# Line numbers are 1-based lines of corpus/text/<doc_id>.txt; blank lines are skipped.
# styles: title (22 pt, centred), centre (16 pt, centred), flush (no indent),
# right (right-aligned, four characters from the margin); every other line is a body paragraph.
# producers: producer name -> page number style ("dash" — 3 —, "hyphen" -3-, "di" 第3页, "di_of" 第 3 页 共 N 页).
NOTICES = (
    Notice(
        doc_id="yq-draft-2024", first=1, last=62,
        header="晋创谷·阳泉政策措施（征求意见稿）",
        producers={"reportlab": "dash", "fpdf2": "di"},
        styles={1: "title", 6: "right", 8: "right", 10: "title", 12: "centre"},
        title_lines={1: ("“晋创谷·阳泉”创新驱动平台专项政策措施", "(征求意见稿)"),
                     10: ("“晋创谷·阳泉”创新驱动平台", "专项政策措施")},
        split_after=(28, "一次性给予50"),
    ),
    Notice(
        doc_id="sx-jinchuanggu-5-2023", first=1, last=117,
        header="晋政办发〔2023〕95号文件",
        producers={"reportlab": "dash", "fpdf2": "hyphen"},
        styles={1: "title", 3: "title", 5: "title", 7: "centre", 9: "flush", 15: "right", 17: "right",
                21: "centre", 33: "centre", 45: "centre", 67: "centre", 107: "centre"},
        split_after=(95, "50万元、200"),
    ),
    Notice(
        doc_id="jz-jinchuanggu-2025", first=2, last=42,
        header="“晋创谷·晋中”支持措施",
        producers={"fpdf2": "di_of"},
        styles={2: "title", 3: "title"},
        split_after=(29, "单个众创空间奖补总额最高20"),
    ),
)


@dataclass(frozen=True)
class Block:
    """One rendered paragraph: its printed lines and style."""

    source_line: int
    style: str
    lines: tuple[str, ...]


def notice_paragraphs(notice: Notice) -> list[tuple[int, str, str]]:
    """The notice's non-blank source lines as (line number, style, text)."""
    lines = (TEXT_DIR / f"{notice.doc_id}.txt").read_text(encoding="utf-8").splitlines()
    picked = []
    for number in range(notice.first, notice.last + 1):
        text = lines[number - 1].strip()
        if text:
            picked.append((number, notice.styles.get(number, "body"), text))
    return picked


def expected_paragraphs(notice: Notice) -> list[str]:
    """The paragraphs a reader should get back: one per printed title line, one per other block."""
    out = []
    for number, style, text in notice_paragraphs(notice):
        parts = notice.title_lines.get(number, (text,))
        assert "".join(parts) == text, f"title split of line {number} does not match the source"
        out.extend(parts)
    return out


def page_number_text(style: str, page: int, pages: int) -> str:
    """The page number as printed in the footer."""
    return {"dash": f"— {page} —", "hyphen": f"-{page}-", "di": f"第{page}页",
            "di_of": f"第 {page} 页 共 {pages} 页"}[style]


class Canvas:
    """What a producer must offer the layout: glyph widths, pages, positioned text."""

    spaced_digits = False
    furniture_first = True

    def width(self, text: str, size: float) -> float:
        raise NotImplementedError

    def new_page(self) -> None:
        raise NotImplementedError

    def text(self, x: float, top: float, text: str, size: float, char_space: float = 0.0) -> None:
        raise NotImplementedError

    def save(self, path: Path) -> None:
        raise NotImplementedError


class ReportlabCanvas(Canvas):
    """reportlab with the Adobe-GB1 CID font STSong-Light (not embedded)."""

    def __init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        self._metrics = pdfmetrics
        self._canvas = canvas.Canvas(io.BytesIO(),  # written with getpdfdata(), never to this buffer
                                      pagesize=(PAGE_W, PAGE_H), invariant=1)
        self._started = False

    def width(self, text: str, size: float) -> float:
        return sum(self._metrics.stringWidth(run, font, size) for font, run in self._runs(text))

    def new_page(self) -> None:
        if self._started:
            self._canvas.showPage()
        self._started = True

    def text(self, x: float, top: float, text: str, size: float, char_space: float = 0.0) -> None:
        obj = self._canvas.beginText(x, PAGE_H - top)
        obj.setCharSpace(char_space)
        for font, run in self._runs(text):
            obj.setFont(font, size)
            obj.textOut(run)
        self._canvas.drawText(obj)

    @staticmethod
    def _runs(text: str) -> list[tuple[str, str]]:
        """Runs of text per font: U+00B7 is not in STSong-Light's UniGB-UCS2-H CMap, so it is set in Times."""
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = "Times-Roman" if ch == "\u00b7" else "STSong-Light"
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def save(self, path: Path) -> None:
        path.write_bytes(self._canvas.getpdfdata())


class FpdfCanvas(Canvas):
    """fpdf2 with an embedded, subset TrueType CJK font; spaces around digit runs like office exports."""

    spaced_digits = True
    furniture_first = False

    def __init__(self) -> None:
        from fpdf import FPDF

        self._pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
        self._pdf.set_auto_page_break(False)
        self._pdf.add_font("cjk", fname=str(CJK_FONT))
        self._pdf.set_creation_date(FIXED_DATE)

    def width(self, text: str, size: float) -> float:
        self._pdf.set_font("cjk", size=size)
        return self._pdf.get_string_width(text)

    def new_page(self) -> None:
        self._pdf.add_page()

    def text(self, x: float, top: float, text: str, size: float, char_space: float = 0.0) -> None:
        self._pdf.set_font("cjk", size=size)
        self._pdf.set_char_spacing(char_space)
        self._pdf.text(x, top, text)
        self._pdf.set_char_spacing(0)

    def save(self, path: Path) -> None:
        path.write_bytes(bytes(self._pdf.output()))


def office_spacing(text: str) -> str:
    """Put a space between Chinese and Latin or digit runs, as office suites' PDF export does."""
    out = []
    for prev, ch in zip(" " + text, text):
        if _is_latin(prev) and _is_han(ch) or _is_han(prev) and _is_latin(ch):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_han(ch: str) -> bool:
    return not ch.isascii() and ch.isalnum()


def wrap(canvas: Canvas, text: str, first_indent: float, split_at: int | None) -> list[str]:
    """Break a paragraph into lines of at most TEXT_W points, Chinese line-breaking rules applied."""
    lines, start = [], 0
    while start < len(text):
        avail = TEXT_W - (first_indent if not lines else 0)
        end = start
        while end < len(text) and canvas.width(text[start:end + 1], BODY_SIZE) <= avail + 0.01:
            end += 1
        if split_at is not None and start < split_at <= end + 4 and end - split_at <= 8:
            end = split_at
        while end < len(text) and (text[end] in NO_LINE_START or text[end - 1] in NO_LINE_END):
            end -= 1
        end = _word_start(text, start, end)
        lines.append(text[start:end].strip(" "))
        start = end
    return lines


def _word_start(text: str, start: int, end: int) -> int:
    """Move a break out of a Latin word or number (office suites do not split 163.com or 2024)."""
    word = end
    while word > start and _in_word(text[word - 1]) and end < len(text) and _in_word(text[end]):
        word -= 1
    return word if word > start else end


def _in_word(ch: str) -> bool:
    return ch.isascii() and not ch.isspace() and ch not in ",;:()"


class Layout:
    """Flows blocks onto pages, drawing the running header and the page numbers."""

    def __init__(self, canvas: Canvas, notice: Notice, number_style: str, pages: int) -> None:
        self.canvas, self.notice, self.number_style, self.pages = canvas, notice, number_style, pages
        self.page, self.top = 0, 0.0

    def start_page(self) -> None:
        if self.page and not self.canvas.furniture_first:
            self._furniture()
        self.canvas.new_page()
        self.page += 1
        self.top = TOP + BODY_SIZE * 0.88
        if self.canvas.furniture_first:
            self._furniture()

    def finish(self) -> None:
        if not self.canvas.furniture_first:
            self._furniture()

    def _furniture(self) -> None:
        if self.page > 1:
            header = self.notice.header
            self.canvas.text(self._centre_x(header, 10.5), HEADER_BASELINE, header, 10.5)
        number = page_number_text(self.number_style, self.page, self.pages)
        width = self.canvas.width(number, FURNITURE_SIZE)
        if self.number_style == "dash":  # GB/T 9704: odd pages right, even pages left, one character in
            x = LEFT + TEXT_W - BODY_SIZE - width if self.page % 2 else LEFT + BODY_SIZE
        else:
            x = LEFT + (TEXT_W - width) / 2
        self.canvas.text(x, FOOTER_BASELINE, number, FURNITURE_SIZE)

    def line(self, text: str, x: float, size: float, pitch: float, char_space: float = 0.0) -> None:
        if self.page == 0 or self.top > TOP + LINES_PER_PAGE * PITCH:
            self.start_page()
        self.canvas.text(x, self.top, text, size, char_space)
        self.top += pitch

    def _centre_x(self, text: str, size: float) -> float:
        return LEFT + (TEXT_W - self.canvas.width(text, size)) / 2

    def block(self, number: int, style: str, text: str) -> None:
        if self.canvas.spaced_digits:
            text = office_spacing(text)
        if style == "title":
            parts = self.notice.title_lines.get(number, (text,))
            for part in map(office_spacing, parts) if self.canvas.spaced_digits else parts:
                assert self.canvas.width(part, TITLE_SIZE) <= TEXT_W, f"title line too long: {part}"
                self.line(part, self._centre_x(part, TITLE_SIZE), TITLE_SIZE, 1.5 * TITLE_SIZE)
            self.top += PITCH / 2
        elif style == "centre":
            self.line(text, self._centre_x(text, BODY_SIZE), BODY_SIZE, PITCH)
        elif style == "right":
            x = LEFT + TEXT_W - 4 * BODY_SIZE - self.canvas.width(text, BODY_SIZE)
            self.line(text, x, BODY_SIZE, PITCH)
        else:
            self.paragraph(number, text, 0.0 if style == "flush" else 2 * BODY_SIZE)

    def paragraph(self, number: int, text: str, indent: float) -> None:
        split = None
        if self.notice.split_after and self.notice.split_after[0] == number:
            needle = self.notice.split_after[1]
            needle = office_spacing(needle) if self.canvas.spaced_digits else needle
            split = text.index(needle) + len(needle)
        lines = wrap(self.canvas, text, indent, split)
        for i, part in enumerate(lines):
            first = indent if i == 0 else 0.0
            last = i == len(lines) - 1
            room = TEXT_W - first - self.canvas.width(part, BODY_SIZE)
            space = 0.0 if last or len(part) < 2 else room / (len(part) - 1)
            self.line(part, LEFT + first, BODY_SIZE, PITCH, space)


def render(notice: Notice, producer: str, number_style: str) -> Path:
    """Render one notice with one producer into corpus/pdf/<doc-id>.<producer>.pdf."""
    pages = 0
    for _ in range(2):  # the first pass counts pages for 第 3 页 共 N 页
        canvas = ReportlabCanvas() if producer == "reportlab" else FpdfCanvas()
        layout = Layout(canvas, notice, number_style, pages)
        for number, style, text in notice_paragraphs(notice):
            layout.block(number, style, text)
        layout.finish()
        pages = layout.page
    path = PDF_DIR / f"{notice.doc_id}.{producer}.pdf"
    canvas.save(path)
    return path


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_page_objects(first: int, contents: list[bytes], font: bytes) -> list[bytes]:
    """Pages tree (object `first`), one page per content stream, all sharing one font object."""
    count = len(contents)
    font_ref = first + 1 + 2 * count
    kids = b" ".join(b"%d 0 R" % (first + 1 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first, first + 2 + 2 * i, font_ref))
        objects.append(stream(content))
    return objects + font


def cid_font_objects(first: int, encoding: bytes, embedded_cmap: bool) -> list[bytes]:
    """A Type0 font: STSong-Light with a predefined CMap, or an Identity-H font with no ToUnicode."""
    if embedded_cmap:
        return [b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding %s /DescendantFonts [%d 0 R] >>"
                % (encoding, first + 1),
                b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R >>" % (first + 2),
                b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
                b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"]
    return [b"<< /Type /Font /Subtype /Type0 /BaseFont /SubsetSong /Encoding /Identity-H /DescendantFonts [%d 0 R] >>"
            % (first + 1),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetSong /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>"
            % (first + 2),
            b"<< /Type /FontDescriptor /FontName /SubsetSong /Flags 4 /FontBBox [0 -200 1000 900] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"]


def show_lines(lines: list[bytes]) -> bytes:
    """A content stream showing hex strings on successive lines."""
    ops = [b"BT /F1 16 Tf 80 760 Td"]
    ops += [b"<%s> Tj 0 -29 Td" % line for line in lines]
    return b" ".join(ops) + b" ET"


def ucs2(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def glyph_ids(count: int, seed: int) -> bytes:
    """Subset-font glyph ids, which mean nothing without a ToUnicode map."""
    return b"".join(b"%04X" % ((seed + 97 * i) % 1800 + 3) for i in range(count))


def cid_garbage_pdf() -> bytes:
    """BAD_INPUTS #18: Identity-H font without ToUnicode; every page reads as (cid:N) or control codes."""
    pages = [show_lines([glyph_ids(26, seed + row) for row in range(12)]) for seed in (1, 500)]
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>"] + text_page_objects(2, pages, cid_font_objects(7, b"", False)))


def mixed_cid_pdf() -> bytes:
    """A readable first page (STSong-Light, UniGB-UCS2-H) and an undecodable second page.

    Two fonts are needed, so the font objects are written by hand: F1 readable, F2 without ToUnicode.
    """
    readable = show_lines([ucs2(line) for line in MIXED_READABLE])
    garbage = show_lines([glyph_ids(26, row) for row in range(10)]).replace(b"/F1", b"/F2")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>",
        stream(readable),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
        b"/Resources << /Font << /F2 10 0 R >> >> >>",
        stream(garbage),
    ]
    return raw_pdf(objects + cid_font_objects(7, b"/UniGB-UCS2-H", True) + cid_font_objects(10, b"", False))


MIXED_READABLE = ("一、对新认定的企业给予50万元奖励。", "二、本措施自2024年1月1日起施行。")


def zero_pages_pdf() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def cyclic_pages_pdf() -> bytes:
    """BAD_INPUTS #7: a Pages node whose kid is a Pages node pointing back at it."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])


def image_only_pdf() -> bytes:
    """A scanned page: one grey image, no text operators."""
    pixels = zlib.compress(bytes((x * 7 + y * 3) % 256 for y in range(40) for x in range(60)))
    content = b"q 500 0 0 330 40 400 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(content),
        stream(pixels, b"/Type /XObject /Subtype /Image /Width 60 /Height 40 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode"),
    ]
    return raw_pdf(objects)


def encrypted_pdf(source: Path) -> bytes:
    """BAD_INPUTS #14: a user password is needed to open the file."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_hostile() -> list[Path]:
    """Write the broken and unreadable PDFs the loader must reject with a stable code."""
    good = PDF_DIR / "yq-draft-2024.reportlab.pdf"
    files = {
        "encrypted.pdf": encrypted_pdf(good),
        "image-only.pdf": image_only_pdf(),
        "cid-identity-h.pdf": cid_garbage_pdf(),
        "mixed-cid.pdf": mixed_cid_pdf(),
        "truncated.pdf": good.read_bytes()[: len(good.read_bytes()) // 2],
        "zero-pages.pdf": zero_pages_pdf(),
        "cyclic-pages.pdf": cyclic_pages_pdf(),
        "html-renamed.pdf": "<html><body><p>补贴100万元</p></body></html>\n".encode(),
    }
    paths = []
    for name, data in files.items():
        path = HOSTILE_DIR / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main() -> None:
    """Write every corpus PDF and every hostile fixture."""
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    HOSTILE_DIR.mkdir(parents=True, exist_ok=True)
    for notice in NOTICES:
        for producer, style in notice.producers.items():
            print(render(notice, producer, style))
    for path in write_hostile():
        print(path)


if __name__ == "__main__":
    main()
