"""DOCX loading: tiny documents built here with python-docx (raw XML where it has no API)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from extractor.errors import InputError
from extractor.ingest import OLE2_MAGIC
from extractor.ingest.docx import format_number, load_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
PATH = Path("t.docx")


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, suff: str | None = None) -> str:
    suffix = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{suffix}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


NUMBERING = f"""<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="0">
    {lvl(0, "chineseCounting", "%1、")}{lvl(1, "chineseCounting", "（%2）")}{lvl(2, "decimal", "%3.")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">{lvl(0, "chineseCounting", "第%1条", suff="space")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="2">{lvl(0, "decimal", "%1")}{lvl(1, "decimal", "%1.%2")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="3">
    {lvl(0, "ideographTraditional", "%1、")}{lvl(1, "decimalEnclosedCircle", "%2")}{lvl(2, "upperLetter", "%3)")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="4">{lvl(0, "chineseCounting", "第%1章　", start=5, suff="nothing")}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="0"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>
</w:numbering>"""


def new_document() -> docx.Document:
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(NUMBERING)
    return document


def numbered(document, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def raw_paragraph(document, inner: str) -> None:
    document.element.body.insert(len(document.element.body) - 1, parse_xml(f"<w:p {NS}>{inner}</w:p>"))


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lines(document) -> list[str]:
    return load_docx(to_bytes(document), PATH).text.split("\n")


def test_chinese_outline_numbering_with_restart_of_deeper_levels():
    document = new_document()
    numbered(document, "总则", 1, 0)
    numbered(document, "目的", 1, 1)
    numbered(document, "适用范围", 1, 1)
    numbered(document, "城镇户籍", 1, 2)
    numbered(document, "农村户籍", 1, 2)
    numbered(document, "保障措施", 1, 0)
    numbered(document, "组织领导", 1, 1)
    assert lines(document) == ["一、总则", "（一）目的", "（二）适用范围", "1. 城镇户籍", "2. 农村户籍",
                               "二、保障措施", "（一）组织领导"]


def test_article_numbering_and_multilevel_decimal():
    document = new_document()
    for text in ["为了规范管理，制定本办法。"] * 2:
        numbered(document, text, 2)
    document.add_paragraph("本办法自发布之日起施行。")
    numbered(document, "总体要求", 3, 0)
    numbered(document, "基本原则", 3, 1)
    numbered(document, "工作目标", 3, 1)
    numbered(document, "重点任务", 3, 0)
    numbered(document, "住房保障", 3, 1)
    assert lines(document) == ["第一条 为了规范管理，制定本办法。", "第二条 为了规范管理，制定本办法。",
                               "本办法自发布之日起施行。", "1 总体要求", "1.1 基本原则", "1.2 工作目标",
                               "2 重点任务", "2.1 住房保障"]


def test_other_formats_start_values_and_start_override():
    document = new_document()
    numbered(document, "申请条件", 4, 0)
    numbered(document, "户籍", 4, 1)
    numbered(document, "收入", 4, 1)
    numbered(document, "本市", 4, 2)
    numbered(document, "外省", 4, 2)
    numbered(document, "法律责任", 6)
    numbered(document, "附则", 6)
    numbered(document, "其他事项", 5, 0)  # same list definition as numId 1, restarted at 5 by startOverride
    numbered(document, "监督检查", 5, 1)
    assert lines(document) == ["甲、申请条件", "① 户籍", "② 收入", "A) 本市", "B) 外省",
                               "第五章　法律责任", "第六章　附则", "五、其他事项", "（一）监督检查"]


def test_nums_sharing_a_definition_continue_one_list():
    document = new_document()
    numbered(document, "总则", 1)
    document.add_paragraph("正文")
    numbered(document, "附则", 1)
    numbered(document, "不编号", 0)  # numId 0 switches numbering off
    assert lines(document) == ["一、总则", "正文", "二、附则", "不编号"]


def test_numbering_from_the_paragraph_style():
    document = new_document()
    style = document.styles["Heading 1"].element
    style.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    document.add_paragraph("总则", style="Heading 1")
    document.add_paragraph("目的和依据")
    numbered(document, "目的", 1, 1)
    document.add_paragraph("保障措施", style="Heading 1")
    assert lines(document) == ["一、总则", "目的和依据", "（一）目的", "二、保障措施"]


def test_table_rows_one_line_each_merged_cells_once():
    document = new_document()
    document.add_paragraph("附件")
    table = document.add_table(rows=4, cols=2)
    for row, (item, amount) in zip(table.rows, [("项目", "金额"), ("购房补贴", "100元"), ("契税补贴", "")]):
        row.cells[0].text, row.cells[1].text = item, amount
    table.cell(2, 1).add_paragraph("（按面积）")
    merged = table.cell(3, 0).merge(table.cell(3, 1))
    merged.text = "合计"
    assert lines(document) == ["附件", "项目 金额", "购房补贴 100元", "契税补贴 （按面积）", "合计"]


def test_cell_paragraphs_join_without_newline():
    document = new_document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "申请人"
    cell.add_paragraph("（签字）")
    document.tables[0].cell(0, 1).text = "日期"
    assert lines(document) == ["申请人（签字） 日期"]


def test_tracked_changes_read_as_final_text():  # BAD_INPUTS #36
    document = new_document()
    raw_paragraph(document, '<w:r><w:t>补贴标准为每平方米</w:t></w:r>'
                            '<w:del w:id="1" w:author="a"><w:r><w:delText>100</w:delText></w:r></w:del>'
                            '<w:ins w:id="2" w:author="a"><w:r><w:t>200</w:t></w:r></w:ins>'
                            '<w:r><w:t>元。</w:t></w:r>')
    loaded = load_docx(to_bytes(document), PATH)
    assert loaded.text == "补贴标准为每平方米200元。"
    assert [issue.code for issue in loaded.issues] == ["W_TRACKED_CHANGES"]


def test_deleted_paragraph_mark_joins_the_next_paragraph():
    document = new_document()
    raw_paragraph(document, '<w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:r><w:t>申请人应当</w:t></w:r>')
    raw_paragraph(document, '<w:r><w:t>如实填报。</w:t></w:r>')
    assert lines(document) == ["申请人应当如实填报。"]


def test_no_issue_without_tracked_changes():
    document = new_document()
    document.add_paragraph("正文")
    assert load_docx(to_bytes(document), PATH).issues == ()


def test_text_box_kept_once_as_its_own_lines():
    box = ('<w:txbxContent><w:p><w:r><w:t>受理</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>1个工作日</w:t></w:r></w:p></w:txbxContent>')
    document = new_document()
    document.add_paragraph("流程图")
    raw_paragraph(document, '<w:r><w:t>见下图</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
                            '<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
                            f'{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
                            '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
                            f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    assert lines(document) == ["流程图", "见下图", "受理", "1个工作日"]


def test_headers_fields_comments_breaks_and_empty_paragraphs():
    document = new_document()
    document.sections[0].header.paragraphs[0].text = "北京市人民政府规章"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    paragraph = document.add_paragraph("住房")
    paragraph.add_run().add_break()
    paragraph.add_run("公积金")
    document.add_paragraph("")
    document.add_paragraph("   ")
    page = document.add_paragraph("第一章")
    page.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    page.add_run("总则")
    commented = document.add_paragraph("本办法")
    document.add_comment(commented.runs, text="此处需要修改", author="审核人")
    raw_paragraph(document, '<w:r><w:t>共</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                            '<w:r><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r>'
                            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
                            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>')
    assert lines(document) == ["住房公积金", "第一章总则", "本办法", "共3页"]


def test_title_and_created_in_meta():
    document = new_document()
    document.core_properties.title = "关于优化住房公积金政策的通知"
    document.core_properties.subject = ""
    document.add_paragraph("正文")
    meta = load_docx(to_bytes(document), PATH).meta
    assert meta["title"] == "关于优化住房公积金政策的通知"
    assert meta["created"].startswith("2013-12-23")  # python-docx's template date
    assert "subject" not in meta


def test_macro_enabled_docm_is_read():
    document = new_document()
    document.add_paragraph("正文")
    source, out = zipfile.ZipFile(io.BytesIO(to_bytes(document))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"officedocument.wordprocessingml.document.main+xml",
                                    b"ms-word.document.macroEnabled.main+xml").replace(
                    b"application/vnd.openxmlformats-ms-word", b"application/vnd.ms-word")
            target.writestr(info, data)
    assert b"macroEnabled" in zipfile.ZipFile(out).read("[Content_Types].xml")
    assert load_docx(out.getvalue(), Path("t.docm")).text == "正文"


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data", [
    zip_of({"readme.txt": b"not a document"}),
    zip_of({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
    b"PK\x03\x04 truncated",
    OLE2_MAGIC + b"\x00" * 512,
], ids=["zip-without-word", "broken-xml", "truncated-zip", "ole2-not-encrypted"])
def test_malformed(data):
    with pytest.raises(InputError) as caught:
        load_docx(data, PATH)
    assert caught.value.code == "E_DOCX_MALFORMED"
    assert caught.value.hint and caught.value.path == str(PATH)


def test_encrypted_ole2_package():
    data = OLE2_MAGIC + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(InputError) as caught:
        load_docx(data, PATH)
    assert caught.value.code == "E_DOCX_ENCRYPTED" and caught.value.hint


def test_document_without_text():
    document = new_document()
    document.add_paragraph("")
    with pytest.raises(InputError) as caught:
        load_docx(to_bytes(document), PATH)
    assert caught.value.code == "E_NO_TEXT_LAYER" and caught.value.hint


def test_number_formats():
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 19, 20, 21, 99)] == [
        "一", "十", "十一", "十九", "二十", "二十一", "九十九"]
    assert [format_number(n, "chineseCountingThousand") for n in (10, 100, 105, 110, 1001)] == [
        "十", "一百", "一百零五", "一百一十", "一千零一"]
    assert [format_number(n, "japaneseCounting") for n in (1, 10, 12, 101)] == ["一", "十", "十二", "百一"]
    assert [format_number(n, "ideographTraditional") for n in (1, 2, 10)] == ["甲", "乙", "癸"]
    assert [format_number(n, "decimalEnclosedCircle") for n in (1, 10, 20, 21)] == ["①", "⑩", "⑳", "21"]
    assert [format_number(n, "upperLetter") for n in (1, 26, 27)] == ["A", "Z", "AA"]
    assert [format_number(n, "lowerLetter") for n in (2, 28)] == ["b", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14)] == ["IV", "IX", "XIV"]
    assert [format_number(n, "lowerRoman") for n in (3, 40)] == ["iii", "xl"]


@pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real-world documents not present at {REAL_DOCS}")
def test_real_documents(monkeypatch):
    files = sorted(REAL_DOCS.glob("*.docx"))
    assert files, f"no .docx in {REAL_DOCS}"
    texts = {}
    for file in files:
        if "_image" in file.stem:  # a scanned page pasted as a picture: without OCR nothing to read
            monkeypatch.setenv("POLICYX_NO_OCR", "1")
            with pytest.raises(InputError) as caught:
                load_docx(file.read_bytes(), file)
            monkeypatch.delenv("POLICYX_NO_OCR")
            assert caught.value.code == "E_NO_TEXT_LAYER", file.name
            continue
        loaded = load_docx(file.read_bytes(), file)
        assert loaded.kind == "docx" and loaded.text.strip(), file.name
        texts[file.name] = loaded.text.split("\n")
    # rw095: chapters 5 and 6 are automatic numbering (numbering.xml: chineseCounting, start 5 and 6,
    # lvlText "第%1章　", suff nothing); the text of those paragraphs is only "法律责任" and "附则".
    earthquake = texts.get("rw095_beijing_dizhen_yujing_banfa_2022.docx")
    if earthquake is not None:
        assert "第四章　区域协同" in earthquake  # typed by hand
        assert "第五章　法律责任" in earthquake
        assert "第六章　附则" in earthquake
    # rw104: a fee table, header row then numbered rows
    table = texts.get("rw104_budongchan_dengjifei_yilanbiao.docx")
    if table is not None:
        assert "序号 登记类别 收费标准及依据 减免情形及依据" in table
    # rw105: a flow chart drawn in text boxes
    chart = texts.get("rw105_shenyang_yishenqing_gongkai_liuchengtu.docx")
    if chart is not None:
        assert "提出申请，提交相关申请材料" in chart
