"""Whether a profile meets a clause's conditions: met (✓), failed (✗) or unknown (?).

Each condition of a clause's tree is checked against the profile by its field (region,
applicant, qualification, revenue, window …); `all` fails when one item fails and is
unknown when one is unknown, `any` holds when one item holds. A missing profile entry makes
a condition unknown, never failed: the check then becomes a question to the applicant.

Two readings keep a clause's own wording from failing the applicant:

- the applicant kinds a clause names are alternatives (科创团队和企业; 与高校签订 names
  the other party): the clause is for the profile when one of them is its kind, and for
  someone else only when every kind named is another one;
- the objects of a clause's other awards (院士工作站 beside 博士研究生) are not conditions
  of the award being matched: a qualification printed only in another term's `when` is
  left out.

Places are compared through the division table (`regions`): 晋中市榆次区 lies in 晋中市 and
山西省; 本市 is the notice's own city; a park (晋创谷, 科技创新城) is compared with the
profile's 园区.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import Field

from .patterns import compiled
from .extract.nlp import tokens
from .extract.terms import measure
from .lexicon import (
    ACT_FAMILIES,
    APPLICANT_KINDS,
    APPLICANT_PEERS,
    DEGREES,
    NEUTRAL_APPLICANTS,
    NOT_ASKED_EXCLUSIONS,
    PARK_NAME,
    PARK_QUALIFIED,
    PERSON_STATUSES,
    QUANTITY_UNIT_NAMES,
    STEP_RULES,
    WINDOW_ACT,
)
from .models import Condition, ConditionTree, Record, Span
from .normalize import normalize
from .profile import Profile
from .regions import Region, find_region, region_of
from .render.language import say
from .render.text import condition_to_text

Status = Literal["met", "failed", "unknown", "step"]
STATUS_MARKS = {"met": "✓", "failed": "✗", "unknown": "?", "step": "·"}


class Check(Record):
    """One condition checked against a profile."""

    field: str = Field(description="The condition's field (region, applicant, revenue …).")
    status: Status = Field(description="met, failed, unknown (the profile does not say) or step (a procedure: 经评审).")
    condition: str = Field(description="The condition in words (营业收入 ≥ 20,000,000 元).")
    why: str = Field(description="Why it is met, failed or unknown, in Chinese.")
    question: str | None = Field(None, description="For unknown: what to ask the applicant.")
    quote: str = Field(description="The words of the notice that state it.")
    span: Span | None = Field(None, description="Where they are printed, in the notice text.")
    rule: str = Field(description="The rule that read the condition.")


@dataclass(frozen=True)
class Context:
    """What a check needs besides the profile: the notice's own place and the day of the question."""

    as_of: dt.date
    region: Region | None = None
    text: str = ""  # the notice text, where a condition's words are read in their sentence


def notice_context(notice, as_of: dt.date) -> Context:
    meta = notice.metadata
    return Context(as_of=as_of, region=region_of(meta.issuers, meta.title, meta.doc_number), text=notice.text)


def combine(statuses: list[Status], logic: str) -> Status:
    """all: failed if one fails, unknown if one is unknown; any: met if one is met, failed if all fail."""
    judged = [s for s in statuses if s != "step"] or ["met"]
    if logic == "any":
        return "met" if "met" in judged else ("unknown" if "unknown" in judged else "failed")
    return "failed" if "failed" in judged else ("unknown" if "unknown" in judged else "met")


def check_tree(tree: ConditionTree, profile: Profile, context: Context, keep=lambda c: True,
               addressed: str = "") -> tuple[Status, list[Check]]:
    """The tree's status and every leaf's check, in printed order.

    `keep` leaves out conditions that are not this award's; `addressed` is the award's own
    words (its `when`, the clause heading): when they name the profile's kind, the other kinds
    the clause names do not fail it.
    """
    checks: list[Check] = []
    applicants = [leaf for leaf in _leaves(tree) if leaf.field == "applicant" and keep(leaf)]
    applicant_status = _applicants(applicants, profile, names_kind(addressed, profile.applicant))

    def walk(node: ConditionTree) -> Status:
        statuses = []
        for item in node.items:
            if isinstance(item, ConditionTree):
                statuses.append(walk(item))
                continue
            if not keep(item):
                continue
            if item.field == "applicant" and status_of_person(item, profile):
                check = check_condition(item.model_copy(update={"field": "qualification"}), profile, context)
            elif item.field == "applicant":
                other = ("step", say("另一申请对象，不影响", "another applicant named, no bearing"))
                status, why = applicant_status.get(id(item), other)
                check = _check(item, status, why, None)
            else:
                check = check_condition(item, profile, context)
            checks.append(check)
            statuses.append(check.status)
        return combine(statuses, node.logic)

    return walk(tree), checks


