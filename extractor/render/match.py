"""Match reports for a consultant: plain text, Markdown and a printable HTML page, in Chinese.

Per policy item: the verdict (符合 / 不符合 / 待确认), each condition with ✓ ✗ ? and the words
of the notice it rests on, the amount with its trace, and whether it counts (就高不重复…).
Then the totals split into 确定 / 按上限 / 待确认, the questions to ask, the open application
windows and the materials to prepare, and the notices left out with their reasons. Every
string from a notice or a profile is escaped (the same rules as the diff report).
"""

from __future__ import annotations

import html

from ..calculate import yuan
from ..eligibility import STATUS_MARKS
from ..match import MatchReport
from ..models import PIPELINE_VERSION
from .diff import CSP, visible
from .labels import LEFT_OUT, VERDICTS, label, say
from .text import bound_text


def answer(result) -> str:
    """What a match pays: the sum, the bound (as calc prints it), or 不可计算."""
    if result.kind == "amount":
        return yuan(result.amount)
    if result.kind == "bound":
        return bound_text(result.min, result.max)
    return say("不可计算", "not computable")


def totals_line(report: MatchReport) -> str:
    t = report.totals
    return say(f"合计（符合）：{yuan(report.total)}，其中确定 {yuan(t.certain)}，"
               f"按上限 {yuan(t.bounded)}（{t.bounded_count} 项）；待确认 {yuan(t.pending)}（{t.pending_count} 项）；"
               f"不可计算 {t.unknown_count} 项",
               f"Total (eligible): {yuan(report.total)}, certain {yuan(t.certain)}, up to limits {yuan(t.bounded)} "
               f"({t.bounded_count}); to confirm {yuan(t.pending)} ({t.pending_count}); not computable {t.unknown_count}")


def match_to_text(report: MatchReport, explain: bool = False) -> str:
    """The report as terminal lines."""
    colon, semicolon = say("：", ": "), say("；", "; ")
    lines = [say(f"申请人：{report.profile.name}（按 {report.as_of} 判断）",
                 f"Applicant: {report.profile.name} (as of {report.as_of})")]
    for m in report.matches:
        mark = "✓" if m.chosen else "·"
        heading = (say(f"（{m.heading}）", f" ({m.heading})") if m.heading else "")
        lines.append(f"{mark} [{label(VERDICTS, m.verdict)}] {m.fact}｜{m.notice} {m.path}{heading}{colon}"
                     f"{answer(m.result)}｜{m.why}")
        for check in m.checks:
            if check.status != "step" or explain:
                lines.append(f"      {STATUS_MARKS[check.status]} {check.condition}｜{check.why}")
        if explain:
            lines += [f"      = {step.what}" for step in m.result.trace[1:]]
    lines.append(totals_line(report))
    if report.questions:
        lines.append(say("待确认事项：", "To confirm:"))
        lines += [f"  ? {q}" for q in report.questions]
    for window in report.windows:
        lines.append(f"{say('申报时间', 'Applications')}{colon}{window.notice} {window.date_from or '…'} {say('至', 'to')} "
                     f"{window.date_to or '…'}{say('（', ' (')}{_open(window.open)}{say('）', ')')}")
    for notice, items in report.materials.items():
        lines.append(f"{say('申报材料', 'Materials')}{say('（', ' (')}{notice}{say('）', ')')}{colon}" + semicolon.join(items))
    for fact in report.unmatched:
        lines.append(f"{say('未找到支持条款', 'No term pays for')}{colon}{fact}")
    for out in report.left_out:
        where = f" {out.path}" if out.path else ""
        lines.append(f"{say('未纳入', 'Left out')}{colon}{out.notice}{where}｜{label(LEFT_OUT, out.reason)}{colon}{out.why}")
    return "\n".join(lines)


def _open(is_open: bool) -> str:
    return say("正在受理", "open") if is_open else say("不在受理期", "closed")


def _md(text: str) -> str:
    escaped = visible(str(text)).replace("\\", "\\\\")
    for char in "`*_[]<>|#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", " ")


