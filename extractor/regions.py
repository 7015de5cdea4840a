"""Where a notice applies: province, city and county with their GB/T 2260 codes.

Read from what the notice says about itself, in this order: its issuers
(晋中市人民政府办公室), its title, its document number's province abbreviation
(晋政办发 → 山西省). A name shared by several divisions (朝阳区) is taken where
another name of the same text points (北京市…朝阳区). The divisions come from
`data/regions.tsv` (scripts/make_regions.py).

>>> region_of(["晋中市人民政府办公室"], "关于印发支持科技创新若干措施的通知", None).city
'晋中市'
>>> region_of([], "通知", "晋政办发〔2023〕95号").province_code
'140000'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from .patterns import compiled
from .lexicon import PROVINCE_ABBREVIATIONS

REGIONS = Path(__file__).resolve().parent / "data" / "regions.tsv"


@dataclass(frozen=True)
class Division:
    code: str
    level: str  # province, city, county
    name: str
    short: str
    parent: str


@dataclass(frozen=True)
class Region:
    """The divisions a notice names, from the province down; `level` is the lowest named."""

    province: str | None = None
    province_code: str | None = None
    city: str | None = None
    city_code: str | None = None
    county: str | None = None
    county_code: str | None = None
    level: str | None = None
    source: str | None = None  # issuers, title or doc_number

    def names(self) -> list[str]:
        return [name for name in (self.province, self.city, self.county) if name]


@cache
def divisions() -> dict[str, Division]:
    """Every division by code (a city that is also its province, 上海市, keeps the city row under its own key)."""
    out: dict[str, Division] = {}
    for line in REGIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        code, level, name, short, parent = (line.split("\t") + [""])[:5]
        division = Division(code, level, name, short, parent)
        out.setdefault(code if level != "city" or code not in out else f"{code}/city", division)
    return out


@cache
def _by_name(short: bool) -> tuple[dict[str, list[Division]], re.Pattern[str]]:
    """Divisions by full name (晋中市, 榆次区); with `short`, cities by their short name (广州, 阳泉)."""
    named: dict[str, list[Division]] = {}
    for division in divisions().values():
        if division.level == "city" and division.parent == division.code:
            continue  # 上海市 the city is 上海市 the province
        if short and (division.level != "city" or len(division.short) < 2):
            continue
        named.setdefault(division.short if short else division.name, []).append(division)
    names = sorted(named, key=len, reverse=True)
    return named, compiled("|".join(map(re.escape, names)))


def _chain(division: Division) -> list[Division]:
    """The division and its ancestors, province first."""
    table = divisions()
    chain = [division]
    while chain[0].parent and chain[0].parent != chain[0].code and chain[0].parent in table:
        chain.insert(0, table[chain[0].parent])
    return chain


@lru_cache(maxsize=4096)  # a profile's place is looked up for every condition on a place
def find_region(text: str, short: bool = False) -> Region | None:
    """The lowest division a text names along one line (山西省…晋中市…榆次区); with `short`, cities by short name."""
    named, pattern = _by_name(short)
    matches = [named[m.group()] for m in pattern.finditer(text)]
    if not matches:
        return None
    seen = {d.code for candidates in matches for d in candidates}
    best: list[Division] | None = None
    for candidates in matches:
        # a name of several divisions: the one whose ancestor is also named; otherwise the first
        chosen = next((d for d in candidates if any(a.code in seen for a in _chain(d)[:-1])), candidates[0])
        chain = _chain(chosen)
        if best is None or (len(chain) > len(best) and chain[:len(best)] == best):
            best = chain  # the lowest division along one line: 山西省…晋中市…榆次区
    fields: dict[str, str] = {}
    for division in best or []:
        fields[division.level] = division.name
        fields[f"{division.level}_code"] = division.code
    if "province" in fields and "city" not in fields and f"{fields['province_code']}/city" in divisions():
        fields["city"], fields["city_code"] = fields["province"], fields["province_code"]  # 北京市 is its own city
    return Region(**fields, level=best[-1].level if best else None)


def region_of(issuers: list[str], title: str | None, doc_number: str | None) -> Region:
    """The region a notice names about itself; an empty Region when it names none."""
    for short in (False, True):
        for source, text in (("issuers", " ".join(issuers)), ("title", title or "")):
            if text and (found := find_region(text, short)) is not None:
                return replace(found, source=source)
    if doc_number and (abbreviation := doc_number[:1]) in PROVINCE_ABBREVIATIONS:
        code = PROVINCE_ABBREVIATIONS[abbreviation]
        province = divisions().get(code)
        if province is not None:
            return Region(province=province.name, province_code=code, level="province", source="doc_number")
    return Region()
