"""Diff reports on hand-built DiffReports: summary first, whole-token redlines, escaping, visible invisibles, JSON keys."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from extractor.render.diff import CSP, redline, redline_tokens, report_to_html, report_to_json, report_to_markdown, visible
from extractor.models import ClauseChange, DiffInput, DiffReport, FieldChange, MetadataChange

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "[点击](javascript:alert(1))")
HOSTILE = "".join(PAYLOADS)
TEMPLATE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "section", "article", "table",
                 "caption", "thead", "tbody", "tr", "th", "td", "p", "span", "ol", "li", "del", "ins", "footer"}
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "ol", "li", "blockquote",
                 "del", "ins", "br"}


def money(role, old, new, when=None):
    return FieldChange(field="money", role=role, old=None if old is None else Decimal(old),
                       new=None if new is None else Decimal(new), when=when)


def hand_report(hostile: str = "", clause_text: str | None = None) -> DiffReport:
    """Two versions of a notice with a clause of every status; `hostile` goes into every string field."""
    clauses = [
        ClauseChange(old_path="一/1", new_path="一/1", status="unchanged", old_text="支持平台建设。", new_text="支持平台建设。"),
        ClauseChange(old_path="二/4", new_path="二/5", status="renumbered", old_text="支持人才。", new_text="支持人才。"),
        ClauseChange(old_path="四/15", new_path="四/16", status="modified", old_heading="强化技术转移市场化服务",
                     new_heading="强化技术转移市场化服务",
                     changes=[money("cap", "300000", "500000", "高校成果转移交易，按交易额"),
                              FieldChange(field="rate", role="award", old=Decimal("0.05"), new=Decimal("0.03")),
                              FieldChange(field="unit", new="市市场监管局" + hostile)],
                     old_text="给予企业30万元奖励，比例5%。" + hostile, new_text="给予企业50万元奖励，比例3%。" + hostile),
        ClauseChange(old_path="一/2", new_path="一/2", status="modified", changes=[money("award", "1000000", "1500000")],
                     old_text="给予100万元奖励。", new_text="给予150万元奖励。"),
        ClauseChange(old_path="三/10", new_path="三/11", status="moved", changes=[money("budget", "5000000", "4200000")],
                     old_text="设立500万元专项资金。", new_text="设立420万元专项资金。"),
        ClauseChange(old_path=None, new_path="二/8", status="added", new_text="新设博士后补助。" + hostile),
        ClauseChange(old_path="三/9" + hostile, new_path=None, status="removed", old_text="取消的条款。"),
        ClauseChange(old_path="五/1", new_path="五/1", status="merged", old_text="柔性引才。", new_text="柔性引才和人才安居。"),
        ClauseChange(old_path="五/2", new_path="五/1", status="merged", old_text="人才安居。", new_text="柔性引才和人才安居。"),
        ClauseChange(old_path="六/1", new_path="六/1", status="split", old_text="工作站建设和运营。", new_text="工作站建设。"),
        ClauseChange(old_path="六/1", new_path="六/2", status="split", old_text="工作站建设和运营。", new_text="工作站运营。"),
    ]
    if clause_text is not None:
        clauses += [ClauseChange(old_path="九/9", new_path="九/9", status="modified", old_text=clause_text,
                                 new_text=clause_text + "新增"),
                    ClauseChange(old_path=None, new_path="九/10", status="added", new_text=clause_text)]
    return DiffReport(
        old="yq-draft-2024" + hostile, new="yq-final-2024", old_title="专项政策措施(征求意见稿)" + hostile,
        new_title="专项政策措施" + hostile,
        metadata_changes=[MetadataChange(field="status", old="draft", new="final"),
                          MetadataChange(field="doc_number", old=None, new="阳科发〔2024〕12号" + hostile)],
        clauses=clauses)


class Parsed(HTMLParser):
    """Elements with their attributes, and the text inside each `p.text` block (without and with del/ins)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.blocks: list[dict[str, str]] = []
        self.stack: list[str] = []
        self.in_block = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "p" and attrs.get("class") == "text":
            self.blocks.append({"all": "", "old": "", "new": ""})
            self.in_block = True
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        self.in_block = self.in_block and tag != "p"
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_block:
            block = self.blocks[-1]
            block["all"] += data
            block["old"] += "" if "ins" in self.stack else data
            block["new"] += "" if "del" in self.stack else data

    def text(self) -> str:
        return "".join(block["all"] for block in self.blocks)


