"""Compiling a clause's facts into terms: the computable rules of the SPEC.

Sentence by sentence: a paid rate becomes a `rate` term (its base is the
noun before 的, its cap the next capped sum); 每增加/每满 make a `step`; a
sum per person, case or square metre a `per_unit`; a range a `range`; a
plain sum a `fixed`; a cap left over a `cap_only`; a payment promised
without a sum (一事一议, 给予相应奖励) a `qualitative` term. `分别` spreads
the amounts over the members of the list before them, one term each, and
each term's `when` is the list's phrase with that member alone.
"""

from __future__ import annotations

import re

from ..models import (
    Bracket,
    BracketsTerm,
    CapOnlyTerm,
    FixedTerm,
    PerUnitTerm,
    QualitativeTerm,
    RangeTerm,
    RateTerm,
    StepTerm,
    Tier,
    TiersTerm,
)
from .nlp import find_lists, words_of

SENTENCE = re.compile(r"[^。;!?\n]+")
OBJECT_START = re.compile(r"(?:^|[,，])\s*(?:对于|对|凡|将)(?![接应于])")
GIVING_VERB = re.compile(r"给予|奖励|补助|资助|补贴|奖补|配套|发放|支持|一次性|按照|按(?!时)")
BASE = re.compile(r"(?:按照?|给予其?|根据其?|为|提取)\s*(?P<base>[^,，;。按]{1,40}?)(?:的)?\s*$")
BRACKET_RATE = re.compile(r"的部分\s*按(?:照)?\s*$")
STEP_CUE = re.compile(r"(?:每增加|每满)\s*$")
FIRST_CUE = re.compile(r"首次(?:达到|突破)\s*$")
QUALITATIVE = re.compile(
    r"一事一议|相应(?:的)?(?:奖励|补助|补贴|支持)|等额奖励|给予(?:一定的?)?(?:奖励|补助|补贴|资助|风险补偿|保费补贴)(?=[,，。;]|$)"
    r"|予以(?:奖励|支持|补助)(?=[,，。;]|$)|给予保费补贴"
)
LEADING_VERB = re.compile(r"^(?:分别)?\s*(?:一次性)?\s*(?:给予|发放|奖励|补助|资助)?")
CAP_SCOPE_REACH = 20  # 每个企业每年最高…: the scope words stand right before the cap
COUNTED = ("人", "案", "件", "户", "项", "平方米", "月")
CAP_PER = (("year", re.compile(r"每年|年度|年最高|每家每年")), ("applicant", re.compile(r"每个企业|每家|单个企业|单一法人|单家|每个")),
           ("item", re.compile(r"单项|单个项目|每个项目|每投资|单个")), ("total", re.compile(r"累计|总额")))


def _sentences(text: str, facts: list[dict]) -> list[tuple[int, int, list[dict]]]:
    out = []
    for match in SENTENCE.finditer(text):
        inside = [f for f in facts if match.start() <= f["start"] < match.end()]
        out.append((match.start(), match.end(), inside))
    return out


def _when(text: str, start: int, upto: int) -> str:
    """The words telling to whom a rule applies: from the last 对 (or the sentence start) to a comma."""
    head = text[start:upto]
    begins = [m.end() for m in OBJECT_START.finditer(head)]
    begin = begins[-1] if begins else 0
    phrase = re.split(r"[,，]", head[begin:], maxsplit=1)[0]
    phrase = GIVING_VERB.split(phrase, maxsplit=1)[0] if GIVING_VERB.search(phrase[2:] or "-") else phrase
    return phrase.strip().removesuffix("的").strip(" “”\"'(（") or head.strip()


def _cap_per(text: str, begin: int, end: int) -> str | None:
    window = text[max(begin, end - CAP_SCOPE_REACH):end]
    for scope, pattern in CAP_PER:
        if pattern.search(window):
            return scope
    return None


def _segment_begin(text: str, pos: int, floor: int) -> int:
    return max([text.rfind(ch, floor, pos) for ch in ",，"] + [floor - 1]) + 1


