"""Extractors: values read from a clause's text, each with the span it came from.

`EXTRACTORS` is the one list of fact finders; the CLI, the tests and the
pipeline read it. Each finder takes normalized clause text and returns fact
fields with offsets into that text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..patterns import compiled
from ..lexicon import COLUMN_UNIT
from ..models import (CALCULATOR_FLAGS, PROVENANCE, Clause, Condition, ConditionTree, Fact, Issue, Notice, SubDocument,
                      Term)
from ..normalize import normalize
from ..spans import Locator
from .conditions import find_conditions
from .money import find_money
from .quantities import find_quantities
from .rates import find_rates
from .sentences import sentence_spans
from .terms import facts_to_terms

if TYPE_CHECKING:
    from ..gold import GoldClause

EXTRACTORS = (find_money, find_rates, find_quantities)
PRIORITY = {"rate": 0, "money": 1, "quantity": 2}


def text_to_facts(text: str) -> list[dict]:
    """All facts of one normalized clause text, in printed order, overlaps resolved.

    >>> [(f["kind"], str(f["value"])) for f in text_to_facts("按交易额的5%奖励,最高30万元,分3年补助到位")]
    [('rate', '0.05'), ('money', '300000'), ('quantity', '3')]
    """
    found = sorted(
        (fact for extractor in EXTRACTORS for fact in extractor(text)),
        key=lambda f: (f["start"], PRIORITY[f["kind"]], -(f["end"] - f["start"])),
    )
    kept: list[dict] = []
    for fact in found:
        if kept and fact["start"] < kept[-1]["end"] and fact["range_id"] is None:
            continue  # a figure already read as another kind (5个百分点 is a rate, not 5 个)
        kept.append(fact)
    return kept


def _unwrapped(text: str) -> str:
    """Line breaks inside a sentence become spaces (same length); table rows (cells split by | or tabs, or under
    a header naming a column's unit) stay lines."""
    lines = text.split("\n")
    table = COLUMN_UNIT.search(text) is not None
    out = []
    for k, line in enumerate(lines[:-1]):
        row = table or any(cell in line or cell in lines[k + 1] for cell in ("|", "\t"))
        out.append(line + ("\n" if row or not line or line.rstrip()[-1:] in "。;!?:" else " "))
    return "".join(out) + lines[-1]


def _read_clause(clause: Clause, loc: Locator) -> Clause:
    """The clause with its facts (spans in the original text) and its terms."""
    start, end = loc.norm_range(clause.span.start, clause.span.end)
    text = _unwrapped(loc.norm.text[start:end])
    found = text_to_facts(text)
    facts = [
        Fact(
            kind=f["kind"], role=f["role"], value=f["value"], unit=f["unit"],
            raw=loc.raw_text(start + f["start"], start + f["end"]), span=loc.span(start + f["start"], start + f["end"]),
            direction=f["direction"], inclusive=f["inclusive"], per=f["per"], range_id=f["range_id"], bound=f["bound"],
            rule=f["rule"], cues=f["cues"],
        )
        for f in found
    ]
    label = len(normalize(clause.label).text) if clause.label and clause.style != "lead" else 0
    masked = " " * label + text[label:]  # the number (第五条, 3、) is nobody's `when`; same length keeps offsets
    by_figure: dict[tuple[str, Decimal], list[int]] = {}
    for k, fact in enumerate(facts):
        by_figure.setdefault((fact.kind, fact.value), []).append(k)
    sentences = sentence_spans(masked)  # one split, read by the terms and the conditions
    terms = [with_sources(term, facts, by_figure) for term in facts_to_terms(masked, found, sentences)]
    year = YEAR.search(text)
    tree = find_conditions(masked, found, int(year.group(1)) if year else None, sentences)
    conditions = _condition_tree(tree, start, loc) if tree else None
    return clause.model_copy(update={"facts": facts, "terms": terms, "conditions": conditions})


YEAR = compiled(r"((?:19|20)\d{2})\s*年")


def _condition_tree(tree: dict, start: int, loc: Locator) -> ConditionTree:
    """The finder's tree with spans in the original text."""
    items: list = []
    for item in tree["items"]:
        if "logic" in item:
            items.append(_condition_tree(item, start, loc))
            continue
        values = {k: v for k, v in item.items() if k not in ("start", "end", "quote")}
        items.append(Condition(**values, quote=loc.raw_text(start + item["start"], start + item["end"]),
                               span=loc.span(start + item["start"], start + item["end"])))
    return ConditionTree(logic=tree["logic"], items=items)


TERM_FIGURES = {  # the fields of a term that hold a printed figure, and the kind of fact they come from
    "amount": "money", "min": "money", "max": "money", "cap": "money", "threshold": "money", "step": "money",
    "start": "money", "initial": "money", "rate": "rate",
}


def with_sources(term: Term, facts: list[Fact], by_figure: dict[tuple[str, Decimal], list[int]]) -> Term:
    """The term with where its figures are printed, their cue words, and the flags the calculator reads.

    A figure is found among the clause's facts by kind and value (a value printed twice
    gives both places; `by_figure` lists the facts' positions by kind and value). `ceiling`: the rate or per-unit sum is printed only as a cap
    (不超过60%); `inclusive`: False
    when a threshold is printed as 超过/突破 (the bound itself does not qualify).
    """
    fields = term.__dict__  # the fields this kind of term has (a missing name costs pydantic an exception)
    values = [(kind, fields[name]) for name, kind in TERM_FIGURES.items() if fields.get(name) is not None]
    values += [("money", tier.threshold) for tier in fields.get("tiers") or []]
    values += [("money", tier.amount) for tier in fields.get("tiers") or []]
    values += [("rate", bracket.rate) for bracket in fields.get("brackets") or []]
    def printed_as(kind: str, value) -> list[Fact]:
        return [facts[k] for k in by_figure.get((kind, value), ())]

    used = [facts[k] for k in sorted({k for key in set(values) for k in by_figure.get(key, ())})]
    update: dict = {
        "spans": [f.span for f in used] or None,
        "cues": list(dict.fromkeys(cue for f in used for cue in f.cues)) + (term.cues or []) or None,
    }
    figure = fields.get("rate") if term.kind == "rate" else fields.get("amount")
    kind = "rate" if term.kind == "rate" else "money"
    if term.kind in ("rate", "per_unit"):
        printed = printed_as(kind, figure)
        update["ceiling"] = bool(printed) and all(f.role == "cap" for f in printed) or None
    bounds = {"rate": [term.threshold] if term.kind == "rate" else [], "step": [fields.get("start")],
              "tiers": [t.threshold for t in fields.get("tiers") or []]}.get(term.kind, [])
    if term.kind in ("rate", "step", "tiers") and any(b is not None for b in bounds):
        exclusive = any(f.inclusive is False for b in bounds if b is not None for f in printed_as("money", b))
        update["inclusive"] = False if exclusive else None
    return term.model_copy(update=update)


def extract(subdocuments: list[SubDocument], loc: Locator) -> list[SubDocument]:
    """New sub-documents whose clauses carry the facts printed in them and the terms they make."""
    return [sub.model_copy(update={"clauses": [_read_clause(c, loc) for c in sub.clauses]}) for sub in subdocuments]


def role_issues(subdocuments: list[SubDocument]) -> list[Issue]:
    """W_ROLE_DEFAULT for every sum that got its role with no cue and no paying verb in its sentence."""
    return [
        Issue(code="W_ROLE_DEFAULT", span=fact.span,
              message=f"{clause.path}: {fact.raw} read as award by default (no cue, no paying verb)",
              message_zh=f"{clause.path}：{fact.raw} 没有提示词也没有给付动词，默认读作奖补金额")
        for sub in subdocuments for clause in sub.clauses for fact in clause.facts if fact.rule == "award.default"
    ]


def spec_term(term: Term) -> Term:
    """The term as the gold SPEC writes it: provenance and calculator flags left out."""
    return term.model_copy(update={name: None for name in (*PROVENANCE, *CALCULATOR_FLAGS) if name in type(term).model_fields})


def notice_to_gold(notice: Notice) -> list[GoldClause]:
    """The notice's clauses in the gold format: what `policyx extract --format gold` writes."""
    from ..gold import GoldClause, GoldMoney, GoldQuantity, GoldRate  # the gold format's models: only this needs them

    out = []
    for clause in notice.clauses():
        facts = clause.facts
        out.append(GoldClause(
            doc=notice.id, path=clause.path, text=clause.text,
            money=[GoldMoney(role=f.role, yuan=f.value) for f in facts if f.kind == "money"],
            rates=[GoldRate(role=f.role, value=f.value) for f in facts if f.kind == "rate"],
            quantities=[GoldQuantity(role=f.role, value=f.value, unit=f.unit) for f in facts if f.kind == "quantity"],
            units=["".join(notice.text[span.start:span.end].split()) for span in clause.unit_spans],  # lead and responsible
            terms=[spec_term(term) for term in clause.terms], scenarios=[],
        ))
    return out
