"""Diff reports: Markdown and HTML for a reader, with Chinese labels, and the JSON of corpus/diffs/README.md.

A report opens with a summary (the two notices, clauses per status, metadata
changes, the largest changes in money), then shows each changed clause: its
paths and status, a table of old and new values, and a redline of its text in
which a figure with its unit (30万元, 5%, 1:1.5, 三年) is one token, so a change
of amount reads as one deletion and one insertion, never as a changed digit.

Every string from the input is escaped (HTML, and Markdown metacharacters), and
invisible or bidi characters are shown as ⟨U+200B⟩, so two clauses that differ
only in such characters look different (CVE-2021-42574).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from difflib import SequenceMatcher
from typing import get_args

from .extract import nlp
from .gold import dumps_exact
from .models import PIPELINE_VERSION, ClauseChange, DiffReport, DiffStatus, FieldChange
from .lexicon import FIGURE_MENTION

STATUS_LABELS = {"unchanged": "未变", "renumbered": "重新编号", "moved": "移动", "modified": "修改",
                 "added": "新增", "removed": "删除", "merged": "合并", "split": "拆分"}
FIELD_LABELS = {"money": "金额", "rate": "比例", "quantity": "数量", "unit": "责任单位", "term": "条款类型", "text": "文字"}
ROLE_LABELS = {"award": "奖励", "cap": "上限", "threshold": "门槛", "budget": "资金规模", "other": "其他", "duration": "期限"}
TERM_LABELS = {"fixed": "定额", "range": "区间", "rate": "比例", "per_unit": "按量", "step": "阶梯", "tiers": "分档",
               "brackets": "分段累进", "cap_only": "仅上限", "qualitative": "定性"}
METADATA_LABELS = {"status": "状态", "doc_number": "文号", "title": "标题", "date": "日期", "effective_from": "施行日期",
                   "effective_until": "有效期至", "validity_years": "有效期(年)", "stacking": "叠加原则",
                   "comment_deadline": "意见截止日期", "issuers": "发文机关"}
DOC_STATUS_LABELS = {"draft": "征求意见稿", "final": "正式稿"}
NUMERIC_FIELDS = ("money", "rate", "quantity")
MONEY_LIMIT = 10
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# Shown as ⟨U+XXXX⟩: format/bidi/zero-width (Cf), controls other than newline and tab,
# line/paragraph separators, surrogates, private use, unassigned, and spaces other than
# the ordinary and the ideographic one; plus blank letters and variation selectors.
HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp", "Cs", "Co", "Cn"})
SHOWN_SPACES = frozenset(" \u3000\n\t")
HIDDEN_CHARS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0") | {chr(c) for c in range(0xFE00, 0xFE10)}


Escape = Callable[[str], str]


def visible(text: str) -> str:
    """Invisible and bidi characters written as ⟨U+XXXX⟩; everything else as it is.

    >>> visible("30\\u200b万元\\u202e奖励\\n")
    '30⟨U+200B⟩万元⟨U+202E⟩奖励\\n'
    """
    return "".join(f"⟨U+{ord(c):04X}⟩" if _hidden(c) else c for c in text)


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    if char in SHOWN_SPACES:
        return False
    return category in HIDDEN_CATEGORIES or category == "Zs" or char in HIDDEN_CHARS or 0xE0100 <= ord(char) <= 0xE01EF


def redline_tokens(text: str) -> list[str]:
    """Words and characters of a text, each figure with its unit as one token.

    >>> redline_tokens("给予企业30万元奖励，比例5%，期限三年")
    ['给予', '企业', '30万元', '奖励', '，', '比例', '5%', '，', '期限', '三年']
    >>> redline_tokens("按1:1.5配套，2000平方米，0.2‰")
    ['按', '1:1.5', '配套', '，', '2000平方米', '，', '0.2‰']
    """
    out, pos = [], 0
    for match in FIGURE_MENTION.finditer(text):
        out += _words(text[pos:match.start()])
        out.append(match.group())
        pos = match.end()
    return out + _words(text[pos:])


def _words(text: str) -> list[str]:
    return [word for word, _ in nlp.tokens(text)] if text else []


def redline(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of ("=", kept), ("-", deleted) and ("+", inserted) text turning `old` into `new`.

    >>> redline("给予企业30万元奖励", "给予企业50万元奖励")
    [('=', '给予企业'), ('-', '30万元'), ('+', '50万元'), ('=', '奖励')]
    """
    a, b = redline_tokens(old), redline_tokens(new)
    runs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", "".join(b[j1:j2])))
    return runs


