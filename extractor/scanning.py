"""Patterns that search fast: a lookahead on the characters a match can begin with.

A pattern whose alternatives start with lookbehinds or anchors (`(?<![\\d.])\\d+…|百分之…`)
is tried whole at every position of the text, though almost every position holds a character
no match begins with. `scanner` computes the set of characters a match can begin with from
the parsed pattern and puts it in front as a lookahead, `(?=[\\d百…])(?:…)`, which fails at once
elsewhere. The lookahead only restates what the pattern requires, so the matches are the same
(`tests/test_scanning.py` compares them on every notice of the corpus). A pattern that can
match the empty string, begins with `.` or a negated class, or ignores case (in whole or in part) is
compiled as it is.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser

SPECIAL_IN_CLASS = frozenset("\\]^-[")
CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


MADE: list[tuple[str, int]] = []  # every pattern given to `scanner`, with its flags: what the tests compare


class _Open(Exception):
    """A match may begin with almost any character (or none): no lookahead helps."""


def scanner(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, prefixed with a lookahead on the characters a match can begin with.

    >>> scanner(r"(?<!\\d)(?P<n>\\d+)\\s*%|百分之[一二三]").pattern[:12]
    '(?=[\\\\d百])(?:'
    >>> scanner(r"a*").pattern
    'a*'
    """
    MADE.append((pattern, flags))
    if flags & re.IGNORECASE:
        return re.compile(pattern, flags)
    try:
        first, nullable = _first(_parser.parse(pattern, flags))
    except _Open:
        return re.compile(pattern, flags)
    if nullable or not first:
        return re.compile(pattern, flags)
    lookahead = "(?=[" + "".join(sorted(first)) + "])"
    prefix = "" if not flags & re.VERBOSE else "\n"  # a verbose pattern's last line may end in a comment
    return re.compile(f"{lookahead}(?:{pattern}{prefix})", flags)


def _char(code: int) -> str:
    ch = chr(code)
    return "\\" + ch if ch in SPECIAL_IN_CLASS or not ch.isprintable() and ch != " " else ch


def _first(items) -> tuple[set[str], bool]:
    """The class members a match of this sequence can begin with, and whether it can match nothing."""
    first: set[str] = set()
    for op, arg in items:
        part, nullable = _first_of(op, arg)
        first |= part
        if not nullable:
            return first, False
    return first, True


def _first_of(op, arg) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {_char(arg)}, False
    if op is sre.IN:
        return _class(arg), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero-width: what follows begins the match
    if op is sre.SUBPATTERN:
        if arg[1] & re.IGNORECASE:  # (?i:…): either case begins a match
            raise _Open(op)
        return _first(arg[-1])
    if op is sre.BRANCH:
        first: set[str] = set()
        nullable = False
        for branch in arg[1]:
            part, empty = _first(branch)
            first |= part
            nullable = nullable or empty
        return first, nullable
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, item = arg
        part, nullable = _first(item)
        return part, nullable or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first(arg)
    raise _Open(op)  # ANY, NOT_LITERAL, group references, conditionals


def _class(items) -> set[str]:
    out: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            out.add(_char(arg))
        elif op is sre.RANGE:
            out.add(f"{_char(arg[0])}-{_char(arg[1])}")
        elif op is sre.CATEGORY and arg in CATEGORIES:
            out.add(CATEGORIES[arg])
        else:
            raise _Open(op)  # a negated class or another category: almost anything
    return out
