"""PDF stage: corpus PDFs rendered by scripts/make_pdfs.py, and hostile PDFs that must fail with a code.

Expected paragraphs come from the corpus text lines the script rendered
(`NOTICES` names them), never from the loader's own output.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
import sys
import zlib
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.errors import PdfError, PolicyxError
from extractor.ingest import sniff
from extractor.ingest import pdf as pdf_module
from extractor.ingest.pdf import load_pdf

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "pdf"


def _script():
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "scripts" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_pdfs"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


MAKE = _script()
CASES = [(notice, producer) for notice in MAKE.NOTICES for producer in notice.producers]
IDS = [f"{notice.doc_id}.{producer}" for notice, producer in CASES]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_path(notice, producer: str) -> Path:
    return MAKE.PDF_DIR / f"{notice.doc_id}.{producer}.pdf"


@cache
def loaded(doc_id: str, producer: str, engine: str = "auto"):
    path = MAKE.PDF_DIR / f"{doc_id}.{producer}.pdf"
    return load_pdf(path.read_bytes(), path, engine=engine)


@pytest.mark.parametrize(("notice", "producer"), CASES, ids=IDS)
def test_text_is_the_rendered_notice(notice, producer):
    got = loaded(notice.doc_id, producer)
    assert squash(got.text) == squash("".join(MAKE.expected_paragraphs(notice)))


@pytest.mark.parametrize(("notice", "producer"), CASES, ids=IDS)
def test_one_line_per_rendered_paragraph(notice, producer):
    expected = [squash(p) for p in MAKE.expected_paragraphs(notice)]
    got = [squash(p) for p in loaded(notice.doc_id, producer).text.split("\n")]
    assert got == expected


@pytest.mark.parametrize(("notice", "producer"), CASES, ids=IDS)
def test_page_furniture_is_dropped_and_reported(notice, producer):
    got = loaded(notice.doc_id, producer)
    number_style = notice.producers[producer]
    expected = {("B_PAGE_NUMBER", page, squash(MAKE.page_number_text(number_style, page, got.pages)))
                for page in range(1, got.pages + 1)}
    expected |= {("B_PAGE_HEADER", page, squash(notice.header)) for page in range(2, got.pages + 1)}
    assert {(d.reason, d.page, squash(d.text)) for d in got.dropped} == expected
    source = squash("".join(MAKE.expected_paragraphs(notice)))
    assert squash(got.text).count(squash(notice.header)) == source.count(squash(notice.header))
    assert not re.search(r"—\d+—|-\d+-|第\d+页", squash(got.text))


def page_of(text: str, pdf: Path) -> int:
    """The page a phrase is printed on, read independently with pdfium."""
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        if text in squash(document[index].get_textpage().get_text_range()):
            return index + 1
    raise AssertionError(f"{text} not printed in {pdf}")


PHRASES = {
    "yq-draft-2024": ["健全科技信贷风险补偿机制", "支持众创孵化机构建设"],
    "sx-jinchuanggu-5-2023": ["建立容错机制和尽职免责机制", "创新产品优先采购"],
    "jz-jinchuanggu-2025": ["建立创新容错机制", "支持孵化载体建设"],
}


@pytest.mark.parametrize(("notice", "producer"), CASES, ids=IDS)
def test_page_starts_map_phrases_to_their_page(notice, producer):
    got = loaded(notice.doc_id, producer)
    assert len(got.page_starts) == got.pages
    assert list(got.page_starts) == sorted(got.page_starts) and got.page_starts[0] == 0
    for phrase in PHRASES[notice.doc_id]:
        offset = got.text.index(phrase)
        assert bisect.bisect_right(got.page_starts, offset) == page_of(phrase, pdf_path(notice, producer))


SPLIT_AMOUNTS = {  # (end of a printed line, the amount as it must read): the unit starts the next line
    ("yq-draft-2024", "reportlab"): ("一次性给予50", "一次性给予50万元"),
    ("yq-draft-2024", "fpdf2"): ("一次性给予50", "一次性给予50万元"),
    ("sx-jinchuanggu-5-2023", "reportlab"): ("50万元、200", "50万元、200万元奖励"),  # across a page break
    ("sx-jinchuanggu-5-2023", "fpdf2"): ("50万元、200", "50万元、200万元奖励"),
    ("jz-jinchuanggu-2025", "fpdf2"): ("总额最高20", "总额最高20万元"),
}


@pytest.mark.parametrize(("key", "split"), SPLIT_AMOUNTS.items(), ids=["-".join(k) for k in SPLIT_AMOUNTS])
def test_amount_split_across_lines_is_rejoined(key, split):
    doc_id, producer = key
    line_end, amount = split
    document = pdfium.PdfDocument(MAKE.PDF_DIR / f"{doc_id}.{producer}.pdf")
    printed = [squash(line) for page in document for line in page.get_textpage().get_text_range().split("\r\n")]
    assert any(line.endswith(line_end) for line in printed), "fixture no longer splits the amount"
    assert amount in loaded(doc_id, producer).text


def test_office_spacing_is_removed():
    printed = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(
        MAKE.PDF_DIR / "jz-jinchuanggu-2025.fpdf2.pdf"))
    assert "给予 10 万元" in printed
    assert "给予10万元" in loaded("jz-jinchuanggu-2025", "fpdf2").text
    assert "yqskjjpjk@163.com" in loaded("yq-draft-2024", "fpdf2").text


@pytest.mark.parametrize(("notice", "producer"), CASES, ids=IDS)
def test_engines_agree(notice, producer):
    fast = loaded(notice.doc_id, producer, "pdfium")
    slow = loaded(notice.doc_id, producer, "pdfplumber")
    assert (fast.engine, slow.engine) == ("pdfium", "pdfplumber")
    assert fast.text.split("\n") == slow.text.split("\n")
    assert fast.page_starts == slow.page_starts


HOSTILE_CASES = [
    ("encrypted.pdf", "E_PDF_ENCRYPTED"),  # BAD_INPUTS #14
    ("image-only.pdf", "E_NO_TEXT_LAYER"),  # BAD_INPUTS #22 (OCR reads nothing)
    ("cid-identity-h.pdf", "E_NO_TEXT_LAYER"),  # BAD_INPUTS #18 (no glyph decodes)
    ("truncated.pdf", "E_PDF_MALFORMED"),  # BAD_INPUTS #3
    ("zero-pages.pdf", "E_NO_PAGES"),
    ("cyclic-pages.pdf", "E_NO_PAGES"),  # BAD_INPUTS #7
    ("html-renamed.pdf", "E_PDF_MALFORMED"),  # BAD_INPUTS #2 (handed to the PDF loader anyway)
]


@pytest.mark.parametrize("engine", ["auto", "pdfium", "pdfplumber"])
@pytest.mark.parametrize(("name", "code"), HOSTILE_CASES, ids=[name for name, _ in HOSTILE_CASES])
def test_hostile_pdf_raises_its_code(name, code, engine):
    path = HOSTILE / name
    with pytest.raises(PdfError) as caught:
        load_pdf(path.read_bytes(), path, engine=engine)
    assert caught.value.code == code
    assert caught.value.path == str(path)


def test_no_text_layer_messages_say_which():
    for name, words in (("image-only.pdf", "scanned"), ("cid-identity-h.pdf", "(cid:N)")):
        with pytest.raises(PdfError, match=re.escape(words)):
            load_pdf((HOSTILE / name).read_bytes(), HOSTILE / name)


def test_html_named_pdf_is_caught_by_sniffing():  # BAD_INPUTS #2
    path = HOSTILE / "html-renamed.pdf"
    with pytest.raises(PolicyxError) as caught:
        sniff(path.read_bytes(), path)
    assert caught.value.code == "E_TYPE_MISMATCH"


@pytest.mark.parametrize("engine", ["auto", "pdfium", "pdfplumber"])
def test_undecodable_page_is_left_out_with_a_warning(engine):  # BAD_INPUTS #18 (a whole page)
    path = HOSTILE / "mixed-cid.pdf"
    got = load_pdf(path.read_bytes(), path, engine=engine)
    assert got.text.split("\n") == list(MAKE.MIXED_READABLE)
    assert [issue.code for issue in got.issues] == ["W_CID_GLYPHS"]
    assert got.page_starts == (0, len(got.text))


def blank_pages(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return MAKE.raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                         b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)] + pages)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_too_many_pages_is_refused_before_reading(engine):  # BAD_INPUTS #16 at the limit (20,000 pages: test_bad_inputs_pdf)
    with pytest.raises(PdfError) as caught:
        load_pdf(blank_pages(501), Path("long.pdf"), engine=engine)
    assert caught.value.code == "E_TOO_MANY_PAGES"


@pytest.mark.parametrize("error", [MemoryError(), zlib.error("Error -4: could not allocate memory")])
def test_memory_exhaustion_is_a_resource_limit(monkeypatch, error):  # BAD_INPUTS #12, #13 past the pre-check
    def explode(*args):
        raise error

    monkeypatch.setattr(pdf_module, "_read_pages", explode)
    path = HOSTILE / "mixed-cid.pdf"
    with pytest.raises(PolicyxError) as caught:
        load_pdf(path.read_bytes(), path)
    assert caught.value.code == "E_RESOURCE_LIMIT"


def test_cmap_path_is_scrubbed(monkeypatch, tmp_path):  # BAD_INPUTS #21 (empty folder; a planted map: test_bad_inputs_pdf)
    monkeypatch.setenv("CMAP_PATH", str(tmp_path))
    path = HOSTILE / "mixed-cid.pdf"
    got = load_pdf(path.read_bytes(), path, engine="pdfplumber")
    assert "CMAP_PATH" not in __import__("os").environ
    assert got.text.startswith("一、对新认定的企业给予50万元奖励。")


def body_line(text: str, row: int, x0: float = 80.0, x1: float = 528.0, page: int = 1):
    from extractor.ingest.pdf_layout import Line

    return Line(text, text, x0, x1, 100.0 + 29 * row, 16.0, page)


def test_layout_rules_on_hand_made_lines():  # BAD_INPUTS #24 (layout rules alone)
    from extractor.ingest.pdf_layout import build_text

    lines = [
        body_line("对获得国家科学技术进步特、", 0, x0=112),
        body_line("一、二等奖项目的企业，补贴金额为10", 1),   # 一、 after 、 continues the sentence
        body_line("0万元。The policy applies to", 2),
        body_line("new firms.", 3, x1=240),
        body_line("1.5万元为上限。", 4, x1=200),               # a short line ends the paragraph
        body_line("2024年起施行。", 5),
        body_line("1.支持研发。", 6, x1=180),                  # a clause label after a full line
    ]
    layout = build_text([lines[:4], lines[4:]])
    assert layout.text.split("\n") == [
        "对获得国家科学技术进步特、一、二等奖项目的企业，补贴金额为100万元。The policy applies to new firms.",
        "1.5万元为上限。",
        "2024年起施行。",
        "1.支持研发。",
    ]
    assert [issue.code for issue in layout.issues] == ["W_NUMBER_SPLIT_ACROSS_LINES"]
    span = layout.issues[0].span
    assert layout.text[span.start:span.end] == "100"
    assert layout.page_starts == (0, layout.text.index("1.5万元"))


def test_browser_print_header_and_footer_are_dropped_on_every_page():
    from extractor.ingest.pdf_layout import Line, drop_furniture

    def page(number: int) -> list[Line]:
        words = ("对首次认定的企业", "给予一次性奖励", "对通过复审的企业", "按研发投入的比例", "由市科技局负责")
        body = [Line(f"{words[i]}{'补贴资金' * number}。", "", 72, 500, 100 + 20 * i, 12, number) for i in range(5)]
        header = Line("12/2/26, 4:43 AM 关于印发若干措施的通知_晋中市人民政府", "12/2/26, 4:43 AM 关于印发若干措施的通知_晋中市人民政府",
                      20, 580, 10, 8, number)
        footer = Line(f"https://www.sxjz.gov.cn/zwgk/art/1.html {number}/2", f"https://www.sxjz.gov.cn/zwgk/art/1.html {number}/2",
                      20, 580, 820, 8, number)
        return [header, *body, footer]

    kept, dropped = drop_furniture([page(1), page(2)])
    assert [len(lines) for lines in kept] == [5, 5]
    assert sorted({d.reason for d in dropped}) == ["B_PRINT_FOOTER", "B_PRINT_HEADER"]


@pytest.mark.parametrize("size", [0, 1, 3, 4, 5, 17, 1000, 65_537])
@pytest.mark.parametrize("wrap", [0, 10, 75])
def test_ascii85_reads_as_the_standard_library_does(size, wrap):
    """reportlab's /A85 streams are decoded to bound what they inflate to; the fast decoder must agree with base64's."""
    import base64
    import random

    from extractor.ingest.pdf import a85decode

    raw = bytes(random.Random(size).randrange(256) for _ in range(size)) if size % 2 else b"\0" * size  # zeros print as z
    encoded = base64.a85encode(raw, wrapcol=wrap)
    assert a85decode(encoded) == raw == base64.a85decode(encoded, ignorechars=b" \t\n\r\x0b\x0c\x00")


@pytest.mark.parametrize("bad", [b"87cU{", b"uuuuu"])
def test_ascii85_that_is_not_is_an_error(bad):
    from extractor.ingest.pdf import a85decode

    with pytest.raises(ValueError):
        a85decode(bad)