def _number(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, ",f")


def _value(change: FieldChange, value: Decimal | str | None, esc: Escape) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return TERM_LABELS.get(value, esc(value)) if change.field == "term" else esc(value)
    if change.field == "money":
        return f"{_number(value)} 元"
    if change.field == "rate":
        return f"{format((value * 100).normalize(), 'f')}%"
    return _number(value)


def _delta(change: FieldChange) -> Decimal | None:
    """New minus old for a figure (a side that is missing counts as zero); None for words and names."""
    sides = (change.old, change.new)
    if change.field not in NUMERIC_FIELDS or sides == (None, None) or any(isinstance(v, str) for v in sides):
        return None
    return (change.new or Decimal(0)) - (change.old or Decimal(0))


def _delta_text(change: FieldChange) -> str:
    delta = _delta(change)
    if delta is None:
        return "—"
    if change.field == "money":
        return f"{'+' if delta > 0 else ''}{_number(delta)} 元"
    if change.field == "rate":
        return f"{format((delta * 100).normalize(), '+f')} 个百分点"
    return f"{'+' if delta > 0 else ''}{_number(delta)}"


def _role(role: str | None, esc: Escape) -> str:
    return "—" if role is None else ROLE_LABELS.get(role) or esc(role)


def _paths(paths: list[str | None], esc: Escape) -> str:
    shown = [esc(p) for p in dict.fromkeys(paths) if p is not None]
    return "、".join(shown) or "—"


def _heading(entries: list[ClauseChange], esc: Escape) -> str:
    old, new = _paths([e.old_path for e in entries], esc), _paths([e.new_path for e in entries], esc)
    return old if old == new else f"{old} → {new}"


def _change_row(change: FieldChange, esc: Escape) -> list[str]:
    return [FIELD_LABELS.get(change.field) or esc(change.field), _role(change.role, esc),
            _value(change, change.old, esc), _value(change, change.new, esc), _delta_text(change)]


def _money_changes(report: DiffReport) -> list[tuple[ClauseChange, FieldChange, Decimal]]:
    found = [(clause, change, _delta(change)) for clause in report.clauses for change in clause.changes
             if change.field == "money"]
    found = [(clause, change, delta) for clause, change, delta in found if delta]
    return sorted(found, key=lambda item: -abs(item[2]))[:MONEY_LIMIT]


def _money_line(clause: ClauseChange, change: FieldChange, esc: Escape) -> str:
    return (f"{_heading([clause], esc)}：{_role(change.role, esc)} {_value(change, change.old, esc)} → "
            f"{_value(change, change.new, esc)}，{_delta_text(change)}")


def _metadata_value(field: str, value: str | None, esc: Escape) -> str:
    if value is None:
        return "—"
    return DOC_STATUS_LABELS.get(value, esc(value)) if field == "status" else esc(value)


def _summary_tables(report: DiffReport, esc: Escape) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) of the summary's tables, cells escaped."""
    counts = Counter(clause.status for clause in report.clauses)
    notices = [["旧", esc(report.old), esc(report.old_title) if report.old_title else "（无标题）"],
               ["新", esc(report.new), esc(report.new_title) if report.new_title else "（无标题）"]]
    statuses = get_args(DiffStatus)
    count_row = [str(counts[s]) for s in statuses] + [str(len(report.clauses))]
    metadata = [[METADATA_LABELS.get(m.field) or esc(m.field), _metadata_value(m.field, m.old, esc),
                 _metadata_value(m.field, m.new, esc)] for m in report.metadata_changes]
    tables = [("对比的通知", ["", "编号", "标题"], notices),
              ("各状态条款数", [*(STATUS_LABELS[s] for s in statuses), "合计"], [count_row])]
    return tables + [("元数据变化", ["项目", "旧", "新"], metadata)] if metadata else tables


