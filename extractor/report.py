"""Terminal views of records: the clause tree of a notice."""

from __future__ import annotations

from .models import Clause, Notice, Term

PREVIEW = 40


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def notice_to_tree(notice: Notice, full_text: bool = False) -> str:
    """The clause tree of a notice as indented text, with its metadata on top."""
    meta = notice.metadata
    lines = [
        f"{notice.id}  {meta.title or '(无标题)'}",
        f"  发文机关: {'、'.join(meta.issuers) or '—'}  文号: {meta.doc_number or '—'}  "
        f"日期: {meta.date or meta.published or '—'}  状态: {'征求意见稿' if meta.status == 'draft' else '正式稿'}",
    ]
    if meta.stacking:
        lines.append(f"  叠加原则: {meta.stacking.raw}")
    for sub in notice.subdocuments:
        lines.append(f"[{'通知正文' if sub.kind == 'cover' else sub.title or '(未命名政策)'}]")
        headings = {h.path: h for h in sub.headings}
        shown: set[str] = set()
        for clause in sub.clauses:
            for parent in _ancestors(clause.parent):
                if parent in headings and parent not in shown:
                    shown.add(parent)
                    h = headings[parent]
                    lines.append(f"{'  ' * (parent.count('/') + 1)}{h.path}  {h.title}")
            indent = "  " * (clause.depth + 1)
            body = clause.text if full_text else _one_line(clause.text, PREVIEW)
            units = f"  [牵头单位: {'、'.join(clause.lead_units)}]" if clause.lead_units else ""
            units += f"  [责任单位: {'、'.join(clause.units)}]" if clause.units else ""
            lines.append(f"{indent}{clause.path}  {body}{units}")
    if notice.dropped:
        lines.append(f"(已剔除非正文 {len(notice.dropped)} 段: {', '.join(sorted({d.reason for d in notice.dropped}))})")
    return "\n".join(lines)


def _ancestors(path: str | None) -> list[str]:
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[: k + 1]) for k in range(len(parts))]


def dropped_to_text(notice: Notice) -> str:
    """Every dropped stretch with its reason and place, for a person to check."""
    lines = ["已剔除的非正文:"]
    for item in notice.dropped:
        where = f"第{item.page}页" if item.page else (f"字符 {item.span.start}-{item.span.end}" if item.span else "")
        lines.append(f"  {item.reason:<20} {where:<16} {_one_line(item.text, 60)}")
    return "\n".join(lines)


ROLE_LABELS = {"award": "奖励", "cap": "上限", "threshold": "门槛", "budget": "资金规模", "other": "其他", "duration": "期限"}
KIND_LABELS = {
    "fixed": "定额", "range": "区间", "rate": "比例", "per_unit": "按单位", "step": "阶梯累进", "tiers": "分档",
    "brackets": "分段累进", "cap_only": "最高限额", "qualitative": "定性",
}


def mark_facts(clause: Clause) -> str:
    """The clause text with each extracted figure wrapped as 【figure|role】."""
    text, start = clause.text, clause.span.start
    out, pos = [], 0
    for fact in sorted(clause.facts, key=lambda f: f.span.start):
        a, b = fact.span.start - start, fact.span.end - start
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(f"【{text[a:b]}|{ROLE_LABELS[fact.role]}】")
        pos = b
    out.append(text[pos:])
    return "".join(out)


def term_to_text(term: Term) -> str:
    """One term in words a reader checks against the text."""
    fields = term.model_dump(exclude={"kind", "when"}, exclude_none=True)
    shown = "，".join(f"{name}={value}" for name, value in fields.items())
    return f"{KIND_LABELS[term.kind]}（{term.when}）{shown}"


def notice_to_facts(notice: Notice) -> str:
    """Every clause with its figures marked in the text, then its terms."""
    lines = []
    for clause in notice.clauses():
        if not clause.facts and not clause.terms:
            continue
        lines.append(f"{clause.path}")
        lines.append("  " + " ".join(mark_facts(clause).split()))
        lines.extend(f"    → {term_to_text(term)}" for term in clause.terms)
    return "\n".join(lines)
