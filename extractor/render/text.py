"""Terminal views of records: the clause tree of a notice."""

from __future__ import annotations

from decimal import Decimal

from ..models import PROVENANCE, Clause, Notice, Term
from .labels import (CALC_INPUTS, CAP_PER, CONDITION_FIELDS, CONDITION_OPS, DOC_STATUSES, HIT_FIELDS,
                            ROLES, TERM_FIELDS, TERM_KINDS, amount_text, label, number_text, rate_text, say)

PREVIEW = 40


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def notice_to_tree(notice: Notice, full_text: bool = False) -> str:
    """The clause tree of a notice as indented text, with its metadata on top."""
    meta = notice.metadata
    lines = [
        f"{notice.id}  {meta.title or say('(无标题)', '(untitled)')}",
        f"  {say('发文机关', 'issuers')}: {'、'.join(meta.issuers) or '—'}  {say('文号', 'number')}: {meta.doc_number or '—'}  "
        f"{say('日期', 'date')}: {meta.date or meta.published or '—'}  {say('状态', 'status')}: {label(DOC_STATUSES, meta.status)}",
    ]
    if meta.stacking:
        lines.append(f"  {say('叠加原则', 'stacking')}: {meta.stacking.raw}")
    if meta.application_window:
        window = meta.application_window
        lines.append(f"  {say('申报时间', 'applications')}: {window.date_from or '…'} {say('至', 'to')} {window.date_to or '…'}"
                     f"（{window.raw}）")
    if meta.materials:
        lines.append(f"  {say('申报材料', 'materials')}:")
        lines.extend(f"    {k}. {item}" for k, item in enumerate(meta.materials, 1))
    for sub in notice.subdocuments:
        lines.append(f"[{say('通知正文', 'cover notice') if sub.kind == 'cover' else sub.title or say('(未命名政策)', '(untitled policy)')}]")
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
            units = f"  [{say('牵头单位', 'lead')}: {'、'.join(clause.lead_units)}]" if clause.lead_units else ""
            units += f"  [{say('责任单位', 'responsible')}: {'、'.join(clause.units)}]" if clause.units else ""
            lines.append(f"{indent}{clause.path}  {body}{units}")
    if notice.dropped:
        reasons = ", ".join(sorted({d.reason for d in notice.dropped}))
        lines.append(say(f"(已剔除非正文 {len(notice.dropped)} 段: {reasons})", f"({len(notice.dropped)} stretches dropped: {reasons})"))
    return "\n".join(lines)


def _ancestors(path: str | None) -> list[str]:
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[: k + 1]) for k in range(len(parts))]


def dropped_to_text(notice: Notice) -> str:
    """Every dropped stretch with its reason and place, for a person to check."""
    lines = [say("已剔除的非正文:", "Dropped, not part of the notice:")]
    for item in notice.dropped:
        span = f"{item.span.start}-{item.span.end}" if item.span else ""
        where = say(f"第{item.page}页", f"page {item.page}") if item.page else (say(f"字符 {span}", f"chars {span}") if span else "")
        lines.append(f"  {item.reason:<20} {where:<16} {_one_line(item.text, 60)}")
    return "\n".join(lines)


def mark_facts(clause: Clause, explain: bool = False) -> str:
    """The clause text with each extracted figure wrapped as 【figure|role】, or with `explain` 【30万元|上限 ← 最高 · cap.before】."""
    text, start = clause.text, clause.span.start
    out, pos = [], 0
    for fact in sorted(clause.facts, key=lambda f: f.span.start):
        a, b = fact.span.start - start, fact.span.end - start
        if a < pos:
            continue
        out.append(text[pos:a])
        why = (f" ← {'、'.join(fact.cues)}" if fact.cues else "") + f" · {fact.rule}" if explain and fact.rule else ""
        out.append(f"【{text[a:b]}|{label(ROLES, fact.role)}{why}】")
        pos = b
    out.append(text[pos:])
    return "".join(out)


MONEY_FIELDS = frozenset({"amount", "min", "max", "cap", "threshold", "step", "start", "initial"})