def _leaves(tree: ConditionTree) -> list[Condition]:
    out = []
    for item in tree.items:
        out.extend(_leaves(item) if isinstance(item, ConditionTree) else [item])
    return out


def status_of_person(condition: Condition, profile: Profile) -> bool:
    """新市民 or 高校毕业生 named as the applicant of a person's or household's clause: a status to hold."""
    return (applicant_group(profile.applicant) in ("个人", "家庭")
            and any(word in (condition.value or "") for word in PERSON_STATUSES))


KIND_WORDS = {word: group for group, words in APPLICANT_KINDS.items() for word in words}
KIND_WORDS.update({"大学生": "个人", "大学毕业生": "个人"})  # a student is a person, though 大学 names a university
KIND_PATTERN = compiled("|".join(sorted(map(re.escape, KIND_WORDS), key=len, reverse=True)))


def kinds_named(text: str) -> list[str]:
    """The kind words printed in a text, the longest at each place (大学生, not 大学)."""
    return [found.group() for found in KIND_PATTERN.finditer(normalize(text).text)]


def applicant_group(text: str) -> str | None:
    """The kind a word names (企业 for 入驻企业, 高校 for 高等院校), None for neutral words (团队, 单位)."""
    folded = normalize(text).text
    if any(word in folded for word in NEUTRAL_APPLICANTS):
        return None
    named = kinds_named(folded)
    return KIND_WORDS[named[0]] if named else None


def peers(applicant: str) -> tuple[str, ...]:
    """The kinds whose clauses the applicant may claim (a household: 家庭 and 个人)."""
    mine = applicant_group(applicant) or applicant
    return APPLICANT_PEERS.get(mine, (mine,))


def names_kind(text: str, applicant: str, strict: bool = False) -> bool:
    """The words name the applicant's kind (入驻企业 names 企业); `strict` leaves out the peer kinds."""
    mine = applicant_group(applicant) or applicant
    folded = normalize(text).text
    kinds = (mine,) if strict else peers(applicant)
    return any(word in folded for kind in kinds for word in APPLICANT_KINDS.get(kind, (kind,)))


def _applicants(leaves: list[Condition], profile: Profile, addressed: bool) -> dict[int, tuple[Status, str]]:
    """Applicant kinds of one clause as alternatives: met when one is the profile's kind."""
    mine = peers(profile.applicant)
    groups = {id(leaf): applicant_group(leaf.value or "") for leaf in leaves}
    if addressed:
        met = ("met", say(f"条款支持{profile.applicant}", f"the clause supports {profile.applicant}"))
        other = ("step", say("另一方，不影响", "another party, no bearing"))
        return {key: met if group in mine else other for key, group in groups.items()}
    if any(group in mine for group in groups.values()):
        met = ("met", say(f"{profile.applicant}属于支持对象", f"{profile.applicant} is among those supported"))
        other = ("step", say("另一支持对象，不影响", "another kind supported, no bearing"))
        return {key: met if group in mine else other for key, group in groups.items()}
    others = [leaf for leaf in leaves if groups[id(leaf)] is not None]
    if not others:
        return {}
    first = others[0]
    return {id(leaf): ("failed", say(f"支持对象为{leaf.value}，申请人为{profile.applicant}",
                                     f"supports {leaf.value}; the applicant is {profile.applicant}")) if leaf is first
            else ("step", say("另一支持对象", "another kind supported")) for leaf in leaves}


def check_condition(condition: Condition, profile: Profile, context: Context) -> Check:
    """One leaf against the profile."""
    checker = CHECKERS.get(condition.field, _listed)
    status, why, question = checker(condition, profile, context)
    if condition.rule in STEP_RULES and status == "unknown":
        status, why, question = "step", say("办理程序，申报后由主管部门审核",
                                            "a procedure: the department reviews it after the application"), None
    return _check(condition, status, why, question)


def _check(condition: Condition, status: Status, why: str, question: str | None) -> Check:
    return Check(field=condition.field, status=status, condition=condition_to_text(condition), why=why,
                 question=question, quote=condition.quote, span=condition.span, rule=condition.rule)


# ---- places

PLACE_SELF = compiled(r"^(?:本|我|全|该)(省|市|县|区)")


