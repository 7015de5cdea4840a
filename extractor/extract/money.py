"""Money: 30万元, 三十万元, 1,000元, 1.5亿元, ranges 30-100万元 and 30万元~100万元.

Each amount becomes a Fact in yuan with the role its context gives it
(see `context`). Both ends of a range are facts with the same `range_id`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache

from .context import cue_after, cue_before, inherits, per_units, segment_start, window_start
from .numbers import parse_number
from ..lexicon import (
    COLUMN_UNIT,
    GIVING,
    GROUP_CELL,
    LISTED_SUM_AFTER,
    MONEY,
    MULTIPLIERS,
    PAID_TOPIC,
    ROW_VALUE,
    SEGMENT_BREAK,
    UNPAID_AFTER,
    UNPAID_TOPICS,
)


def _yuan(number: str, multiplier: str | None) -> Decimal | None:
    value = parse_number(number)
    if value is None:
        return None
    yuan = value * MULTIPLIERS[multiplier or ""]
    return yuan.quantize(1) if yuan == yuan.to_integral_value() else yuan.normalize()  # 0.5万元 is 5000, not 5000.0


def find_money(text: str, floor: int = 0) -> list[dict]:
    """Amounts in normalized clause text, as fact fields with offsets into `text`.

    >>> [(f["value"], f["role"]) for f in find_money("给予每个企业每年最高100万元资助")]
    [(Decimal('1000000'), 'cap')]
    >>> [(f["value"], f["role"], f["bound"]) for f in find_money("一次性给予30万元~100万元的创新启动资金")]
    [(Decimal('300000'), 'award', 'lower'), (Decimal('1000000'), 'award', 'upper')]
    >>> [(f["value"], f["role"]) for f in find_money("设立2亿元的高端人才专项资金")]
    [(Decimal('200000000'), 'budget')]
    """
    facts: list[dict] = _column_sums(text, floor)
    previous_end = floor
    for match in MONEY.finditer(text, floor):
        listed = match.group("lo_mult") and LISTED_SUM_AFTER.match(text, match.end())
        if match.group("hi") is None and not match.group("lo_yuan") and not listed:
            continue
        previous = facts[-1] if facts and inherits(text, previous_end, match.start()) else None
        facts.extend(_facts_of(match, text, previous_end, len(facts), previous))
        previous_end = match.end()
    return facts


def _facts_of(match: re.Match[str], text: str, previous_end: int, range_id: int, previous: dict | None) -> list[dict]:
    hi_mult = match.group("hi_mult")
    ends = [("lo", match.group("lo_mult") or (hi_mult if match.group("hi") and not match.group("lo_yuan") else None))]
    if match.group("hi"):
        ends.append(("hi", hi_mult))
    values = [_yuan(match.group(name), mult) for name, mult in ends]
    if None in values:
        return []
    begin = segment_start(text, match.start(), previous_end)
    cue = cue_after(text, match.end()) or cue_before(text, begin, match.start())
    role, rule, cues = (cue.role, cue.rule, [cue.word]) if cue else ("award", *_paid(text, begin, match.start()))
    if cue is None and previous is not None and previous["role"] in ("cap", "threshold"):
        role, rule, cues = previous["role"], "cue.shared", previous["cues"]  # 最高给予A或B: B shares A's cue
    if unpaid := _unpaid(text, match.start(), match.end(), role):
        role, rule, cues = "other", f"other.{unpaid[0]}", [unpaid[1]]
    per = per_units(text, begin, match.start(), match.end())
    out = []
    for (name, _), value in zip(ends, values, strict=True):
        start, end = (match.start(name), match.end()) if len(ends) == 1 else _end_span(match, name)
        out.append({
            "kind": "money", "role": role, "value": value, "unit": "元", "start": start, "end": end,
            "direction": cue.direction if cue else None, "inclusive": cue.inclusive if cue else None,
            "per": per, "range_id": range_id if len(ends) == 2 else None,
            "bound": ("lower" if name == "lo" else "upper") if len(ends) == 2 else None,
            "rule": rule, "cues": cues,
        })
    return out


def _column_sums(text: str, floor: int) -> list[dict]:
    """The sums of a table whose header names their unit: 补贴标准(万元/辆), then rows 满1年(含)不足2年1.0.

    Each row's last number is a sum in the header's unit, paid per the header's counted word;
    a merged cell printed on a line of its own (中型) names the group of the rows nearest to it.
    """
    header = COLUMN_UNIT.search(text, floor)
    if header is None:
        return []
    multiplier = MULTIPLIERS[header.group("mult") or ""]
    per = [header.group("per")] if header.group("per") else []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text[header.end():])]
    lines = [(header.end() + start, line) for start, line in lines]
    groups = [(k, line.strip()) for k, (_, line) in enumerate(lines) if GROUP_CELL.match(line.strip())]
    facts = []
    for k, (start, line) in enumerate(lines):
        row = ROW_VALUE.match(line)
        if row is None:
            continue
        nearest = min(groups, key=lambda group: (abs(group[0] - k), group[0]), default=None)
        value = Decimal(row.group("num")) * multiplier
        value = value.quantize(1) if value == value.to_integral_value() else value.normalize()
        facts.append({
            "kind": "money", "role": "award", "value": value, "unit": "元",
            "start": start + row.start("num"), "end": start + row.end("num"), "direction": None, "inclusive": None,
            "per": per, "range_id": None, "bound": None, "rule": "award.column", "cues": [header.group()],
            "group": nearest[1] if nearest else None,
        })
    return facts


def _unpaid(text: str, start: int, end: int, role: str) -> tuple[str, str] | None:
    """(topic, word) when the sum is a loan ceiling, a withdrawal, a price, a fee or a fine: not paid to anyone.

    The topic is the nearest such word before the figure in its sentence, unless a payment
    word stands nearer. A price or fee that qualifies (总价100万元以上的) stays a threshold.
    """
    for topic, pattern in UNPAID_AFTER:
        if (named := pattern.match(text, end)) and not (role == "threshold" and topic in ("price", "fee")):
            return topic, named.group().lstrip("的以内下(含)")
    paid_ends, found = _topic_words(text, max(text.rfind("。", 0, start) + 1, 0))
    before = bisect_right(found, (start, "\U0010ffff"))
    if not before:
        return None
    at, topic, word = found[before - 1]
    paid = paid_ends[i - 1] if (i := bisect_right(paid_ends, start)) else -1
    if at < paid or (role == "threshold" and topic in ("price", "fee")):
        return None
    return topic, word


@lru_cache(maxsize=8)
def _topic_words(text: str, begin: int) -> tuple[list[int], list[tuple[int, str, str]]]:
    """Ends of the payment words, and (end, topic, word) of the unpaid topics, of the sentence from `begin`, sorted:
    found once per sentence, so a sentence of thousands of sums costs no more per sum than a short one."""
    stop = text.find("。", begin)
    stop = len(text) if stop == -1 else stop
    paid = sorted(m.end() for pattern in (PAID_TOPIC, GIVING) for m in pattern.finditer(text, begin, stop))
    found = sorted((m.end(), topic, m.group()) for topic, pattern in UNPAID_TOPICS for m in pattern.finditer(text, begin, stop))
    return paid, found


def _paid(text: str, begin: int, start: int) -> tuple[str, list[str]]:
    """A sum with no role cue is paid: by the paying verb of its sentence, or by default (said in the issues)."""
    sentence = text[window_start(text, start, 0):start + 1]
    verb = GIVING.search(text, begin, start) or GIVING.search(sentence)
    if verb:
        return "award.verb", [verb.group()]
    stop = min((i for i in (text.find(ch, start) for ch in SEGMENT_BREAK) if i != -1), default=len(text))
    noun = GIVING.search(text, start, stop)  # 可享受每年1万元补贴: the payment named after the sum
    return ("award.noun", [noun.group()]) if noun else ("award.default", [])


def _end_span(match: re.Match[str], name: str) -> tuple[int, int]:
    """Span of one end of a range: the low end up to its own unit, the high end to the 元."""
    if name == "lo":
        end = match.end("lo_yuan") if match.group("lo_yuan") else match.end("lo_mult") if match.group("lo_mult") else match.end("lo")
        return match.start("lo"), end
    return match.start("hi"), match.end()


def amount_of(text: str) -> Decimal | None:
    """A sum as a person types it, in yuan: 500万, 1.2亿元, 30,000 元, 3000000; None when it is none.

    >>> [amount_of(s) for s in ("500万", "1.2亿元", "30,000 元", "3000000", "五十万元", "1-2万元", "很多")]
    [Decimal('5000000'), Decimal('120000000'), Decimal('30000'), Decimal('3000000'), Decimal('500000'), None, None]
    """
    from ..normalize import normalize

    folded = normalize(text.strip()).text
    match = MONEY.fullmatch(folded)
    if match is None or match.group("hi") is not None:
        return None
    return _yuan(match.group("lo"), match.group("lo_mult"))