def term_to_text(term: Term, explain: bool = False) -> str:
    """One term in words a reader checks against the text: 最高限额（…）上限 200万元，每人，每年
    (with `explain`, its rule and cue words)."""
    shown = [part for name in type(term).model_fields if name not in ("kind", "when", *PROVENANCE)
             if (value := getattr(term, name)) is not None and (part := _term_field(name, value))]
    why = f" · {term.rule}" + (f" ← {'、'.join(term.cues)}" if term.cues else "") if explain and term.rule else ""
    return f"{label(TERM_KINDS, term.kind)}（{term.when}）{'，'.join(shown)}{why}"


def _term_field(name: str, value) -> str | None:
    """One field of a term in words: 上限 200万元, 比例 5%, 每人, 2 年; None for a flag that is off."""
    named = label(TERM_FIELDS, name)
    if name in MONEY_FIELDS:
        return f"{named} {amount_text(value)}"
    if name in ("rate", "rate_min"):
        return f"{named} {rate_text(value)}"
    if name == "per":
        return say(f"每{value}", f"per {value}")
    if name == "years":
        return say(f"{number_text(value)} 年", f"{number_text(value)} years")
    if name == "cap_per":
        return say(f"上限按{label(CAP_PER, value)}计", f"cap counted {label(CAP_PER, value)}")
    if name == "tiers":
        return "；".join(say(f"满 {amount_text(t.threshold)} 给予 {amount_text(t.amount)}",
                             f"{amount_text(t.amount)} from {amount_text(t.threshold)}") for t in value)
    if name == "brackets":
        return "；".join(say(f"{amount_text(b.upto) + ' 以下' if b.upto is not None else '其余'}部分 {rate_text(b.rate)}",
                             f"{rate_text(b.rate)} of the part {'up to ' + amount_text(b.upto) if b.upto is not None else 'above'}")
                        for b in value)
    if name in ("per_year", "ceiling"):
        return named if value else None
    if name == "inclusive":
        return named if value is False else None
    return f"{named} {value}"


def condition_to_text(condition, explain: bool = False) -> str:
    """One condition as a reader checks it against the text: 地域 属于 晋中市; 营业收入 ≥ 5000000 元."""
    if condition.field == "window":
        value = f"{condition.date_from or '…'} {say('至', 'to')} {condition.date_to or '…'}"
    elif condition.number is not None:
        if condition.unit == "元":
            value = amount_text(condition.number)
        elif condition.unit == "ratio":
            value = rate_text(condition.number)
        else:
            value = f"{condition.number}" + (f" {condition.unit}" if condition.unit else "")
        value += f"（{condition.what}）" if condition.what else ""
    else:
        value = condition.value or ""
    why = f" · {condition.rule}" if explain else ""
    named = (label(CONDITION_FIELDS, condition.field), label(CONDITION_OPS, condition.op))
    return " ".join(part for part in (*named, value) if part) + why


def conditions_to_lines(tree, explain: bool = False, indent: str = "    ") -> list[str]:
    """A condition tree, one condition a line; a group of alternatives under 满足其一."""
    lines = []
    for item in tree.items:
        if hasattr(item, "logic"):
            either = say("满足其一", "any of") if item.logic == "any" else say("同时满足", "all of")
            lines.append(f"{indent}{say('条件', 'condition')} {either}：")
            lines.extend(conditions_to_lines(item, explain, indent + "  "))
        else:
            lines.append(f"{indent}{say('条件', 'condition')} {condition_to_text(item, explain)}")
    return lines


def notice_to_facts(notice: Notice, explain: bool = False) -> str:
    """Every clause with its figures marked in the text, then its terms; `explain` adds the rule behind each."""
    lines = []
    for clause in notice.clauses():
        if not clause.facts and not clause.terms and not clause.conditions:
            continue
        lines.append(f"{clause.path}")
        lines.append("  " + " ".join(mark_facts(clause, explain).split()))
        lines.extend(f"    → {term_to_text(term, explain)}" for term in clause.terms)
        if clause.conditions:
            lines.extend(conditions_to_lines(clause.conditions, explain))
    return "\n".join(lines)


def _shape(shape: dict | None) -> str:
    if shape is None:
        return "—"
    if shape.get("not_computable"):
        return say("不可计算", "not computable")
    if "amount" in shape:
        return amount_text(Decimal(shape["amount"]))
    return bound_text(shape.get("min"), shape["max"])