class _Compiler:
    """Terms of one clause, sentence by sentence."""

    def __init__(self, text: str, facts: list[dict]) -> None:
        self.text = text
        self.facts = facts
        self.used: set[int] = set()
        self.terms: list = []
        self.durations = [f for f in facts if f["kind"] == "quantity" and f["role"] == "duration" and f["unit"] == "年"]

    def run(self) -> list:
        sentences = _sentences(self.text, self.facts)
        for k, (start, end, facts) in enumerate(sentences):
            following = sentences[k + 1] if k + 1 < len(sentences) else None
            self.sentence(start, end, facts, following)
        return self.terms

    def sentence(self, start: int, end: int, facts: list[dict], following) -> None:
        money = [f for f in facts if f["kind"] == "money"]
        for step in (self.steps, self.tiers, self.brackets, self.rates, self.per_units, self.spread, self.ranges, self.fixed, self.caps):
            step(start, end, facts, money, following)
        if not any(f["role"] in ("award", "cap") and f["kind"] in ("money", "rate") for f in facts):
            match = QUALITATIVE.search(self.text, start, end)
            if match:
                self.terms.append(QualitativeTerm(when=_when(self.text, start, match.start())))

    def years(self, start: int, end: int) -> int | None:
        inside = [f for f in self.durations if start <= f["start"] < end]
        return int(inside[0]["value"]) if inside else None

    def next_cap(self, after: int, end: int, following) -> dict | None:
        caps = [f for f in self.facts if f["kind"] == "money" and f["role"] == "cap" and after <= f["start"] < end
                and not f["per"] and id(f) not in self.used]
        if caps:
            return caps[0]
        if following and re.match(r"\s*以上", self.text[following[0]:following[1]]):
            shared = [f for f in following[2] if f["kind"] == "money" and f["role"] == "cap"]
            return shared[0] if shared else None
        return None

    def take(self, *facts: dict | None) -> None:
        self.used.update(id(f) for f in facts if f is not None)

    def steps(self, start, end, facts, money, following) -> None:
        for k, fact in enumerate(money):
            seg = _segment_begin(self.text, fact["start"], start)
            if fact["role"] != "threshold" or not STEP_CUE.search(self.text[seg:fact["start"]]):
                continue
            amount = next((m for m in money[k + 1:] if m["role"] == "award"), None)
            if amount is None:
                continue
            first = self._first_reach(fact)
            cap = self.next_cap(amount["end"], len(self.text), None)
            self.take(fact, amount, cap, *(first or ()))
            self.terms.append(StepTerm(
                when=_when(self.text, first[0]["start"] if first else start, first[0]["start"] if first else fact["start"]),
                amount=amount["value"], step=fact["value"],
                start=first[0]["value"] if first else None, initial=first[1]["value"] if first else None,
                cap=cap["value"] if cap else None, cap_per=_cap_per(self.text, start, cap["end"]) if cap else None,
            ))

    def _first_reach(self, step_fact: dict) -> tuple[dict, dict] | None:
        """首次达到1亿元…给予20万元 before a staircase: its start and initial sum."""
        before = [f for f in self.facts if f["kind"] == "money" and f["end"] <= step_fact["start"]]
        for k, fact in enumerate(before):
            seg = _segment_begin(self.text, fact["start"], 0)
            if fact["role"] == "threshold" and FIRST_CUE.search(self.text[seg:fact["start"]]):
                award = next((m for m in before[k + 1:] if m["role"] == "award"), None)
                if award:
                    return fact, award
        return None

    def tiers(self, start, end, facts, money, following) -> None:
        split = self.text.find("分别", start, end)
        if split < 0:
            return
        levels = [m for m in money if m["role"] == "threshold" and m["end"] <= split and id(m) not in self.used]
        amounts = [m for m in money if m["role"] == "award" and m["start"] > split and id(m) not in self.used]
        if len(levels) >= 2 and len(levels) == len(amounts):
            self.take(*levels, *amounts)
            self.terms.append(TiersTerm(
                when=_when(self.text, start, levels[0]["start"]),
                tiers=[Tier(threshold=t["value"], amount=a["value"]) for t, a in zip(levels, amounts, strict=True)],
            ))

    def brackets(self, start, end, facts, money, following) -> None:
        """不超过100万元的部分按5%、超过100万元的部分按3%: a progressive rate over brackets of the base."""
        rates = [f for f in facts if f["kind"] == "rate" and BRACKET_RATE.search(self.text[start:f["start"]][-12:])]
        if len(rates) < 2:
            return
        bounds = [m for m in money if m["role"] == "threshold" and m["end"] <= rates[-1]["start"]]
        uptos = list(dict.fromkeys(m["value"] for m in bounds))
        if len(uptos) != len(rates) - 1:
            return
        cap = self.next_cap(rates[-1]["end"], end, following)
        self.take(*rates, *bounds, cap)
        self.terms.append(BracketsTerm(
            when=_when(self.text, start, bounds[0]["start"] if bounds else rates[0]["start"]),
            brackets=[Bracket(upto=upto, rate=r["value"]) for upto, r in zip([*uptos, None], rates, strict=True)],
            cap=cap["value"] if cap else None,
            cap_per=_cap_per(self.text, _segment_begin(self.text, cap["start"], start), cap["end"]) if cap else None,
        ))

    def rates(self, start, end, facts, money, following) -> None:
        paid = [f for f in facts if f["kind"] == "rate" and f["role"] in ("award", "cap") and id(f) not in self.used]
        for fact in paid:
            if fact["bound"] == "lower":
                continue  # a range of rates: the term carries its upper end
            seg = _segment_begin(self.text, fact["start"], start)
            base = BASE.search(self.text[seg:fact["start"]].replace("不超过", "").replace("不高于", ""))
            cap = self.next_cap(fact["end"], end, following)
            threshold = next((m for m in money if m["role"] == "threshold" and m["end"] <= fact["start"]), None)
            self.take(fact, cap, threshold)
            self.terms.append(RateTerm(
                when=_when(self.text, start, fact["start"]), rate=fact["value"],
                base=(base.group("base").strip() if base else "") or "基数",
                cap=cap["value"] if cap else None, threshold=threshold["value"] if threshold else None,
                cap_per=_cap_per(self.text, _segment_begin(self.text, cap["start"], start), cap["end"]) if cap else None,
                years=self.years(start, end),
            ))

    def per_units(self, start, end, facts, money, following) -> None:
        for fact in money:
            counted = [u for u in fact["per"] if u in COUNTED]
            if id(fact) in self.used or fact["role"] not in ("award", "cap") or not counted or fact["bound"]:
                continue
            cap = self.next_cap(fact["end"], end, following)
            self.take(fact, cap)
            self.terms.append(PerUnitTerm(
                when=self._member_when(start, fact), amount=fact["value"], per=counted[0],
                per_year=("年" in fact["per"] or "每年" in self.text[_segment_begin(self.text, fact["start"], start):fact["start"]]) or None,
                years=self.years(start, end), cap=cap["value"] if cap else None,
                cap_per=_cap_per(self.text, _segment_begin(self.text, cap["start"], start), cap["end"]) if cap else None,
            ))

    def _member_when(self, start: int, fact: dict) -> str:
        """技师每人0.5万元/年、高级技师每人1万元/年: the words right before each sum name its member."""
        seg = _segment_begin(self.text, fact["start"], start)
        words = re.split(r"[、,，]|按照?", self.text[seg:fact["start"]])[-1]
        member = re.sub(r"每.*$", "", words).strip()
        base = _when(self.text, start, fact["start"])
        if not member:
            return base
        return member if member in base else f"{base} {member}"

    def spread(self, start, end, facts, money, following) -> None:
        """分别, or sums listed with 、: k sums for the k members of the list before them."""
        amounts = [m for m in money if m["role"] == "award" and id(m) not in self.used and m["bound"] is None]
        listed = len(amounts) >= 2 and all(
            re.fullmatch(r"\s*(?:、|和|及)\s*", self.text[a["end"]:b["start"]]) for a, b in zip(amounts, amounts[1:], strict=False))
        if len(amounts) < 2 or (self.text.find("分别", start, end) < 0 and not listed):
            return
        found = self._members(start, amounts[0]["start"], len(amounts))
        if found is None:
            return
        members, list_text, per_person = found
        phrase = _when(self.text, start, amounts[0]["start"])
        self.take(*amounts)
        for member, amount in zip(members, amounts, strict=True):
            when = phrase.replace(list_text, member, 1) if list_text in phrase else f"{phrase} {member}"
            when = LEADING_VERB.sub("", when).strip()
            if per_person:
                self.terms.append(PerUnitTerm(when=when, amount=amount["value"], per="人",
                                              per_year=("年" in amount["per"]) or None, years=self.years(start, end)))
            else:
                self.terms.append(FixedTerm(when=when, amount=amount["value"], years=self.years(start, end)))

    def _members(self, start: int, upto: int, count: int) -> tuple[list[str], str, bool] | None:
        """The `count` members before the sums: a list of the vocabulary's classes, or the phrase split on 、."""
        head = self.text[start:upto]
        lists = [items for items in find_lists(head) if len(items) == count]
        preferred = [items for items in lists if items[0].label == "LEVEL"] or lists
        if preferred:
            items = preferred[-1]  # the list nearest to the sums
            per_person = items[0].label == "PERSON" or any(i.text in words_of("person") for i in items)
            return [i.text for i in items], head[items[0].start:items[-1].end], per_person
        phrase = re.sub(r"\d+个节点$|[\d个]+$", "", _when(self.text, start, upto))
        pieces = [piece for piece in re.split(r"、|和", phrase) if piece]
        return (pieces, phrase, False) if len(pieces) == count else None

    def ranges(self, start, end, facts, money, following) -> None:
        for fact in money:
            if fact["bound"] == "lower" and fact["role"] == "award" and id(fact) not in self.used:
                upper = next(m for m in money if m["range_id"] == fact["range_id"] and m["bound"] == "upper")
                self.take(fact, upper)
                self.terms.append(RangeTerm(when=_when(self.text, start, fact["start"]), min=fact["value"],
                                            max=upper["value"], years=self.years(start, end)))

    def fixed(self, start, end, facts, money, following) -> None:
        for fact in money:
            if fact["role"] == "award" and id(fact) not in self.used and not fact["bound"]:
                self.take(fact)
                self.terms.append(FixedTerm(when=_when(self.text, start, fact["start"]), amount=fact["value"],
                                            years=self.years(start, end)))

    def caps(self, start, end, facts, money, following) -> None:
        for fact in money:
            if fact["role"] == "cap" and id(fact) not in self.used and not fact["per"]:
                self.take(fact)
                seg = _segment_begin(self.text, fact["start"], start)
                self.terms.append(CapOnlyTerm(when=_when(self.text, start, fact["start"]), cap=fact["value"],
                                              cap_per=_cap_per(self.text, seg, fact["end"]), years=self.years(start, end)))


def _replace_list(phrase: str, spans: list[tuple[int, int]], a: int, b: int) -> str:
    """The phrase with the whole list replaced by one member: 国家级和省级重点实验室 → 国家级重点实验室."""
    member = (phrase[: spans[0][0]] + phrase[a:b] + phrase[spans[-1][1]:]).strip()
    return LEADING_VERB.sub("", member)


def facts_to_terms(text: str, facts: list[dict]) -> list:
    """The terms of one clause from its normalized text and facts.

    >>> from decimal import Decimal
    >>> [t.kind for t in facts_to_terms(*_demo("按交易额的5%奖励技术转移机构,最高奖励30万元"))]
    ['rate']
    >>> [(t.when, t.amount) for t in facts_to_terms(*_demo("对新认定的国家级和省级重点实验室,分别一次性给予100万元和50万元奖励"))]
    [('新认定的国家级重点实验室', Decimal('1000000')), ('新认定的省级重点实验室', Decimal('500000'))]
    """
    return _Compiler(text, facts).run()


def _demo(text: str) -> tuple[str, list[dict]]:
    from . import text_to_facts

    return text, text_to_facts(text)

