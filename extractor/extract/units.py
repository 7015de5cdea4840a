"""Responsible units: （责任单位：…）, 牵头单位：…, （由…牵头）, （…等按职责分工负责）.

Read on normalized text (full-width colons and parentheses already folded).
A body named inside a sentence (经市科技局认定) or the interpreting body
(由…负责解释) is not a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ..lexicon import LEAD_CUES, LED_BY, TRAILING_DUTY, UNIT_LIST, UNIT_SEPARATORS


@dataclass(frozen=True)
class UnitMention:
    """One unit name with its normalized offsets in the searched text."""

    name: str
    start: int
    end: int
    lead: bool


def _split(names: str, offset: int, lead: bool) -> list[UnitMention]:
    out = []
    pos = 0
    for piece in UNIT_SEPARATORS.split(names):
        at = names.index(piece, pos) if piece else pos
        pos = at + len(piece)
        name = re.sub(r"(?:等(?:单位|部门)?)$", "", piece.strip())
        if len(name) >= 2:
            out.append(UnitMention(name=name, start=offset + at, end=offset + at + len(name), lead=lead))
    return out


def find_units(text: str) -> list[UnitMention]:
    """Responsible and lead units named in a clause's normalized text, in printed order.

    >>> [u.name for u in find_units("…保障服务。(责任单位:市行政审批局、市科技局、阳泉高新区管委会)")]
    ['市行政审批局', '市科技局', '阳泉高新区管委会']
    >>> [(u.name, u.lead) for u in find_units("(由区科技局牵头)支持企业…")]
    [('区科技局', True)]
    >>> [u.name for u in find_units("…给予奖励。(市科技局、市财政局等按职责分工负责)")]
    ['市科技局', '市财政局']
    >>> find_units("经市科技局认定的,由市科技局负责解释。")
    []
    """
    mentions: list[UnitMention] = []
    for match in UNIT_LIST.finditer(text):
        lead = match.group("cue") in LEAD_CUES
        mentions.extend(_split(match.group("names"), match.start("names"), lead))
    for match in LED_BY.finditer(text):
        mentions.extend(_split(match.group("names"), match.start("names"), True))
    if not mentions:
        match = TRAILING_DUTY.search(text)
        if match and "解释" not in match.group("names"):
            mentions.extend(_split(match.group("names"), match.start("names"), False))
    return sorted(mentions, key=lambda m: m.start)
