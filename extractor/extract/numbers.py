"""Numbers as printed in notices: 1,000 / 0.5 / 三十 / 两千 / 伍拾 / 1.5万.

Read on normalized text (full-width digits already folded). Arabic numbers
are parsed here; Chinese and financial numerals go to cn2an. Every value is
a Decimal; nothing passes through float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from ..lexicon import CN_NUM_CHARS, MAX_DIGITS



_ARABIC = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CN_PLACE = re.compile(rf"[{CN_NUM_CHARS}]+")


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
