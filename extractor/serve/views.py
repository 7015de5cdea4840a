"""Records turned into what a page shows: marked clause text, terms in Chinese, the clause tree, diff sides.

Every string taken from a notice passes `visible` (invisible and bidi characters as ⟨U+XXXX⟩,
as in the diff report) here; the templates escape it for HTML (Jinja2 autoescaping).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import Clause, DiffReport, Fact, FieldChange, Notice, Term
from ..render.diff import redline, visible
from ..render.labels import CAP_PER, DIFF_FIELDS, ROLES, TERM_KINDS, amount_text, label, number_text, rate_text
from ..render.text import condition_to_text

MONEY_CHANGES = 10


@dataclass(frozen=True)
class Piece:
    """A run of clause text: plain, or one figure with its role and what the tooltip says."""

    text: str
    role: str | None = None
    label: str = ""
    tip: str = ""


def figure_value(fact: Fact) -> str:
    """A figure's value as a reader writes it: 30万元, 5%, 3 年."""
    if fact.kind == "money":
        return amount_text(fact.value)
    if fact.kind == "rate":
        return rate_text(fact.value)
    return f"{number_text(fact.value)} {fact.unit}"


def tip(fact: Fact) -> str:
    """What hovering a figure tells: its role and value, the rule, the cue words, where it is printed.

    >>> from extractor.models import Span
    >>> tip(Fact(kind="money", role="cap", value=Decimal(300000), unit="元", raw="30万元", span=Span(start=3174, end=3178),
    ...          rule="cap.before", cues=["最高"]))
    '上限 30万元 · 规则 cap.before · 提示词 最高 · 字符 3174–3178'
    """
    page = f"（第{fact.span.page}页）" if fact.span.page else ""
    return (f"{label(ROLES, fact.role)} {figure_value(fact)} · 规则 {fact.rule or '—'} · 提示词 {'、'.join(fact.cues) or '—'}"
            f" · 字符 {fact.span.start}–{fact.span.end}{page}")


def pieces(clause: Clause) -> list[Piece]:
    """The clause text cut at its figures (as `report.mark_facts` marks them), each figure with its role."""
    text, start = clause.text, clause.span.start
    out, pos = [], 0
    for fact in sorted(clause.facts, key=lambda f: f.span.start):
        a, b = fact.span.start - start, fact.span.end - start
        if a < pos or b > len(text):
            continue  # overlapping or outside the clause text: the figure is listed in the terms, not marked
        if a > pos:
            out.append(Piece(visible(text[pos:a])))
        out.append(Piece(visible(text[a:b]), fact.role, label(ROLES, fact.role), visible(tip(fact))))
        pos = b
    if pos < len(text):
        out.append(Piece(visible(text[pos:])))
    return out


def _cap(term: Term) -> str:
    cap = getattr(term, "cap", None)
    if cap is None or term.kind == "cap_only":
        return ""
    return f"，最高 {amount_text(cap)}" + (f"（{label(CAP_PER, term.cap_per)}）" if term.cap_per else "")


def _rate(term) -> str:
    rates = f"{rate_text(term.rate_min)}–{rate_text(term.rate)}" if term.rate_min is not None else rate_text(term.rate)
    words = f"{term.base} × {rates}" + ("（比例为上限）" if term.ceiling else "")
    if term.threshold is not None:
        words += f"，{term.base}{'超过' if term.inclusive is False else '达到'} {amount_text(term.threshold)} 方可"
    return words


def _step(term) -> str:
    words = f"每 {amount_text(term.step)} 给予 {amount_text(term.amount)}"
    if term.start:
        words += f"，自 {amount_text(term.start)} 起算"
    return words + (f"，起点给予 {amount_text(term.initial)}" if term.initial else "")


def _bracket(bracket) -> str:
    part = f"{amount_text(bracket.upto)} 以内部分" if bracket.upto is not None else "其余部分"
    return f"{part} × {rate_text(bracket.rate)}"


TERM_WORDS = {
    "fixed": lambda t: amount_text(t.amount),
    "range": lambda t: f"{amount_text(t.min)} 至 {amount_text(t.max)}，由评审确定",
    "rate": _rate,
    "per_unit": lambda t: f"每{t.per} {amount_text(t.amount)}" + ("，按年给予" if t.per_year else "")
                          + ("（每单位为上限）" if t.ceiling else ""),
    "step": _step,
    "tiers": lambda t: "；".join(f"达到 {amount_text(x.threshold)} 给予 {amount_text(x.amount)}" for x in t.tiers),
    "brackets": lambda t: "；".join(map(_bracket, t.brackets)),
    "cap_only": lambda t: f"最高 {amount_text(t.cap)}" + (f"（{label(CAP_PER, t.cap_per)}）" if t.cap_per else ""),
    "qualitative": lambda t: "未给出可计算的金额（一事一议、按贡献给予等）",
}


