"""Matching an applicant's profile to notices: which policies apply, what it can get, what is missing, by when.

The reading, notice by notice:

1. **Left out, with the reason**: a 征求意见稿 (unless `include_drafts`), a notice whose
   validity ended before `as_of` (有效期至…, 施行 + 有效期N年, or the period its opening sets
   for a campaign), a notice for a division the applicant is not registered in, a notice only
   for another kind of applicant, and the same notice read again from another file.
2. **Candidates**: a term is considered when a profile fact names what it pays for — a
   qualification every content word of which its `when` holds, an amount its base measures
   (当年实际技术交易额 measures 技术交易额; the amount becomes the base), a count its `when`
   names (博士 ×2 becomes the count), a per-year or per-home sum — or when its clause's only
   conditions are thresholds on figures the profile states. A term is paid for one fact;
   side-by-side sums are told apart by the word or the threshold that differs.
3. **Verdict** from the clause's conditions and the notice-wide ones (a 申报条件 section, a
   campaign period, the park of the title), each met, failed or unknown (`eligibility`):
   符合 (eligible), 不符合 (ineligible, with the failed condition) or 待确认 (unconfirmed, with
   the questions). A clause paying another kind (its heading, its payee after the sum, or all
   the kinds it names) is left out for the applicant with that reason.
4. **Stacking**: several terms paying for one fact — in different notices, the highest
   when one of them says 从优/就高/不重复, else each; in one notice, the highest for the same
   item in different clauses, and a ceiling summing up the notice is not paid beside its sums;
   two awards of one clause are both paid unless the clause says 不重复/择一/就高.

The total is split into certain (eligible, exact), bounded (eligible, only an upper limit),
pending (unconfirmed) and not computable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .patterns import compiled
from .render.language import say
from .calculate import calculate, make_inputs
from .db import title_key
from .eligibility import (
    Check,
    Context,
    applicant_group,
    check_tree,
    combine,
    content_words,
    kinds_named,
    names_kind,
    names_same,
    notice_context,
    other_branch,
    park_key,
    peers,
    same_park,
    status_of_person,
    within,
)
from .extract.terms import measure
from .lexicon import (
    APPLICANT_KINDS,
    GENERIC_QUALIFIERS,
    NOTICE_CONDITION_HEADINGS,
    PAYEE,
    QUANTITY_UNIT_NAMES,
    SHARED_OBJECT_VERB,
    STACKING_SCOPES,
    TITLE_PARK,
    WHEN_THRESHOLD,
)
from .models import CalcResult, ConditionTree, Notice, Record, Term
from .normalize import normalize
from .profile import Profile, ProfileError, read_profile  # noqa: F401 (the profile is part of this API)
from .regions import Region, find_region
from .render.labels import amount_text
from .scenarios import record_view

COMPUTED = ("rate", "step", "tiers", "brackets")
CLAUSE_EXCLUSIVE = compiled(r"不重复|择一|择高|就高|从高|不同时享受|不得同时|只能享受一")
Verdict = Literal["eligible", "ineligible", "unconfirmed"]
VERDICT_OF = {"met": "eligible", "failed": "ineligible", "unknown": "unconfirmed"}
LeftOutReason = Literal["draft", "expired", "region", "applicant", "duplicate"]


class LeftOut(Record):
    """A notice (or one clause of it) left out of the match, and why."""

    notice: str = Field(description="Notice id.")
    path: str | None = Field(None, description="The clause left out; null when the whole notice is.")
    title: str | None = Field(None, description="The notice's title.")
    reason: LeftOutReason = Field(description="draft, expired, region, applicant or duplicate.")
    why: str = Field(description="The reason in words, with the text it rests on.")


class Match(Record):
    """One term that pays for one fact of the profile, with its verdict."""

    fact: str = Field(description="The profile fact, e.g. 博士 ×2 or 技术交易额 5,000,000 元.")
    notice: str = Field(description="Notice id.")
    title: str | None = Field(None, description="The notice's title.")
    path: str = Field(description="Clause path.")
    heading: str | None = Field(None, description="The clause heading.")
    verdict: Verdict = Field(description="eligible (符合), ineligible (不符合) or unconfirmed (待确认).")
    checks: list[Check] = Field(default_factory=list, description="The conditions checked, notice-wide ones first.")
    result: CalcResult = Field(description="What the term pays, with its trace.")
    chosen: bool = Field(description="False when another payment for the same fact was chosen instead, or when ineligible.")
    why: str = Field(description="Why this match counts or not (就高不重复…).")


class Window(Record):
    """An application period of a matched notice."""

    notice: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    open: bool = Field(description="True when `as_of` falls in it.")
    raw: str | None = None


class Totals(Record):
    """What the chosen matches add up to, by how sure the sum is."""

    certain: Decimal = Field(description="Eligible matches with an exact amount, yuan.")
    bounded: Decimal = Field(description="Eligible matches paid up to a limit: the sum of the limits, yuan.")
    bounded_count: int = Field(description="How many eligible matches are only bounded.")
    pending: Decimal = Field(description="Unconfirmed matches: their amounts or upper limits, yuan.")
    pending_count: int = Field(description="How many chosen matches are unconfirmed.")
    unknown_count: int = Field(description="Chosen matches with no computable amount.")


class MatchReport(Record):
    """Everything a profile can claim, what is missing, and the totals."""

    profile: Profile = Field(description="The profile matched.")
    as_of: dt.date = Field(description="The day validity and application windows are judged on.")
    notices: list[str] = Field(default_factory=list, description="Ids of the notices matched (not left out).")
    left_out: list[LeftOut] = Field(default_factory=list, description="Notices and clauses left out, with the reason.")
    matches: list[Match] = Field(description="Every considered term, chosen or not.")
    unmatched: list[str] = Field(default_factory=list, description="Profile facts no term pays for.")
    questions: list[str] = Field(default_factory=list, description="What to ask the applicant, from unconfirmed matches.")
    windows: list[Window] = Field(default_factory=list, description="Application periods of the matched notices.")
    materials: dict[str, list[str]] = Field(default_factory=dict, description="Materials to prepare, by notice.")
    totals: Totals
    total: Decimal = Field(description="certain + bounded: what eligible matches pay at most, yuan.")
    total_exact: Decimal = Field(description="The certain part, yuan.")


def match(profile: Profile, notices: list[Notice], as_of: dt.date | None = None, include_drafts: bool = False) -> MatchReport:
    """Every term the profile can claim in `notices`, the verdicts, the stacking choices and the totals."""
    as_of = as_of or dt.date.today()
    in_scope, left_out = _notices_in_scope(profile, notices, as_of, include_drafts)
    kept = [notice for notice, _ in in_scope]
    by_fact: dict[str, list[_Option]] = {}
    facts_seen: set[str] = set()
    for notice, context in in_scope:
        wide = _notice_checks(notice, profile, context)
        for candidate in _candidates(profile, notice):
            facts_seen.add(candidate.key)
            status, checks = _clause_checks(candidate, profile, context)
            if candidate.key.startswith("threshold:") and not _decided_by_figures(checks):
                continue
            if status == "applicant":
                if not any(o.notice == notice.id and o.path == candidate.clause.path for o in left_out):
                    left_out.append(LeftOut(notice=notice.id, path=candidate.clause.path, title=notice.metadata.title,
                                            reason="applicant",
                                            why=checks[0].why if checks else say("支持对象不是申请人", "not for this applicant")))
                continue
            all_checks = [*wide[candidate.clause.path], *checks]
            verdict = VERDICT_OF[combine([status, *(c.status for c in wide[candidate.clause.path])], "all")]
            result = calculate(candidate.term, candidate.inputs, candidate.view)
            by_fact.setdefault(candidate.key, []).append(_Option(candidate, notice, verdict, all_checks, result))
    matches = [m for options in by_fact.values() for m in _choose(options)]
    facts_seen |= {f"qualification:{q}" for q in profile.qualifications
                   if any(c.status == "met" and names_same(c.quote, q) for m in matches for c in m.checks)}
    chosen = [m for m in matches if m.chosen]
    totals = _totals(chosen)
    return MatchReport(
        profile=profile, as_of=as_of, notices=[n.id for n in kept], left_out=left_out, matches=matches,
        unmatched=[label for key, label in _facts(profile) if key not in facts_seen],
        questions=_questions(chosen), windows=_windows(kept, {m.notice for m in matches}, as_of),
        materials={n.id: list(n.metadata.materials) for n in kept if getattr(n.metadata, "materials", None)
                   and any(m.notice == n.id for m in matches)},
        totals=totals, total=totals.certain + totals.bounded, total_exact=totals.certain,
    )


# ---- notices in scope

def _notices_in_scope(profile: Profile, notices: list[Notice], as_of: dt.date,
                      include_drafts: bool) -> tuple[list[tuple[Notice, Context]], list[LeftOut]]:
    """The notices to match, each with its context (read once), and those left out with the reason."""
    kept, left_out = [], []
    seen: dict[tuple, list[tuple[Notice, _Print]]] = {}  # notices kept so far, by what a twin must share
    mine = find_region(profile.region) if profile.region else None
    for notice in notices:
        fingerprint = _Print.of(notice)
        twin = next((other for key in fingerprint.buckets for other, theirs in seen.get(key, ()) if fingerprint.same(theirs)),
                    None)
        context = notice_context(notice, as_of)
        if twin is not None:
            reason = ("duplicate", say(f"与 {twin.id} 为同一通知（{twin.source.kind} 与 {notice.source.kind} 两种格式）",
                                         f"the same notice as {twin.id} ({twin.source.kind} and {notice.source.kind})"))
        else:
            reason = _out_of_scope(profile, mine, notice, context, include_drafts)
        if reason is None:
            kept.append((notice, context))
            for key in fingerprint.buckets:
                seen.setdefault(key, []).append((notice, fingerprint))
        else:
            left_out.append(LeftOut(notice=notice.id, title=notice.metadata.title, reason=reason[0], why=reason[1]))
    return kept, left_out


def _out_of_scope(profile: Profile, mine: Region | None, notice: Notice, context: Context,
                  include_drafts: bool) -> tuple[LeftOutReason, str] | None:
    meta, as_of = notice.metadata, context.as_of
    if meta.status == "draft" and not include_drafts:
        return "draft", say("征求意见稿，尚未生效（--include-drafts 可纳入）", "a draft, not in force (--include-drafts)")
    ends = valid_until(notice)
    if ends is not None and ends < as_of:
        return "expired", say(f"有效期至 {ends}，已过期（按 {as_of} 计）", f"in force until {ends}: expired on {as_of}")
    campaign = campaign_end(notice) if ends is None else None
    if campaign is not None and campaign < as_of:
        return "expired", say(f"开篇所定期限至 {campaign} 已过（按 {as_of} 计）", f"its period ended {campaign} (on {as_of})")
    if context.region is not None and context.region.level and mine is not None and not within(mine, context.region):
        return "region", say(f"适用于{context.region.names()[-1]}，申请人注册于{profile.region}",
                             f"for {context.region.names()[-1]}; the applicant is registered in {profile.region}")
    subjects = [s for s in meta.applicable_subjects if applicant_group(s) is not None]
    headed = any(names_kind(clause.heading, profile.applicant, strict=True) for clause in notice.clauses() if clause.heading)
    if subjects and not any(names_kind(s, profile.applicant) for s in subjects) and not headed:
        return "applicant", say(f"适用对象为{'、'.join(subjects)}，申请人为{profile.applicant}",
                                f"for {', '.join(subjects)}; the applicant is {profile.applicant}")
    return None


def valid_until(notice: Notice) -> dt.date | None:
    """The last day in force: 有效期至…, or the start (施行日期, else the document date) plus 有效期N年."""
    meta = notice.metadata
    if meta.effective_until is not None:
        return meta.effective_until
    start = meta.effective_from or meta.date
    if meta.validity_years and start is not None:
        try:
            return start.replace(year=start.year + meta.validity_years) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            return start.replace(year=start.year + meta.validity_years, day=28)
    return None


def campaign_end(notice: Notice) -> dt.date | None:
    """The end of the period a notice's opening paragraph sets for all it gives (自2023年12月22日至2024年3月31日…).

    A notice that is one time-limited campaign prints no validity of its own: its period is it.
    """
    for sub in notice.subdocuments:
        for k, clause in enumerate(sub.clauses):
            if clause.style == "lead" or (k == 0 and clause.style == "paragraph"):
                ends = [leaf.date_to for leaf in _leaves(clause.conditions) if leaf.field == "window" and leaf.date_to]
                if ends:
                    return max(ends)
        break
    return None


def _leaves(tree: ConditionTree | None) -> list:
    if tree is None:
        return []
    return [leaf for item in tree.items for leaf in (_leaves(item) if isinstance(item, ConditionTree) else [item])]


@dataclass(frozen=True)
class _Print:
    """What one notice read from two files shares: status, title (version marks aside), 文号, date, clauses, figures."""

    status: str
    title: str | None
    doc_number: str | None
    date: dt.date | None
    clauses: int
    figures: Counter

    @classmethod
    def of(cls, notice: Notice) -> _Print:
        meta = notice.metadata
        figures = Counter((fact.kind, fact.value) for clause in notice.clauses() for fact in clause.facts)
        return cls(meta.status, title_key(meta.title), meta.doc_number, meta.date, len(notice.clauses()), figures)

    @property
    def buckets(self) -> tuple[tuple, ...]:
        """Where a twin stands: under the same title, or (a file whose title was not read, a PDF page of body
        text) under the same date."""
        by_date = (self.status, None, self.date)
        return ((self.status, self.title), by_date) if self.title else (by_date,)

    def same(self, other: _Print) -> bool:
        """The same title (and 文号 when both print one) and nearly the same figures; untitled: the same clauses too."""
        if self.doc_number and other.doc_number and self.doc_number != other.doc_number:
            return False
        if not self.title or not other.title:
            return self.date is not None and bool(self.figures) and self.clauses == other.clauses and self.shared(other) >= 0.9
        return self.title == other.title and self.shared(other) >= 0.8

    def shared(self, other: _Print) -> float:
        """The share of the figures the two print alike (1.0 when neither prints any)."""
        most = max(sum(self.figures.values()), sum(other.figures.values()))
        return sum((self.figures & other.figures).values()) / most if most else 1.0


# ---- candidates and their conditions

class _Candidate:
    __slots__ = ("key", "label", "clause", "view", "term", "inputs", "notice_text")

    def __init__(self, key, label, clause, view, term, inputs, notice_text):
        self.key, self.label, self.clause, self.view, self.term, self.inputs = key, label, clause, view, term, inputs
        self.notice_text = notice_text


class _Option:
    __slots__ = ("candidate", "notice", "verdict", "checks", "result")

    def __init__(self, candidate, notice, verdict, checks, result):
        self.candidate, self.notice, self.verdict, self.checks, self.result = candidate, notice, verdict, checks, result


def _facts(profile: Profile) -> list[tuple[str, str]]:
    """Each fact that can pay, as (key, label)."""
    return ([(f"amount:{name}", f"{name} {amount_text(value)}") for name, value in profile.amounts.items()]
            + [(f"count:{name}", f"{name} ×{count}") for name, count in profile.counts.items()]
            + [(f"qualification:{q}", q) for q in profile.qualifications])


# kinds a heading names as the one supported (支持高校、科研院所…); 人才 in a heading is a topic
BODIES = ("高校", "科研院所", "机构", "企业")
SAME_SENTENCE = 6  # awards whose words begin alike for so many characters were distributed from one sentence
PER_TIME = ("年", "月")
PER_ITEM = ("套", "户", "辆", "台", "家", "项", "个")  # a sum per thing the applicant buys or runs: one unless counted
NUMERIC_FIELDS = ("revenue", "employees", "rd_ratio", "founded", "age", "amount", "quantity")


def _candidates(profile: Profile, notice: Notice) -> list[_Candidate]:
    """Every term that pays for a fact of the profile, or whose only conditions are figures the profile states.

    A term is paid for one fact: the most specific one that names it. A qualification that
    names two sums of one kind printed side by side (省级、国家级…分别给予30万元、50万元) without
    the word that tells them apart names neither.
    """
    found = []
    for clause in notice.clauses():
        view = None
        hits_by_term = [(term, _hits(profile, term)) for term in clause.terms]
        for term, hits in hits_by_term:
            hits = [hit for hit in hits if not (hit[0].startswith("qualification:")
                                                and _ambiguous(hit[0].split(":", 1)[1], term, hits_by_term, profile))]
            if not hits and term.kind not in COMPUTED and clause.conditions and _states_a_figure(clause.conditions, profile):
                hits = [(f"threshold:{notice.id}:{clause.path}:{clause.terms.index(term)}", _threshold_label(term),
                         make_inputs(years=profile.years))]
            if not hits and term.kind in COMPUTED and clause.conditions:
                hits = _status_hits(profile, term, clause.conditions)
            if hits:
                key, label, inputs = max(hits, key=_specificity)
                view = view or record_view(notice, clause)
                found.append(_Candidate(key, label, clause, view, term, inputs, notice.text))
    return found


def _status_hits(profile: Profile, term: Term, tree: ConditionTree) -> list[tuple[str, str, object]]:
    """A rate whose base the profile does not state, for a status the profile holds and the term's own words
    require (二孩及以上的…家庭…给予合同价款1.5%, for a 二孩家庭): the applicant's, to confirm, its sum not computed."""
    own = normalize(term.when).text
    required = [leaf for leaf in _leaves(tree) if leaf.field == "qualification" and leaf.value
                and normalize(leaf.quote).text in own]
    return [(f"qualification:{name}", name, make_inputs(years=profile.years)) for name in profile.qualifications
            if any(names_same(leaf.value, name) for leaf in required)]


