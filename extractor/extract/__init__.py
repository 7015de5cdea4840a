"""Extractors: values read from a clause's text, each with the span it came from.

`EXTRACTORS` is the one list of fact finders; the CLI, the tests and the
pipeline read it. Each finder takes normalized clause text and returns fact
fields with offsets into that text.
"""

from __future__ import annotations

from ..gold import GoldClause, GoldMoney, GoldQuantity, GoldRate
from ..models import Clause, Fact, Notice, SubDocument
from ..normalize import normalize
from ..spans import Locator
from .money import find_money
from .quantities import find_quantities
from .rates import find_rates
from .terms import facts_to_terms

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
    """Line breaks inside a sentence become spaces (same length); table rows (cells split by | or tabs) stay lines."""
    lines = text.split("\n")
    out = []
    for k, line in enumerate(lines[:-1]):
        row = any(cell in line or cell in lines[k + 1] for cell in ("|", "\t"))
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
        )
        for f in found
    ]
    label = len(normalize(clause.label).text) if clause.label and clause.style != "lead" else 0
    masked = " " * label + text[label:]  # the number (第五条, 3、) is nobody's `when`; same length keeps offsets
    return clause.model_copy(update={"facts": facts, "terms": facts_to_terms(masked, found)})


def extract(subdocuments: list[SubDocument], loc: Locator) -> list[SubDocument]:
    """New sub-documents whose clauses carry the facts printed in them and the terms they make."""
    return [sub.model_copy(update={"clauses": [_read_clause(c, loc) for c in sub.clauses]}) for sub in subdocuments]


def notice_to_gold(notice: Notice) -> list[GoldClause]:
    """The notice's clauses in the gold format: what `policyx extract --format gold` writes."""
    out = []
    for clause in notice.clauses():
        facts = clause.facts
        out.append(GoldClause(
            doc=notice.id, path=clause.path, text=clause.text,
            money=[GoldMoney(role=f.role, yuan=f.value) for f in facts if f.kind == "money"],
            rates=[GoldRate(role=f.role, value=f.value) for f in facts if f.kind == "rate"],
            quantities=[GoldQuantity(role=f.role, value=f.value, unit=f.unit) for f in facts if f.kind == "quantity"],
            units=["".join(notice.text[span.start:span.end].split()) for span in clause.unit_spans],  # lead and responsible
            terms=list(clause.terms), scenarios=[],
        ))
    return out
