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

from ..extract import nlp
from ..gold import dumps_exact
from ..lexicon import FIGURE_MENTION
from ..models import ClauseChange, DiffInput, DiffReport, DiffStatus, FieldChange
from .labels import (DIFF_FIELDS, DIFF_STATUSES, DOC_STATUSES, METADATA_FIELDS, ROLES, TERM_KINDS, amount_text,
                            label, number_text, rate_text, say, signed_amount_text)

NUMERIC_FIELDS = ("money", "rate", "quantity")
MONEY_LIMIT = 10
WHEN_PREVIEW = 40  # characters of a term's `when` shown beside a changed value
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


def _value(change: FieldChange, value: Decimal | str | None, esc: Escape) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return label(TERM_KINDS, value) if change.field == "term" and value in TERM_KINDS else esc(value)
    if change.field == "money":
        return amount_text(value)
    if change.field == "rate":
        return rate_text(value)
    return number_text(value)


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
        return signed_amount_text(delta)
    if change.field == "rate":
        return f"{format((delta * 100).normalize(), '+f')} " + say("个百分点", "percentage points")
    return f"{'+' if delta > 0 else ''}{number_text(delta)}"


def _role(role: str | None, esc: Escape) -> str:
    return "—" if role is None else (label(ROLES, role) if role in ROLES else esc(role))


def _when(change: FieldChange, esc: Escape) -> str:
    if not change.when:
        return "—"
    when = " ".join(change.when.split())
    return esc(when if len(when) <= WHEN_PREVIEW else when[:WHEN_PREVIEW - 1] + "…")


def _side(paths: list[str | None], headings: list[str | None], esc: Escape) -> tuple[str, str]:
    pairs = list(dict.fromkeys((p, h) for p, h in zip(paths, headings, strict=True) if p is not None))
    return "、".join(esc(p) for p, _ in pairs) or "—", "、".join(esc(h) for _, h in pairs if h)


def _heading(entries: list[ClauseChange], esc: Escape) -> str:
    """Paths and headings of a clause (or a merge, a split): 二/4 → 二/6 支持校企合作科创平台建设."""
    old, old_title = _side([e.old_path for e in entries], [e.old_heading for e in entries], esc)
    new, new_title = _side([e.new_path for e in entries], [e.new_heading for e in entries], esc)
    if old_title == new_title or not old_title or not new_title:
        title = new_title or old_title
        paths = old if old == new else f"{old} → {new}"
        return f"{paths} {title}" if title else paths
    return f"{old} {old_title} → {new} {new_title}"


def _change_row(change: FieldChange, esc: Escape) -> list[str]:
    return [label(DIFF_FIELDS, change.field) if change.field in DIFF_FIELDS else esc(change.field), _role(change.role, esc),
            _when(change, esc), _value(change, change.old, esc), _value(change, change.new, esc), _delta_text(change)]


def _value_header() -> list[str]:
    return [say("字段", "field"), say("角色", "role"), say("条目", "item"), say("旧值", "old"), say("新值", "new"),
            say("变化", "change")]


def _money_changes(report: DiffReport) -> list[tuple[ClauseChange, FieldChange, Decimal]]:
    found = [(clause, change, _delta(change)) for clause in report.clauses for change in clause.changes
             if change.field == "money"]
    found = [(clause, change, delta) for clause, change, delta in found if delta]
    return sorted(found, key=lambda item: -abs(item[2]))[:MONEY_LIMIT]


def _money_line(clause: ClauseChange, change: FieldChange, esc: Escape) -> str:
    item = f"（{_when(change, esc)}）" if change.when else ""
    return (f"{_heading([clause], esc)}{item}：{_role(change.role, esc)} {_value(change, change.old, esc)} → "
            f"{_value(change, change.new, esc)}，{_delta_text(change)}")


def _metadata_value(field: str, value: str | None, esc: Escape) -> str:
    if value is None:
        return "—"
    return label(DOC_STATUSES, value) if field == "status" and value in DOC_STATUSES else esc(value)


def _input_row(side: str, given: DiffInput | None, esc: Escape) -> list[str]:
    if given is None:
        return [side, "—", "—", "—"]
    return [side, esc(given.path), given.sha256, f"{given.size:,}"]