def _hits(profile: Profile, term: Term) -> list[tuple[str, str, object]]:
    """(fact key, label, inputs) for every profile fact that names what the term pays for."""
    when = normalize(term.when).text
    base = measure(getattr(term, "base", "") or "")
    per = getattr(term, "per", None) if term.kind == "per_unit" else None
    hits = []
    for key, label in _facts(profile):
        kind, name = key.split(":", 1)
        if kind == "amount":
            if term.kind in COMPUTED and base and _same_base(name, base):
                hits.append((key, label, make_inputs(base=profile.amounts[name], years=profile.years)))
        elif kind == "count":
            measures = {unit for unit, words in QUANTITY_UNIT_NAMES.items() if any(word in name for word in words)}
            if measures and per not in measures:
                continue  # 面积 ×120 is no count of a sum paid 每套
            if term.kind == "per_unit" and (normalize(name).text in when or measures):
                hits.append((key, label, make_inputs(count=profile.counts[name], years=profile.years)))
        elif term.kind not in COMPUTED and (per is None or per in PER_TIME or per in PER_ITEM) and _names(name, when):
            if per in PER_TIME:
                count = profile.years or getattr(term, "years", None) or Decimal(1)
            elif per in PER_ITEM:
                count = next((v for k, v in profile.counts.items() if normalize(k).text == per), Decimal(1))
            else:
                count = None
            hits.append((key, label, make_inputs(count=count, years=profile.years)))
    return hits


