"""The hand-worked match cases of corpus/gold/match/cases.yaml: profile × notices → answer.

Each case was worked out by reading the notices (see corpus/gold/match/README.md); this test
asks `match` the same question and compares what the case states: the notices left out with
their reasons, each considered clause's verdict and amount, the failed or unknown conditions,
the clauses that must not be matched, and the certain total. Cases that use the real
documents skip when ../shared/realworld is absent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from extractor.match import match, read_profile
from extractor.pipeline import run

from .conftest import CORPUS, REALWORLD, ROOT

MATCH_GOLD = CORPUS / "gold" / "match"
VERDICTS = {"符合": "eligible", "不符合": "ineligible", "待确认": "unconfirmed"}
CASES = yaml.safe_load((MATCH_GOLD / "cases.yaml").read_text(encoding="utf-8"))
# Cases whose hand answer the matcher does not reach yet, each with what it lacks.
NOT_YET: dict[str, str] = {
    "university-enterprise-only": "jz 二/（五）: 登记合同成交额 ≥ 5000万 is not answered by an amount of another name; "
                                  "kjcxc 第四条 is not matched to the university's facts",
    "jilin-graduate-before-deadline": "rw048 十: the per-home sum and the interest subsidy are not matched to the graduate",
    "jilin-graduate-after-deadline": "rw048 十: the per-home sum and the interest subsidy are not matched to the graduate",
    "shenyang-phd-degree-tier": "rw002's campaign period is not in its opening paragraph, so it is not left out as expired; "
                                "rw001 五/（一）'s sums by degree are not matched to the profile's 学历",
}


def _path(name: str) -> Path:
    return REALWORLD / name.removeprefix("realworld:") if name.startswith("realworld:") else ROOT / name


@cache
def _notice(name: str):
    return run(_path(name))


def _case_params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=NOT_YET[case["id"]], strict=True)] if case["id"] in NOT_YET else []
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", list(_case_params()))
def test_hand_worked_case(case):
    paths = [_path(name) for name in case["notices"]]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"real documents not present ({missing[0].parent}): the case reads them from ../shared/realworld")
    profile = read_profile(MATCH_GOLD / "profiles" / case["profile"])
    as_of = case["as_of"] if isinstance(case["as_of"], dt.date) else dt.date.fromisoformat(str(case["as_of"]))
    report = match(profile, [_notice(name) for name in case["notices"]], as_of=as_of,
                   include_drafts=bool(case.get("include_drafts")))
    expect = case["expect"]
    problems = []
    left_out = {o.notice: o.reason for o in report.left_out if o.path is None}
    if "left_out" in expect and left_out != (expect["left_out"] or {}):
        problems.append(f"left out {left_out}, expected {expect['left_out']}")
    for clause in expect.get("clauses", []):
        problems += _clause_problems(report, clause)
    for clause in expect.get("not_considered", []):
        found = [m for m in report.matches if (m.notice, m.path) == (clause["notice"], clause["path"])]
        if found:
            problems.append(f"{clause['notice']} {clause['path']} matched ({found[0].verdict}), expected not considered")
    if "total_certain" in expect and report.totals.certain != Decimal(expect["total_certain"]):
        problems.append(f"certain total {report.totals.certain}, expected {expect['total_certain']}")
    assert not problems, "\n".join(problems)


def _clause_problems(report, clause: dict) -> list[str]:
    where = f"{clause['notice']} {clause['path']}"
    found = [m for m in report.matches if (m.notice, m.path) == (clause["notice"], clause["path"])]
    if not found:
        return [f"{where} not considered, expected {clause['verdict']}"]
    best = max(found, key=lambda m: ("ineligible", "unconfirmed", "eligible").index(m.verdict))
    if best.verdict != VERDICTS[clause["verdict"]]:
        why = "; ".join(c.why for c in best.checks if c.status in ("failed", "unknown"))
        return [f"{where} is {best.verdict}, expected {clause['verdict']} ({why})"]
    problems = []
    same = [m for m in found if m.verdict == best.verdict]
    counted = [m for m in same if m.chosen] or same  # a clause stacked away elsewhere still pays its own sum
    paid = {id(m.result.term): m.result for m in counted}.values()
    if "amount" in clause:
        amount = sum((r.amount for r in paid if r.kind == "amount"), Decimal(0))
        if amount != Decimal(clause["amount"]):
            problems.append(f"{where} pays {amount}, expected {clause['amount']}")
    if "max" in clause:
        upper = sum((r.max if r.kind == "bound" else r.amount or 0 for r in paid), Decimal(0))
        if upper != Decimal(clause["max"]):
            problems.append(f"{where} pays at most {upper}, expected {clause['max']}")
    if "failed" in clause and clause["failed"] not in {c.field for c in best.checks if c.status == "failed"}:
        problems.append(f"{where} failed on {[c.field for c in best.checks if c.status == 'failed']}, "
                        f"expected {clause['failed']}")
    if "unknown" in clause:
        unknown = {c.field for c in best.checks if c.status == "unknown"}
        if set(clause["unknown"]) - unknown:
            problems.append(f"{where} unknown {sorted(unknown)}, expected {clause['unknown']}")
    return problems
