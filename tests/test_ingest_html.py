"""Web pages and legacy Word files: main text, tables as rows, furniture dropped, codes for what cannot be read."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from extractor.errors import PolicyxError
from extractor.ingest import load, raw_from_bytes, sniff
from extractor.ingest import legacy
from extractor.pipeline import run, run_bytes

REAL_DOCS = Path(__file__).resolve().parents[2] / "shared/realworld/docs"
needs_realworld = pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"real documents not found at {REAL_DOCS}")

# A page in the shape of a TRS site, written by hand: navigation, breadcrumb, disclosure box,
# the notice in a TRS_Editor div, a table, a script and a hidden block with amounts, a footer.
PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发促进消费若干措施的通知_某市人民政府</title><style>p { line-height: 1.5 }</style>
<script>var award = "奖励100万元";</script></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/hd">互动交流</a> <a href="/fw">办事服务</a></div>
<div class="box"><table><tr><td>索引号：1123/2024-001</td><td>发文字号：某政办发〔2024〕5号</td></tr>
<tr><td>发布日期：2024-03-01</td><td>主题分类：商贸</td></tr></table></div>
<div class="TRS_Editor"><p>各区人民政府，市政府各部门：</p>
<p>一、发放消费券。安排专项资金2000万元，分批发放。<br>（责任单位：市商务局、市财政局）</p>
<p>二、对购买新能源汽车的个人给予补贴：</p>
<table><tr><th>车价</th><th>补贴</th></tr><tr><td><p>10万元以下</p></td><td>3000元</td></tr>
<tr><td>10万元以上</td><td>5000元</td></tr></table>
<div style="display: none">三、隐藏内容补贴50万元。</div>
<!-- 四、注释里的奖励80万元 -->
<p>本措施自印发之日起施行。</p></div>
<div class="fj">附件：<a href="/files/P0201.pdf">申报表.pdf</a></div>
<div class="footer">主办：某市人民政府办公室 <a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
</body></html>"""

EXPECTED_LINES = [
    "各区人民政府，市政府各部门：",
    "一、发放消费券。安排专项资金2000万元，分批发放。",
    "（责任单位：市商务局、市财政局）",
    "二、对购买新能源汽车的个人给予补贴：",
    "车价 补贴",
    "10万元以下 3000元",
    "10万元以上 5000元",
    "本措施自印发之日起施行。",
]


def test_main_text_blocks_rows_and_charset_from_meta():
    loaded = load(raw_from_bytes(PAGE.encode("gb18030"), Path("page.html")))
    assert loaded.kind == "html" and loaded.encoding == "gb18030"
    assert loaded.text.split("\n") == EXPECTED_LINES


def test_scripts_styles_comments_and_hidden_blocks_give_no_figures():
    notice = run_bytes(PAGE.encode("gb18030"), "page.html")
    values = {str(fact.value) for sub in notice.subdocuments for clause in sub.clauses for fact in clause.facts}
    assert {"1000000", "500000", "800000", "1.5"}.isdisjoint(values)
    assert "20000000" in values and "3000" in values


def test_disclosure_box_title_and_attachments_go_to_the_container_record():
    meta = load(raw_from_bytes(PAGE.encode("gb18030"), Path("page.html"))).meta
    assert meta["index_number"] == "1123/2024-001"
    assert meta["doc_number"] == "某政办发〔2024〕5号"
    assert meta["published"] == "2024-03-01"
    assert meta["page_title"] == "关于印发促进消费若干措施的通知_某市人民政府"
    assert meta["attachments"] == [{"text": "申报表.pdf", "href": "/files/P0201.pdf"}]


def test_furniture_outside_the_notice_is_reported_as_dropped():
    dropped = [d.text for d in load(raw_from_bytes(PAGE.encode("gb18030"), Path("page.html"))).dropped]
    assert any("打印本页" in text for text in dropped)
    assert all("消费券" not in text for text in dropped)