def _names(qualification: str, when: str) -> bool:
    if _generic(qualification):
        return False  # 入驻企业 answers a condition; it names no award
    return all(w in when for w in content_words(qualification))


GENERIC_WORDS = compiled("|".join(map(re.escape, sorted(
    {*GENERIC_QUALIFIERS, *(w for words in APPLICANT_KINDS.values() for w in words)}, key=len, reverse=True))))


def _generic(qualification: str) -> bool:
    """Only where or how the applicant came, and its kind: 入驻企业, 引进或培育孵化."""
    return not GENERIC_WORDS.sub("", normalize(qualification).text).strip("的或和及、 ")


def _same_base(name: str, base: str) -> bool:
    """A profile amount measures a term's base: 技术交易额 and 技术合同交易额或评估值."""
    own = measure(name)
    return own in base or base in own or all(w in base for w in content_words(own))


def _ambiguous(qualification: str, term: Term, siblings: list[tuple[Term, list]], profile: Profile) -> bool:
    """Another term of the same kind is named by the qualification too and nothing in it tells them apart.

    A threshold in the term's own words (144平方米(含)以下) that the profile's figures meet or
    fail tells it apart: the term is then the profile's or not by that threshold.
    """
    own = normalize(term.when).text
    reached = _when_threshold(own, profile)
    if reached is not None:
        return not reached
    for other, _ in siblings:
        if other is term or other.kind != term.kind or not _names(qualification, normalize(other.when).text):
            continue
        theirs = normalize(other.when).text
        tells = [w for w in content_words(own) if w not in theirs]
        if not any(w in normalize(qualification).text for w in tells):
            return True
    return False


