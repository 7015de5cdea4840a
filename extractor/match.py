"""Matching an applicant's profile to the clauses of several notices, and the total.

A profile states facts, not clause paths: qualifications (新认定的国家级重点实验室),
amounts (技术交易额: 5000000), counts (博士: 2), years. Each fact is matched to
the terms whose `when` (or `base`) names it:

- a qualification matches a term whose `when` holds all its content words;
- an amount matches a computed term (rate, step, tiers, brackets) whose base
  measures the same thing (当年实际技术交易额 measures 技术交易额), and becomes
  its base;
- a count matches a per-unit term whose `when` names it, and becomes its count.

Terms addressed to another kind of applicant (高校…, 技术转移机构…, 金融机构…) are
left out. When several notices pay for the same fact and one of them says
从优/就高/不重复, the applicant gets the highest of them, not the sum; which one
was chosen and why is reported.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from .calculate import ClauseView, calculate, make_inputs
from .errors import PolicyxError
from .extract.nlp import tokens
from .extract.terms import measure
from .models import CalcResult, Notice, Record, Term
from .normalize import normalize
from .scenarios import record_view

OTHER_APPLICANTS = {
    "企业": ("高校", "科研院所", "高等院校", "技术转移机构", "技术经理人", "金融机构", "商业银行", "担保", "保险",
             "创业投资机构", "私募", "服务机构", "知识产权服务机构"),
}
COMPUTED = ("rate", "step", "tiers", "brackets")
LEAD_REACH = 10  # an applicant named in the first characters of `when` is who the term pays


class ProfileError(PolicyxError):
    """A profile file that cannot be read."""

    code = "E_PROFILE"
    stage = "match"


class Profile(Record):
    """An applicant's facts."""

    name: str = Field(description="Who the applicant is, for the report.")
    applicant: str = Field("企业", description="Kind of applicant: 企业 leaves out terms that pay universities, banks…")
    qualifications: list[str] = Field(default_factory=list, description="What the applicant is or was granted.")
    amounts: dict[str, Decimal] = Field(default_factory=dict, description="Bases in yuan, by what they measure.")
    counts: dict[str, Decimal] = Field(default_factory=dict, description="People, cases or items, by what they are.")
    years: Decimal | None = Field(None, description="Years asked for where a term pays per year.")


class Match(Record):
    """One term that pays for one fact of the profile."""

    fact: str = Field(description="The profile fact, e.g. 博士 ×2 or 技术交易额 5,000,000 元.")
    notice: str = Field(description="Notice id.")
    result: CalcResult = Field(description="What the term pays, with its trace.")
    chosen: bool = Field(description="False when a higher payment for the same fact was chosen instead.")
    why: str = Field(description="Why this match counts or not (就高不重复…).")


class MatchReport(Record):
    """Everything a profile can claim, and the total."""

    profile: Profile = Field(description="The profile matched.")
    matches: list[Match] = Field(description="Every matching term, chosen or not.")
    total: Decimal = Field(description="Sum of the chosen exact amounts and the upper ends of chosen bounds, in yuan.")
    total_exact: Decimal = Field(description="Sum of the chosen exact amounts, in yuan.")
    bounded: int = Field(description="Chosen results that are only a bound (up to …).")
    not_computable: int = Field(description="Chosen results with no computable amount.")


PROFILE_MAX_BYTES = 1 << 20  # an applicant's profile is a page of facts, never megabytes
PROFILE_MAX_DEPTH = 8


def read_profile(path: Path) -> Profile:
    """A profile from YAML or JSON; numbers are read exactly (never as float).

    Bounded before anything is built: at most 1 MiB, no YAML aliases (a billion-laughs
    profile expands to millions of items), nesting at most 8 deep, no NaN or infinity; a
    validation error names the fields, never the (possibly huge) values.
    """
    hint = "see corpus/profiles/ for examples"
    try:
        if path.stat().st_size > PROFILE_MAX_BYTES:
            raise ProfileError(f"profile is larger than {PROFILE_MAX_BYTES >> 20} MiB", path=path, hint=hint)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
        else:
            if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_ExactLoader)):
                raise ProfileError("profile uses YAML aliases (*name), which are not allowed", path=path, hint=hint)
            data = yaml.load(text, Loader=_ExactLoader)
        if _depth(data) > PROFILE_MAX_DEPTH:
            raise ProfileError(f"profile is nested deeper than {PROFILE_MAX_DEPTH} levels", path=path, hint=hint)
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'profile'}: {e['msg']}" for e in exc.errors()[:5])
        raise ProfileError(f"cannot read the profile: {problems}", path=path, hint=hint) from exc
    except (OSError, ValueError, ArithmeticError, RecursionError, yaml.YAMLError) as exc:
        raise ProfileError(f"cannot read the profile: {str(exc)[:200]}", path=path, hint=hint) from exc


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a profile may hold")


