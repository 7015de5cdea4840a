"""Numbers as printed in notices: 1,000 / 0.5 / 三十 / 两千 / 伍拾 / 1.5万.

Read on normalized text (full-width digits already folded). Arabic numbers
are parsed here, and so are Chinese and financial numerals of the regular forms
(三十, 一百零三, 伍拾, 二〇二三, 零点五); any other form goes to cn2an, which the
regular ones agree with (tests/test_numbers.py compares them). Every value is
a Decimal; nothing passes through float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..patterns import compiled
from ..lexicon import CN_NUM_CHARS, MAX_DIGITS
from ..models import Issue, Span

_ARABIC = compiled(r"\d[\d,]*(?:\.\d+)?")
_CN_PLACE = compiled(rf"[{CN_NUM_CHARS}]+")
_OVERLONG = compiled(rf"\d{{{MAX_DIGITS + 1},}}")  # any digits, full-width ones too
# A figure with a money or rate unit: what text left unread (hidden, in a footer) must be checked for.
_FIGURE_WITH_UNIT = compiled(
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


_CN_DIGIT = dict(zip("零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, *range(1, 10))))
_CN_POWER = dict(zip("十百千拾佰仟", (10, 100, 1000, 10, 100, 1000)))


def _regular_chinese(text: str) -> Decimal | None:
    """A numeral of the regular forms, or None for cn2an to decide.

    Regular: digit-by-digit (二〇二三), or digits each before a falling power, 零 for a gap and a last
    digit after 零 or 十 (一百零三, 三十五, 十二, 伍佰); then 点 and digits. 一百三 (colloquial 130) and
    anything else irregular is left to cn2an.
    """
    whole, dot, fraction = text.partition("点")
    if dot and (not fraction or any(ch not in _CN_DIGIT for ch in fraction) or not whole):
        return None
    if not any(ch in _CN_POWER for ch in whole):
        if any(ch not in _CN_DIGIT for ch in whole) or (len(whole) > 1 and "两" in whole):
            return None
        value = int("".join(str(_CN_DIGIT[ch]) for ch in whole))
    else:
        value, digit, last_power, gap = 0, None, 10_000, False
        for k, ch in enumerate(whole):
            if ch in _CN_DIGIT:
                if digit is not None:
                    return None
                if _CN_DIGIT[ch] == 0:
                    if gap or k == 0 or last_power == 10:  # 十零一: nothing below 十 to skip
                        return None
                    gap = True
                    continue
                digit = _CN_DIGIT[ch]
            else:
                power = _CN_POWER[ch]
                if power >= last_power or (digit is None and (k > 0 or power != 10)):
                    return None
                value += (1 if digit is None else digit) * power
                digit, last_power, gap = None, power, False
        if digit is not None:
            if not gap and last_power != 10:
                return None  # 一百三: 130 in speech, left to cn2an
            value += digit
        elif gap:
            return None
    if dot:
        return Decimal(f"{value}.{''.join(str(_CN_DIGIT[ch]) for ch in fraction)}")
    return Decimal(value)


def _chinese(text: str) -> Decimal | None:
    regular = _regular_chinese(text)
    if regular is not None:
        return regular
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
                          f"({MAX_DIGITS} digits at most) and is not read as one",
                  message_zh=f"偏移 {m.start()} 处连续 {m.end() - m.start()} 位数字，长于任何数额（至多 {MAX_DIGITS} 位），"
                             "不作数额读取")
            for m in _OVERLONG.finditer(text)]