def _when_threshold(when: str, profile: Profile) -> bool | None:
    """Whether the profile's figures meet the thresholds printed in a term's words.

    None when it prints none or the profile lacks the figure.
    """
    verdict = None
    for found in WHEN_THRESHOLD.finditer(when):
        words = QUANTITY_UNIT_NAMES.get(found.group("unit"), ())
        have = next((v for k, v in profile.counts.items() if any(w in k for w in words)), None)
        if found.group("unit") in ("岁", "周岁"):
            have = profile.age
        if have is None:
            return None
        need = Decimal(found.group("number"))
        ok = have >= need if "上" in found.group("side") else have <= need
        if "上" in found.group("side") and not found.group("inclusive") and found.group("side") == "以上":
            ok = have >= need
        verdict = ok if verdict is None else verdict and ok
    return verdict


def _specificity(hit: tuple[str, str, object]) -> tuple[int, int]:
    key = hit[0]
    return (0 if key.startswith("qualification:") else 1, len(content_words(key.split(":", 1)[1])))


def _states_a_figure(tree: ConditionTree, profile: Profile) -> bool:
    """The clause sets a threshold on a figure the profile states (营业收入, 从业人员 …)."""
    stated = {"revenue": profile.revenue, "employees": profile.employees, "rd_ratio": profile.ratio_of_rd(),
              "founded": profile.founded, "age": profile.age}
    for item in tree.items:
        if isinstance(item, ConditionTree):
            if _states_a_figure(item, profile):
                return True
        elif stated.get(item.field) is not None:
            return True
    return False


