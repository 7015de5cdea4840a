"""Numbers as printed in notices: 1,000 / 0.5 / 三十 / 两千 / 伍拾 / 1.5万.

Read on normalized text (full-width digits already folded). Arabic numbers
are parsed here; Chinese and financial numerals go to cn2an. Every value is
a Decimal; nothing passes through float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..lexicon import CN_NUM_CHARS, MAX_DIGITS
from ..models import Issue, Span

_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CN_PLACE = re.compile(rf"[{CN_NUM_CHARS}]+")
_OVERLONG = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")  # any digits, full-width ones too
# A figure with a money or rate unit: what text left unread (hidden, in a footer) must be checked for.
_FIGURE_WITH_UNIT = re.compile(
    rf"""
    (?: \d                            # the last digit of 100 / 1.5 (full-width ones too)
      | [{CN_NUM_CHARS}]{{2,}}         # 三十 / 一百二十; one numeral and 元 is a name (三元区, 一元化)
      | [{CN_NUM_CHARS}](?=\s*[千万亿])  # 五万 / 三亿
    )
    \s*(?:[千万亿]\s*)*              # multipliers: 万 / 千万 / 亿
    (?:元|%|％)                        # the unit
    """,
    re.VERBOSE,
)


def parse_number(text: str) -> Decimal | None:
    """Read one number; None when it is not one.

    >>> [parse_number(s) for s in ("1,000", "0.5", "三十", "两千", "伍拾", "一百零三", "零点五")]
    [Decimal('1000'), Decimal('0.5'), Decimal('30'), Decimal('2000'), Decimal('50'), Decimal('103'), Decimal('0.5')]
    >>> parse_number("一次"), parse_number("")
    (None, None)
    """
    text = text.strip()
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        if len(text.replace(",", "").split(".")[0]) > MAX_DIGITS:
            return None
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if _CN_PLACE.fullmatch(text):
        return _chinese(text)
    return None


def _chinese(text: str) -> Decimal | None:
    import cn2an

    if text in ("点", "零点") or text.endswith("点"):
        return None
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value))


def holds_figure(text: str) -> bool:
    """True when the text holds a sum of money or a rate.

    >>> [holds_figure(s) for s in ("补贴标准１００ 万元", "奖励三十元", "五万元", "第 1 页 北京市人民政府发布", "三元区人民政府")]
    [True, True, True, False, False]
    """
    return _FIGURE_WITH_UNIT.search(text) is not None


def overlong_numbers(text: str) -> list[Issue]:
    """A W_IMPLAUSIBLE_NUMBER issue for each digit run too long to be a figure, which is never read as one.

    >>> [issue.span.end for issue in overlong_numbers("补贴" + "9" * 5000 + "元")]
    [5002]
    """
    return [Issue(code="W_IMPLAUSIBLE_NUMBER", span=Span(start=m.start(), end=m.end()),
                  message=f"a run of {m.end() - m.start()} digits at offset {m.start()} is longer than any figure "
                          f"({MAX_DIGITS} digits at most) and is not read as one")
            for m in _OVERLONG.finditer(text)]