def place_region(place: str, context: Context) -> Region | None:
    """A place name as a division: 本市 is the notice's city; None for a park or an unknown name."""
    own = PLACE_SELF.match(place)
    notice = context.region
    if own and notice is not None:
        level = {"省": "province", "市": "city", "县": "county", "区": "county"}[own.group(1)]
        if level == "county" and notice.county is None:
            level = "city"  # 本区 of a city-level notice (北京市…区) reads as the city
        name = getattr(notice, level)
        return find_region(name) if name else None
    return find_region(place) or find_region(place, short=True)


def _codes(region: Region) -> list[str]:
    return [code for code in (region.province_code, region.city_code, region.county_code) if code]


def within(inner: Region, outer: Region) -> bool:
    """inner lies in outer: outer's lowest division is inner's or one of its ancestors."""
    outer_codes, inner_codes = _codes(outer), _codes(inner)
    return bool(outer_codes) and outer_codes[-1] in inner_codes


def park_key(text: str) -> str:
    return re.sub(r"[·•.“”\"‘’'《》\s]", "", normalize(text).text)


def same_park(place: str, parks: list[str]) -> bool:
    """The place names one of the parks: 晋创谷 and 优先支持晋创谷 name 晋创谷·晋中; 晋创谷·阳泉 does not."""
    key = park_key(place)
    for park in parks:
        own = PARK_QUALIFIED.search(park_key(park))
        if own is None:
            if park_key(park) and (park_key(park) in key or key in park_key(park)):
                return True
            continue
        if own.group("core") not in key:
            continue
        named = PARK_QUALIFIED.search(key[key.index(own.group("core")):])
        qualifier = named.group("qualifier") if named else None
        if qualifier is None or qualifier == own.group("qualifier"):
            return True
    return False


def other_branch(place: str, parks: list[str]) -> bool:
    """The place is a branch of one of the parks with another name after it (晋创谷·阳泉 for 晋创谷·晋中)."""
    named = PARK_QUALIFIED.search(park_key(place))
    if named is None or named.group("qualifier") is None:
        return False
    for park in parks:
        own = PARK_QUALIFIED.search(park_key(park))
        if own is not None and own.group("core") == named.group("core") and own.group("qualifier") not in (
                None, named.group("qualifier")):
            return True
    return False


def is_park(place: str) -> bool:
    return PARK_NAME.search(normalize(place).text) is not None


def _region(condition: Condition, profile: Profile, context: Context):
    place = condition.value or ""
    if is_park(place) or place_region(place, context) is None:
        if same_park(place, profile.parks):
            return "met", say(f"申请人位于{place}", f"the applicant is in {place}"), None
        division = place_region(place, context)
        mine = find_region(profile.region) if profile.region else None
        if division is not None and mine is not None and not within(mine, division):
            return "failed", say(f"{place}位于{division.names()[-1]}，申请人注册于{profile.region}",
                                 f"{place} is in {division.names()[-1]}; the applicant is registered in {profile.region}"), None
        if other_branch(place, profile.parks):
            return "failed", say(f"要求位于{place}，申请人所在园区为{'、'.join(profile.parks)}",
                                 f"must be in {place}; the applicant's parks: {', '.join(profile.parks)}"), None
        return ("unknown", say(f"档案未写明是否位于{place}", f"the profile does not say whether it is in {place}"),
                say(f"是否位于{place}？", f"Is it in {place}?"))
    division = place_region(place, context)
    ask = say(f"注册地是否在{division.names()[-1]}？", f"Is it registered in {division.names()[-1]}?")
    if not profile.region:
        return "unknown", say("档案未写注册地", "the profile gives no place of registration"), ask
    mine = find_region(profile.region)
    if mine is None:
        return "unknown", say(f"无法识别注册地“{profile.region}”", f"“{profile.region}” is no place known"), ask
    if within(mine, division):
        return "met", say(f"{profile.region}属于{division.names()[-1]}", f"{profile.region} is in {division.names()[-1]}"), None
    return "failed", say(f"要求{division.names()[-1]}，申请人注册于{profile.region}",
                         f"must be in {division.names()[-1]}; the applicant is registered in {profile.region}"), None


# ---- listed statuses and things

STOP_WORDS = ("认定", "新认定", "获得", "具有", "取得", "企业", "以上")


CN_SMALL = str.maketrans("一二两三四五六七八九", "1223456789")


@cache
def content_words(text: str) -> tuple[str, ...]:
    """The words that carry meaning, small Chinese numerals as digits (三年期 and 3年期 are one word).

    Cached: a profile's few entries are compared with every term and condition of every notice.
    """
    folded = normalize(text).text.translate(CN_SMALL)
    words = tuple(w for w, _ in tokens(folded) if len(w) >= 2 and w not in STOP_WORDS)
    return words or (folded,)