def _depth(value, level: int = 0) -> int:
    """How deep lists and mappings nest (stops counting past the limit)."""
    if level > PROFILE_MAX_DEPTH or not isinstance(value, dict | list):
        return level
    items = value.values() if isinstance(value, dict) else value
    return max((_depth(item, level + 1) for item in items), default=level + 1)


class _ExactLoader(yaml.SafeLoader):
    """YAML with floats read as Decimal."""


def _exact_float(loader, node) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():  # .nan, .inf and what Decimal cannot read
        raise ValueError(f"{node.value} is not a number a profile may hold (line {node.start_mark.line + 1})")
    return value


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)


def _content_words(text: str) -> list[str]:
    return [word for word, _ in tokens(normalize(text).text) if len(word) >= 2 and word not in ("认定", "新认定")] or [text]


def _for_someone_else(term: Term, applicant: str) -> bool:
    lead = normalize(term.when).text[:LEAD_REACH]
    return any(word in lead for word in OTHER_APPLICANTS.get(applicant, ()))


def _candidates(profile: Profile, notice: Notice) -> list[tuple[str, str, ClauseView, Term, object]]:
    """(fact key, fact label, clause, term, inputs) for every term that pays for a fact of the profile."""
    found = []
    for clause in notice.clauses():
        view = record_view(notice, clause)
        for term in clause.terms:
            if _for_someone_else(term, profile.applicant):
                continue
            when = normalize(term.when).text
            for name, value in profile.amounts.items():
                base = measure(getattr(term, "base", "") or "")
                if term.kind in COMPUTED and base and (measure(name) in base or base in measure(name)):
                    found.append((f"amount:{name}", f"{name} {value:,} 元", view, term, make_inputs(base=value, years=profile.years)))
            for name, count in profile.counts.items():
                if term.kind == "per_unit" and normalize(name).text in when:
                    found.append((f"count:{name}", f"{name} ×{count}", view, term, make_inputs(count=count, years=profile.years)))
            for qualification in profile.qualifications:
                if term.kind not in COMPUTED and term.kind != "per_unit" and all(w in when for w in _content_words(qualification)):
                    found.append((f"qualification:{qualification}", qualification, view, term, make_inputs(years=profile.years)))
    return found


def _value(result: CalcResult) -> Decimal:
    """What a result is worth when choosing the highest: the amount, or the upper end of a bound."""
    return result.amount if result.kind == "amount" else (result.max if result.kind == "bound" else Decimal(-1))


def match(profile: Profile, notices: list[Notice]) -> MatchReport:
    """Every term the profile can claim in `notices`, the stacking choices, and the total."""
    by_fact: dict[str, list[tuple[str, Notice, CalcResult]]] = {}
    for notice in notices:
        for key, label, view, term, inputs in _candidates(profile, notice):
            by_fact.setdefault(key, []).append((label, notice, calculate(term, inputs, view)))
    matches = []
    for options in by_fact.values():
        matches.extend(_choose(options))
    chosen = [m.result for m in matches if m.chosen]
    exact = sum((r.amount for r in chosen if r.kind == "amount"), Decimal(0))
    upper = sum((r.max for r in chosen if r.kind == "bound"), Decimal(0))
    return MatchReport(
        profile=profile, matches=matches, total=exact + upper, total_exact=exact,
        bounded=sum(r.kind == "bound" for r in chosen), not_computable=sum(r.kind == "not_computable" for r in chosen),
    )


def _choose(options: list[tuple[str, Notice, CalcResult]]) -> list[Match]:
    """One fact paid by several terms: the highest when a notice forbids stacking, else each counts."""
    principles = {p for _, notice, _ in options if notice.metadata.stacking for p in notice.metadata.stacking.principles}
    distinct_notices = {notice.id for _, notice, _ in options}
    if len(options) == 1:
        label, notice, result = options[0]
        return [Match(fact=label, notice=notice.id, result=result, chosen=True, why="唯一适用条款")]
    if principles & {"就高", "不重复", "从优"} or len(distinct_notices) == 1:
        best = max(range(len(options)), key=lambda k: _value(options[k][2]))
        stated = "、".join(sorted(
            {notice.metadata.stacking.raw for _, notice, _ in options if notice.metadata.stacking})) or "同一事项"
        out = []
        for k, (label, notice, result) in enumerate(options):
            why = f"按“{stated}”取最高者" if k == best else f"按“{stated}”不重复享受：已选 {options[best][1].id} {options[best][2].path}"
            out.append(Match(fact=label, notice=notice.id, result=result, chosen=k == best, why=why))
        return out
    return [Match(fact=label, notice=notice.id, result=result, chosen=True, why="各政策未声明不重复享受，累计")
            for label, notice, result in options]