def term_words(term: Term) -> str:
    """A term as a sentence in Chinese: what it pays and how, with its cap and years.

    >>> from extractor.models import RateTerm
    >>> term_words(RateTerm(when="按交易额", rate=Decimal("0.05"), base="交易额", cap=Decimal(300000)))
    '比例：交易额 × 5%，最高 30万元'
    """
    years = f"，{number_text(term.years)} 年" if term.years else ""
    return f"{label(TERM_KINDS, term.kind)}：{TERM_WORDS[term.kind](term)}{_cap(term)}{years}"


@dataclass(frozen=True)
class TreeRow:
    """A line of the clause tree: a heading above clauses, or a clause (with its place in the notice's clause list)."""

    depth: int
    path: str
    title: str
    clause: Clause | None = None
    index: int = -1


def tree(notice: Notice) -> list[tuple[str, list[TreeRow]]]:
    """Each policy of the notice with its headings and clauses, in order, as `report.notice_to_tree` prints them."""
    out, index = [], 0
    for sub in notice.subdocuments:
        title = "通知正文" if sub.kind == "cover" else sub.title or "（未命名政策）"
        headings = {h.path: h for h in sub.headings}
        shown: set[str] = set()
        rows = []
        for clause in sub.clauses:
            parts = (clause.parent or "").split("/") if clause.parent else []
            for k in range(len(parts)):
                parent = "/".join(parts[: k + 1])
                if parent in headings and parent not in shown:
                    shown.add(parent)
                    rows.append(TreeRow(k, parent, visible(headings[parent].title)))
            rows.append(TreeRow(clause.depth, clause.path, visible(clause.heading or ""), clause, index))
            index += 1
        out.append((visible(title), rows))
    return out


def condition_rows(conditions, depth: int = 0) -> list[tuple[int, str]]:
    """A clause's condition tree, one condition a row with its depth; a group of alternatives under 满足其一."""
    rows = []
    for item in conditions.items:
        if hasattr(item, "logic"):
            rows.append((depth, "满足其一：" if item.logic == "any" else "同时满足："))
            rows += condition_rows(item, depth + 1)
        else:
            rows.append((depth, visible(condition_to_text(item))))
    return rows


def sides(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The redline of two texts as two columns: the old text with its deletions, the new one with its insertions.

    >>> sides("给予企业30万元奖励", "给予企业50万元奖励")
    ([('=', '给予企业'), ('-', '30万元'), ('=', '奖励')], [('=', '给予企业'), ('+', '50万元'), ('=', '奖励')])
    """
    runs = [(op, visible(text)) for op, text in redline(old, new)]
    return [r for r in runs if r[0] != "+"], [r for r in runs if r[0] != "-"]


def change_value(change: FieldChange, value) -> str:
    """One side of a changed value, as a reader writes it."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return {"money": amount_text, "rate": rate_text}.get(change.field, number_text)(value)
    return label(TERM_KINDS, value) if change.field == "term" else visible(str(value))


def change_row(change: FieldChange) -> tuple[str, str, str, str, str]:
    """A changed value as the table shows it: field, role, item, old, new."""
    role = label(ROLES, change.role) if change.role else "—"
    return (label(DIFF_FIELDS, change.field), role, visible(change.when or "—"), change_value(change, change.old),
            change_value(change, change.new))


def money_changes(report: DiffReport) -> list[tuple[str, str, str, str, str]]:
    """The largest changes of money: where, role, old, new, and by how much."""
    found = []
    for clause in report.clauses:
        for change in clause.changes:
            if change.field != "money" or isinstance(change.old, str) or isinstance(change.new, str):
                continue
            delta = (change.new or Decimal(0)) - (change.old or Decimal(0))
            if delta:
                where = " → ".join(dict.fromkeys(p for p in (clause.old_path, clause.new_path) if p))
                found.append((abs(delta), (visible(where), label(ROLES, change.role) if change.role else "—",
                                           change_value(change, change.old), change_value(change, change.new),
                                           ("+" if delta > 0 else "") + amount_text(delta))))
    return [row for _, row in sorted(found, key=lambda item: -item[0])[:MONEY_CHANGES]]
