"""The calculator: how much a term pays for given inputs, and why.

Every kind of the SPEC is evaluated in Decimal; nothing passes through float.
Intermediate values are exact; only the final figure is rounded, to the fen
(0.01 yuan), half up. A result is an exact amount, a bound (`max`, or
`min`/`max`), or "not computable" with the reason. The trace says, in the
reader's language, which term of which clause was used, the formula, the
numbers put into it, which cap or threshold applied, and the source text.

A term carries what the calculator needs to read it alone: whether its rate
or per-unit sum is printed as a ceiling (按不超过销售价格60%: the result is a
maximum), the low end of a printed range of rates (给予10%-30%配套资金), and
whether a threshold printed as 超过/突破 excludes the bound itself. The clause
(`ClauseView`) gives only the names and the text the trace points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .errors import EX_USAGE, PolicyxError
from .gold import ScenarioInputs
from .models import CalcResult, Notice, Span, Term, TraceStep
from .normalize import normalize
from .render.labels import TERM_KINDS, amount_text, rate_text

FEN = Decimal("0.01")
ZERO = Decimal(0)


class CalcError(PolicyxError):
    """A question the calculator cannot answer as asked: negative inputs, no such term."""

    code = "E_CALC"
    stage = "calculate"
    exit_code = EX_USAGE


@dataclass(frozen=True)
class ClauseView:
    """The clause a term comes from: where it is, its text and its terms (the trace points at them)."""

    doc: str
    path: str
    text: str
    terms: tuple[Term, ...]
    span: Span | None = None


yuan = amount_text  # a sum for the trace, written as everywhere: 25万元, 2,500.50 元


percent = rate_text  # a rate for the trace: 5%, 0.02‰, or 1:1.5 for matching ratios


def _result(view: ClauseView, term: Term, kind: str, trace: list[TraceStep], *, amount: Decimal | None = None,
            low: Decimal | None = None, high: Decimal | None = None, reason: str | None = None) -> CalcResult:
    def rounded(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(FEN, rounding=ROUND_HALF_UP).normalize() + ZERO

    return CalcResult(
        doc=view.doc, path=view.path, term=term, kind=kind, amount=rounded(amount), min=rounded(low),
        max=rounded(high), reason=reason, trace=trace, source_text=view.text, source=view.span,
    )


def make_inputs(base: Decimal | None = None, count: Decimal | None = None, years: Decimal | None = None) -> ScenarioInputs:
    """Inputs of a question, refused with a clear message when negative."""
    for name, value in (("base", base), ("count", count), ("years", years)):
        if value is not None and value < 0:
            raise CalcError(f"{name} must not be negative (got {value})", hint=f"give --{name} as zero or more",
                            code="E_NEGATIVE_INPUT", zh=f"--{name} 不能为负数（给出的是 {value}）", zh_hint="给出零或正数")
    return ScenarioInputs(base=base, count=count, years=years)


def _years(term: Term, inputs: ScenarioInputs, trace: list[TraceStep]) -> Decimal | None:
    """Years the applicant asks for, at most the years the text allows."""
    if inputs.years is None:
        return term.years
    if term.years is not None and inputs.years > term.years:
        trace.append(TraceStep(what=f"申请 {inputs.years} 年，条款最多 {term.years} 年，按 {term.years} 年计", value=term.years))
        return term.years
    return inputs.years


def _apply_cap(value: Decimal, cap: Decimal | None, term: Term, inputs: ScenarioInputs,
               trace: list[TraceStep]) -> Decimal:
    if cap is None:
        return value
    if term.cap_per == "year" and inputs.years is not None:
        years = _years(term, inputs, trace) or inputs.years
        cap = cap * years
        trace.append(TraceStep(what=f"上限按年计：{yuan(cap / years)} × {years} 年 = {yuan(cap)}", value=cap))
    if value > cap:
        trace.append(TraceStep(what=f"{yuan(value)} 超过上限 {yuan(cap)}，取上限", value=cap))
        return cap
    trace.append(TraceStep(what=f"{yuan(value)} 未超过上限 {yuan(cap)}", value=value))
    return value


def _need_base(view: ClauseView, term: Term, inputs: ScenarioInputs, trace: list[TraceStep], what: str):
    if inputs.base is None:
        return _result(view, term, "not_computable", trace, reason=f"缺少基数（{what}）：请给出 --base")
    return None


def _fixed(view, term, inputs, trace):
    trace.append(TraceStep(what=f"定额：{yuan(term.amount)}" + (f"，分 {term.years} 年拨付" if term.years else ""), value=term.amount))
    return _result(view, term, "amount", trace, amount=term.amount)


def _range(view, term, inputs, trace):
    trace.append(TraceStep(what=f"区间：{yuan(term.min)} 至 {yuan(term.max)}，具体数额由评审确定"))
    return _result(view, term, "bound", trace, low=term.min, high=term.max)


def _reaches(term: Term, base: Decimal, threshold: Decimal) -> bool:
    """以上/达到 count the bound itself (含本数); 超过/突破 (the term's `inclusive` is False) do not."""
    return base > threshold if getattr(term, "inclusive", None) is False else base >= threshold


def _rate(view, term, inputs, trace):
    missing = _need_base(view, term, inputs, trace, term.base)
    if missing:
        return missing
    base = inputs.base
    if term.threshold is not None and not _reaches(term, base, term.threshold):
        word = "未超过" if term.inclusive is False else "低于"
        trace.append(TraceStep(what=f"{term.base} {yuan(base)} {word}门槛 {yuan(term.threshold)}，不予支持", value=ZERO))
        return _result(view, term, "amount", trace, amount=ZERO)
    value = term.rate * base
    trace.append(TraceStep(what=f"{term.base} {yuan(base)} × {percent(term.rate)} = {yuan(value)}", value=value))
    value = _apply_cap(value, term.cap, term, inputs, trace)
    floor = term.rate_min
    if floor is not None:
        low = _apply_cap(floor * base, term.cap, term, inputs, [])
        trace.append(TraceStep(what=f"比例为区间 {percent(floor)}-{percent(term.rate)}，下限 {yuan(low)}", value=low))
        return _result(view, term, "bound", trace, low=low, high=value)
    if term.ceiling:
        trace.append(TraceStep(what=f"条款规定比例“不超过{percent(term.rate)}”，所得为最高额"))
        return _result(view, term, "bound", trace, high=value)
    return _result(view, term, "amount", trace, amount=value)


def _per_unit(view, term, inputs, trace):
    count = inputs.count if inputs.count is not None else Decimal(1)
    if term.per == "月" and term.years is not None and count > 12 * term.years:
        trace.append(TraceStep(what=f"期限 {term.years} 年，至多按 {12 * term.years} 个月计", value=12 * term.years))
        count = 12 * term.years
    if term.per == "年" and term.years is not None and count > term.years:
        trace.append(TraceStep(what=f"期限 {term.years} 年，至多按 {term.years} 年计", value=term.years))
        count = term.years
    value = term.amount * count
    trace.append(TraceStep(what=f"每{term.per} {yuan(term.amount)} × {count} = {yuan(value)}", value=value))
    if term.per_year:
        years = _years(term, inputs, trace) or Decimal(1)
        value *= years
        trace.append(TraceStep(what=f"按年：× {years} 年 = {yuan(value)}", value=value))
    value = _apply_cap(value, term.cap, term, inputs, trace)
    if term.ceiling:
        trace.append(TraceStep(what=f"条款规定每{term.per}“不高于{yuan(term.amount)}”，所得为最高额"))
        return _result(view, term, "bound", trace, high=value)
    return _result(view, term, "amount", trace, amount=value)


def _step(view, term, inputs, trace):
    missing = _need_base(view, term, inputs, trace, "阶梯的计算基数")
    if missing:
        return missing
    start, initial = term.start or ZERO, term.initial or ZERO
    if not _reaches(term, inputs.base, start):
        trace.append(TraceStep(what=f"基数 {yuan(inputs.base)} 未达到起点 {yuan(start)}，不予支持", value=ZERO))
        return _result(view, term, "amount", trace, amount=ZERO)
    steps = ((inputs.base - start) / term.step).to_integral_value(rounding=ROUND_FLOOR)
    value = initial + term.amount * steps
    trace.append(TraceStep(
        what=f"{yuan(initial)} + {yuan(term.amount)} × ⌊({yuan(inputs.base)} − {yuan(start)}) ÷ {yuan(term.step)}⌋"
             f" = {yuan(initial)} + {yuan(term.amount)} × {steps} = {yuan(value)}", value=value))
    return _result(view, term, "amount", trace, amount=_apply_cap(value, term.cap, term, inputs, trace))


def _tiers(view, term, inputs, trace):
    missing = _need_base(view, term, inputs, trace, "分档的计算基数")
    if missing:
        return missing
    reached = [tier for tier in term.tiers if _reaches(term, inputs.base, tier.threshold)]
    if not reached:
        trace.append(TraceStep(what=f"基数 {yuan(inputs.base)} 未达到最低档 {yuan(term.tiers[0].threshold)}", value=ZERO))
        return _result(view, term, "amount", trace, amount=ZERO)
    top = max(reached, key=lambda tier: tier.threshold)
    trace.append(TraceStep(what=f"基数 {yuan(inputs.base)} 达到 {yuan(top.threshold)} 档，给予 {yuan(top.amount)}", value=top.amount))
    return _result(view, term, "amount", trace, amount=top.amount)


def _brackets(view, term, inputs, trace):
    missing = _need_base(view, term, inputs, trace, "分段累进的计算基数")
    if missing:
        return missing
    total, lower = ZERO, ZERO
    for bracket in term.brackets:
        upper = bracket.upto if bracket.upto is not None else inputs.base
        part = max(ZERO, min(inputs.base, upper) - lower)
        if part > 0:
            total += part * bracket.rate
            trace.append(TraceStep(what=f"{yuan(lower)}–{yuan(min(inputs.base, upper))} 部分 {yuan(part)} × {percent(bracket.rate)}"
                                        f" = {yuan(part * bracket.rate)}", value=part * bracket.rate))
        lower = upper
    trace.append(TraceStep(what=f"合计 {yuan(total)}", value=total))
    return _result(view, term, "amount", trace, amount=_apply_cap(total, term.cap, term, inputs, trace))


def _cap_only(view, term, inputs, trace):
    trace.append(TraceStep(what=f"条款只规定最高额 {yuan(term.cap)}", value=term.cap))
    high = term.cap
    if term.cap_per == "year" and inputs.years is not None:
        years = _years(term, inputs, trace) or inputs.years
        high = term.cap * years
        trace.append(TraceStep(what=f"每年最高 {yuan(term.cap)} × {years} 年 = {yuan(high)}", value=high))
    return _result(view, term, "bound", trace, high=high)


def _qualitative(view, term, inputs, trace):
    reason = "条款未给出可计算的金额（如一事一议、按贡献给予相应奖励）"
    trace.append(TraceStep(what=reason))
    return _result(view, term, "not_computable", trace, reason=reason)


KINDS = {
    "fixed": _fixed, "range": _range, "rate": _rate, "per_unit": _per_unit, "step": _step, "tiers": _tiers,
    "brackets": _brackets, "cap_only": _cap_only, "qualitative": _qualitative,
}


def calculate(term: Term, inputs: ScenarioInputs, view: ClauseView) -> CalcResult:
    """What `term` of the clause `view` pays for `inputs`, with the trace of how."""
    trace = [TraceStep(what=f"{view.doc} {view.path}：{_term_name(term)}（{term.when}）")]
    return KINDS[term.kind](view, term, inputs, trace)


def _term_name(term: Term) -> str:
    return TERM_KINDS[term.kind][0]  # the trace is Chinese, as the notice is


def select_term(view: ClauseView, select: str) -> Term:
    """The one term whose `when` (or `base`) contains every word of `select`."""
    words = [normalize(word).text for word in select.split()]
    found = [t for t in view.terms
             if all(w in normalize(t.when).text or w in normalize(getattr(t, "base", "") or "").text for w in words)]
    if len(found) != 1:
        listed = "；".join(f"{TERM_KINDS[t.kind][0]}（{t.when}）" for t in view.terms) or "（无）"
        what, code, zh = ("no term", "E_SELECT_NONE", "没有条目") if not found else (
            f"{len(found)} terms", "E_SELECT_MANY", f"有 {len(found)} 个条目")
        raise CalcError(f"'{select}' matches {what} of clause {view.path}", hint=f"terms of this clause: {listed}",
                        code=code, zh=f"条款 {view.path} 中{zh}与“{select}”相符", zh_hint=f"本条款的条目：{listed}")
    return found[0]


NEEDS_BASE = {"rate": "the base the rate applies to", "step": "the base counted in steps",
              "tiers": "the base the tiers are read on", "brackets": "the base split into brackets"}


def calc_clause(notice: Notice, path: str, select: str, inputs: ScenarioInputs) -> CalcResult:
    """What the term of clause `path` of `notice` picked by `select` pays for `inputs`, with the trace.

    A question the clause cannot answer as asked raises a CalcError with its code: no such
    clause (E_NO_CLAUSE), `select` matching no term or several (E_SELECT_NONE, E_SELECT_MANY),
    a term that needs a base when none is given (E_MISSING_INPUT).
    """
    clause = next((c for c in notice.clauses() if c.path == path), None)
    if clause is None:
        raise CalcError(f"no clause {path!r} in {notice.id}", code="E_NO_CLAUSE", path=notice.source.path,
                        hint="policyx show FILE lists the paths",
                        zh=f"没有条款“{path}”", zh_hint="policyx show 文件 列出各条款的路径")
    view = ClauseView(doc=notice.id, path=clause.path, text=clause.text, terms=tuple(clause.terms), span=clause.span)
    term = select_term(view, select)
    if term.kind in NEEDS_BASE and inputs.base is None:
        what = getattr(term, "base", None) or NEEDS_BASE[term.kind]
        raise CalcError(f"the {term.kind} term of clause {path} ({term.when}) needs a base: {what}",
                        code="E_MISSING_INPUT", path=notice.source.path, hint="give it with --base (500万, 30,000 元)",
                        zh=f"条款 {path}（{term.when}）按{TERM_KINDS[term.kind][0]}计算，缺少基数：{what}",
                        zh_hint="用 --base 给出，例如 --base 500万")
    return calculate(term, inputs, view)


def expected_shape(result: CalcResult) -> dict:
    """A result in the shape of a scenario's `expected`."""
    if result.kind == "not_computable":
        return {"not_computable": True}
    if result.kind == "amount":
        return {"amount": result.amount}
    return {"min": result.min, "max": result.max} if result.min is not None else {"max": result.max}