def _groups(report: DiffReport) -> tuple[list[list[ClauseChange]], list[ClauseChange]]:
    """Changed clauses shown in full (merges and splits grouped), and clauses only renumbered."""
    groups: list[list[ClauseChange]] = []
    renumbered = []
    for clause in report.clauses:
        if clause.status == "unchanged":
            continue
        if clause.status == "renumbered" and not clause.changes:
            renumbered.append(clause)
        elif groups and _same_group(groups[-1][-1], clause):
            groups[-1].append(clause)
        else:
            groups.append([clause])
    return groups, renumbered


def _same_group(last: ClauseChange, clause: ClauseChange) -> bool:
    if clause.status != last.status:
        return False
    return (clause.status == "merged" and clause.new_path == last.new_path) or (
        clause.status == "split" and clause.old_path == last.old_path)


def _texts(group: list[ClauseChange]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, runs) blocks of text for a group: a redline for a pair, the texts for the others."""
    first = group[0]
    if first.status == "added":
        return [("新条款文字", [("+", first.new_text)])] if first.new_text is not None else []
    if first.status == "removed":
        return [("原条款文字", [("-", first.old_text)])] if first.old_text is not None else []
    if first.status in ("merged", "split"):
        olds = {e.old_path: e.old_text for e in group if e.old_text is not None}
        news = {e.new_path: e.new_text for e in group if e.new_text is not None}
        return ([(f"原条款 {path or ''}", [("=", text)]) for path, text in olds.items()]
                + [(f"新条款 {path or ''}", [("=", text)]) for path, text in news.items()])
    if first.old_text is None or first.new_text is None:
        return []
    return [("文字对照", redline(first.old_text, first.new_text))]


def _runs_markup(runs: list[tuple[str, str]], esc: Escape) -> str:
    tags = {"-": "del", "+": "ins"}
    parts = [esc(text) if op == "=" else f"<{tags[op]}>{esc(text)}</{tags[op]}>" for op, text in runs]
    return "".join(parts) or "（空）"


CSS = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #444; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; white-space: pre-wrap; }
th { background: #f2f2f2; white-space: nowrap; }
.values td:nth-child(-n+2), .values td:nth-child(5) { white-space: nowrap; }  /* values may be long */
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
article { border: 1px solid #ddd; border-radius: 4px; padding: .75rem 1rem; margin: 1rem 0; }
.status { font-size: .85rem; padding: .1rem .5rem; border-radius: 3px; background: #eee; margin-left: .5rem; }
.label { font-weight: bold; margin: .5rem 0 .2rem; }
.text { white-space: pre-wrap; background: #fafafa; border-left: 3px solid #ccc; padding: .4rem .8rem; margin: 0; }
del { background: #fdd; color: #a00; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: underline; }
footer { margin-top: 2rem; font-size: .85rem; color: #666; }
"""


def _h(text: str) -> str:
    return visible(html.escape(text, quote=True))


def _html_table(caption: str, header: list[str], rows: list[list[str]], kind: str = "") -> str:
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    opening = f'<table class="{kind}">' if kind else "<table>"
    return f"{opening}\n<caption>{caption}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _html_summary(report: DiffReport) -> list[str]:
    out = ["<section>", "<h2>摘要</h2>"]
    out += [_html_table(*table) for table in _summary_tables(report, _h)]
    out.append("<h3>金额变化最大的条款</h3>")
    money = _money_changes(report)
    items = "".join(f"<li>{_money_line(clause, change, _h)}</li>\n" for clause, change, _ in money)
    out.append(f"<ol>\n{items}</ol>" if money else "<p>无金额变化。</p>")
    return [*out, "</section>"]


def _html_group(group: list[ClauseChange]) -> str:
    status = group[0].status
    out = ["<article>", f"<h3>{_heading(group, _h)}<span class=\"status\">{STATUS_LABELS[status]}</span></h3>"]
    rows = [_change_row(change, _h) for entry in group for change in entry.changes]
    if rows:
        out.append(_html_table("变化的值", ["字段", "角色", "旧值", "新值", "变化"], rows, kind="values"))
    for label, runs in _texts(group):
        out += [f"<p class=\"label\">{_h(label)}</p>", f"<p class=\"text\">{_runs_markup(runs, _h)}</p>"]
    return "\n".join([*out, "</article>"])