def _threshold_label(term: Term) -> str:
    return say(f"条件达标：{term.when[:30]}", f"threshold met: {term.when[:30]}")


def _decided_by_figures(checks: list[Check]) -> bool:
    """A term considered for its thresholds alone: a figure was compared and no object of its own is unknown."""
    compared = any(c.field in NUMERIC_FIELDS and c.status in ("met", "failed") for c in checks)
    objects = any(c.field in ("qualification", "holds") and c.status == "unknown" for c in checks)
    return compared and not objects


def _with_shared_object(clause, term: Term) -> str:
    """The term's words, with the object it shares when it has none of its own: in 对…35周岁以下…的，给予A…；给予B…
    the second award is for the same applicants, under the same conditions, as the first."""
    own = normalize(term.when).text
    k = next((i for i, t in enumerate(clause.terms) if t is term), 0)
    if k and SHARED_OBJECT_VERB.match(own):
        before = normalize(clause.terms[k - 1].when).text
        verb = SHARED_OBJECT_VERB.search(before)
        return (before[:verb.start()] if verb else "") + own
    return own


def _clause_checks(candidate: _Candidate, profile: Profile, context: Context) -> tuple[str, list[Check]]:
    """The clause's conditions for this award: ("applicant", checks) when the clause is for someone else."""
    clause, term = candidate.clause, candidate.term
    addressed = f"{clause.heading or ''} {term.when}"
    tree = clause.conditions or ConditionTree(logic="all", items=[])
    own = _with_shared_object(clause, term)
    others = [normalize(t.when).text for t in clause.terms if t is not term]
    # a threshold of a sibling distributed from one sentence (技师…、高级技师…签订三年以上劳动合同) holds for both
    strangers = [when for when in others if len(os.path.commonprefix([when, own])) < SAME_SENTENCE]

    def keep(condition) -> bool:
        if condition.field == "applicant" and status_of_person(condition, profile):
            return normalize(condition.quote).text in own  # 新市民…给予2%: that award's status, not this one's
        if condition.field in ("region", "applicant", "window", "excluded"):
            return True
        quote = normalize(condition.quote).text
        awards = strangers if condition.field in NUMERIC_FIELDS else others
        return quote in own or not any(quote in when for when in awards)

    heading_kinds = {applicant_group(word) for word in kinds_named(normalize(clause.heading or "").text)} & set(BODIES)
    if heading_kinds and not heading_kinds & set(peers(profile.applicant)):
        named = f"{say('对象', 'applicant')} {'、'.join(sorted(heading_kinds))}"
        return "applicant", [Check(field="applicant", status="failed", condition=named,
                                   why=say(f"条款标题“{clause.heading}”所支持的不是{profile.applicant}",
                                           f"the clause heading “{clause.heading}” supports no {profile.applicant}"),
                                   quote=clause.heading, rule="applicant.heading")]
    status, checks = check_tree(tree, profile, context, keep, addressed=addressed)
    fact = candidate.key.split(":", 1)[1]
    checks = [_given(check, fact, candidate.label) for check in checks]
    checks = _alternatives(checks, own)
    status = combine([c.status for c in checks], "all") if checks else "met"
    payee = _payee(term, candidate)
    if payee is not None and not names_kind(payee, profile.applicant):
        return "applicant", [Check(field="applicant", status="failed", condition=f"{say('对象 属于', 'applicant in')} {payee}",
                                   why=say(f"支付给{payee}，申请人为{profile.applicant}",
                                           f"paid to {payee}; the applicant is {profile.applicant}"),
                                   quote=payee, rule="applicant.payee")]
    if not any(c.field == "applicant" for c in checks) and not candidate.key.startswith("count:"):
        named = {applicant_group(word) for word in kinds_named(f"{clause.heading or ''} {own}") if not names_same(word, fact)}
        if named and not named & set(peers(profile.applicant)):
            kinds = f"{say('对象', 'applicant')} {'、'.join(sorted(named))}"
            return "applicant", [Check(field="applicant", status="failed", condition=kinds,
                                       why=say(f"条款支持{'、'.join(sorted(named))}，申请人为{profile.applicant}",
                                               f"for {', '.join(sorted(named))}; the applicant is {profile.applicant}"),
                                       quote=term.when, span=None, rule="applicant.when")]
    failed_applicant = [c for c in checks if c.field == "applicant" and c.status == "failed"]
    if failed_applicant:
        return "applicant", failed_applicant
    return status, checks


