"""The words around a figure that decide its role: cap, threshold, budget or award.

A cue counts only between the figure and whatever stands before it in the
same sentence: the previous figure, or the sentence start. Of several cues
the nearest wins, and of two ending at the same place the longer one
(规模超过 is a budget, not a threshold). Cues after the figure (以上, 为限)
win over cues before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from ..lexicon import (
    AFTER_BELOW,
    AFTER_BRACKET,
    AFTER_CAP,
    AFTER_THRESHOLD,
    BUDGET_CUES,
    BUDGET_VERB,
    CAP_CUES,
    CONNECTOR,
    EXCLUSIVE,
    PER_AFTER,
    PER_BEFORE,
    PER_YEAR_SPAN,
    SEGMENT_BREAK,
    SENTENCE_BREAK,
    THRESHOLD_CUES,
)

BUDGET_GAP = 2  # a fund's size follows its verb closely: 设立2亿元的, 总规模30亿元


def inherits(text: str, previous_end: int, start: int) -> bool:
    """True when only a connector stands between two figures: 最高2000平方米厂房或500平方米 share the cue."""
    return previous_end > 0 and CONNECTOR.match(text[previous_end:start]) is not None

_CUES = sorted(
    [(cue, "cap") for cue in CAP_CUES] + [(cue, "threshold") for cue in THRESHOLD_CUES]
    + [(cue, "budget") for cue in BUDGET_CUES],
    key=lambda item: -len(item[0]),
)
CUE_ROLE = dict(_CUES)
# "不超过" contains "超过", "不低于" contains "低于": the longer cue wins where both end together.


@dataclass(frozen=True)
class Cue:
    """The cue that decided a role, if any."""

    role: str
    word: str
    direction: str | None
    inclusive: bool | None
    rule: str = ""  # the name of the rule that read it: cap.before, threshold.after …


def window_start(text: str, start: int, floor: int) -> int:
    """Where the words that can qualify a figure at `start` begin: the sentence start, or `floor`."""
    cut = max((text.rfind(ch, floor, start) for ch in SENTENCE_BREAK), default=-1)
    return max(cut + 1, floor)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    begin = window_start(text, start, 0)
    stops = [i for i in (text.find(ch, end) for ch in SENTENCE_BREAK) if i != -1]
    return text[begin:min(stops, default=len(text))]


def segment_start(text: str, start: int, floor: int) -> int:
    """Like `window_start`, but a comma also ends the words that qualify a figure.

    不超过10位优秀个人,给予5万元奖励: the cap belongs to the 10 people, not to the 5万元.
    """
    cut = max((text.rfind(ch, floor, start) for ch in SEGMENT_BREAK), default=-1)
    return max(cut + 1, floor)


def cue_before(text: str, begin: int, start: int) -> Cue | None:
    """The nearest cue in text[begin:start] (the longest among those ending at the same place)."""
    best: tuple[int, int, str] | None = None
    for word, _ in _CUES:
        at = text.rfind(word, begin, start)
        if at >= 0 and (best is None or (at + len(word), len(word)) > best[:2]):
            best = (at + len(word), len(word), word)
    if best is None:
        return None
    word = best[2]
    role = CUE_ROLE[word]
    if role == "budget":
        if start - best[0] > BUDGET_GAP:
            return None  # 新获准设立的…给予30万元: 设立 names the applicant, not a fund of that size
        return Cue("budget", word, None, None, "budget.before")
    if role == "cap" and BUDGET_VERB.search(text[begin:best[0] - len(word)]):
        return Cue("budget", word, None, None, "budget.capped")  # 每年安排不超过0.5亿元: a programme's size, however capped
    direction = "upper" if role == "cap" else "lower"
    if word in ("低于", "不足"):
        return Cue("cap", word, "upper", False, "cap.below")  # below a bound: an upper limit on who qualifies
    return Cue(role, word, direction, word not in EXCLUSIVE, f"{role}.before")


def cue_after(text: str, end: int) -> Cue | None:
    """以上 / 以下 / 为限 / 的部分 right after a figure."""
    tail = text[end:end + 40]  # room for a note: 90平方米(含90平方米)以下, 2人(不含法定代表人…)以上
    if match := AFTER_BRACKET.match(tail):
        return Cue("threshold", match.group().strip(), "lower", True, "bracket.after")
    if match := AFTER_THRESHOLD.match(tail):
        return Cue("threshold", match.group().strip(), "lower", True, "threshold.after")
    if match := AFTER_BELOW.match(tail):
        return Cue("cap", match.group().strip(), "upper", True, "cap.after_below")
    if match := AFTER_CAP.match(tail):
        return Cue("cap", match.group().strip(), "upper", True, "cap.after")
    return None


def per_units(text: str, begin: int, start: int, end: int) -> list[str]:
    """Per-unit words around a figure: 每人 … /年 → [人, 年]."""
    units = [m.group(1) for m in PER_BEFORE.finditer(text, begin, start)]
    if PER_YEAR_SPAN.search(text, begin, start):  # a sum for every twelve months of something: per year
        units.append("年")
    after = PER_AFTER.match(text[end:end + 6])
    if after:
        units.append(after.group(1))
    return list(dict.fromkeys(units))