def _summary_tables(report: DiffReport, esc: Escape) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) of the summary's tables, cells escaped."""
    counts = Counter(clause.status for clause in report.clauses)
    untitled = say("（无标题）", "(untitled)")
    old_side, new_side = say("旧", "old"), say("新", "new")
    notices = [[old_side, esc(report.old), esc(report.old_title) if report.old_title else untitled],
               [new_side, esc(report.new), esc(report.new_title) if report.new_title else untitled]]
    statuses = get_args(DiffStatus)
    count_row = [str(counts[s]) for s in statuses] + [str(len(report.clauses))]
    metadata = [[label(METADATA_FIELDS, m.field) if m.field in METADATA_FIELDS else esc(m.field),
                 _metadata_value(m.field, m.old, esc), _metadata_value(m.field, m.new, esc)]
                for m in report.metadata_changes]
    tables = [(say("对比的通知", "Notices compared"), ["", say("编号", "id"), say("标题", "title")], notices),
              (say("各状态条款数", "Clauses per status"), [*(label(DIFF_STATUSES, s) for s in statuses), say("合计", "total")],
               [count_row])]
    if metadata:
        tables.append((say("元数据变化", "Metadata changes"), [say("项目", "field"), old_side, new_side], metadata))
    return tables


def _inputs_table(report: DiffReport, esc: Escape) -> tuple[str, list[str], list[list[str]]]:
    """The files compared, with their SHA-256 and size, the time and the version: what the report rests on."""
    when = report.generated.isoformat().replace("+00:00", "Z") if report.generated else "—"
    caption = say(f"输入文件（生成于 {when}，policyx {esc(report.version)}）",
                  f"Inputs (made {when} by policyx {esc(report.version)})")
    header = ["", say("路径", "path"), "SHA-256", say("字节", "bytes")]
    return caption, header, [_input_row(say("旧", "old"), report.old_input, esc),
                             _input_row(say("新", "new"), report.new_input, esc)]


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
        return [(say("新条款文字", "New clause"), [("+", first.new_text)])] if first.new_text is not None else []
    if first.status == "removed":
        return [(say("原条款文字", "Removed clause"), [("-", first.old_text)])] if first.old_text is not None else []
    if first.status in ("merged", "split"):
        olds = {e.old_path: e.old_text for e in group if e.old_text is not None}
        news = {e.new_path: e.new_text for e in group if e.new_text is not None}
        return ([(say("原条款 ", "Old clause ") + (path or ""), [("=", text)]) for path, text in olds.items()]
                + [(say("新条款 ", "New clause ") + (path or ""), [("=", text)]) for path, text in news.items()])
    if first.old_text is None or first.new_text is None:
        return []
    return [(say("文字对照", "Text compared"), redline(first.old_text, first.new_text))]


def _runs_markup(runs: list[tuple[str, str]], esc: Escape) -> str:
    tags = {"-": "del", "+": "ins"}
    parts = [esc(text) if op == "=" else f"<{tags[op]}>{esc(text)}</{tags[op]}>" for op, text in runs]
    return "".join(parts) or say("（空）", "(empty)")


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
    out = ["<section>", f"<h2>{say('摘要', 'Summary')}</h2>"]
    out += [_html_table(*table) for table in _summary_tables(report, _h)]
    out.append(f"<h3>{say('金额变化最大的条款', 'Largest changes in money')}</h3>")
    money = _money_changes(report)
    items = "".join(f"<li>{_money_line(clause, change, _h)}</li>\n" for clause, change, _ in money)
    out.append(f"<ol>\n{items}</ol>" if money else f"<p>{say('无金额变化。', 'No change in money.')}</p>")
    out.append(_html_table(*_inputs_table(report, _h)))
    return [*out, "</section>"]


