"""Patterns that search fast: a lookahead on the characters a match can begin with.

A pattern whose alternatives start with lookbehinds or anchors (`(?<![\\d.])\\d+…|百分之…`)
is tried whole at every position of the text, though almost every position holds a character
no match begins with. `scanner` computes the set of characters a match can begin with from
the parsed pattern and puts it in front as a lookahead, `(?=[\\d百…])(?:…)`, which fails at once
elsewhere. A pattern that begins with a character or a class is left as it is: `re` skips ahead to
those by itself, faster than a lookahead. The lookahead only restates what the pattern requires, so
the matches are the same (`tests/test_scanning.py` compares them on every bundled and real notice).
A pattern that can match the empty string, begins with `.` or a negated class, or ignores case (in
whole or in part) is compiled as it is. The form found is kept beside the compiled code
(`patterns.remembered`), so the parse is done once, not in every process.
"""

from __future__ import annotations

import re
import sys
from re import _constants as sre
from re import _parser

from .patterns import compiled, remembered

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
    group = sys._getframe(1).f_globals.get("__name__", "main")  # kept with the patterns of the module that asks
    form = remembered(("scanner", pattern, int(flags)), lambda: scanning_form(pattern, flags), group=group)
    return compiled(form, flags, group=group)


def scanning_form(pattern: str, flags: int = 0) -> str:
    """The pattern text with its lookahead, or as it is where none helps."""
    if flags & re.IGNORECASE:
        return pattern
    parsed = _parser.parse(pattern, flags)
    if _searched_by_prefix(parsed):
        return pattern
    try:
        first, nullable = _first(parsed)
    except _Open:
        return pattern
    if nullable or not first:
        return pattern
    lookahead = "(?=[" + "".join(sorted(first)) + "])"
    prefix = "" if not flags & re.VERBOSE else "\n"  # a verbose pattern's last line may end in a comment
    return f"{lookahead}(?:{pattern}{prefix})"


def _searched_by_prefix(items) -> bool:
    """Whether `re` itself skips ahead to where a match can begin: the pattern begins with a character, a class,
    or alternatives that each begin with a character (what `re` finds a literal or charset prefix for)."""
    while items.data and items.data[0][0] is sre.SUBPATTERN and not items.data[0][1][1]:
        items = items.data[0][1][-1]
    if not items.data:
        return False
    op, arg = items.data[0]
    if op is sre.BRANCH:
        return all(branch.data and branch.data[0][0] is sre.LITERAL for branch in arg[1])
    return op in (sre.LITERAL, sre.IN)


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
