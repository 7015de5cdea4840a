"""Responsible units: （责任单位：…）, 牵头单位：…, （由…牵头）, （…等按职责分工负责）.

Read on normalized text (full-width colons and parentheses already folded).
A body named inside a sentence (经市科技局认定) or the interpreting body
(由…负责解释) is not a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ..lexicon import (
    LEAD_CUES, LED_BY, TRAILING_DUTY, UNIT_BODY_END, UNIT_LIST, UNIT_LIST_PARTS, UNIT_ETC, UNIT_SEPARATORS,
    UNIT_TASK,
)


@dataclass(frozen=True)
class UnitMention:
    """One unit name with its normalized offsets in the searched text."""

    name: str
    start: int
    end: int
    lead: bool


def _pieces(text: str, separators: re.Pattern[str], offset: int = 0) -> list[tuple[str, int]]:
    """The parts of `text` between separators, each with its offset (plus `offset`)."""
    out, pos = [], 0
    for match in [*separators.finditer(text), None]:
        stop = match.start() if match else len(text)
        out.append((text[pos:stop], offset + pos))
        pos = match.end() if match else stop
    return out


def _split(names: str, offset: int, lead: bool) -> list[UnitMention]:
    """The names of a list, each cut before the task printed after it (市发改委在…受理 → 市发改委).

    Once a name is followed by its task, the rest of that part of the list (up to the next
    comma or semicolon) is the task; after a semicolon only names of bodies continue the list.
    """
    out = []
    after_semicolon = False
    for part, part_at in _pieces(names, UNIT_LIST_PARTS):
        for piece, at in _pieces(part, UNIT_SEPARATORS, part_at):
            task = UNIT_TASK.search(piece)
            name = UNIT_ETC.sub("", piece[: task.start()] if task else piece).strip()
            lead_space = len(piece) - len(piece.lstrip())
            if len(name) >= 2 and (not after_semicolon or UNIT_BODY_END.search(name)):
                start = offset + at + lead_space
                out.append(UnitMention(name=name, start=start, end=start + len(name), lead=lead))
            if task:
                break
        stop = part_at + len(part)
        after_semicolon = after_semicolon or names[stop:stop + 1] in (";", "；")
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
