"""Quantities that limit an award: 30人以上, 三年以上, 最高2000平方米, 分3年补助到位, 最长不超过5年.

A number with a counting unit is a quantity only when a cue says how it
limits the award (a threshold, a cap or a duration) and its sentence pays
something; dates (2024年), ordinals (第一年), counts of one and programme
timelines (用3年时间) are not quantities.
"""

from __future__ import annotations

import re

from .context import Cue, cue_after, cue_before, inherits, segment_start, sentence_around
from .numbers import parse_number
from ..lexicon import GIVING
from ..lexicon import CONDITION_END, COUNT_OF_ONE, DURATION_BEFORE, QUANTITY, TIME_UNITS, UNIT_NAMES


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
    paying = GIVING.search(text) is not None
    for match in QUANTITY.finditer(text, floor):
        previous = facts[-1] if facts and inherits(text, previous_end, match.start()) else None
        fact = _fact(text, match, previous_end, previous, paying)
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


def _fact(text: str, match: re.Match[str], previous_end: int, previous: dict | None, paying: bool) -> dict | None:
    value = parse_number(match.group("num"))
    unit = match.group("unit")
    if value is None or value <= 0 or (unit == "年" and value >= 1900):
        return None
    if value == 1 and unit in COUNT_OF_ONE:
        return None
    if text[match.end():match.end() + 1] in ("度", "底", "月") and unit == "年":
        return None
    role, cue, rule = _role(text, match, previous_end, unit)
    if role is None and previous is not None:
        role, cue, rule = previous["role"], None, "cue.shared"  # 最高2000平方米厂房或500平方米办公空间
    if role is None or not paying:
        return None
    if role != "duration" and not GIVING.search(sentence_around(text, match.start(), match.end())):
        return None  # targets (建设30个以上创新联合体) limit no award; a duration may stand alone (最长不超过5年。)
    return {
        "kind": "quantity", "role": role, "value": value, "unit": UNIT_NAMES.get(unit, unit),
        "start": match.start(), "end": match.end("unit"),
        "direction": cue.direction if cue and role != "duration" else None,
        "inclusive": cue.inclusive if cue and role != "duration" else None,
        "per": [], "range_id": None, "bound": None,
        "rule": rule, "cues": [cue.word] if cue else (previous["cues"] if rule == "cue.shared" else []),
    }


def _role(text: str, match: re.Match[str], previous_end: int, unit: str):
    begin = segment_start(text, match.start(), previous_end)
    after = cue_after(text, match.end())
    if after and after.word.endswith("的部分"):  # 1000平方米以内的部分: the part of a quantity that is paid for
        tail = text[match.end():match.end() + 3]
        if tail.startswith("以上"):
            return "threshold", after, "bracket.after"
        return "cap", Cue("cap", "以内", "upper", True, "bracket.after"), "bracket.after"
    if after and after.role in ("threshold", "cap"):
        return after.role, after, after.rule
    before_text = text[max(begin, match.start() - 10):match.start()]
    if unit in TIME_UNITS:
        tail = text[match.end():match.end() + 24]
        condition = CONDITION_END.search(re.split(r"[,，;。]", tail, maxsplit=1)[0] + ",") is not None
        if (period := DURATION_BEFORE.search(before_text)) or tail.startswith(("内", "到位")):
            # 连续3年在区内缴纳社保的 / 入驻三年内实现产业化的: a condition; 连续补贴3年: a period
            word = period.group().strip() if period else ("到位" if tail.startswith("到位") else "内")
            if condition and not tail.startswith("到位"):
                return "threshold", Cue("threshold", word, None, None), "threshold.condition"
            return "duration", Cue("duration", word, None, None), "duration.period"
    cue = cue_before(text, begin, match.start())
    if cue is None or cue.role == "budget":
        return None, None, None
    if cue.role == "cap" and unit in TIME_UNITS:
        return "duration", cue, "duration.cap"
    return cue.role, cue, cue.rule