def names_same(a: str, b: str) -> bool:
    """Two statuses name the same thing: every content word of one is in the other."""
    fa, fb = normalize(a).text.translate(CN_SMALL), normalize(b).text.translate(CN_SMALL)
    return fa in fb or fb in fa or all(w in fb for w in content_words(a)) or all(w in fa for w in content_words(b))


def _listed(condition: Condition, profile: Profile, context: Context):
    value = condition.value or condition.quote
    pool = profile.holds if condition.field == "holds" else [*profile.qualifications, *profile.holds]
    if any(names_same(value, entry) for entry in pool):
        return "met", say(f"档案列有“{value}”", f"the profile lists “{value}”"), None
    return "unknown", say(f"档案未列“{value}”",
                          f"the profile does not list “{value}”"), say(f"是否具有“{value}”？", f"Does it have “{value}”?")


def _excluded(condition: Condition, profile: Profile, context: Context):
    value = condition.value or condition.quote
    if NOT_ASKED_EXCLUSIONS.search(value) and not any(names_same(value, entry) for entry in profile.qualifications):
        return "step", say("叠加规则或购买范围的说明，由匹配处理", "a note on stacking or purchases: the match applies it"), None
    if any(names_same(value, entry) for entry in profile.without):
        return "met", say(f"档案声明无“{value}”", f"the profile states no “{value}”"), None
    if any(names_same(value, entry) for entry in profile.qualifications):
        return "failed", say(f"档案列有“{value}”", f"the profile lists “{value}”"), None
    return ("unknown", say(f"档案未声明有无“{value}”", f"the profile does not say whether there is “{value}”"),
            say(f"是否存在“{value}”情形？", f"Is there “{value}”?"))


# ---- numbers

def _compare(condition: Condition, have: Decimal | None, what: str, unit: str = "", ask: str | None = None):
    if have is None:
        return ("unknown", say(f"档案未写{what}", f"the profile gives no {what}"),
                ask or say(f"{what}是多少？", f"What is the {what}?"))
    need = condition.number
    if need is None:
        return "unknown", say("条件没有可比较的数字", "the condition has no figure to compare"), None
    ok = have >= need if condition.op == ">=" else have <= need if condition.op == "<=" else have == need
    shown = f"{have:,}{unit}"
    why = say(f"{what} {shown}{'满足' if ok else '不满足'} {condition.op} {need:,}{unit}",
              f"{what} {shown} {'meets' if ok else 'does not meet'} {condition.op} {need:,}{unit}")
    return ("met" if ok else "failed"), why, None


def _revenue(condition, profile, context):
    return _compare(condition, profile.revenue, say("营业收入", "revenue"), " 元")


def _employees(condition, profile, context):
    return _compare(condition, profile.employees, say("从业人员", "employees"), " 人")


def _rd_ratio(condition, profile, context):
    return _compare(condition, profile.ratio_of_rd(), say("研发投入占比", "R&D ratio"))


def _age(condition, profile, context):
    return _compare(condition, profile.age, say("年龄", "age"), " 岁")


def _founded(condition, profile, context):
    if profile.founded is None:
        return "unknown", say("档案未写成立时间", "the profile gives no founding date"), say("成立时间是哪天？", "Founded when?")
    days = (context.as_of - profile.founded).days
    years = Decimal(days) / Decimal("365.25") if condition.unit != "月" else Decimal(days) / Decimal("30.44")
    return _compare(condition, years.quantize(Decimal("0.1")), say("成立年限", "years founded"), " " + (condition.unit or "年"))


def _by_what(condition: Condition, table: dict[str, Decimal]) -> tuple[str, Decimal] | None:
    what = measure(condition.what or "")
    if not what:
        return None
    for name, value in table.items():
        key = measure(name)
        if key and (key in what or what in key):
            return name, value
    return None


def _stated(condition: Condition, profile: Profile):
    """A threshold the profile answers in words (签订三年期以上劳动合同 for 签订3年期以上)."""
    if any(names_same(condition.quote, entry) for entry in [*profile.qualifications, *profile.holds]):
        return "met", say(f"档案列有“{condition.quote}”", f"the profile lists “{condition.quote}”"), None
    return None


def _by_unit(condition: Condition, table: dict[str, Decimal]) -> tuple[str, Decimal] | None:
    """A measure the profile names by what the unit measures (平方米 → 面积)."""
    for word in QUANTITY_UNIT_NAMES.get(condition.unit or "", ()):
        for name, value in table.items():
            if word in name:
                return name, value
    return None


