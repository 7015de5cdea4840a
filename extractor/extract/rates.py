"""Rates and ratios: 5%, 10%-30%, 0.2‰, 百分之五, 千分之二, 5个百分点, 1:1.5.

A rate is `award` when its sentence pays something (给予, 奖励, 补贴…) and
nothing marks it as a share, a split or a target; `other` otherwise.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .context import AFTER_THRESHOLD, cue_before, segment_start, sentence_around
from .numbers import parse_number
from ..lexicon import (
    BASE_FORM,
    BRACKET_RATE,
    FIGURE_PHRASE_END,
    FRACTION_PLACES,
    LONG_DIGITS,
    LOAN_TERMS,
    GIVING,
    QUALIFIED_NOUN,
    QUALIFIES,
    RATE,
    RATIO_CUES,
    RESTRICTION,
    SCALE,
    SHARE_AFTER,
    SHARE_CUES,
    UNPAID_SHARE,
)


def _values(match: re.Match[str]) -> list[tuple[Decimal, str, int, int]]:
    """(multiplier, kind of end, start, end) for each number the match holds."""
    if match.group("hi"):
        scale = SCALE[match.group("hi_sym")]
        lo_scale = SCALE[match.group("lo_sym")] if match.group("lo_sym") else scale
        lo_end = match.end("lo_sym") if match.group("lo_sym") else match.end("lo")
        return [(Decimal(match.group("lo")) * lo_scale, "lower", match.start("lo"), lo_end),
                (Decimal(match.group("hi")) * scale, "upper", match.start("hi"), match.end())]
    if match.group("num"):
        return [(Decimal(match.group("num")) * SCALE[match.group("sym")], "", match.start(), match.end())]
    if match.group("word"):
        number = parse_number(match.group("spelled"))
        return [] if number is None else [(number * SCALE[match.group("word")], "", match.start(), match.end())]
    if match.group("points"):
        return [(Decimal(match.group("points")) * SCALE["%"], "", match.start(), match.end())]
    if match.group("bp"):
        return [(Decimal(match.group("bp")) * SCALE["基点"], "", match.start(), match.end())]
    if match.group("denominator") or match.group("over"):
        if match.group("over"):
            numerator, denominator = Decimal(match.group("part")), Decimal(match.group("over"))
        else:
            denominator, numerator = parse_number(match.group("denominator")), parse_number(match.group("numerator"))
        if not denominator or numerator is None or numerator >= denominator:
            return []
        share = numerator / denominator
        exact = share.quantize(FRACTION_PLACES) if share.as_tuple().exponent < -16 else share
        return [(exact.normalize() if exact == exact.to_integral_value() else exact, "", match.start(), match.end())]
    if match.group("times_lo"):
        return [(Decimal(match.group("times_lo")), "lower", match.start("times_lo"), match.end("times_lo")),
                (Decimal(match.group("times")), "upper", match.start("times"), match.end())]
    multiple = match.group("ratio") or match.group("times") or match.group("factor")
    return [(Decimal(multiple), "", match.start(), match.end())]


def _is_ratio_in_context(text: str, match: re.Match[str]) -> bool:
    around = text[max(0, match.start() - 16):match.end() + 6]
    return any(cue in around for cue in RATIO_CUES)


def find_rates(text: str, floor: int = 0) -> list[dict]:
    """Rates in normalized clause text, as fact fields with offsets into `text`.

    >>> [(f["value"], f["role"]) for f in find_rates("按交易额的5%奖励技术转移机构")]
    [(Decimal('0.05'), 'award')]
    >>> [(f["value"], f["role"]) for f in find_rates("按照35%、35%、30%的比例对科技成果转化类贷款给予风险分担")]
    [(Decimal('0.35'), 'other'), (Decimal('0.35'), 'other'), (Decimal('0.30'), 'other')]
    >>> [f["value"] for f in find_rates("按国家奖励额1:1.5配套奖励资金;按不超过0.2‰给予补贴;百分之五")]
    [Decimal('1.5'), Decimal('0.0002'), Decimal('0.05')]
    """
    facts: list[dict] = []
    previous_end = floor
    clause_pays = GIVING.search(text) is not None
    for match in RATE.finditer(text, floor):
        if match.group("ratio") and not _is_ratio_in_context(text, match):
            continue
        if LONG_DIGITS.search(match.group()):  # a run of digits no figure has (W_IMPLAUSIBLE_NUMBER says where)
            continue
        values = _values(match)
        role, cue, rule = _role(text, match, previous_end, clause_pays)
        range_id = len(facts) if len(values) == 2 else None
        for value, bound, start, end in values:
            facts.append({
                "kind": "rate", "role": role, "value": value, "unit": "ratio", "start": start, "end": end,
                "direction": cue.direction if cue and role != "other" else None,
                "inclusive": cue.inclusive if cue and role != "other" else None,
                "per": [], "range_id": range_id, "bound": bound or None,
                "rule": rule, "cues": [cue.word] if cue else [],
            })
        previous_end = match.end()
    return facts


def _role(text: str, match: re.Match[str], previous_end: int, clause_pays: bool):
    """award for the rate paid, cap for a ceiling on it, other for shares, splits and targets; with the rule's name."""
    begin = segment_start(text, match.start(), previous_end)
    before = text[begin:match.start()]
    after = FIGURE_PHRASE_END.split(text[match.end():match.end() + 16], maxsplit=1)[0]
    cue = cue_before(text, begin, match.start())
    near = text[max(begin, match.start() - 12):match.start()] + after
    if (cue and cue.role == "threshold" and clause_pays and not SHARE_AFTER.match(after) and not SHARE_CUES.search(near)
            and not BRACKET_RATE.search(before)
            and not LOAN_TERMS.search(text, max(begin, match.start() - 16), match.start())):
        return "threshold", cue, "threshold.before"  # 出资总额不低于注册资本的30% (then 给予补贴): a condition
    if not GIVING.search(sentence_around(text, match.start(), match.end())):
        return "other", cue, "rate.unpaid"  # nothing in the sentence pays: a ratio, a target, a price rule
    if SHARE_AFTER.match(after):
        return "other", cue, "rate.split"  # 35%、35%、30%的比例
    if BRACKET_RATE.search(before):  # 超过100万元的部分按3%: the rate paid on that part
        return "award", None, "rate.bracket"
    if AFTER_THRESHOLD.match(text[match.end():match.end() + 6]):  # 同比增长20%以上的企业: a condition
        return "threshold", cue, "threshold.after"
    if RESTRICTION.search(before):  # 不得高于实缴资金的50%: a limit on the applicant, not a payment
        return "other", cue, "rate.restriction"
    if cue and cue.role == "cap" and QUALIFIES.search(before) and QUALIFIED_NOUN.match(after):
        return "threshold", cue, "rate.qualifies"  # 对年保费不超过1%政府性担保公司…: the rate says who qualifies
    if UNPAID_SHARE.search(text, max(begin, match.start() - 16), match.start()) and not GIVING.search(before):
        return "other", cue, "rate.unpaid_share"  # 先缴纳50%配套费, 每笔发放50%: a part of a sum, not a rate paid
    if BASE_FORM.search(before):  # 按交易额的5%, 按不超过市场销售价格60%: the rate paid on a base
        return ("cap", cue, "rate.base_cap") if cue and cue.role == "cap" else ("award", cue, "rate.base")
    if LOAN_TERMS.search(text, max(begin, match.start() - 16), match.start()):
        return "other", cue, "rate.loan"  # 贴息的贷款利率最高不超过LPR+50BP: a term of the loan, not a payment
    if SHARE_CUES.search(text[max(begin, match.start() - 12):match.start()] + after):
        return "other", cue, "rate.share"
    if cue and cue.role in ("cap", "threshold"):
        return cue.role, cue, cue.rule
    return "award", cue, "rate.paid"
