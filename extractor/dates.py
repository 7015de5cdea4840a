"""Dates as printed in notices: 2024年9月29日, 二〇二四年九月二十九日, 2024-03-20."""

from __future__ import annotations

import datetime as dt
import re

from .labels import CN_DIGITS, CN_NUMERAL, cn_to_int

_YEAR_DIGITS = "〇零一二三四五六七八九"

DATE_PATTERN = rf"""
    (?P<year>(?:19|20)\d{{2}}|[{_YEAR_DIGITS}]{{4}})  # 2024 or 二〇二四
    \s*年\s*
    (?P<month>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}}|[Xx×]+)  # 9, 九, or a placeholder X
    \s*月\s*
    (?P<day>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}}|[Xx×]+)
    \s*日
    """
DATE = re.compile(DATE_PATTERN, re.VERBOSE)

ISO_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})(?!\d)")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(ch in _YEAR_DIGITS for ch in text) and len(text) == 4:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    return cn_to_int(text)


def match_to_date(match: re.Match[str]) -> dt.date | None:
    """The date a DATE or ISO_DATE match names; None for placeholders (X月X日) or impossible dates."""
    parts = [_number(match.group(name)) for name in ("year", "month", "day")]
    if None in parts:
        return None
    try:
        return dt.date(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first date printed in `text`.

    >>> parse_date("反馈截止时间为2024年10月10日。")
    datetime.date(2024, 10, 10)
    >>> parse_date("二〇二四年九月二十九日")
    datetime.date(2024, 9, 29)
    >>> parse_date("2024-03-20 11:02 来源") , parse_date("自2024年X月X日起实施")
    (datetime.date(2024, 3, 20), None)
    """
    match = DATE.search(text) or ISO_DATE.search(text)
    return match_to_date(match) if match else None


def is_date_only(text: str) -> bool:
    """True for a paragraph that is nothing but a date (a signature date).

    >>> is_date_only("2023年12月29日"), is_date_only("自2024年1月1日起施行")
    (True, False)
    """
    match = DATE.fullmatch(text.strip())
    return match is not None
