"""Running the worked examples of a gold file through the calculator.

A scenario passes when the calculator, run on the *extracted* terms of the
paired clause (clauses paired by text, as the SPEC says), returns exactly the
expected result. The same scenarios can run on the gold terms themselves,
which checks the calculator apart from the extractor.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from .calculate import CalcError, ClauseView, calculate, expected_shape, select_term
from .evaluate import pair_clauses
from .extract import notice_to_gold
from .gold import GoldClause, Scenario
from .lexicon import RATE, SCALE
from .models import Clause, Notice, Record
from .normalize import normalize


class ScenarioOutcome(Record):
    """One scenario: what was asked, what was expected, what the calculator returned."""

    doc: str = Field(description="Notice id.")
    path: str = Field(description="Gold clause path.")
    select: str = Field(description="Words picking the term.")
    inputs: dict[str, Decimal] = Field(description="base, count, years as given.")
    expected: dict[str, Any] = Field(description="The hand-computed result.")
    result: dict[str, Any] | None = Field(description="The calculator's result in the same shape; null when it failed.")
    passed: bool = Field(description="True when result equals expected exactly.")
    reason: str | None = Field(None, description="Why it did not pass: no paired clause, no such term, other value.")


def _only_capped(values: list[tuple[str, Decimal]]) -> frozenset[Decimal]:
    """Values printed as a cap and never as an award in the clause."""
    awarded = {value for role, value in values if role == "award"}
    return frozenset(value for role, value in values if role == "cap" and value not in awarded)


def gold_view(clause: GoldClause) -> ClauseView:
    """A gold clause as the calculator sees it: its terms with the flags the SPEC's conventions imply.

    Gold terms are written without the calculator's flags; the clause's figures give them: a
    rate or sum listed only as `cap` is a ceiling, and the lower end of a printed range of
    rates (10%-30%) is read from the clause text.
    """
    rates = _only_capped([(r.role, r.value) for r in clause.rates])
    sums = _only_capped([(m.role, m.yuan) for m in clause.money])
    terms = []
    for term in clause.terms:
        if term.kind == "rate":
            term = term.model_copy(update={"ceiling": term.rate in rates or None, "rate_min": _printed_floor(clause.text, term)})
        elif term.kind == "per_unit":
            term = term.model_copy(update={"ceiling": term.amount in sums or None})
        terms.append(term)
    return ClauseView(doc=clause.doc, path=clause.path, text=clause.text, terms=tuple(terms))


def _printed_floor(text: str, term) -> Decimal | None:
    """The lower end of a printed range of rates (10%-30% → 0.1) in the term's own sentence."""
    text = normalize(text).text
    marks = [normalize(word).text for word in [*term.when.split(), term.base] if len(word) >= 2]
    for match in RATE.finditer(text):
        if not match.group("hi"):
            continue
        sentence = text[max(text.rfind(ch, 0, match.start()) for ch in "。;\n") + 1:match.start()]
        high = SCALE[match.group("hi_sym")]
        if any(mark in sentence for mark in marks) and Decimal(match.group("hi")) * high == term.rate:
            return Decimal(match.group("lo")) * (SCALE[match.group("lo_sym")] if match.group("lo_sym") else high)
    return None


def record_view(notice: Notice, clause: Clause) -> ClauseView:
    """An extracted clause as the calculator sees it: its terms carry their own flags."""
    return ClauseView(doc=notice.id, path=clause.path, text=clause.text, terms=tuple(clause.terms), span=clause.span)


def run_one(view: ClauseView | None, scenario: Scenario, doc: str, path: str) -> ScenarioOutcome:
    """One scenario against one clause view."""
    expected = scenario.expected.model_dump(exclude_none=True)
    inputs = scenario.inputs.model_dump(exclude_none=True)
    common = {"doc": doc, "path": path, "select": scenario.select, "inputs": inputs, "expected": expected}
    if view is None:
        return ScenarioOutcome(**common, result=None, passed=False, reason="no extracted clause pairs with this gold clause")
    try:
        result = expected_shape(calculate(select_term(view, scenario.select), scenario.inputs, view))
    except CalcError as exc:
        return ScenarioOutcome(**common, result=None, passed=False, reason=f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
    passed = result == expected
    reason = None if passed else f"expected {_shown(expected)}, got {_shown(result)}"
    return ScenarioOutcome(**common, result=result, passed=passed, reason=reason)


def _shown(shape: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in shape.items())


def on_gold_terms(gold: list[GoldClause]) -> list[ScenarioOutcome]:
    """Every scenario run on the gold terms of its own clause."""
    return [run_one(gold_view(c), s, c.doc, c.path) for c in gold for s in c.scenarios]


def on_extracted_terms(gold: list[GoldClause], notice: Notice) -> list[ScenarioOutcome]:
    """Every scenario run on the extracted terms of the clause paired with its gold clause."""
    predicted = notice_to_gold(notice)
    records = {c.path: c for c in notice.clauses()}
    partner = {pair.gold.path: pair.predicted.path for pair in pair_clauses(gold, predicted)
               if pair.gold is not None and pair.predicted is not None}
    outcomes = []
    for clause in gold:
        view = record_view(notice, records[partner[clause.path]]) if clause.path in partner else None
        outcomes.extend(run_one(view, s, clause.doc, clause.path) for s in clause.scenarios)
    return outcomes


def on_other_labeling(gold: list[GoldClause], other: list[GoldClause]) -> list[ScenarioOutcome]:
    """Every scenario of one labeling run on the terms another labeling wrote for the paired clause.

    Two labelers agree on a clause's terms when each one's worked examples come out right on
    the other's terms; run both ways, this measures agreement on terms.
    """
    partner = {pair.gold.path: pair.predicted for pair in pair_clauses(gold, other)
               if pair.gold is not None and pair.predicted is not None}
    return [run_one(gold_view(partner[c.path]) if c.path in partner else None, s, c.doc, c.path)
            for c in gold for s in c.scenarios]


def pass_rate(outcomes: list[ScenarioOutcome]) -> tuple[int, int]:
    """(passed, total)."""
    return sum(o.passed for o in outcomes), len(outcomes)


def run_scenarios(notice: Notice, gold: list[GoldClause], on_gold: bool = False) -> list[ScenarioOutcome]:
    """The scenarios of a notice's gold clauses, run on the notice's extracted terms (or on the gold's own)."""
    return on_gold_terms(gold) if on_gold else on_extracted_terms(gold, notice)


def outcomes_to_jsonl(outcomes: list[ScenarioOutcome]) -> str:
    """Scenario outcomes as JSON Lines, exact numbers, one scenario a line."""
    from .gold import dumps_exact

    return "".join(dumps_exact(o.model_dump(exclude={"doc", "reason"})) + "\n" for o in outcomes)
