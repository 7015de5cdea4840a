"""The calculator: the hand-worked scenarios of the gold, properties, bad questions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from extractor.calculate import CalcError, ClauseView, calculate, make_inputs, select_term
from extractor.cli import app
from extractor.gold import read_gold_dir
from extractor.models import CapOnlyTerm, PerUnitTerm, RateTerm, StepTerm, Tier, TiersTerm
from extractor.scenarios import gold_view, on_extracted_terms, pass_rate, run_one

from .conftest import CORPUS, TEXTS

GOLD_DIRS = (CORPUS / "gold", CORPUS / "heldout" / "gold")
CASES = [
    (gold_dir.name if gold_dir.name != "gold" else gold_dir.parent.name, clause, scenario)
    for gold_dir in GOLD_DIRS for clauses in read_gold_dir(gold_dir).values() for clause in clauses for scenario in clause.scenarios
]


@pytest.mark.parametrize(
    ("origin", "clause", "scenario"), CASES,
    ids=[f"{c.doc}:{c.path}:{s.select}:{s.inputs.model_dump(exclude_none=True)}" for _, c, s in CASES],
)
def test_every_gold_scenario_on_the_gold_terms(origin, clause, scenario):
    outcome = run_one(gold_view(clause), scenario, clause.doc, clause.path)
    assert outcome.passed, outcome.reason


def test_seed_scenarios_on_extracted_terms_pass_at_least_95_percent(seeds):
    gold = read_gold_dir(CORPUS / "gold")
    outcomes = [o for doc, clauses in gold.items() for o in on_extracted_terms(clauses, seeds[doc])]
    passed, total = pass_rate(outcomes)
    assert total >= 150 and passed / total >= 0.95, [o.reason for o in outcomes if not o.passed]


def view_of(*terms) -> ClauseView:
    return ClauseView(doc="d", path="p", text="", terms=terms)


MONEY = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
RATES = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1.5"), places=4)


@given(base=MONEY, rate=RATES, cap=MONEY)
def test_a_capped_rate_never_exceeds_its_cap(base, rate, cap):
    term = RateTerm(when="w", rate=rate, base="交易额", cap=cap)
    result = calculate(term, make_inputs(base=base), view_of(term))
    assert result.amount <= cap


@given(low=MONEY, high=MONEY, rate=RATES)
def test_rate_results_never_decrease_as_the_base_grows(low, high, rate):
    low, high = sorted((low, high))
    term = RateTerm(when="w", rate=rate, base="交易额", cap=Decimal(3_000_000), threshold=Decimal(1_000_000))
    view = view_of(term)
    assert calculate(term, make_inputs(base=low), view).amount <= calculate(term, make_inputs(base=high), view).amount


@given(low=MONEY, high=MONEY)
def test_step_results_never_decrease_as_the_base_grows(low, high):
    low, high = sorted((low, high))
    term = StepTerm(when="w", amount=Decimal(200_000), step=Decimal(10**8), start=Decimal(10**8), initial=Decimal(200_000),
                    cap=Decimal(1_000_000))
    view = view_of(term)
    assert calculate(term, make_inputs(base=low), view).amount <= calculate(term, make_inputs(base=high), view).amount


@given(base=MONEY, count=st.integers(0, 1000), years=st.integers(0, 10))
def test_decimal_in_decimal_out(base, count, years):
    for term in (RateTerm(when="w", rate=Decimal("0.05"), base="交易额", cap=Decimal(300_000)),
                 PerUnitTerm(when="w", amount=Decimal(5000), per="人", per_year=True, years=Decimal(2), cap=Decimal(50_000)),
                 TiersTerm(when="w", tiers=[Tier(threshold=Decimal(10**7), amount=Decimal(10**5))])):
        result = calculate(term, make_inputs(base=base, count=Decimal(count), years=Decimal(years)), view_of(term))
        values = [result.amount, result.min, result.max, *(step.value for step in result.trace)]
        assert all(v is None or isinstance(v, Decimal) for v in values)


@pytest.mark.parametrize(("inclusive", "at_bound", "above"), [(None, True, True), (False, False, True)],
                         ids=["以上-includes-the-bound", "超过-excludes-the-bound"])
def test_thresholds_hold_at_their_edges(inclusive, at_bound, above):
    term = RateTerm(when="w", rate=Decimal("0.05"), base="交易额", threshold=Decimal(5_000_000), inclusive=inclusive)
    view = view_of(term)
    assert (calculate(term, make_inputs(base=Decimal(5_000_000)), view).amount > 0) is at_bound
    assert (calculate(term, make_inputs(base=Decimal("5000000.01")), view).amount > 0) is above
    assert calculate(term, make_inputs(base=Decimal("4999999.99")), view).amount == 0


def test_cap_only_gives_a_bound_and_a_yearly_cap_counts_years():
    term = CapOnlyTerm(when="w", cap=Decimal(100_000), cap_per="year", years=Decimal(3))
    result = calculate(term, make_inputs(years=Decimal(5)), view_of(term))
    assert (result.kind, result.max) == ("bound", Decimal(300_000))


def test_rounding_is_half_up_to_the_fen():
    term = RateTerm(when="w", rate=Decimal("0.0002"), base="成交额")
    result = calculate(term, make_inputs(base=Decimal("12345.67")), view_of(term))
    assert result.amount == Decimal("2.47")  # 2.469134 → 2.47


def test_trace_explains_the_cap_and_points_at_the_source(seeds):
    notice = seeds["yq-draft-2024"]
    clause = next(c for c in notice.clauses() if c.path == "四/15")
    from extractor.scenarios import record_view

    view = record_view(notice, clause)
    result = calculate(select_term(view, "交易额"), make_inputs(base=Decimal(9_000_000)), view)
    assert result.amount == Decimal(300_000)
    assert any("超过上限" in step.what for step in result.trace)
    assert notice.text[result.source.start:result.source.end] == clause.text


runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--clause", "四/99", "--select", "交易额"], "E_NO_CLAUSE"),
        (["--clause", "二/5", "--select", "省级"], "E_SELECT_MANY"),
        (["--clause", "二/5", "--select", "院士"], "E_SELECT_NONE"),
        (["--clause", "四/15", "--select", "交易额", "--base", "-5"], "E_NEGATIVE_INPUT"),
        (["--clause", "四/15", "--select", "交易额"], "E_MISSING_INPUT"),  # a rate of 交易额 and no base
        ([], "E_USAGE"),
    ],
)
def test_bad_questions_get_a_code_and_exit_2(args, code):
    result = runner.invoke(app, ["calc", str(TEXTS / "yq-draft-2024.txt"), *args])
    assert result.exit_code == 2
    assert f"ERROR [{code}]" in result.output


def test_calc_answers_with_the_trace():
    result = runner.invoke(app, ["calc", str(TEXTS / "yq-draft-2024.txt"), "--clause", "四/15", "--select", "交易额",
                                 "--base", "5000000", "--explain"])
    assert result.exit_code == 0
    assert "：25万元" in result.output and "× 5% = 25万元" in result.output and "原文" in result.output


def test_scenarios_as_json_lines(tmp_path):
    result = runner.invoke(app, ["calc", str(TEXTS / "jz-jinchuanggu-2025.txt"), "--scenarios",
                                 str(CORPUS / "gold" / "jz-jinchuanggu-2025.jsonl"), "--json"])
    assert result.exit_code == 0
    import json

    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines and set(lines[0]) == {"path", "select", "inputs", "expected", "result", "passed"}
    assert all(line["passed"] for line in lines)


def test_calc_error_is_a_policyx_error():
    with pytest.raises(CalcError):
        make_inputs(count=Decimal(-1))


