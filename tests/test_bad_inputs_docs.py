"""BAD_INPUTS.md rows #28–#61: Word files, web pages, plain text, encodings and normalisation.

Each input is built here, small, and each row asserts what is refused (the
error code) or what is read (the issue codes and the amounts, in yuan).
Rows an older test covers carry a `# BAD_INPUTS #N` comment on that test instead:
#36 test_ingest_docx.py::test_tracked_changes_read_as_final_text; #46 and #60
test_diff_report.py (and test_hostile.py for #60); #48–#53 test_text_decode.py
(and test_hostile.py::test_mojibake_saved_as_text_is_warned for #50).
"""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from extractor.errors import PolicyxError
from extractor.ingest import OLE2_MAGIC, html, legacy
from extractor.pipeline import run, run_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"'
CLOSING = "第二条　本办法自发布之日起施行。"
LINE = "一、对新认定的企业给予{}奖励。\n"  # one clause of a text notice, the figure in the braces


def amounts(notice) -> list[str]:
    return [str(f.value) for c in notice.clauses() for f in c.facts if f.kind == "money"]


def codes(notice) -> list[str]:
    return [issue.code for issue in notice.issues]


def refusal(data: bytes, name: str) -> PolicyxError:
    with pytest.raises(PolicyxError) as caught:
        run_bytes(data, name)
    return caught.value


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def notice_docx(*paragraphs: str) -> docx.Document:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def repack(data: bytes, edits: dict | None = None, extra: dict[str, bytes] | None = None,
           drop: tuple[str, ...] = ()) -> bytes:
    """The package with members rewritten by `edits` (name → function of the bytes), `extra` added, `drop` left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in drop:
                member = source.read(info)
                target.writestr(info.filename, (edits or {}).get(info.filename, lambda m: m)(member))
        for name, member in (extra or {}).items():
            target.writestr(name, member)
    return out.getvalue()


def no_unpacking(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a member was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


# DOCX ------------------------------------------------------------------------------------------------


def test_valid_chinese_docx_is_read_the_same_every_time():  # BAD_INPUTS #28
    data = docx_bytes(notice_docx("第一条　补贴标准为１００万元。"))
    notice = run_bytes(data, "notice.docx")
    assert [(c.path, c.text) for c in notice.clauses()] == [("第一条", "第一条\u3000补贴标准为１００万元。")]
    [fact] = [f for c in notice.clauses() for f in c.facts]
    assert (str(fact.value), fact.raw, notice.text[fact.span.start:fact.span.end]) == ("1000000", "１００万元", "１００万元")
    assert codes(notice) == [] and notice.source.kind == "docx"
    # golden: a package built again (other zip timestamps, so another hash) gives the same record byte for byte
    again = run_bytes(docx_bytes(notice_docx("第一条　补贴标准为１００万元。")), "notice.docx")
    assert again.model_dump_json(exclude={"source": {"sha256"}}) == notice.model_dump_json(exclude={"source": {"sha256"}})


@pytest.mark.parametrize(("data", "code"), [
    pytest.param(OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512), "E_LEGACY_WORD",
                 id="word-97-2003"),
    pytest.param(OLE2_MAGIC + bytes(1024), "E_UNSUPPORTED_TYPE", id="ole2-magic-and-padding"),
])
def test_legacy_doc_named_docx_is_taken_for_what_it_is(monkeypatch, data, code):  # BAD_INPUTS #29
    # E_LEGACY_WORD is the project's code for E_DOCX_LEGACY_DOC; with LibreOffice a real .doc is read
    monkeypatch.setattr(legacy, "converter", lambda: None)
    error = refusal(data, "notice.docx")
    assert error.code == code
    assert ("LibreOffice" if code == "E_LEGACY_WORD" else "neither a Word nor a WPS document") in error.message


def test_zip_without_content_types_is_refused_with_a_reason():  # BAD_INPUTS #30
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("hello.txt", "补贴100万元")
    assert refusal(plain.getvalue(), "notice.docx").code == "E_UNSUPPORTED_TYPE"  # no Word part at all
    package = repack(docx_bytes(notice_docx("补贴100万元")), drop=("[Content_Types].xml",))
    error = refusal(package, "notice.docx")
    assert error.code == "E_DOCX_MALFORMED"
    assert "[Content_Types].xml is missing" in error.message and "KeyError" not in error.message


LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>")
XXE = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(("part", "prolog", "paragraph", "encoding"), [
    pytest.param("word/document.xml", LAUGHS, "&lol9;", "utf-8", id="billion-laughs"),  # BAD_INPUTS #31
    pytest.param("word/document.xml", XXE, "补贴&x;50万元", "utf-8", id="xxe"),  # BAD_INPUTS #32
    pytest.param("word/document.xml", XXE.replace("UTF-8", "UTF-16"), "补贴&x;50万元", "utf-16", id="xxe-utf-16-bom"),
    pytest.param("word/styles.xml", XXE, "", "utf-8", id="xxe-in-styles"),  # BAD_INPUTS #32
])
def test_any_dtd_in_a_part_is_refused_before_parsing(part, prolog, paragraph, encoding):  # BAD_INPUTS #31, #32
    def edit(member: bytes) -> bytes:
        xml = member.decode("utf-8")
        root = xml[xml.index("<w:styles" if part == "word/styles.xml" else "<w:document"):]
        root = root.replace("</w:body>", f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body>")
        return (prolog + root).encode(encoding)

    data = repack(docx_bytes(notice_docx("第一条　补贴标准为100万元。")), {part: edit})
    error = refusal(data, "notice.docx")
    assert error.code == "E_XML_DTD_FORBIDDEN" and part in error.message
    assert "root:" not in str(error)  # nothing of /etc/passwd, and no reading that silently lost the text around &x;


@pytest.mark.parametrize(("declared", "codec", "code"), [
    pytest.param("UTF-16BE", "utf-16-be", "E_XML_DTD_FORBIDDEN", id="utf-16-be"),
    pytest.param("UCS-2", "utf-16-le", "E_XML_DTD_FORBIDDEN", id="ucs-2-no-bom"),
    # libxml2 reads these, and python-docx then drops the text around &x;; Word writes only UTF-8 and UTF-16
    pytest.param("UTF-32", "utf-32", "E_DOCX_MALFORMED", id="utf-32"),
    pytest.param("ISO-10646-UCS-4", "utf-32-le", "E_DOCX_MALFORMED", id="ucs-4-no-bom"),
    pytest.param("UTF-7", "utf-7", "E_DOCX_MALFORMED", id="utf-7"),
])
def test_a_dtd_is_found_in_any_encoding_or_the_part_refused(declared, codec, code):  # BAD_INPUTS #32
    def edit(member: bytes) -> bytes:
        xml = member.decode("utf-8")
        root = xml[xml.index("<w:document"):].replace("</w:body>", "<w:p><w:r><w:t>补贴&x;50万元</w:t></w:r></w:p></w:body>")
        return (XXE.replace("UTF-8", declared).replace(' standalone="yes"', "") + root).encode(codec)

    data = repack(docx_bytes(notice_docx("第一条　补贴标准为100万元。")), {"word/document.xml": edit})
    assert refusal(data, "notice.docx").code == code


def with_padded_body(base: bytes, filler: bytes, size: int) -> bytes:
    """The package with `size` bytes of `filler` in document.xml's body, compressed as written (never whole in memory)."""
    out = io.BytesIO()
    chunk = filler * (1024 * 1024 // len(filler))
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename != "word/document.xml":
                target.writestr(info.filename, member)
                continue
            head, tail = member.split(b"<w:body>")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"<w:body>")
                for _ in range(size // len(chunk)):
                    stream.write(chunk)
                stream.write(tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def base_docx() -> bytes:
    return docx_bytes(notice_docx("第一条　补贴标准为100万元。"))


PARAGRAPH = "<w:p><w:r><w:t>补贴1万元</w:t></w:r></w:p>".encode()


@pytest.mark.parametrize(("filler", "size"), [
    pytest.param(b" ", 400 * 1024 * 1024, id="one-400-MB-run-of-spaces"),  # BAD_INPUTS #33
    pytest.param(PARAGRAPH, 2_000_000 * len(PARAGRAPH), id="2M-paragraphs-93-MB"),  # BAD_INPUTS #34
])
def test_zip_bomb_is_refused_from_the_directory_without_unpacking(monkeypatch, base_docx, filler, size):  # BAD_INPUTS #33, #34
    data = with_padded_body(base_docx, filler, size)
    assert len(data) < 1024 * 1024  # the row's 444 KB and 300 KB packages
    no_unpacking(monkeypatch)
    started = time.monotonic()
    error = refusal(data, "bomb.docx")
    assert error.code == "E_ZIP_BOMB" and "word/document.xml declares" in error.message and ":1 > 100:1" in error.message
    assert time.monotonic() - started < 1  # the row asks 0.1 s; unpacking takes tens of seconds


def test_fifty_thousand_members_are_refused_before_the_directory_is_read(monkeypatch, base_docx):  # BAD_INPUTS #35
    junk = {f"junk/{i}.xml": b"" for i in range(50_000)}
    data = repack(base_docx, extra=junk)

    def no_directory(*args, **kwargs):
        raise AssertionError("the central directory was read")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", no_directory)
    error = refusal(data, "junk.docx")
    assert error.code == "E_ZIP_BOMB" and "50017 members" in error.message


@pytest.mark.parametrize("closing", [True, False], ids=["table-then-closing", "table-last"])
def test_amount_in_a_table_cell_is_read_where_it_stands(closing):  # BAD_INPUTS #37
    document = notice_docx("第一条　对新认定的企业给予奖励，标准如下：")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "奖励标准", "50万元"
    if closing:
        document.add_paragraph(CLOSING)
    notice = run_bytes(docx_bytes(document), "table.docx")  # a last row was once dropped as a page's trailer
    assert amounts(notice) == ["500000"]
    [fact] = notice.clauses()[0].facts
    # the project's location is the span in Notice.text, where the row stands as "奖励标准 50万元"
    assert notice.text[fact.span.start:fact.span.end] == "50万元"
    assert "\n奖励标准 50万元" in notice.text


def add_part(document, name: str, content_type: str, blob: bytes, reltype: str) -> None:
    part = Part(PackURI(name), content_type, blob, document.part.package)
    document.part.relate_to(part, reltype)


FOOTNOTES = (f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>另对获评优秀的企业奖励5万元。</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>').encode()
TEXT_BOX = (f'<w:p {NS}><w:r><w:t>流程见下图。</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>首次认定补贴10万元</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')


def test_headers_footers_notes_and_text_boxes_are_read_or_named():  # BAD_INPUTS #38
    document = notice_docx("第一条　补贴标准为100万元。")
    document.element.body.insert(len(document.element.body) - 1, parse_xml(TEXT_BOX))
    document.add_paragraph(CLOSING)
    document.sections[0].header.paragraphs[0].text = "本办法所称补贴上限为30万元"
    document.sections[0].footer.paragraphs[0].text = "第 1 页　北京市人民政府发布"
    add_part(document, "/word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
             FOOTNOTES, RT.FOOTNOTES)
    notice = run_bytes(docx_bytes(document), "parts.docx")
    assert amounts(notice) == ["1000000", "100000"]  # the text box is read, after the paragraph anchoring it
    [unscanned] = [issue for issue in notice.issues if issue.code == "W_UNSCANNED_PARTS"]
    assert unscanned.message.endswith(": word/footnotes.xml, word/header1.xml")  # the footer holds no figure


def test_a_running_title_and_page_numbers_are_furniture_not_unscanned_text():  # BAD_INPUTS #38
    document = notice_docx("第一条　补贴标准为100万元。", CLOSING)
    document.sections[0].header.paragraphs[0].text = "北京市人民政府规章"
    document.sections[0].footer.paragraphs[0].text = "- 1 -"
    notice = run_bytes(docx_bytes(document), "furniture.docx")
    assert amounts(notice) == ["1000000"] and codes(notice) == []


def macro_enabled(document) -> bytes:
    add_part(document, "/word/vbaProject.bin", "application/vnd.ms-office.vbaProject", OLE2_MAGIC + bytes(504),
             "http://schemas.microsoft.com/office/2006/relationships/vbaProject")
    return repack(docx_bytes(document), {"[Content_Types].xml": lambda m: m.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")})


def embedded_object(document) -> bytes:
    add_part(document, "/word/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject",
             OLE2_MAGIC + bytes(504), RT.OLE_OBJECT)
    return docx_bytes(document)


ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def external_targets(document) -> bytes:
    document.part._settings_part.relate_to("http://127.0.0.1:9/template.dotm", ATTACHED_TEMPLATE, is_external=True)
    document.part.relate_to("file:///etc/passwd", RT.IMAGE, is_external=True)
    return docx_bytes(document)


@pytest.mark.parametrize(("build", "named"), [
    pytest.param(macro_enabled, "word/vbaProject.bin", id="docm-with-macros"),
    pytest.param(embedded_object, "word/embeddings/oleObject1.bin", id="embedded-ole-object"),
    pytest.param(external_targets, "attachedTemplate → http://127.0.0.1:9/template.dotm", id="external-targets"),
])
def test_macros_objects_and_external_targets_are_named_never_run(build, named):  # BAD_INPUTS #39
    notice = run_bytes(build(notice_docx("第一条　补贴标准为100万元。", CLOSING)), "active.docm")
    assert amounts(notice) == ["1000000"]
    [active] = [issue for issue in notice.issues if issue.code == "W_EMBEDDED_OBJECTS"]
    assert named in active.message
    assert "root:" not in notice.text


def test_a_hyperlink_is_no_external_target_to_flag():  # BAD_INPUTS #39
    document = notice_docx("第一条　补贴标准为100万元。", CLOSING)
    document.part.relate_to("https://www.gov.cn/", RT.HYPERLINK, is_external=True)
    assert codes(run_bytes(docx_bytes(document), "link.docx")) == []


# HTML ------------------------------------------------------------------------------------------------

BODY = "<p>一、对新认定的国家级重点实验室给予一次性奖励50万元。</p><p>二、由市科技局负责组织实施和绩效考核评价工作。</p>"


def page(charset: str, body: str = BODY, title: str = "关于印发奖励办法的通知") -> str:
    return f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>{body}</body></html>'


# Runs of Chinese between ASCII whose UTF-8 bytes are also valid GB18030 (checked in the test)
MOJIBAKE_PRONE = page("gb2312", "<div><p>1. 对新认定的企业给予奖励金50万元</p><p>2. 由市财政部门负责资金拨付</p>"
                                "<p>3. 奖励资金分年拨付到位</p></div>", "关于奖励办法")


@pytest.mark.parametrize(("data", "encoding"), [
    pytest.param(page("utf-8").encode("gbk"), "gb18030", id="declared-utf-8-bytes-gbk"),  # BAD_INPUTS #40
    pytest.param(MOJIBAKE_PRONE.encode("utf-8"), "utf-8", id="declared-gb2312-bytes-utf-8"),
])
def test_a_wrong_charset_declaration_is_noted_and_the_bytes_decoded(data, encoding):  # BAD_INPUTS #40
    if encoding == "utf-8":
        assert "奖励" not in data.decode("gb18030")  # the declared charset decodes, into mojibake
    notice = run_bytes(data, "page.html")
    assert notice.source.encoding == encoding and "\ufffd" not in notice.text
    assert "W_ENCODING_MISMATCH" in codes(notice)
    assert amounts(notice) == ["500000"]


def test_gb2312_label_reads_gbk_and_gb18030_only_characters():  # BAD_INPUTS #41
    body = BODY.replace("国家级", "朱镕基和王䶮创办的")
    data = page("gb2312", body).encode("gb18030")
    for codec in ("gb2312", "gbk"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    notice = run_bytes(data, "page.html")
    assert notice.source.encoding == "gb18030" and "镕" in notice.text and "䶮" in notice.text
    assert "\ufffd" not in notice.text and codes(notice) == []
    assert amounts(notice) == ["500000"]


HIDDEN = ('<html><head><style>.x:after { content: "补贴11万元" }</style><script>var a = "补贴12万元";</script></head>'
          "<body><div>" + BODY + "<noscript>三、补贴13万元。</noscript><template><p>四、补贴14万元。</p></template>"
          '<!-- 五、补贴15万元。 --><iframe srcdoc="&lt;p&gt;六、补贴16万元。&lt;/p&gt;"></iframe>'
          '<p hidden>七、补贴17万元。</p><p style="display: none">八、补贴18万元。</p>'
          '<p aria-hidden="true">九、补贴19万元。</p><p style="visibility:hidden">十、补贴20万元。</p></div></body></html>')


def test_only_the_visible_amount_is_read_and_hidden_figures_are_noted():  # BAD_INPUTS #42
    notice = run_bytes(HIDDEN.encode(), "hidden.html")
    assert amounts(notice) == ["500000"]
    [hidden] = [issue for issue in notice.issues if issue.code == "W_HIDDEN_CONTENT"]
    assert all(f"{n}万元" in hidden.message for n in (17, 18, 19, 20))


def adjacent_cells_docx() -> bytes:
    document = notice_docx("一、对新认定的国家级重点实验室给予一次性奖励，由市科技局负责组织实施和绩效考核。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "补贴金额10", "0万元"
    document.add_paragraph("二、本办法自发布之日起施行。")
    return docx_bytes(document)


@pytest.mark.parametrize(("data", "name"), [
    pytest.param(("<html><body><div><p>一、对新认定的国家级重点实验室给予一次性奖励，由市科技局负责组织实施和绩效考核。</p>"
                  "<table><tr><td>补贴金额10</td><td>0万元</td></tr></table><p>二、本办法自发布之日起施行。</p>"
                  "</div></body></html>").encode(), "cells.html", id="html"),
    pytest.param(adjacent_cells_docx(), "cells.docx", id="docx"),
])
def test_adjacent_cells_make_no_amount(data, name):  # BAD_INPUTS #43
    notice = run_bytes(data, name)
    assert "补贴金额10 0万元" in notice.text.split("\n")
    assert "1000000" not in amounts(notice)


def test_a_67_mb_page_is_refused_before_parsing(monkeypatch, tmp_path):  # BAD_INPUTS #44
    paragraph = "<p>一、对新认定的企业给予10万元奖励。</p>".encode()
    data = b"<html><body>" + paragraph * (67 * 1024 * 1024 // len(paragraph)) + b"</body></html>"

    def no_parsing(*args, **kwargs):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html, "load_html", no_parsing)
    path = tmp_path / "big.html"
    path.write_bytes(data)
    with pytest.raises(PolicyxError) as caught:
        run(path)
    assert caught.value.code == "E_TOO_LARGE"
    assert refusal(data, "big.html").code == "E_TOO_LARGE"


def test_a_hundred_thousand_nested_divs_are_read():  # BAD_INPUTS #45
    clause = "<p>一、对新认定的国家级重点实验室给予一次性奖励50万元，由市科技局负责组织实施。</p>"
    notice = run_bytes(("<html><body>" + "<div>" * 100_000 + clause + "</div>" * 100_000 + "</body></html>").encode(),
                       "deep.html")
    assert amounts(notice) == ["500000"]
    # lxml's parser stops at depth 256 and drops what is deeper: text on both sides of the deep part is kept, in order
    around = ("<html><body><div class='TRS_Editor'><p>一、首次认定的企业给予10万元奖励。</p>" + "<div>" * 300
              + clause.replace("一、", "二、") + "<script>var award = '99万元';</script>" + "</div>" * 300
              + "<p>三、复审通过的企业给予5万元奖励。</p></div></body></html>")
    notice = run_bytes(around.encode(), "deep.html")
    assert [c.path for c in notice.clauses()] == ["一", "二", "三"]
    assert amounts(notice) == ["100000", "500000", "50000"]


def test_a_page_showing_only_an_image_has_no_content():  # BAD_INPUTS #47
    # E_NO_CONTENT is the project's code for a page without text (the row proposes E_NO_TEXT_LAYER)
    data = '<html><head><title>关于印发补贴办法的通知</title></head><body><img src="notice.png"></body></html>'.encode()
    assert refusal(data, "image.html").code == "E_NO_CONTENT"


# Plain text, encodings, normalisation --------------------------------------------------------------


@pytest.mark.parametrize(("figure", "invisible"), [
    pytest.param("10\u200b0万元", True, id="zero-width-space"),
    pytest.param("10\u20600万元", True, id="word-joiner"),
    pytest.param("1\u00ad00万元", True, id="soft-hyphen"),
    pytest.param("100\xa0万元", False, id="nbsp"),
    pytest.param("\u3000100万元", False, id="ideographic-space"),
])
def test_invisible_characters_inside_numbers(figure, invisible):  # BAD_INPUTS #54
    text = LINE.format(figure)
    notice = run_bytes(text.encode(), "invisible.txt")
    assert amounts(notice) == ["1000000"]
    assert [f.raw for c in notice.clauses() for f in c.facts] == [figure.lstrip("\u3000")]  # cut from the original
    assert codes(notice) == (["W_INVISIBLE_CHARS"] if invisible else [])
    if invisible:
        [issue] = notice.issues
        assert issue.span.start == text.index(next(ch for ch in figure if ch in "\u200b\u2060\u00ad"))


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("一、对租用面积100㎡以上的企业给予2万元补贴。\n", ["20000"], id="square-metre"),
    pytest.param("①对新认定的企业给予100万元奖励。\n", ["1000000"], id="circled-one"),
    pytest.param("⑴对新认定的企业给予100万元奖励。\n", ["1000000"], id="parenthesised-one"),
    pytest.param("一、对新认定的企业给予½万元补贴。\n", [], id="vulgar-half"),
])
def test_compatibility_characters_are_not_folded_into_numbers(text, expected):  # BAD_INPUTS #55
    notice = run_bytes(text.encode(), "nfkc.txt")
    assert amounts(notice) == expected
    figures = [str(f.value) for c in notice.clauses() for f in c.facts]
    assert figures == expected  # no quantity 2 from ㎡ (m2), no 1 from ①, no 1/2 from ½
    assert notice.text == text  # the document itself is never NFKC-normalised


@pytest.mark.parametrize("figure", ["10～20万元", "１０－２０万元", "10—20万元", "10至20万元"])
def test_ranges_with_any_dash_are_ranges(figure):  # BAD_INPUTS #56
    facts = [f for c in run_bytes(LINE.format(figure).encode(), "range.txt").clauses() for f in c.facts]
    assert [(str(f.value), f.bound) for f in facts] == [("100000", "lower"), ("200000", "upper")]
    assert facts[0].range_id == facts[1].range_id is not None


@pytest.mark.parametrize(("figure", "yuan"), [
    ("1，000万元", "10000000"), ("１,２３４.５６元", "1234.56"), ("１．５亿元", "150000000"),
])
def test_thousands_separators_and_decimal_points(figure, yuan):  # BAD_INPUTS #57
    assert amounts(run_bytes(LINE.format(figure).encode(), "separators.txt")) == [yuan]


def test_amounts_add_up_without_float_drift():  # BAD_INPUTS #57
    notice = run_bytes("一、对新认定的企业给予0.1元和0.2元奖励。\n".encode(), "drift.txt")
    values = [f.value for c in notice.clauses() for f in c.facts]
    assert all(isinstance(v, Decimal) for v in values) and sum(values) == Decimal("0.3")


@pytest.mark.parametrize("figure", [
    pytest.param("9" * 5000 + "元", id="money"),
    pytest.param("9" * 25 + "万元", id="money-25-digits"),
    pytest.param("9" * 5000 + "%", id="rate"),
])
def test_a_number_too_long_to_be_a_figure_is_noted_not_read(figure):  # BAD_INPUTS #58
    notice = run_bytes(LINE.format(figure).encode(), "long.txt")
    assert [f.value for c in notice.clauses() for f in c.facts] == []
    [issue] = [issue for issue in notice.issues if issue.code == "W_IMPLAUSIBLE_NUMBER"]
    assert notice.text[issue.span.start:issue.span.end] == figure.rstrip("万元%")


@pytest.mark.parametrize("line", [
    pytest.param("1" * 100_000 + "x", id="100k-digits"),
    pytest.param("1" * 1_000_000 + "x", id="1MB-of-digits"),
    pytest.param("1," * 500_000 + "万元", id="1MB-of-digits-and-commas"),
])
def test_a_long_line_of_digits_is_read_in_linear_time(line):  # BAD_INPUTS #59
    started = time.monotonic()
    notice = run_bytes(line.encode(), "line.txt")
    assert time.monotonic() - started < 20  # a few seconds here; a backtracking regex takes minutes
    assert amounts(notice) == []


@pytest.mark.parametrize(("data", "offset"), [
    pytest.param(LINE.format("\ue78d100万元").encode(), 11, id="utf-8"),
    pytest.param(LINE.format("100万元").replace("企业", "企业\ue78d").encode("gb18030"), 9, id="gb18030-2005-a6d9"),
])
def test_private_use_characters_are_noted_with_their_place(data, offset):  # BAD_INPUTS #61
    assert b"\xa6\xd9" in data or "\ue78d".encode() in data
    notice = run_bytes(data, "pua.txt")
    assert amounts(notice) == ["1000000"]
    [issue] = [issue for issue in notice.issues if issue.code == "W_PUA_CHARS"]
    assert (issue.span.start, notice.text[issue.span.start]) == (offset, "\ue78d")