def _amount(condition, profile, context):
    found = _by_what(condition, profile.amounts)
    if found is None and (stated := _stated(condition, profile)):
        return stated
    what = found[0] if found else (condition.what or say("金额", "amount"))
    return _compare(condition, found[1] if found else None, what, " 元",
                    say(f"是否满足“{condition.quote}”？", f"Does it meet “{condition.quote}”?"))


def _quantity(condition, profile, context):
    found = _by_what(condition, profile.counts) or _by_unit(condition, profile.counts)
    if found is None and (stated := _stated(condition, profile)):
        return stated
    unit = f" {condition.unit}" if condition.unit else ""
    what = found[0] if found else (condition.what or say("数量", "quantity"))
    return _compare(condition, found[1] if found else None, what, unit,
                    say(f"是否满足“{condition.quote}”？", f"Does it meet “{condition.quote}”?"))


def _education(condition, profile, context):
    need = _degree(condition.value or condition.quote)
    ask = say(f"是否具有{condition.value}学历？", f"Does it hold a {condition.value} degree?")
    if profile.education is None:
        return "unknown", say("档案未写学历", "the profile gives no degree"), ask
    have = _degree(profile.education)
    if need is None or have is None:
        return ("unknown", say(f"无法比较学历“{profile.education}”与“{condition.value}”",
                               f"the degree “{profile.education}” cannot be compared with “{condition.value}”"), ask)
    return ("met", say(f"{profile.education}满足{condition.value}",
                       f"{profile.education} meets {condition.value}"), None) if have >= need else (
        "failed", say(f"要求{condition.value}，申请人为{profile.education}",
                      f"needs {condition.value}; the applicant has {profile.education}"), None)


def _degree(text: str) -> int | None:
    return next((rank for rank, words in enumerate(DEGREES) if any(w in text for w in words)), None)


# ---- windows

APPLICATION_ACTS = ACT_FAMILIES[0]


def window_act(condition: Condition, context: Context) -> str:
    """What the window is for: its `what`, else the act named in it or just before it in its sentence."""
    if condition.what:
        return condition.what
    found = WINDOW_ACT.search(condition.quote)
    if found is None and condition.span is not None and context.text:
        before = re.split(r"[。;；\n]", context.text[max(0, condition.span.start - 80):condition.span.start])[-1]
        after = re.split(r"[。;；\n]", context.text[condition.span.end:condition.span.end + 40])[0]
        found = next(iter(reversed(list(WINDOW_ACT.finditer(before)))), None) or WINDOW_ACT.search(after)
    return found.group() if found else "办理"


def same_act(a: str, b: str) -> bool:
    return a == b or any(a in family and b in family for family in ACT_FAMILIES) or names_same(a, b)


def _window(condition: Condition, profile: Profile, context: Context):
    act = window_act(condition, context)
    start, end = condition.date_from, condition.date_to
    shown = f"{start or '…'} {say('至', 'to')} {end or '…'}"
    if any(word in act for word in APPLICATION_ACTS):
        if end is not None and context.as_of > end:
            closed = say(f"{act}已于 {end} 截止（按 {context.as_of} 计）", f"{act} closed on {end} (on {context.as_of})")
            return "failed", closed, None
        if start is not None and context.as_of < start:
            return ("unknown", say(f"{act}自 {start} 开始", f"{act} opens on {start}"),
                    say(f"{start} 起是否仍符合其他条件？", f"From {start} on, are the other conditions still met?"))
        return "met", say(f"{context.as_of} 在{act}期内（{shown}）", f"{context.as_of} is in the {act} period ({shown})"), None
    day = next((value for name, value in profile.dates.items() if same_act(name, act)), None)
    if day is None and act == "办理" and len(set(profile.dates.values())) == 1:
        day = next(iter(profile.dates.values()))  # a period the text gives no act for (自…起执行): the applicant's one act
    if day is None:
        return ("unknown", say(f"档案未写{act}日期", f"the profile gives no {act} date"),
                say(f"{act}日期是否在 {shown}？", f"Is the {act} date within {shown}?"))
    ok = (start is None or day >= start) and (end is None or day <= end)
    why = say(f"{act}日期 {day}{'在' if ok else '不在'} {shown} 内",
              f"the {act} date {day} is {'within' if ok else 'outside'} {shown}")
    return ("met" if ok else "failed"), why, None


CHECKERS = {
    "region": _region, "revenue": _revenue, "employees": _employees, "rd_ratio": _rd_ratio, "age": _age,
    "founded": _founded, "amount": _amount, "quantity": _quantity, "education": _education, "window": _window,
    "excluded": _excluded, "qualification": _listed, "holds": _listed, "other": _listed,
}