def match_to_markdown(report: MatchReport) -> str:
    """The report as Markdown: a section per policy item, tables of conditions."""
    out = [f"# {say('政策匹配报告', 'Policy match report')}：{_md(report.profile.name)}", "",
           say(f"按 {report.as_of} 判断 · 纳入通知 {len(report.notices)} 份 · policyx {PIPELINE_VERSION}",
               f"as of {report.as_of} · {len(report.notices)} notices · policyx {PIPELINE_VERSION}"), "",
           f"**{_md(totals_line(report))}**", ""]
    for m in report.matches:
        counted = say("计入", "counted") if m.chosen else say("不计入", "not counted")
        out += [f"## {label(VERDICTS, m.verdict)} · {_md(m.fact)} · {_md(m.notice)} {_md(m.path)}", "",
                f"{_md(m.title or '')}{'：' + _md(m.heading) if m.heading else ''}", "",
                f"{say('金额', 'Amount')}：**{_md(answer(m.result))}**（{counted}：{_md(m.why)}）", "",
                f"| | {say('条件', 'condition')} | {say('依据', 'why')} | {say('原文', 'text')} |", "|---|---|---|---|"]
        out += [f"| {STATUS_MARKS[c.status]} | {_md(c.condition)} | {_md(c.why)} | {_md(c.quote)} |" for c in m.checks]
        out += ["", say("计算过程：", "Calculation:"), ""] + [f"1. {_md(step.what)}" for step in m.result.trace] + [""]
    if report.questions:
        out += [f"## {say('待确认事项', 'To confirm')}", ""] + [f"- [ ] {_md(q)}" for q in report.questions] + [""]
    if report.windows or report.materials:
        out += [f"## {say('申报时间与材料', 'Applications and materials')}", ""]
        out += [f"- {_md(w.notice)}：{w.date_from or '…'} {say('至', 'to')} {w.date_to or '…'}（{_open(w.open)}）"
                for w in report.windows]
        for notice, items in report.materials.items():
            out += [f"- {_md(notice)} {say('材料', 'materials')}：" + "；".join(_md(i) for i in items)]
        out.append("")
    if report.unmatched:
        out += [f"## {say('未找到支持条款的档案事实', 'Profile facts no term pays for')}", ""]
        out += [f"- {_md(f)}" for f in report.unmatched] + [""]
    if report.left_out:
        out += [f"## {say('未纳入', 'Left out')}", "",
                f"| {say('通知', 'notice')} | {say('条款', 'clause')} | {say('原因', 'reason')} | {say('说明', 'why')} |",
                "|---|---|---|---|"]
        out += [f"| {_md(o.notice)} | {_md(o.path or say('全文', 'whole notice'))} | {label(LEFT_OUT, o.reason)} | {_md(o.why)} |"
                for o in report.left_out]
    return "\n".join(out) + "\n"


def _h(text) -> str:
    return html.escape(visible(str(text)), quote=True)


STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.met{color:#1a7f37}.failed{color:#cf222e}.unknown{color:#9a6700}.step{color:#777}
.verdict-eligible{color:#1a7f37}.verdict-ineligible{color:#cf222e}.verdict-unconfirmed{color:#9a6700}
.total{font-size:1.1em;font-weight:bold}.muted{color:#777}.quote{font-size:.9em;color:#555}
@media print{body{margin:0}h2{break-after:avoid}section{break-inside:avoid}}
"""


def match_to_html(report: MatchReport) -> str:
    """One page a consultant can print for a client; no scripts, no external resources."""
    t = report.totals
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           f"<title>政策匹配报告：{_h(report.profile.name)}</title><style>{STYLE}</style></head><body>",
           f"<h1>政策匹配报告：{_h(report.profile.name)}</h1>",
           f'<p class="muted">按 {report.as_of} 判断 · 纳入通知 {len(report.notices)} 份 · policyx {_h(PIPELINE_VERSION)}</p>',
           "<table><tr><th>确定金额</th><th>按上限</th><th>待确认</th><th>不可计算</th></tr>",
           f'<tr class="total"><td>{_h(yuan(t.certain))}</td><td>{_h(yuan(t.bounded))}（{t.bounded_count} 项）</td>'
           f"<td>{_h(yuan(t.pending))}（{t.pending_count} 项）</td><td>{t.unknown_count} 项</td></tr></table>"]
    for m in report.matches:
        out += ["<section>",
                f'<h2><span class="verdict-{m.verdict}">{label(VERDICTS, m.verdict)}</span> · {_h(m.fact)} · '
                f"{_h(m.notice)} {_h(m.path)}</h2>",
                f"<p>{_h(m.title or '')}{'：' + _h(m.heading) if m.heading else ''}</p>",
                f"<p>金额：<strong>{_h(answer(m.result))}</strong>（{'计入' if m.chosen else '不计入'}：{_h(m.why)}）</p>",
                "<table><tr><th></th><th>条件</th><th>依据</th><th>原文</th></tr>"]
        out += [f'<tr><td class="{c.status}">{STATUS_MARKS[c.status]}</td><td>{_h(c.condition)}</td><td>{_h(c.why)}</td>'
                f'<td class="quote">{_h(c.quote)}</td></tr>' for c in m.checks]
        out += ["</table>", "<ol>"] + [f"<li>{_h(step.what)}</li>" for step in m.result.trace] + ["</ol>", "</section>"]
    if report.questions:
        out += ["<section><h2>待确认事项</h2><ul>"] + [f"<li>☐ {_h(q)}</li>" for q in report.questions] + ["</ul></section>"]
    if report.windows or report.materials:
        out.append("<section><h2>申报时间与材料</h2><ul>")
        out += [f"<li>{_h(w.notice)}：{w.date_from or '…'} 至 {w.date_to or '…'}（{'正在受理' if w.open else '不在受理期'}）</li>"
                for w in report.windows]
        out += [f"<li>{_h(n)} 材料：{'；'.join(_h(i) for i in items)}</li>" for n, items in report.materials.items()]
        out.append("</ul></section>")
    if report.unmatched:
        out += ["<section><h2>未找到支持条款的档案事实</h2><ul>"] + [f"<li>{_h(f)}</li>" for f in report.unmatched]
        out.append("</ul></section>")
    if report.left_out:
        out.append("<section><h2>未纳入</h2><table><tr><th>通知</th><th>条款</th><th>原因</th><th>说明</th></tr>")
        out += [f"<tr><td>{_h(o.notice)}</td><td>{_h(o.path or '全文')}</td><td>{label(LEFT_OUT, o.reason)}</td>"
                f"<td>{_h(o.why)}</td></tr>" for o in report.left_out]
        out.append("</table></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
