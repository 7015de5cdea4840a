"""Excel workbooks: rows read as lines, figures read from them, hostile packages refused with their codes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.errors import PolicyxError
from extractor.ingest import load, raw_from_bytes
from extractor.pipeline import run_bytes

from .conftest import REALWORLD

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes the workbooks these tests read (pip install -e '.[fixtures]')")


def workbook(fill) -> bytes:
    book = openpyxl.Workbook()
    fill(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def standards(book) -> None:
    sheet = book.active
    sheet.title = "补贴标准"
    sheet.append(["关于印发科技企业孵化器补贴标准的通知"])
    sheet.append(["一、对新认定的国家级科技企业孵化器，给予运营单位50万元奖励。"])
    sheet.append(["二、补贴标准如下："])
    sheet.append(["等级", "面积（平方米）", "补贴（万元）", "认定日期"])
    sheet.append(["国家级", 1000.0, 0.3, dt.datetime(2024, 3, 1)])
    sheet.append([None, None, None, None])
    sheet.append(["省级", 500, 0.25, dt.date(2024, 5, 8)])


def test_rows_are_lines_of_their_cells_as_the_table_shows_them():
    loaded = load(raw_from_bytes(workbook(standards), Path("标准.xlsx")))
    assert loaded.kind == "xlsx" and loaded.engine == "calamine"
    # one sheet: no sheet name line; empty rows dropped; 1000.0 as 1000, dates in Chinese
    assert loaded.text.splitlines() == [
        "关于印发科技企业孵化器补贴标准的通知",
        "一、对新认定的国家级科技企业孵化器，给予运营单位50万元奖励。",
        "二、补贴标准如下：",
        "等级 面积（平方米） 补贴（万元） 认定日期",
        "国家级 1000 0.3 2024年3月1日",
        "省级 500 0.25 2024年5月8日",
    ]


def test_a_workbook_is_read_into_clauses_and_figures():
    notice = run_bytes(workbook(standards), "标准.xlsx")
    assert notice.source.kind == "xlsx"
    first = notice.clauses()[0]
    assert first.path == "一" and [(f.role, f.value) for f in first.facts] == [("award", Decimal(500000))]


def test_sheets_open_with_their_names_and_hidden_sheets_are_named_not_read():
    def fill(book) -> None:
        book.active.title = "同步练习册"
        book.active.append(["语文", "必修上册"])
        second = book.create_sheet("寒暑假作业")
        second.append(["数学", "寒假作业"])
        hidden = book.create_sheet("草稿")
        hidden.append(["给予100万元奖励"])
        hidden.sheet_state = "hidden"
        book.create_sheet("空表")

    loaded = load(raw_from_bytes(workbook(fill), Path("目录.xlsx")))
    assert loaded.text.splitlines() == ["同步练习册", "语文 必修上册", "寒暑假作业", "数学 寒假作业"]
    assert [(i.code, i.message_zh) for i in loaded.issues] == [("W_UNSCANNED_PARTS", "隐藏的工作表有文字，未读取：草稿")]


def _rewritten(data: bytes, change) -> bytes:
    """The package with each member passed through change(name, bytes) -> bytes (or None to keep it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, change(info.filename, body) or body)
    return out.getvalue()


def _error(data: bytes, name: str = "x.xlsx") -> PolicyxError:
    with pytest.raises(PolicyxError) as caught:
        load(raw_from_bytes(data, Path(name)))
    return caught.value


def _code(data: bytes) -> tuple[str, str]:
    error = _error(data)
    return error.code, error.zh or ""


def test_a_sheet_addressing_a_huge_grid_is_refused_before_it_is_built():
    def fill(book) -> None:
        book.active["A1"] = "标题"
        book.active["XFD1048576"] = "末格"

    code, zh = _code(workbook(fill))
    assert code == "E_TOO_LARGE" and "1,048,576 行 × 16,384 列" in zh


def test_a_sheet_that_declares_a_dtd_is_refused():
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
    data = _rewritten(workbook(standards), lambda name, body: dtd + body.split(b"?>", 1)[-1]
                      if name == "xl/worksheets/sheet1.xml" else None)
    code, zh = _code(data)
    assert code == "E_XML_DTD_FORBIDDEN" and "Excel 从不写入" in zh


def test_a_member_that_inflates_too_far_is_a_zip_bomb():
    data = _rewritten(workbook(standards), lambda name, body: body + b" " * 8_000_000
                      if name == "xl/worksheets/sheet1.xml" else None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the bomb as built: 8 MB declared, a few KB stored
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 8_000_000 and info.compress_size < 80_000
    error = _error(data)
    assert error.code == "E_ZIP_BOMB" and "xl/worksheets/sheet1.xml 声明解压后为 8 MB" in error.zh
    assert error.zh_hint == "请核实文件来源；Excel 或 WPS 保存的表格不会是这样"
    assert error.hint == "check the file's origin; an Excel workbook saved by Excel or WPS never looks like this"


def test_a_workbook_whose_parts_are_broken_is_malformed():
    data = _rewritten(workbook(standards), lambda name, body: b"<worksheet><sheetData><row><c" if
                      name == "xl/worksheets/sheet1.xml" else None)
    code, zh = _code(data)
    assert code == "E_XLSX_MALFORMED" and zh.startswith("Excel 表格已损坏")


def test_a_truncated_workbook_is_malformed_or_no_workbook():
    data = workbook(standards)
    # the end of the central directory cut off: still named a workbook at its start, unreadable as one
    assert _code(data[:-30]) == ("E_XLSX_MALFORMED", "Excel 表格已损坏：ZIP 压缩包无法读取")
    # cut in half: nothing left says it is a workbook
    assert _code(data[: len(data) // 2])[0] == "E_UNSUPPORTED_TYPE"


@pytest.mark.parametrize("name, line, sheets", [
    # read by hand in a spreadsheet program: the first fund's row and its legal basis
    ("rw123_beijing_zhengfuxing_jijin_mulu_qingdan.xlsx", "1 600038 城市基础设施建设费 国发[1998]34号 缴入地方国库 见文件", 1),
    # three visible sheets of teaching materials: each opens with its name
    ("rw124_beijing_gaozhong_jiaofu_tuijian_mulu_2026.xlsx", "学科 对应教材版本 教辅名称 教辅出版社", 3),
])
def test_real_workbooks_are_read_by_their_rows(name, line, sheets):
    if not REALWORLD.is_dir():
        pytest.skip(f"the real documents are not at {REALWORLD}")
    loaded = load(raw_from_bytes((REALWORLD / name).read_bytes(), Path(name)))
    lines = loaded.text.splitlines()
    assert line in lines and loaded.issues == ()
    names = {"同步练习册", "寒暑假作业", "毕业年级考试辅导"} if sheets == 3 else set()
    assert names <= set(lines)


def test_cells_without_references_span_the_grid_their_rows_make():
    """A row of 20,000 cells and 200 rows of one cell, none with a reference: a 200 × 20,000 grid, refused."""
    wide = b"<row>" + b"<c t=\"inlineStr\"><is><t>x</t></is></c>" * 20_000 + b"</row>"
    tall = b"<row><c t=\"inlineStr\"><is><t>y</t></is></c></row>" * 199

    def sheet(name, body):
        if name != "xl/worksheets/sheet1.xml":
            return None
        head, _, rest = body.partition(b"<sheetData>")
        return head + b"<sheetData>" + wide + tall + b"</sheetData>" + rest.partition(b"</sheetData>")[2]

    code, zh = _code(_rewritten(workbook(standards), sheet))
    assert code == "E_TOO_LARGE" and "200 行 × 20,000 列" in zh