def _given(check: Check, fact: str, label: str) -> Check:
    """A condition naming the very fact that made the match (学历 ≥ 博士 for 博士 ×2) is met by it."""
    if check.status == "unknown" and check.field in ("qualification", "education", "holds", "other", "quantity") \
            and names_same(check.quote, fact):
        return check.model_copy(update={"status": "met", "why": say(f"档案：{label}", f"profile: {label}"), "question": None})
    return check


ALTERNATIVE_JOINS = ("、", "或", "及", "和", "/")


def _alternatives(checks: list[Check], when: str) -> list[Check]:
    """An unknown object printed beside a met one in the award's words (重点实验室、技术创新中心) is an alternative."""
    met = [normalize(c.quote).text for c in checks if c.status == "met" and c.field in ("qualification", "holds", "other")]
    out = []
    for check in checks:
        quote = normalize(check.quote).text
        if check.status == "unknown" and check.field in ("qualification", "holds", "other") and any(
                f"{a}{join}{b}" in when for other in met for join in ALTERNATIVE_JOINS
                for a, b in ((other, quote), (quote, other))):
            either = say("与已满足的对象并列，择一即可", "an alternative to an object met: one is enough")
            check = check.model_copy(update={"status": "step", "why": either, "question": None})
        out.append(check)
    return out