def bound_text(low: Decimal | None, high: Decimal) -> str:
    """A bound: 10万元–20万元, or 最高 20万元."""
    return f"{amount_text(Decimal(low))}–{amount_text(Decimal(high))}" if low is not None else \
        say("最高 ", "at most ") + amount_text(Decimal(high))


def _inputs(inputs: dict) -> str:
    return "，".join(f"{label(CALC_INPUTS, k)} {number_text(Decimal(v))}" for k, v in inputs.items()) or "—"


def outcomes_to_table(outcomes: list, title: str, only_failures: bool = False, width: int = 140) -> str:
    """Scenario outcomes as a table, and the pass rate."""
    import io

    from rich.console import Console
    from rich.table import Table

    passed = sum(o.passed for o in outcomes)
    table = Table(title=title)
    headers = (say("文档", "notice"), say("条款", "clause"), say("选择", "select"), say("输入", "inputs"),
               say("期望", "expected"), say("结果", "result"), say("通过", "passed"))
    for header in (*headers, *([say("原因", "reason")] if only_failures else [])):
        table.add_column(header, overflow="fold")
    for o in outcomes:
        if only_failures and o.passed:
            continue
        row = [o.doc, o.path, o.select, _inputs(o.inputs), _shape(o.expected), _shape(o.result),
               say("是", "yes") if o.passed else say("否", "no")]
        table.add_row(*row, *([o.reason or ""] if only_failures else []))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    if not only_failures or passed < len(outcomes):
        console.print(table)
    rate = f"{passed / len(outcomes):.3f}" if outcomes else "—"
    console.print(f"{say('情景通过', 'scenarios passed')}: {passed}/{len(outcomes)} ({rate})")
    return buffer.getvalue()


def result_to_text(result, explain: bool) -> str:
    """One calculation: the answer, and with `explain` the trace and the source text."""
    if result.kind == "amount":
        answer = amount_text(result.amount)
    elif result.kind == "not_computable":
        answer = say("不可计算：", "not computable: ") + (result.reason or "")
    else:
        answer = bound_text(result.min, result.max)
    lines = [f"{result.doc} {result.path}（{result.term.when}）：{answer}"]
    if explain:
        lines += [f"  {k}. {step.what}" for k, step in enumerate(result.trace, 1)]
        where = ""
        if result.source:
            page = say(f"，第{result.source.page}页", f", page {result.source.page}") if result.source.page else ""
            where = say("（字符 ", " (chars ") + f"{result.source.start}–{result.source.end}{page}" + say("）", ")")
        lines.append(f"  {say('原文', 'text')}{where}：{' '.join(result.source_text.split())}")
    return "\n".join(lines)


def hits_to_table(hits: list, width: int = 160) -> str:
    """Clauses found in the store, a row each, with the figures that passed the filters."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=say(f"检索结果（{len(hits)} 条）", f"Clauses found ({len(hits)})"))
    for name in ("notice", "region", "status", "path", "figures", "text"):
        table.add_column(label(HIT_FIELDS, name), overflow="fold")
    for hit in hits:
        table.add_row(hit.notice, hit.region, label(DOC_STATUSES, hit.status), hit.path,
                      "、".join(hit.figures), _one_line(hit.text, 80))
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(table)
    return buffer.getvalue()


def hits_to_json(hits: list) -> str:
    """Clauses found in the store as a JSON array (field names in English, as the store's columns)."""
    import dataclasses
    import json

    return json.dumps([dataclasses.asdict(hit) for hit in hits], ensure_ascii=False, indent=2) + "\n"


def hits_to_jsonl(hits: list) -> str:
    """Clauses found in the store as JSON Lines, one clause a line."""
    import dataclasses
    import json

    return "".join(json.dumps(dataclasses.asdict(hit), ensure_ascii=False) + "\n" for hit in hits)


def hits_to_csv(hits: list) -> str:
    """Clauses found in the store as CSV with a header row (column names as the store's)."""
    import csv
    import dataclasses
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(HIT_FIELDS))
    for hit in hits:
        row = dataclasses.asdict(hit)
        writer.writerow(["、".join(row[name]) if name == "figures" else row[name] for name in HIT_FIELDS])
    return buffer.getvalue()