def _html_group(group: list[ClauseChange]) -> str:
    status = group[0].status
    out = ["<article>", f"<h3>{_heading(group, _h)}<span class=\"status\">{label(DIFF_STATUSES, status)}</span></h3>"]
    rows = [_change_row(change, _h) for entry in group for change in entry.changes]
    if rows:
        out.append(_html_table(say("变化的值", "Values changed"), _value_header(), rows, kind="values"))
    for name, runs in _texts(group):
        out += [f"<p class=\"label\">{_h(name)}</p>", f"<p class=\"text\">{_runs_markup(runs, _h)}</p>"]
    return "\n".join([*out, "</article>"])


def report_to_html(report: DiffReport) -> str:
    """The report as one self-contained HTML page: inline CSS, no scripts, a CSP that forbids loading anything."""
    groups, renumbered = _groups(report)
    title = say("政策对比：", "Policy comparison: ") + f"{_h(report.old)} → {_h(report.new)}"
    out = ["<!DOCTYPE html>", f'<html lang="{say("zh-CN", "en")}">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{title}</h1>", *_html_summary(report),
           "<section>", f"<h2>{say('变化的条款', 'Changed clauses')}</h2>"]
    out += [_html_group(group) for group in groups] or [f"<p>{say('没有条款变化。', 'No clause changed.')}</p>"]
    if renumbered:
        moves = "；".join(_heading([clause], _h) for clause in renumbered)
        out += [f"<h3>{say('仅重新编号的条款', 'Clauses only renumbered')}</h3>", f"<p>{moves}</p>"]
    made = say(f"policyx {_h(report.version)} 生成。", f"Made by policyx {_h(report.version)}.")
    out += ["</section>", f"<footer>{made}</footer>", "</body>", "</html>", ""]
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
    out = [f"### {_heading(group, _md)} · {label(DIFF_STATUSES, group[0].status)}", ""]
    rows = [_change_row(change, _md) for entry in group for change in entry.changes]
    if rows:
        out += _md_table(say("变化的值", "Values changed"), _value_header(), rows)
    for name, runs in _texts(group):
        out += [f"**{_md(name).rstrip()}**", "", f"> {_md_line_start(_runs_markup(runs, _md))}", ""]
    return out


def report_to_markdown(report: DiffReport) -> str:
    """The report as Markdown: summary first, then each changed clause with a table and a redline."""
    groups, renumbered = _groups(report)
    out = [f"# {say('政策对比：', 'Policy comparison: ')}{_md(report.old)} → {_md(report.new)}", "",
           f"## {say('摘要', 'Summary')}", ""]
    for table in _summary_tables(report, _md):
        out += _md_table(*table)
    out += [f"**{say('金额变化最大的条款', 'Largest changes in money')}**", ""]
    money = _money_changes(report)
    out += [f"{i}. {_money_line(clause, change, _md)}" for i, (clause, change, _) in enumerate(money, 1)] or [
        say("无金额变化。", "No change in money.")]
    out += ["", *_md_table(*_inputs_table(report, _md)), f"## {say('变化的条款', 'Changed clauses')}", ""]
    out += [line for group in groups for line in _md_group(group)] or [say("没有条款变化。", "No clause changed."), ""]
    if renumbered:
        out += [f"### {say('仅重新编号的条款', 'Clauses only renumbered')}", "",
                "；".join(_heading([clause], _md) for clause in renumbered), ""]
    return "\n".join(out)


def report_to_json(report: DiffReport) -> str:
    """The JSON report of corpus/diffs/README.md: no texts, Decimals as exact JSON numbers, the inputs recorded."""
    def given(side: DiffInput | None) -> dict | None:
        return None if side is None else {"path": side.path, "sha256": side.sha256, "size": side.size}

    return dumps_exact({
        "old": report.old,
        "new": report.new,
        "inputs": {"old": given(report.old_input), "new": given(report.new_input)},
        "generated": report.generated.isoformat().replace("+00:00", "Z") if report.generated else None,
        "version": report.version,
        "metadata_changes": [{"field": m.field, "old": m.old, "new": m.new} for m in report.metadata_changes],
        "clauses": [{"old_path": c.old_path, "new_path": c.new_path, "old_heading": c.old_heading,
                     "new_heading": c.new_heading, "status": c.status,
                     "changes": [{"field": f.field, "role": f.role, "when": f.when, "old": f.old, "new": f.new}
                                 for f in c.changes]}
                    for c in report.clauses],
    })