def _payee(term: Term, candidate: _Candidate) -> str | None:
    """Who the term's sum is paid to, when the text names a kind right after the figure (5%奖励技术转移机构)."""
    spans = getattr(term, "spans", None) or []
    if not spans:
        return None
    text = candidate.notice_text
    for span in spans:
        found = PAYEE.search(normalize(text[span.end:span.end + 24]).text)
        if found is not None and applicant_group(found.group("who")) is not None:
            return found.group("who")
    return None


def _notice_checks(notice: Notice, profile: Profile, context: Context) -> dict[str, list[Check]]:
    """Notice-wide conditions by clause path: the park its title names and its 申报条件 sections, per policy."""
    out: dict[str, list[Check]] = {}
    for sub in notice.subdocuments:
        checks: list[Check] = []
        for title in (notice.metadata.title, sub.title):
            park = TITLE_PARK.search(normalize(title or "").text)
            if park and not any(park_key(park.group("park")) == park_key(c.quote) for c in checks):
                checks.append(_park_check(park.group("park"), profile))
        for k, clause in enumerate(sub.clauses):
            if not clause.conditions:
                continue
            if NOTICE_CONDITION_HEADINGS.search(clause.heading or clause.text[:20]):
                _, found = check_tree(clause.conditions, profile, context)
                checks.extend(found)
            elif clause.style == "lead" or (k == 0 and clause.style == "paragraph"):
                # the period a lead paragraph gives its campaign (…至…开展购房补贴活动) holds for every clause
                _, found = check_tree(clause.conditions, profile, context, keep=lambda c: c.field == "window")
                checks.extend(found)
        for clause in sub.clauses:
            out[clause.path] = checks
    return out


def _park_check(park: str, profile: Profile) -> Check:
    if same_park(park, profile.parks):
        status, why, question = "met", say(f"申请人位于{park}", f"the applicant is in {park}"), None
    elif other_branch(park, profile.parks):
        why = say(f"政策适用于{park}，申请人所在园区为{'、'.join(profile.parks)}",
                  f"for {park}; the applicant's parks: {', '.join(profile.parks)}")
        status, question = "failed", None
    else:
        status, why = "unknown", say(f"政策适用于{park}，档案未写园区", f"for {park}; the profile names no park")
        question = say(f"是否位于{park}？", f"Is it in {park}?")
    return Check(field="region", status=status, condition=f"{say('地域 属于', 'region in')} {park}", why=why, question=question,
                 quote=park, span=None, rule="region.title_park")


# ---- stacking and totals

def _value(result: CalcResult) -> Decimal:
    """What a result is worth when choosing the highest: the amount, or the upper end of a bound."""
    return result.amount if result.kind == "amount" else (result.max if result.kind == "bound" else Decimal(-1))


def _scope(notice: Notice) -> str:
    """The words around the notice's stacking principle that say what it covers (同一事项, 同一年度)."""
    span = notice.metadata.sources.get("stacking")
    if span is None:
        return ""
    around = notice.text[max(0, span.start - 40):span.end + 10]
    return "、".join(dict.fromkeys(word for word in STACKING_SCOPES if word in around))


