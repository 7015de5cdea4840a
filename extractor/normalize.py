"""Normalization for matching, with a map back to the original characters.

The normalized text is only ever used to *find* things; everything reported
is cut from the original text through `Normalized.to_raw`. Each original
character becomes zero or one normalized character (width folding, space
and dash unification are 1:1; CR of CRLF and invisible format characters are
deleted), so the map is a plain list of offsets.

Traditional characters are folded to simplified ones (OpenCC's character
table, 1:1), so that cue words such as 責任單位 match 责任单位.

Numerals are never converted here: clause labels such as （一） and amounts
such as 三十万元 keep their characters, and each later stage reads the
numerals it owns.

`character_issues` names the invisible and private-use characters of a text
as read (W_INVISIBLE_CHARS, W_PUA_CHARS); the loaders' caller adds them.
"""

from __future__ import annotations

import heapq
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .patterns import compiled, remembered
from .models import Issue, Span

# Characters that are Unicode "Cf" (format) or otherwise invisible and that
# split numbers apart when pasted from web pages: zero-width space and
# joiners, word joiner, BOM, soft hyphen, bidi controls.
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff"
    "\x00"  # a stray NUL byte (the decoder lets a few through)
)

# Every space-like character becomes an ASCII space (ideographic space,
# NBSP and the typographic spaces of U+2000–U+200A).
SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f")

# Range marks: tilde variants become "~", dash variants "-" (至 is a word and
# stays: the amount grammar reads it).
TILDES = frozenset("\uff5e\u301c\u223c")
DASHES = frozenset("\uff0d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63")


@cache
def traditional_to_simplified() -> dict[str, str]:
    """OpenCC's traditional → simplified character table, first candidate, chains resolved (kept between runs)."""
    path = _opencc_characters()
    stat = path.stat()
    return remembered(("normalize.t2s", str(path), stat.st_size, stat.st_mtime_ns), lambda: _read_opencc(path), dict)


def _opencc_characters() -> Path:
    """OpenCC's character table, found without importing the package."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc is not installed: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "TSCharacters.txt"


def _read_opencc(path: Path) -> dict[str, str]:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    for source, target in table.items():
        seen = {source}
        while target in table and target not in seen:
            seen.add(target)
            target = table[target]
        table[source] = target
    return table


def fold_char(ch: str) -> str:
    r"""Fold one character for matching; "" deletes it.

    >>> [fold_char(c) for c in "１（一）\u3000—～\u200b單"]
    ['1', '(', '一', ')', ' ', '-', '~', '', '单']
    """
    if ch in INVISIBLE:
        return ""
    if ch in SPACES:
        return " "
    if ch in TILDES:
        return "~"
    if ch in DASHES:
        return "-"
    if ch in "\r\u2028\u2029\x85":  # carriage return, Unicode line and paragraph separators, NEL: line ends
        return "\n"
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code >= 0x3400:
        return traditional_to_simplified().get(ch, ch)
    if unicodedata.category(ch) == "Cf":
        return ""
    return ch


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus, for each of its characters, the original offset."""

    text: str
    raw: str
    origin: Sequence[int]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        r"""Map a normalized span [start, end) to the original span covering it.

        >>> n = normalize("给予１０\u200b０万元")
        >>> n.text
        '给予100万元'
        >>> s, e = n.to_raw(2, 5)
        >>> n.raw[s:e]
        '１０\u200b０'
        """
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.raw)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1

    def raw_slice(self, start: int, end: int) -> str:
        """The original characters behind a normalized span."""
        s, e = self.to_raw(start, end)
        return self.raw[s:e]


def normalize(raw: str) -> Normalized:
    r"""Fold width, spaces, dashes and line ends; drop invisible characters.

    >>> normalize("第一条\u3000补贴１,２３４．５６元\r\n").text
    '第一条 补贴1,234.56元\n'
    """
    if not _deleted().search(raw):
        # nothing is deleted: every character maps to the one at the same offset
        return Normalized(text=_folded(raw), raw=raw, origin=range(len(raw)))
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\r" and i + 1 < n and raw[i + 1] == "\n":
            i += 1  # CRLF: the LF stands for both
            continue
        folded = fold_char(ch)
        if folded:
            out.append(folded)
            origin.append(i)
        i += 1
    return Normalized(text="".join(out), raw=raw, origin=tuple(origin))


FOLD_RUNS_SHARE = 10  # a text with more runs to fold than one in so many characters is translated whole


def _folded(raw: str) -> str:
    """`raw.translate(_table())`. A notice has few runs of characters that fold (the real ones: 2 to 9 in a
    hundred characters), and translating those runs one by one is faster than the whole text through the
    table (2.7× over the real notices); a text with more (traditional characters, full-width Latin) is
    translated whole, after at most one run in ten characters was done for nothing (1.7× the translation
    at worst)."""
    table = _table()
    limit = len(raw) // FOLD_RUNS_SHARE + 1
    folded, runs = _fold_run().subn(lambda run: run.group().translate(table), raw, count=limit)
    return raw.translate(table) if runs == limit else folded