def no_active_content(elements: list[tuple[str, dict]]) -> None:
    assert not [tag for tag, _ in elements if tag in ("script", "img", "iframe", "object", "embed", "link", "a")]
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on") or name in ("href", "src", "style")], tag
        assert not [value for value in attrs.values() if value and "javascript:" in value.lower()], tag


# summary


def test_summary_comes_first_with_counts_per_status():
    md = report_to_markdown(hand_report())
    assert md.index("## 摘要") < md.index("## 变化的条款") < md.index("### 四/15 → 四/16")
    assert "| 未变 | 重新编号 | 移动 | 修改 | 新增 | 删除 | 合并 | 拆分 | 合计 |" in md
    assert "| 1 | 1 | 1 | 2 | 1 | 1 | 2 | 2 | 11 |" in md
    page = report_to_html(hand_report())
    assert page.index("<h2>摘要</h2>") < page.index("<h2>变化的条款</h2>")
    assert "<td>1</td><td>1</td><td>1</td><td>2</td><td>1</td><td>1</td><td>2</td><td>2</td><td>11</td>" in page


def test_largest_money_changes_sorted_by_absolute_difference():
    rendered = ((report_to_markdown(hand_report()), "## 变化的条款"), (report_to_html(hand_report()), "<h2>变化的条款"))
    for text, changed in rendered:
        lines = ["资金规模 500万元 → 420万元，-80万元", "奖励 100万元 → 150万元，+50万元", "上限 30万元 → 50万元，+20万元"]
        positions = [text.index(line) for line in lines]
        assert positions == sorted(positions) and positions[-1] < text.index(changed)


def test_metadata_changes_in_summary_with_chinese_labels():
    md = report_to_markdown(hand_report())
    assert "| 状态 | 征求意见稿 | 正式稿 |" in md
    assert "| 文号 | — | 阳科发〔2024〕12号 |" in md


def test_only_changed_clauses_are_shown_and_renumbered_ones_compactly():
    md = report_to_markdown(hand_report())
    assert "支持平台建设" not in md
    assert "### 仅重新编号的条款\n\n二/4 → 二/5" in md
    assert "### 五/1、五/2 → 五/1 · 合并" in md and "### 六/1 → 六/1、六/2 · 拆分" in md
    assert md.count("柔性引才和人才安居") == 1


def test_change_table_has_old_and_new_values():
    md = report_to_markdown(hand_report())
    assert "| 字段 | 角色 | 条目 | 旧值 | 新值 | 变化 |" in md
    assert "| 金额 | 上限 | 高校成果转移交易，按交易额 | 30万元 | 50万元 | +20万元 |" in md
    assert "| 比例 | 奖励 | — | 5% | 3% | -2 个百分点 |" in md
    assert "| 责任单位 | — | — | — | 市市场监管局 | — |" in md


def test_clause_headings_carry_their_titles():
    md = report_to_markdown(hand_report())
    assert "### 四/15 → 四/16 强化技术转移市场化服务 · 修改" in md
    assert "3. 四/15 → 四/16 强化技术转移市场化服务（高校成果转移交易，按交易额）：上限 30万元 → 50万元，+20万元" in md