def report_to_html(report: DiffReport) -> str:
    """The report as one self-contained HTML page: inline CSS, no scripts, a CSP that forbids loading anything."""
    groups, renumbered = _groups(report)
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>政策对比：{_h(report.old)} → {_h(report.new)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>政策对比：{_h(report.old)} → {_h(report.new)}</h1>", *_html_summary(report),
           "<section>", "<h2>变化的条款</h2>"]
    out += [_html_group(group) for group in groups] or ["<p>没有条款变化。</p>"]
    if renumbered:
        moves = "；".join(_heading([clause], _h) for clause in renumbered)
        out += ["<h3>仅重新编号的条款</h3>", f"<p>{moves}</p>"]
    out += ["</section>", f"<footer>policyx {PIPELINE_VERSION} 生成。</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


# The metacharacters of CommonMark, with ~ (GFM strikethrough) and $ (math on GitHub).
MD_META = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")


def _md(text: str) -> str:
    r"""Text safe in Markdown: HTML-escaped, metacharacters backslash-escaped, newlines as <br>.

    >>> _md("<b>[a](x)</b>\n30|5%")
    '&lt;b&gt;\\[a\\]\\(x\\)&lt;/b&gt;<br>30\\|5%'
    """
    return visible(MD_META.sub(r"\\\1", html.escape(text, quote=False))).replace("\n", "<br>")


def _md_table(caption: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [f"**{caption}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return [*lines, *("| " + " | ".join(row) + " |" for row in rows), ""]


def _md_line_start(markup: str) -> str:
    """Leading spaces and tabs as character references: four of them would start a code block."""
    indent = len(markup) - len(markup.lstrip(" \t"))
    return "".join(f"&#{ord(c)};" for c in markup[:indent]) + markup[indent:]


def _md_group(group: list[ClauseChange]) -> list[str]:
    out = [f"### {_heading(group, _md)} · {STATUS_LABELS[group[0].status]}", ""]
    rows = [_change_row(change, _md) for entry in group for change in entry.changes]
    if rows:
        out += _md_table("变化的值", ["字段", "角色", "旧值", "新值", "变化"], rows)
    for label, runs in _texts(group):
        out += [f"**{_md(label).rstrip()}**", "", f"> {_md_line_start(_runs_markup(runs, _md))}", ""]
    return out


def report_to_markdown(report: DiffReport) -> str:
    """The report as Markdown: summary first, then each changed clause with a table and a redline."""
    groups, renumbered = _groups(report)
    out = [f"# 政策对比：{_md(report.old)} → {_md(report.new)}", "", "## 摘要", ""]
    for table in _summary_tables(report, _md):
        out += _md_table(*table)
    out += ["**金额变化最大的条款**", ""]
    money = _money_changes(report)
    out += [f"{i}. {_money_line(clause, change, _md)}" for i, (clause, change, _) in enumerate(money, 1)] or ["无金额变化。"]
    out += ["", "## 变化的条款", ""]
    out += [line for group in groups for line in _md_group(group)] or ["没有条款变化。", ""]
    if renumbered:
        out += ["### 仅重新编号的条款", "", "；".join(_heading([clause], _md) for clause in renumbered), ""]
    return "\n".join(out)


def report_to_json(report: DiffReport) -> str:
    """The JSON report of corpus/diffs/README.md: no texts, Decimals as exact JSON numbers."""
    return dumps_exact({
        "old": report.old,
        "new": report.new,
        "metadata_changes": [{"field": m.field, "old": m.old, "new": m.new} for m in report.metadata_changes],
        "clauses": [{"old_path": c.old_path, "new_path": c.new_path, "status": c.status,
                     "changes": [{"field": f.field, "role": f.role, "old": f.old, "new": f.new} for f in c.changes]}
                    for c in report.clauses],
    })