def test_a_body_hidden_until_scripts_run_is_read_with_a_warning():
    page = ("<html><body style='visibility: hidden'><div class='nav'><a href='/'>首页</a></div><div id='zoom'>"
            "<p>一、对新引进的博士给予生活补贴每人每月3000元。</p><p>二、对硕士给予每人每月2000元。</p></div></body></html>")
    loaded = load(raw_from_bytes(page.encode(), Path("p.html")))
    assert loaded.text.split("\n") == ["一、对新引进的博士给予生活补贴每人每月3000元。", "二、对硕士给予每人每月2000元。"]
    assert [issue.code for issue in loaded.issues] == ["W_HTML_HIDDEN_MAIN"]


def test_a_footer_of_sister_sites_is_never_the_notice():
    # written by hand: the footer's unlinked list of sister sites outweighs a short notice
    sites = "".join(f"<li>某市第{n}局网站</li>" for n in range(40))
    page = ("<html><body><div class='header-toolbar'>某市人力资源和社会保障局</div>"
            "<div class='article'><h1>关于调整住房补贴标准的通知</h1><p>一、博士每人每月补贴3000元。</p></div>"
            f"<div class='footer wauto'><ul class='friendships col-5'>{sites}</ul>主办：某市人社局</div></body></html>")
    assert load(raw_from_bytes(page.encode(), Path("p.html"))).text.split("\n") == [
        "关于调整住房补贴标准的通知", "一、博士每人每月补贴3000元。"]


def test_a_wrapper_whose_later_class_token_says_nav_is_still_read():
    page = ("<html><body><div class='wrap c nav xd'><div class='txt'><p>一、首次购房每户补贴2万元。</p>"
            "<p>二、二孩家庭再补贴1万元。</p></div></div><div class='footer'>版权所有：某县融媒体中心</div></body></html>")
    assert load(raw_from_bytes(page.encode(), Path("p.html"))).text.split("\n") == [
        "一、首次购房每户补贴2万元。", "二、二孩家庭再补贴1万元。"]


@needs_realworld
def test_real_shell_page_reads_the_article_box_not_the_footer():
    loaded = load(raw_from_bytes((REAL_DOCS / "rw043_anqing_gjj_daikuan_yijian_page_2022.html").read_bytes(),
                                 Path("rw043.html")))
    # read by hand: the article box holds the title, the date line and a link to the PDF; the footer names the site
    assert "主办" not in loaded.text and "ICP" not in loaded.text
    assert "发布日期：2022-08-08" in loaded.text
    assert "W_HTML_ATTACHMENT_ONLY" in [issue.code for issue in loaded.issues]


