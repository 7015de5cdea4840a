"""Terminal views of records: the clause tree of a notice."""

from __future__ import annotations

from .models import PROVENANCE, Clause, Notice, Term

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
    if meta.application_window:
        window = meta.application_window
        lines.append(f"  申报时间: {window.date_from or '…'} 至 {window.date_to or '…'}（{window.raw}）")
    if meta.materials:
        lines.append("  申报材料:")
        lines.extend(f"    {k}. {item}" for k, item in enumerate(meta.materials, 1))
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
        out.append(f"【{text[a:b]}|{ROLE_LABELS[fact.role]}{why}】")
        pos = b
    out.append(text[pos:])
    return "".join(out)


def term_to_text(term: Term, explain: bool = False) -> str:
    """One term in words a reader checks against the text (with `explain`, its rule and cue words)."""
    fields = term.model_dump(exclude={"kind", "when", *PROVENANCE}, exclude_none=True)
    shown = "，".join(f"{name}={value}" for name, value in fields.items())
    why = f" · {term.rule}" + (f" ← {'、'.join(term.cues)}" if term.cues else "") if explain and term.rule else ""
    return f"{KIND_LABELS[term.kind]}（{term.when}）{shown}{why}"


CONDITION_FIELD_LABELS = {
    "region": "地域", "applicant": "对象", "qualification": "资格", "holds": "持有", "founded": "成立年限", "age": "年龄",
    "education": "学历", "revenue": "营业收入", "employees": "从业人员", "rd_ratio": "研发投入占比", "amount": "金额",
    "quantity": "数量", "excluded": "排除", "window": "时间窗口", "other": "其他",
}
CONDITION_OPS = {"in": "属于", "has": "具有", "not": "不得为", ">=": "≥", "<=": "≤", "between": "", "is": ""}


def condition_to_text(condition, explain: bool = False) -> str:
    """One condition as a reader checks it against the text: 地域 属于 晋中市; 营业收入 ≥ 5000000 元."""
    if condition.field == "window":
        value = f"{condition.date_from or '…'} 至 {condition.date_to or '…'}"
    elif condition.number is not None:
        unit = "" if condition.unit in (None, "ratio") else f" {condition.unit}"
        value = f"{condition.number}{unit}" + (f"（{condition.what}）" if condition.what else "")
    else:
        value = condition.value or ""
    why = f" · {condition.rule}" if explain else ""
    return " ".join(part for part in (CONDITION_FIELD_LABELS[condition.field], CONDITION_OPS[condition.op], value) if part) + why


def conditions_to_lines(tree, explain: bool = False, indent: str = "    ") -> list[str]:
    """A condition tree, one condition a line; a group of alternatives under 满足其一."""
    lines = []
    for item in tree.items:
        if hasattr(item, "logic"):
            lines.append(f"{indent}条件 {'满足其一' if item.logic == 'any' else '同时满足'}：")
            lines.extend(conditions_to_lines(item, explain, indent + "  "))
        else:
            lines.append(f"{indent}条件 {condition_to_text(item, explain)}")
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
        return "不可计算"
    if "amount" in shape:
        return f"{shape['amount']:,} 元"
    return (f"{shape['min']:,}–" if shape.get("min") is not None else "最高 ") + f"{shape['max']:,} 元"


def _inputs(inputs: dict) -> str:
    names = {"base": "基数", "count": "数量", "years": "年数"}
    return "，".join(f"{names[k]} {v:,}" for k, v in inputs.items()) or "—"


def outcomes_to_table(outcomes: list, title: str, only_failures: bool = False, width: int = 140) -> str:
    """Scenario outcomes as a table with Chinese labels, and the pass rate."""
    import io

    from rich.console import Console
    from rich.table import Table

    passed = sum(o.passed for o in outcomes)
    table = Table(title=title)
    for header in ("文档", "条款", "选择", "输入", "期望", "结果", "通过", *(["原因"] if only_failures else [])):
        table.add_column(header, overflow="fold")
    for o in outcomes:
        if only_failures and o.passed:
            continue
        row = [o.doc, o.path, o.select, _inputs(o.inputs), _shape(o.expected), _shape(o.result), "是" if o.passed else "否"]
        table.add_row(*row, *([o.reason or ""] if only_failures else []))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    if not only_failures or passed < len(outcomes):
        console.print(table)
    rate = f"{passed / len(outcomes):.3f}" if outcomes else "—"
    console.print(f"情景通过: {passed}/{len(outcomes)} ({rate})")
    return buffer.getvalue()


def result_to_text(result, explain: bool) -> str:
    """One calculation: the answer, and with `explain` the trace and the source text."""
    answer = {"amount": lambda: f"{result.amount:,} 元", "not_computable": lambda: f"不可计算：{result.reason}"}.get(
        result.kind, lambda: (f"{result.min:,}–" if result.min is not None else "最高 ") + f"{result.max:,} 元")()
    lines = [f"{result.doc} {result.path}（{result.term.when}）：{answer}"]
    if explain:
        lines += [f"  {k}. {step.what}" for k, step in enumerate(result.trace, 1)]
        where = f"（字符 {result.source.start}–{result.source.end}" + (f"，第{result.source.page}页）" if result.source.page else "）") \
            if result.source else ""
        lines.append(f"  原文{where}：{' '.join(result.source_text.split())}")
    return "\n".join(lines)


HIT_FIELDS = {"notice": "公告", "title": "标题", "region": "地区", "status": "状态", "path": "条款", "heading": "标题词",
              "figures": "金额", "text": "条文"}


def hits_to_table(hits: list, width: int = 160) -> str:
    """Clauses found in the store, a row each, with the figures that passed the filters."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"检索结果（{len(hits)} 条）")
    for header in ("公告", "地区", "状态", "条款", "金额", "条文"):
        table.add_column(header, overflow="fold")
    for hit in hits:
        table.add_row(hit.notice, hit.region, "征求意见稿" if hit.status == "draft" else "正式", hit.path,
                      "、".join(hit.figures), _one_line(hit.text, 80))
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(table)
    return buffer.getvalue()


def hits_to_json(hits: list) -> str:
    """Clauses found in the store as a JSON array (field names in English, as the store's columns)."""
    import dataclasses
    import json

    return json.dumps([dataclasses.asdict(hit) for hit in hits], ensure_ascii=False, indent=2) + "\n"


def hits_to_csv(hits: list) -> str:
    """Clauses found in the store as CSV with a header row."""
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
