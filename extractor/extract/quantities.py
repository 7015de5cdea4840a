"""Quantities that limit an award: 30人以上, 三年以上, 最高2000平方米, 分3年补助到位, 最长不超过5年.

A number with a counting unit is a quantity only when a cue says how it
limits the award (a threshold, a cap or a duration) and its sentence pays
something; dates (2024年), ordinals (第一年), counts of one and programme
timelines (用3年时间) are not quantities.
"""

from __future__ import annotations

import re

from ..lexicon import (
    APPLY_BY,
    COLUMN_UNIT,
    CONDITION_END,
    CONDITION_REACHED,
    COUNT_OF_ONE,
    DURATION_BASE,
    DURATION_BEFORE,
    DURATION_NAMED,
    FIGURE_PHRASE_END,
    FROM_DATE,
    GIVING,
    INCLUSIVE_NOTE,
    PAID_MEASURE,
    PAID_MEASURE_AFTER,
    QUANTITY,
    REACHED,
    RELIEF,
    TIME_UNITS,
    UNIT_NAMES,
    WITHIN_SPREAD,
)
from .context import Cue, cue_after, cue_before, inherits, segment_start, sentence_around
from .numbers import parse_number


def find_quantities(text: str, floor: int = 0) -> list[dict]:
    """Quantities in normalized clause text, as fact fields with offsets into `text`.

    >>> [(f["value"], f["unit"], f["role"]) for f in find_quantities("科研人员达到30人以上并投入运营,最高给予20万元")]
    [(Decimal('30'), '人', 'threshold')]
    >>> [(f["value"], f["role"]) for f in find_quantities("给予100万元建站补助,分3年补助到位")]
    [(Decimal('3'), 'duration')]
    >>> find_quantities("到2026年,建设30个以上创新联合体")
    []
    """
    facts: list[dict] = []
    previous_end = floor
    paying = GIVING.search(text) is not None or RELIEF.search(text) is not None
    table = COLUMN_UNIT.search(text) is not None  # the rows of a table of subsidies pay, each on its own line
    for match in QUANTITY.finditer(text, floor):
        shares = inherits(text, previous_end, match.start()) or INCLUSIVE_NOTE.search(text, previous_end, match.start())
        previous = facts[-1] if facts and shares else None
        fact = _fact(text, match, previous_end, previous, paying, table)
        if fact is None:
            continue
        if match.group("hi") and (upper := parse_number(match.group("hi"))) is not None:
            lower_end = fact | {"end": match.end("num"), "range_id": len(facts), "bound": "lower"}
            upper_end = fact | {"value": upper, "start": match.start("hi"), "range_id": len(facts), "bound": "upper"}
            facts.extend([lower_end, upper_end])
        else:
            facts.append(fact)
        previous_end = match.end()
    return facts


def _fact(text: str, match: re.Match[str], previous_end: int, previous: dict | None, paying: bool,
          table: bool = False) -> dict | None:
    value = parse_number(match.group("num"))
    unit = match.group("unit")
    if value is None or value <= 0 or (unit == "年" and value >= 1900):
        return None
    if value == 1 and unit in COUNT_OF_ONE:
        return None
    if text[match.end():match.end() + 1] in ("度", "底", "月") and unit == "年":
        return None
    role, cue, rule = _role(text, match, previous_end, unit)
    if previous is not None and INCLUSIVE_NOTE.search(text, previous_end, match.start()):
        role, cue, rule = previous["role"], None, "cue.inclusive_note"  # 2年以上(含2年): the same bound again
    if role is None and previous is not None:
        role, cue, rule = previous["role"], None, "cue.shared"  # 最高2000平方米厂房或500平方米办公空间
    if role is None or not paying:
        return None
    sentence = sentence_around(text, match.start(), match.end())
    if role != "duration" and not (table or GIVING.search(sentence) or RELIEF.search(sentence)):
        return None  # targets (建设30个以上创新联合体) limit no award; a duration may stand alone (最长不超过5年。)
    return {
        "kind": "quantity", "role": role, "value": value, "unit": UNIT_NAMES.get(unit, unit),
        "start": match.start(), "end": match.end("unit"),
        "direction": cue.direction if cue and role != "duration" else None,
        "inclusive": cue.inclusive if cue and role != "duration" else None,
        "per": [], "range_id": None, "bound": None,
        "rule": rule, "cues": [cue.word] if cue else (previous["cues"] if previous and rule.startswith("cue.") else []),
    }


