"""Form fields as people type them: days, sums (500万, 1.2亿元), counts, and a profile written in boxes.

A field that cannot be read raises a ServeError naming the field, shown beside the form.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ..dates import parse_date
from ..extract.money import amount_of
from ..normalize import normalize
from . import ServeError

SEPARATORS = re.compile(r"[\n;；,，、]+")
PAIR = re.compile(r"\s*(?P<key>[^:：=]+?)\s*[:：=]\s*(?P<value>.+?)\s*")
LIST_FIELDS = ("parks", "qualifications", "holds", "without")
MAP_FIELDS = ("amounts", "counts", "dates")
TEXT_FIELDS = ("name", "applicant", "region", "founded", "age", "education", "revenue", "employees", "rd_spending",
               "rd_ratio", "years")


def day(text: str | None, field: str) -> dt.date | None:
    """A day typed as 2025-06-01 or 2025年6月1日; None when left empty.

    >>> day("2025年6月1日", "有效日期"), day("", "有效日期")
    (datetime.date(2025, 6, 1), None)
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        found = parse_date(text)
    if found is None:
        raise ServeError(f"{field}：“{text[:40]}”不是日期（例如 2025-06-01）", code="E_NOT_DATE")
    return found


def amount(text: str | None, field: str) -> Decimal | None:
    """A sum typed as 500万, 1.2亿元 or 3000000, in yuan; None when left empty.

    >>> amount("500万", "基数"), amount(" ", "基数")
    (Decimal('5000000'), None)
    """
    text = (text or "").strip()
    if not text:
        return None
    found = amount_of(text)
    if found is None:
        raise ServeError(f"{field}：“{text[:40]}”不是金额（例如 500万、1.2亿元、3000000）", code="E_NOT_AMOUNT")
    return found


def number(text: str | None, field: str) -> Decimal | None:
    """A count or a number of years, full-width digits allowed; None when left empty.

    >>> number("３", "数量"), number("2.5", "年数")
    (Decimal('3'), Decimal('2.5'))
    """
    text = normalize((text or "").strip()).text
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ServeError(f"{field}：“{text[:40]}”不是数字", code="E_NOT_NUMBER")
    return value


def profile_data(form) -> dict:
    """The profile typed in the match form, as the mapping `profile.profile_from` reads (English keys).

    Lists take one item a line (or separated by 、，；); amounts, counts and dates take `名称: 值` a line.

    >>> profile_data({"name": "某企业", "qualifications": "高新技术企业、专精特新", "counts": "博士: 2\\n硕士：1", "age": ""})
    {'name': '某企业', 'qualifications': ['高新技术企业', '专精特新'], 'counts': {'博士': '2', '硕士': '1'}}
    """
    data: dict = {}
    for key in TEXT_FIELDS:
        value = str(form.get(key) or "").strip()
        if value:
            data[key] = value
    for key in LIST_FIELDS:
        items = [item.strip() for item in SEPARATORS.split(str(form.get(key) or "")) if item.strip()]
        if items:
            data[key] = items
    for key in MAP_FIELDS:
        pairs = {}
        for line in str(form.get(key) or "").splitlines():
            if not line.strip():
                continue
            found = PAIR.fullmatch(line)
            if found is None:
                raise ServeError(f"“{line.strip()[:40]}”应写成“名称: 值”", code="E_PROFILE")
            pairs[found["key"]] = found["value"]
        if pairs:
            data[key] = pairs
    return data