@cache
def _fold_run() -> re.Pattern[str]:
    """A run of the characters `_table` changes."""
    return compiled("[" + _ranges(sorted(_table())) + "]+")


@cache
def _table() -> dict[int, str]:
    """`fold_char` as a str.translate table, for the characters it changes (BMP).

    Built from the sets `fold_char` reads, not by asking it of all 65,536 characters (that took a
    tenth of a second of every start); tests/test_normalize.py checks the two agree.
    """
    table = {ord(ch): folded for chars, folded in ((SPACES, " "), (TILDES, "~"), (DASHES, "-"),
                                                   ("\r\u2028\u2029\x85", "\n")) for ch in chars}
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    table.update({ord(source): target for source, target in traditional_to_simplified().items()
                  if 0x3400 <= ord(source) < 0x10000 and ord(source) not in table})
    return {code: folded for code, folded in table.items() if chr(code) not in INVISIBLE}


@cache
def _deleted() -> re.Pattern[str]:
    """Characters `normalize` deletes (from `fold_char`), CRLF, and any astral character (read slowly)."""
    def pattern() -> str:
        below = (chr(code) for code in range(0x3400) if unicodedata.category(chr(code)) == "Cf")  # fold_char's Cf test
        deleted = "".join(sorted(set(INVISIBLE) | set(below)))
        return "[" + "".join(map(re.escape, deleted)) + "]|\r\n|[\U00010000-\U0010ffff]"

    return compiled(remembered(("normalize.deleted", unicodedata.unidata_version, "".join(sorted(INVISIBLE))), pattern))


POSITIONS_SHOWN = 10  # offsets listed in an issue's message; the span is the first one


def character_issues(raw: str) -> list[Issue]:
    r"""W_INVISIBLE_CHARS and W_PUA_CHARS for the text as read, with where the characters stand.

    Invisible characters are left out when figures and words are matched
    (10\u200b0万元 reads 100万元); private-use ones are kept as they are.
    A byte-order mark opening the text is no character of it.

    >>> [(i.code, i.span.start) for i in character_issues("\ufeff补贴10\u200b0万元\ue78d")]
    [('W_INVISIBLE_CHARS', 5), ('W_PUA_CHARS', 9)]
    """
    invisible: list[int] = []
    private: list[int] = []
    begin = 1 if raw.startswith("\ufeff") else 0
    for match in heapq.merge(*(pattern.finditer(raw, begin) for pattern in _notable()), key=re.Match.start):
        code = ord(match.group())
        (private if 0xE000 <= code <= 0xF8FF or code >= 0xF0000 else invisible).append(match.start())
    issues = []
    for code, found, what, what_zh in (
            ("W_INVISIBLE_CHARS", invisible, "invisible format character(s), ignored when reading",
             "个不可见的格式字符，读取时忽略"),
            ("W_PUA_CHARS", private, "private-use character(s), shown differently by other fonts and systems: check them "
                                     "against the original", "个私用区字符，换一种字体或系统会显示成别的字：请对照原件核对")):
        if found:
            names = sorted({f"U+{ord(raw[i]):04X}" for i in found})
            where = ", ".join(str(i) for i in found[:POSITIONS_SHOWN]) + (" …" if len(found) > POSITIONS_SHOWN else "")
            issues.append(Issue(code=code, span=Span(start=found[0], end=found[0] + 1),
                                message=f"{len(found)} {what} ({', '.join(names)}) at offset {where}",
                                message_zh=f"{len(found)} {what_zh}（{', '.join(names)}），位于偏移 {where}"))
    return issues


def _ranges(codes) -> str:
    """Code points (ascending) as the members of a class, a run of neighbours as one range (a class of astral
    characters is tried member by member)."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


@cache
def _notable() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Characters worth a word to the reader, built on first use: those of plane 0, and the astral ones.

    Format characters (Unicode Cf: zero-width, bidi controls, soft hyphen; they
    exist in planes 0, 1 and 14 only) make two equal-looking texts differ.
    Private-use code points show as another glyph, or none, on another system
    (GB18030-2005 put characters there that GB18030-2022 maps to standard code points).
    Two classes, searched one after the other: a class of plane-0 characters is a bitmap to `re`,
    one with an astral character in it is a list of ranges tried in turn at every character
    (thirty times slower on a notice).
    """
    def pattern(planes: range) -> Callable[[], str]:
        def made() -> str:
            formats = _ranges(code for code in planes if unicodedata.category(chr(code)) == "Cf")
            private = "\ue000-\uf8ff" if planes.start == 0 else "\U000f0000-\U0010ffff"
            return f"[{formats}{private}]"
        return made

    return tuple(compiled(remembered(("normalize.notable", "ranges", planes.start, unicodedata.unidata_version), pattern(planes)))
                 for planes in (range(0x10000), range(0x10000, 0xE1000)))