def _choose(options: list[_Option]) -> list[Match]:
    """One fact paid by several terms: which of them count."""
    def make(option: _Option, chosen: bool, why: str) -> Match:
        c = option.candidate
        return Match(fact=c.label, notice=option.notice.id, title=option.notice.metadata.title, path=c.clause.path,
                     heading=c.clause.heading, verdict=option.verdict, checks=option.checks, result=option.result,
                     chosen=chosen, why=why)

    live = [o for o in options if o.verdict != "ineligible"]
    out = [make(o, False, say("不符合条件：", "not eligible: ")
                + say("；", "; ").join(c.why for c in o.checks if c.status == "failed"))
           for o in options if o.verdict == "ineligible"]
    paying = {o.notice.id for o in live if o.result.kind == "amount"}
    caps = [o for o in live if (o.candidate.term.kind == "cap_only" or o.result.kind == "bound")
            and o.notice.id in paying and o.candidate.clause.path != _paying_path(live, o)]
    ceiling = say("总额上限，限制同一通知的其他支持，不另计", "a ceiling on the notice's other payments, not paid beside them")
    out += [make(o, False, ceiling) for o in caps]
    live = [o for o in live if o not in caps]
    if not live:
        return out
    if len(live) == 1:
        return [make(live[0], True, say("唯一适用条款", "the only clause that applies")), *out]
    principles = {p for o in live if o.notice.metadata.stacking for p in o.notice.metadata.stacking.principles}
    notices = {o.notice.id for o in live}
    clauses = {(o.notice.id, o.candidate.clause.path) for o in live}
    if len(clauses) == 1 and not CLAUSE_EXCLUSIVE.search(live[0].candidate.clause.text):
        both = say("同一条款的不同支持，条文未排除同时享受，均计", "awards of one clause, not excluded by the text: both paid")
        return [make(o, True, both) for o in live] + out
    if principles & {"就高", "不重复", "从优"} or len(notices) == 1:
        ranked = sorted(live, key=lambda o: (o.verdict == "eligible", _value(o.result)), reverse=True)
        best = ranked[0]
        stated = ("、".join(sorted({o.notice.metadata.stacking.raw for o in live if o.notice.metadata.stacking}))
                  or say("同一事项", "the same item"))
        scope = "、".join(dict.fromkeys(w for o in live for w in _scope(o.notice).split("、") if w))
        stated = f"{stated}（{scope}）" if scope else stated
        picked = [make(o, o is best, say(f"按“{stated}”取最高者", f"the highest, by “{stated}”") if o is best
                       else say(f"按“{stated}”不重复享受：已选 {best.notice.id} {best.candidate.clause.path}",
                                f"not paid twice, by “{stated}”: {best.notice.id} {best.candidate.clause.path} chosen"))
                  for o in live]
        return picked + out
    added = say("各政策未声明不重复享受，累计", "no notice excludes being paid twice: added up")
    return [make(o, True, added) for o in live] + out


def _paying_path(live: list[_Option], cap: _Option) -> str | None:
    """The clause of the same notice that pays an exact amount for the fact, when it is the cap's own."""
    same = [o for o in live if o.notice.id == cap.notice.id and o.result.kind == "amount"]
    return cap.candidate.clause.path if any(o.candidate.clause.path == cap.candidate.clause.path for o in same) else None


def _totals(chosen: list[Match]) -> Totals:
    eligible = [m.result for m in chosen if m.verdict == "eligible"]
    pending = [m.result for m in chosen if m.verdict == "unconfirmed"]
    return Totals(
        certain=sum((r.amount for r in eligible if r.kind == "amount"), Decimal(0)),
        bounded=sum((r.max for r in eligible if r.kind == "bound"), Decimal(0)),
        bounded_count=sum(r.kind == "bound" for r in eligible),
        pending=sum((max(_value(r), Decimal(0)) for r in pending), Decimal(0)),
        pending_count=len(pending),
        unknown_count=sum(m.result.kind == "not_computable" for m in chosen),
    )


def _questions(chosen: list[Match]) -> list[str]:
    seen: dict[str, None] = {}
    for m in chosen:
        if m.verdict == "unconfirmed":
            for check in m.checks:
                if check.status == "unknown" and check.question:
                    seen.setdefault(check.question)
    return list(seen)


def _windows(notices: list[Notice], matched: set[str], as_of: dt.date) -> list[Window]:
    out = []
    for notice in notices:
        window = getattr(notice.metadata, "application_window", None)
        if window is None or notice.id not in matched:
            continue
        is_open = (window.date_from is None or window.date_from <= as_of) and (window.date_to is None or as_of <= window.date_to)
        out.append(Window(notice=notice.id, date_from=window.date_from, date_to=window.date_to, open=is_open, raw=window.raw))
    return out