def test_the_inputs_are_recorded_with_their_hashes_time_and_version():
    report = hand_report().model_copy(update={
        "old_input": DiffInput(path="a/旧.txt", sha256="ab" * 32, size=1200),
        "new_input": DiffInput(path="b/新.txt", sha256="cd" * 32, size=1300),
        "generated": dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)})
    md = report_to_markdown(report)
    assert "**输入文件（生成于 2026-12-03T09:30:00Z，policyx 0\\.1\\.0）**" in md
    assert f"| 旧 | a/旧\\.txt | {'ab' * 32} | 1,200 |" in md
    assert f"<td>新</td><td>b/新.txt</td><td>{'cd' * 32}</td><td>1,300</td>" in report_to_html(report)
    data = json.loads(report_to_json(report))
    assert data["inputs"]["old"] == {"path": "a/旧.txt", "sha256": "ab" * 32, "size": 1200}
    assert data["generated"] == "2026-12-03T09:30:00Z" and data["version"] == "0.1.0"


def test_the_report_in_english():
    from extractor.render.labels import use_language

    with use_language("en"):
        md = report_to_markdown(hand_report())
    assert "## Summary" in md and "| field | role | item | old | new | change |" in md
    assert "| money | cap | 高校成果转移交易，按交易额 | 30万元 | 50万元 | +20万元 |" in md
    assert "| status | draft | final |" in md


# redline

FIGURE_CHANGES = [
    pytest.param("30万元", "50万元", id="money"),
    pytest.param("1,000元", "2,000元", id="money-thousands"),
    pytest.param("5%", "3%", id="percent"),
    pytest.param("0.2‰", "0.5‰", id="permille"),
    pytest.param("1:1.5", "1:2", id="ratio"),
    pytest.param("百分之五", "百分之三", id="spelled-percent"),
    pytest.param("三年", "五年", id="years-chinese"),
    pytest.param("2000平方米", "3000平方米", id="area"),
    pytest.param("30-100万元", "50-100万元", id="range"),
]


@pytest.mark.parametrize(("old", "new"), FIGURE_CHANGES)
def test_a_figure_with_its_unit_is_one_token(old, new):
    assert redline(f"给予{old}奖励", f"给予{new}奖励") == [("=", "给予"), ("-", old), ("+", new), ("=", "奖励")]


def test_redline_of_an_amount_in_html_and_markdown():
    report = DiffReport(old="a", new="b", clauses=[ClauseChange(
        old_path="一/1", new_path="一/1", status="modified", old_text="给予企业30万元奖励", new_text="给予企业50万元奖励")])
    assert "给予企业<del>30万元</del><ins>50万元</ins>奖励" in report_to_html(report)
    assert "> 给予企业<del>30万元</del><ins>50万元</ins>奖励" in report_to_markdown(report)


def test_tokens_keep_every_character():
    text = "对新认定的企业给予一次性奖励30万元，期限三年，\u200b按1:1.5配套。"
    assert "".join(redline_tokens(text)) == text


def test_removed_added_merged_split_show_their_texts():
    page = report_to_html(hand_report())
    assert "<del>取消的条款。</del>" in page and "<ins>新设博士后补助。</ins>" in page
    for text in ("柔性引才。", "人才安居。", "柔性引才和人才安居。", "工作站建设和运营。", "工作站建设。", "工作站运营。"):
        assert f'<p class="text">{text}</p>' in page


# hostile input (BAD_INPUTS #46) and invisible characters (#60)


def test_html_escapes_every_payload():
    page = report_to_html(hand_report(HOSTILE))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page and "<img" not in page
    parsed = Parsed(page)
    no_active_content(parsed.elements)
    assert {tag for tag, _ in parsed.elements} <= TEMPLATE_TAGS
    assert HOSTILE in parsed.text()


def test_markdown_escapes_every_payload_and_renders_without_active_content():
    md = report_to_markdown(hand_report(HOSTILE))
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "<script" not in md and "<img" not in md and "](javascript" not in md
    rendered = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    parsed = Parsed(rendered)
    no_active_content(parsed.elements)
    assert {tag for tag, _ in parsed.elements} <= MARKDOWN_TAGS


