"""Clause labels: 第一章, 第一条, 一、, 一是, （一）, 1., （1）, ①, 表1, and their numbers.

Labels are read on normalized text (parentheses, dots and colons already
folded to ASCII), only at the start of a paragraph. A number followed by a
digit (1.5万元) or by a unit of time or amount (2024年) is never a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .patterns import compiled

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
CN_NUMERAL = "〇零一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """Read a small Chinese numeral (labels go up to the hundreds).

    >>> [cn_to_int(s) for s in ("一", "十", "十四", "二十", "二十一", "一百零三", "〇", "四二")]
    [1, 10, 14, 20, 21, 103, 0, None]
    """
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and total:
            continue  # placeholder zero inside a number: 一百零三
        if ch in CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row: not a numeral of this kind
            digit = CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
    if digit is not None:
        total += digit
    return total


LABEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", compiled(rf"第\s*(?P<num>[{CN_NUMERAL}]+|\d{{1,3}})\s*章\s*")),
    ("section", compiled(rf"第\s*(?P<num>[{CN_NUMERAL}]+|\d{{1,3}})\s*节\s*")),
    ("article", compiled(rf"第\s*(?P<num>[{CN_NUMERAL}]+|\d{{1,3}})\s*条(?![例件款])\s*:?\s*")),
    ("cn", compiled(rf"(?P<num>[{CN_NUMERAL}]{{1,4}})\s*[、.](?!\d)\s*")),
    ("cn_enum", compiled(rf"(?P<num>[{CN_NUMERAL}]{{1,3}})是(?!否)\s*")),  # 一是…, 二是…: an enumeration by paragraph
    ("paren_cn", compiled(rf"\(\s*(?P<num>[{CN_NUMERAL}]{{1,4}})\s*\)\s*[、.]?\s*")),
    ("arabic", compiled(r"(?P<num>\d{1,5})\s*(?:[、]|\.(?!\d))\s*")),  # 1. … 20000. (a long list of items)
    ("paren_arabic", compiled(r"\(\s*(?P<num>\d{1,4})\s*\)\s*[、.]?\s*")),
    ("circled", compiled(rf"(?P<num>[{CIRCLED}])\s*")),
    ("table", compiled(r"表\s*(?P<num>\d{1,2})(?![\d.、])\s*")),  # a table's caption: 表1 补贴标准
)

# How a label is printed in a path: the SPEC's canonical forms.
PATH_FORMS = {
    "chapter": "第{}章", "section": "第{}节", "article": "第{}条", "cn": "{}", "cn_enum": "{}是",
    "paren_cn": "（{}）", "arabic": "{}", "paren_arabic": "（{}）", "circled": "{}", "table": "表{}",
}


@dataclass(frozen=True)
class Label:
    """A clause label found at the start of a paragraph."""

    style: str
    number: int
    numeral: str  # the number as printed: 十四, 3, ①
    end: int  # offset just past the label and the spaces after it

    @property
    def path_part(self) -> str:
        """The label as a path part: 一, （一）, 15, 第四条."""
        return PATH_FORMS[self.style].format(self.numeral)


@lru_cache(maxsize=4096)  # the stages ask of the same paragraphs: the answer is the same
def parse_label(text: str) -> Label | None:
    """Read the clause label at the start of normalized paragraph text.

    >>> parse_label("(十四)建立创新容错机制").path_part
    '（十四）'
    >>> parse_label("2.惠企政策免申即享服务").number
    2
    >>> parse_label("第一条 设立高端人才专项资金").path_part
    '第一条'
    >>> [parse_label(t) for t in ("1.5平方公里", "2024年1月1日", "1:1.5配套", "一次性给予")]
    [None, None, None, None]
    """
    for style, pattern in LABEL_PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        numeral = match.group("num")
        number = _label_number(style, numeral)
        if number is None or number == 0:
            continue
        return Label(style=style, number=number, numeral=numeral, end=match.end())
    return None


def _label_number(style: str, numeral: str) -> int | None:
    if style == "circled":
        return CIRCLED.index(numeral) + 1
    if numeral.isdigit():
        return int(numeral)
    return cn_to_int(numeral)