@pytest.mark.parametrize("data, code", [
    (b"<html><body><div class='nav'><a href='/'>Home</a></div></body></html>", "E_NO_CONTENT"),
    (b"<html><head><script>var a='\xe8\xa1\xa5\xe8\xb4\xb4100\xe4\xb8\x87\xe5\x85\x83'</script></head></html>", "E_NO_CONTENT"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"), "E_UNSUPPORTED_TYPE"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "E_UNSUPPORTED_TYPE"),
    (b"PK\x03\x04" + bytes(60) + b"xl/workbook.xml", "E_XLSX_MALFORMED"),
    (b"PK\x03\x04" + bytes(60) + b"readme.txt", "E_UNSUPPORTED_TYPE"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"), "E_ENCRYPTED"),
    (b"<html><body>" + b"<div>" * 5000 + "补贴".encode() * 3 + b"</span></p></table>", "E_NO_CONTENT"),
], ids=["navigation-only", "script-only", "xls", "ole2-unknown", "xlsx", "plain-zip", "password-docx", "malformed-deep"])
def test_pages_and_containers_that_hold_no_notice_get_a_code(data, code):
    with pytest.raises(PolicyxError) as caught:
        load(raw_from_bytes(data, Path("x.html")))
    assert caught.value.code == code


def test_sniffing_goes_by_content():
    ole_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
    assert sniff(ole_word, Path("notice.html")) == "doc"
    assert sniff("<!doctype html><p>补贴</p>".encode(), Path("a.txt")) == "html"
    assert sniff("第一条 补贴<p>很少</p>".encode(), Path("a.txt")) == "text"


def test_missing_converter_names_the_package(monkeypatch):
    monkeypatch.setattr(legacy, "converter", lambda: None)
    with pytest.raises(PolicyxError) as caught:
        legacy.load_legacy(b"\xd0\xcf\x11\xe0", Path("old.doc"))
    assert caught.value.code == "E_LEGACY_WORD" and "libreoffice" in caught.value.hint


def test_a_converter_that_hangs_is_killed_with_its_children(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    pids = tmp_path / "pids"
    script.write_text(f"#!/bin/sh\nsleep 30 &\necho $! $$ > {pids}\nsleep 30\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(legacy, "converter", lambda: str(script))
    monkeypatch.setattr(legacy, "CONVERT_SECONDS", 1)
    with pytest.raises(PolicyxError) as caught:
        legacy.load_legacy(b"\xd0\xcf\x11\xe0", Path("old.doc"))
    assert caught.value.code == "E_CONVERTER_TIMEOUT"

    def alive(pid: str) -> bool:  # gone, or dead and awaiting its reaper, is not alive
        status = Path(f"/proc/{pid}/status")
        try:
            return "State:\tZ" not in status.read_text()
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 5  # a loaded machine delivers the kill a moment later
    while any(alive(pid) for pid in pids.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids.read_text().split() if alive(pid)]


# Real pages as saved from government sites -------------------------------------------------------


@needs_realworld
def test_real_page_units_and_sub_items():
    notice = run(REAL_DOCS / "rw006_anyang_fangdichan_wenjian_yijian_2022.html")
    clauses = {c.path: c for sub in notice.subdocuments for c in sub.clauses}
    # read by hand from the page: item 一 is the 契税 subsidy, 责任单位 市财政局; 二/（一） raises 公积金 caps
    assert clauses["一"].text.startswith("一、实施购房契税补贴")
    assert "市财政局" in clauses["一"].units
    assert "由50万元调整为60万元" in clauses["二/（一）"].text
    assert "市住房公积金管理中心" in clauses["二/（一）"].units


@needs_realworld
def test_real_page_hidden_until_scripts_run():
    notice = run(REAL_DOCS / "rw036_guangzhou_gjj_zuigao_edu_2024.html")
    clauses = {c.path: c for sub in notice.subdocuments for c in sub.clauses}
    assert "最高额度调整至70万元" in clauses["一"].text
    assert "W_HTML_HIDDEN_MAIN" in [issue.code for issue in notice.issues]


@needs_realworld
@pytest.mark.skipif(legacy.converter() is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_real_word_file_saved_as_html_is_read_as_word():
    notice = run(REAL_DOCS / "rw069_taiyuan_baozhangxing_zulin_draft_doc_as_html_2021.html")
    assert notice.source.kind == "doc"
    assert sum(len(sub.clauses) for sub in notice.subdocuments) >= 10


# A page laid out by a table, written by hand: the notice's paragraphs sit in the one cell of a row.
FRAMED_PAGE = """<html><body><table><tr><td class="title">关于调整公积金贷款政策的通知</td></tr>
<tr><td class="GovInfoContent"><p>一、提高贷款额度</p><p>贷款额度增加20万元。</p>
<p>二、本通知自印发之日起施行。</p></td></tr>
<tr><td>车价</td><td><p>10万元以下</p></td></tr></table></body></html>"""


def test_a_row_that_frames_the_page_keeps_its_paragraphs_as_lines():
    loaded = load(raw_from_bytes(FRAMED_PAGE.encode("utf-8"), Path("page.html")))
    assert loaded.text.split("\n") == [
        "关于调整公积金贷款政策的通知", "一、提高贷款额度", "贷款额度增加20万元。", "二、本通知自印发之日起施行。", "车价 10万元以下",
    ]


@needs_realworld
def test_real_page_framed_by_a_table_has_its_clauses():
    notice = run(REAL_DOCS / "rw021_changzhou_gjj_daikuan_zhichi_2023.html")
    # read by hand from the page: two items, then the closing paragraphs (validity and interpretation)
    assert [c.path for c in notice.clauses()] == ["一", "二", "closing"]
    assert notice.clauses()[0].text.startswith("一、提高多孩家庭贷款额度")