def _role(text: str, match: re.Match[str], previous_end: int, unit: str):
    begin = segment_start(text, match.start(), previous_end)
    after = cue_after(text, match.end())
    if after and after.word.endswith("的部分"):  # 1000平方米以内的部分: the part of a quantity that is paid for
        tail = text[match.end():match.end() + 3]
        if tail.startswith("以上"):
            return "threshold", after, "bracket.after"
        return "cap", Cue("cap", "以内", "upper", True, "bracket.after"), "bracket.after"
    if after and after.role == "threshold":
        return after.role, after, after.rule
    if after is None and (measure := PAID_MEASURE_AFTER.match(text, match.end())):
        return "cap", Cue("cap", measure.group().strip().lstrip("的"), "upper", True), "cap.measure"
    if after and after.role == "cap":
        # 毕业5年以内, 1000人以下企业, 144平方米以下: a condition on who qualifies; a limit on what
        # is paid names the payment first (补贴面积120平方米以内)
        if PAID_MEASURE.search(text, begin, match.start()):
            return "cap", after, after.rule
        return "threshold", Cue("threshold", after.word, "upper", True), "threshold.below"
    if reached := REACHED.search(text, begin, match.start()):
        return "threshold", Cue("threshold", reached.group().strip(), "lower", True), "threshold.reached"
    before_text = text[max(begin, match.start() - 10):match.start()]
    if unit in TIME_UNITS:
        tail = text[match.end():match.end() + 24]
        phrase = _phrase_after(tail, 0)
        condition = CONDITION_END.search(phrase + ",") is not None or CONDITION_REACHED.search(phrase) is not None
        if period := DURATION_BEFORE.search(before_text):
            # 连续3年在区内缴纳社保的: a condition; 连续补贴3年, 分3年: a period
            word = period.group().strip()
            if condition:
                return "threshold", Cue("threshold", word, None, None), "threshold.condition"
            return "duration", Cue("duration", word, None, None), "duration.period"
        if (base := DURATION_BASE.search(before_text)) and not match.group("period"):
            return "duration", Cue("duration", base.group().strip(), None, None), "duration.base"
        if tail.startswith("到位") or WITHIN_SPREAD.match(tail):
            return "duration", Cue("duration", tail[:2], None, None), "duration.spread"
        if named := DURATION_NAMED.match(tail):
            return "duration", Cue("duration", named.group().strip().lstrip("的"), None, None), "duration.named"
        if tail.startswith("内") and FROM_DATE.search(before_text) and not APPLY_BY.match(tail):
            return "duration", Cue("duration", "起…内", None, None), "duration.from_date"
        if tail.startswith("内"):  # 毕业5年内的, 购房后3个月内: a window to qualify or to apply
            return "threshold", Cue("threshold", "内", "upper", True), "threshold.within"
    cue = cue_before(text, begin, match.start())
    if cue is None and match.group("hi") and CONDITION_END.search(_phrase_after(text, match.end()) + ","):
        # 购买90-144平方米(含144平方米)新建商品住房的,…: a range printed as a condition bounds who qualifies
        separator = text[match.end("num"):match.start("hi")].strip()
        return "threshold", Cue("threshold", separator, None, True), "threshold.range"
    if cue is None or cue.role == "budget":
        return None, None, None
    if cue.rule == "cap.below":  # 不足2年, 低于3人: below a bound, a condition on who qualifies
        return "threshold", cue, "threshold.below"
    if cue.role == "cap" and unit in TIME_UNITS:
        return "duration", cue, "duration.cap"
    return cue.role, cue, cue.rule


def _phrase_after(text: str, start: int) -> str:
    """The words from `start` to the next mark (FIGURE_PHRASE_END), or to the end."""
    mark = FIGURE_PHRASE_END.search(text, start)
    return text[start:mark.start() if mark else len(text)]