def test_html_is_self_contained_with_a_csp():
    page = report_to_html(hand_report(HOSTILE))
    elements = Parsed(page).elements
    assert ("meta", {"charset": "utf-8"}) in elements
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in elements
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert ("html", {"lang": "zh-CN"}) in elements
    assert "http://" not in page and "https://" not in page and "url(" not in page


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u00a0", "\r", "\x00"],
                         ids=["ZWSP", "RLO", "LRI", "BOM", "NBSP", "CR", "NUL"])
def test_invisible_characters_are_shown_visibly(char):
    report = hand_report(char)
    marker = f"⟨U+{ord(char):04X}⟩"
    for text in (report_to_html(report), report_to_markdown(report)):
        assert marker in text and char not in text


def test_clauses_differing_only_in_invisible_characters_look_different():
    report = DiffReport(old="a", new="b", clauses=[ClauseChange(
        old_path="一/1", new_path="一/1", status="modified", old_text="给予企业30万元奖励", new_text="给予企业30万元\u200b奖励")])
    assert "30万元<ins>⟨U+200B⟩</ins>奖励" in report_to_html(report)


# JSON


def test_json_has_exactly_the_readme_keys_and_exact_numbers():
    text = report_to_json(hand_report())
    data = json.loads(text, parse_float=Decimal)
    assert list(data) == ["old", "new", "inputs", "generated", "version", "metadata_changes", "clauses"]
    assert [list(m) for m in data["metadata_changes"]] == [["field", "old", "new"]] * 2
    assert all(list(c) == ["old_path", "new_path", "old_heading", "new_heading", "status", "changes"]
               for c in data["clauses"])
    changes = [change for clause in data["clauses"] for change in clause["changes"]]
    assert all(list(change) == ["field", "role", "when", "old", "new"] for change in changes)
    assert {"field": "rate", "role": "award", "when": None, "old": Decimal("0.05"), "new": Decimal("0.03")} in changes
    assert '"old":300000,"new":500000' in text and "市市场监管局" in text
    assert data["clauses"][5] == {"old_path": None, "new_path": "二/8", "old_heading": None, "new_heading": None,
                                  "status": "added", "changes": []}


# properties

# Any text, and text made of the characters that matter to HTML and Markdown.
TEXTS = st.text() | st.text(alphabet="<>&;#\"'=/ \t\n\\`*_[]()!|-.~$:0123456789scriptonerrorjavascript万元\u200b\u202e")


@settings(deadline=None)
@given(TEXTS)
def test_any_clause_text_comes_back_from_the_html_without_new_elements(text):
    page, reference = report_to_html(hand_report(clause_text=text)), report_to_html(hand_report(clause_text="x"))
    parsed = Parsed(page)
    assert parsed.blocks[-1]["all"] == visible(text)
    # the redline of the pair has as many del/ins runs as the text asks for; everything else is the template's
    assert [tag for tag, _ in parsed.elements if tag not in ("del", "ins")] == [
        tag for tag, _ in Parsed(reference).elements if tag not in ("del", "ins")]
    assert {tag for tag, _ in parsed.elements} <= TEMPLATE_TAGS


@settings(deadline=None)
@given(TEXTS, TEXTS)
def test_any_redline_reads_as_the_old_text_and_as_the_new(old, new):
    report = DiffReport(old="a", new="b", clauses=[ClauseChange(
        old_path="一/1", new_path="一/1", status="modified", old_text=old, new_text=new)])
    parsed = Parsed(report_to_html(report))
    shown = parsed.blocks[-1]
    if old or new:
        assert (shown["old"], shown["new"]) == (visible(old), visible(new))
    assert {tag for tag, _ in parsed.elements} <= TEMPLATE_TAGS


@settings(deadline=None)
@given(TEXTS)
@example("    four spaces start a code block")
@example("\tso does a tab")
def test_any_clause_text_renders_from_markdown_without_new_elements(text):
    rendered = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(
        report_to_markdown(hand_report(clause_text=text)))
    elements = Parsed(rendered).elements
    no_active_content(elements)
    assert {tag for tag, _ in elements} <= MARKDOWN_TAGS
