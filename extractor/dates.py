"""Dates as printed in notices: 2024年9月29日, 二〇二四年九月二十九日, 2024-03-20, and periods between them."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .patterns import compiled
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
DATE = compiled(DATE_PATTERN, re.VERBOSE)

ISO_DATE = compiled(r"(?<!\d)(?P<year>(?:19|20)\d{2})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})(?!\d)")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(ch in _YEAR_DIGITS for ch in text) and len(text) == 4:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    return cn_to_int(text)


def match_to_date(match: re.Match[str]) -> dt.date | None:
    """The date a DATE or ISO_DATE match names; None for placeholders (X月X日) or impossible dates."""
    return _date_of([_number(match.group(name)) for name in ("year", "month", "day")])


def _date_of(parts: list[int | None]) -> dt.date | None:
    """The day of (year, month, day); None when one is missing or the date is impossible (2月30日)."""
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


def _day(key: str) -> str:
    """A day with its year optional (6月30日 takes the notice's year); groups `<key>year`, `<key>month`, `<key>day`."""
    return rf"""(?:(?P<{key}year>(?:19|20)\d{{2}}|[{_YEAR_DIGITS}]{{4}})\s*年\s*)?
        (?P<{key}month>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})\s*月\s*(?P<{key}day>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})\s*[日号]
        (?:\s*\d{{1,2}}\s*(?:时|点)(?:\s*\d{{1,2}}\s*分)?|\s*\d{{1,2}}:\d{{2}})?   # a time of day: 24时, 17:00
        \s*(?:\(含[^()]{{0,8}}\))?                                            # (含5月16日)
        """


ISSUE_DAY = r"即日|(?:本[\u4e00-\u9fff]{1,8})?(?:发布|印发|公布|下发)之日"  # the notice's own date
PERIOD = compiled(
    rf"""
    (?:自|从|于|在)?\s*(?:(?P<a_issue>{ISSUE_DAY})|{_day("a")})\s*(?:起)?\s*(?:至|到|-|~)\s*{_day("b")}
        \s*(?:止|期间|前|内)?                                              # 6月1日至6月30日, 即日起至2024年6月30日止
  | {_day("c")}\s*(?:前|之前|以前|止)                                       # until: 5月31日前
  | (?:(?P<e_issue>{ISSUE_DAY})|{_day("e")})\s*(?:起|开始|以后|之后)          # from: 2026年9月1日0时起
  | {_day("f")}                                                            # a day alone: the last day (截止时间为6月30日)
    """,
    re.VERBOSE,
)


class Period(NamedTuple):
    """A stretch of days printed in a text: either end open (None), and where it is printed."""

    first: dt.date | None
    last: dt.date | None
    start: int
    end: int


def _day_of(match: re.Match[str], key: str, year: int | None) -> dt.date | None:
    printed = match.group(f"{key}year")
    return _date_of([_number(printed) if printed else year, _number(match.group(f"{key}month")),
                     _number(match.group(f"{key}day"))])


def read_period(text: str, year: int | None = None, issued: dt.date | None = None) -> Period | None:
    """The first period printed in `text` that names a day; a day without a year takes `year`, 即日 is `issued`.

    >>> read_period("申报时间:2024年6月1日至6月30日。")[:2]
    (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    >>> read_period("请于5月31日前提交", year=2024)[:2], read_period("2026年9月1日0时起")[:2]
    ((None, datetime.date(2024, 5, 31)), (datetime.date(2026, 9, 1), None))
    >>> read_period("截止时间为2024年6月30日17:00")[:2], read_period("即日起至12月31日", 2023, dt.date(2023, 9, 3))[:2]
    ((None, datetime.date(2024, 6, 30)), (datetime.date(2023, 9, 3), datetime.date(2023, 12, 31)))
    >>> read_period("自本通知发布之日起"), read_period("于20年月日前改正")
    (None, None)
    """
    for match in PERIOD.finditer(text):
        if match.group("bmonth"):
            end_year = _number(match.group("byear")) if match.group("byear") else None
            first = issued if match.group("a_issue") else _day_of(match, "a", end_year or year)  # 5月1日至2024年5月31日
            last = _day_of(match, "b", first.year if first else year)  # 2024年6月1日至6月30日
            if first and last and first > last and end_year is None:
                last = _day_of(match, "b", first.year + 1)  # 12月1日至1月31日 runs into the next year
        elif match.group("cmonth"):
            first, last = None, _day_of(match, "c", year)
        elif match.group("e_issue") or match.group("emonth"):
            first, last = issued if match.group("e_issue") else _day_of(match, "e", year), None
        else:
            first, last = None, _day_of(match, "f", year)
        if first or last:
            return Period(first, last, match.start(), match.end())
    return None
