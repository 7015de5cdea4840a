"""Compiling a clause's facts into terms: the computable rules of the SPEC.

Staircases (每增加/每满, with a 首次达到 start) are read across the clause
first; then sentence by sentence: tiers (分别 over thresholds), brackets
(…的部分按N%), rates (the noun before 的 is the base; the cap that follows
serves every rate before it), sums per person, case or month (per_unit),
`分别` or 、-listed sums spread over the members of the list before them,
ranges, fixed sums, caps left over (cap_only), and payments promised
without a sum (qualitative). Last, a cap printed for the whole list
(以上最高…, 每家企业单项最高…) is given to every uncapped term before it.

Each term's `when` holds the words a reader would use to pick it: the
object phrase (对…的…), the words since the previous figure, and the words
right after the figure (…的创新启动资金).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal

from ..patterns import compiled
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
from ..normalize import normalize
from .context import AFTER_CAP, window_start
from .sentences import sentence_spans
from .nlp import find_lists, words_of
from ..lexicon import (
    ABOVE,
    BASE,
    BASE_OBJECT_HEAD,
    BASE_VERB_TAIL,
    BRACKET_RATE,
    BROKEN_DOWN,
    CAP_PER,
    COUNTED,
    COUNT_TAIL,
    FIRST_CUE,
    FULL_COST,
    GIVING_VERB,
    LAST_MEMBER,
    LEADING_WORDS,
    LISTED_BETWEEN,
    LIST_SPLIT,
    LOCAL_FRAME,
    MEASURE_NOISE,
    MEMBER_SPLIT,
    OBJECT_START,
    PAYMENT_NOUNS,
    PER_TAIL,
    QUALITATIVE,
    SHARED_CAP,
    SHARED_SENTENCE,
    STEP_CUE,
    TRAILING_VERB,
)

CAP_SCOPE_REACH = 20  # 每个企业每年最高…: the scope words stand right before the cap


def _clean(text: str) -> str:
    """A phrase without surrounding punctuation and spaces."""
    return text.strip(" ,，、:：“”\"'()（）|").strip()


def _counted(fact: dict) -> bool:
    """A sum per person, case or square metre (每人…), as opposed to per applicant or year (每个企业…)."""
    return any(unit in COUNTED and unit != "年" for unit in fact["per"])  # 每年最高 caps a year, not a count


COMMA = compiled(r"[,，]")
PHRASE_END = compiled(r"[,，;。、]")  # the words after a figure run to the next mark
SEGMENT_SPLIT = compiled(r"[,，:]")


def _sentences(sentences: list[tuple[int, int]], facts: list[dict]) -> list[tuple[int, int, list[dict]]]:
    """Each sentence with the facts that start in it, in the facts' own order."""
    starts = sorted((f["start"], k) for k, f in enumerate(facts))
    keys = [start for start, _ in starts]
    return [(a, b, [facts[k] for k in sorted(k for _, k in starts[bisect_left(keys, a):bisect_left(keys, b)])])
            for a, b in sentences]


def _segment_begin(text: str, pos: int, floor: int) -> int:
    """Start of the comma segment (or sentence) around `pos`."""
    return max([text.rfind(ch, floor, pos) for ch in ",，。;\n"] + [floor - 1]) + 1


def _object(text: str, start: int, upto: int) -> str:
    """To whom a rule applies: from the last 对 (or the sentence start) to a comma or the paying verb."""
    head = text[start:upto]
    begins = [m.end() for m in OBJECT_START.finditer(head)]
    phrase = COMMA.split(head[begins[-1] if begins else 0:], maxsplit=1)[0]
    if GIVING_VERB.search(phrase[2:] or "-"):
        phrase = GIVING_VERB.split(phrase, maxsplit=1)[0]
    return _clean(phrase.strip().removesuffix("的")) or _clean(head)


def _cap_per(text: str, begin: int, end: int) -> str | None:
    window = text[max(begin, end - CAP_SCOPE_REACH):end]
    return next((scope for scope, pattern in CAP_PER if pattern.search(window)), None)


def measure(noun: str) -> str:
    """What a figure measures, without possessives and time words: 其实际投资金额 → 投资额.

    >>> measure("其实际投资金额"), measure("当年实际技术交易额")
    ('投资额', '技术交易额')
    """
    return MEASURE_NOISE.sub("", normalize(noun).text).replace("金额", "额")


def _distribute(items: list[str]) -> list[str]:
    """Coordination with a shared head: 博士、硕士研究生 → 博士研究生、硕士研究生; A、B、C类 → A类、B类、C类."""
    first, last = items[0], items[-1]
    if len(items) < 2 or max(len(i) for i in items[:-1]) > 3 or len(last) <= len(first):
        return items
    suffix = last[len(first):]
    if any(suffix in item for item in items[:-1]):
        return items
    return [item + suffix for item in items[:-1]] + [last]


def _single_member(phrase: str, members: list[str], member: str) -> str:
    """The phrase listing all members with only one of them: 取得技师、高级技师证书 → 取得高级技师证书."""
    present = [m for m in members if m and m in phrase]
    if member and len(present) >= 2:
        first, last = phrase.find(present[0]), phrase.rfind(present[-1]) + len(present[-1])
        if 0 <= first < last:
            return phrase[:first] + member + phrase[last:]
    if not member:
        return phrase
    return phrase if member in phrase else f"{phrase} {member}"


class _Compiler:
    """Terms of one clause."""

    def __init__(self, text: str, facts: list[dict], sentences: list[tuple[int, int]]) -> None:
        self.text = text
        self.facts = facts
        self.sentences = sentences
        self.used: set[int] = set()
        self.terms: list = []
        self.rule = ""  # the name of the rule running (`tagged`), given to the terms it adds
        self.paid_in_full: list[int] = []  # where each 全额…补贴 ends: later sums name their own object
        self.durations = [f for f in facts if f["kind"] == "quantity" and f["role"] == "duration" and f["unit"] == "年"]
        self.figure_ends = sorted((f["end"], k) for k, f in enumerate(facts) if f["kind"] != "quantity")

    def run(self) -> list:
        self.tagged(self.steps)
        sentences = _sentences(self.sentences, self.facts)
        for k, (start, end, facts) in enumerate(sentences):
            self.sentence(start, end, facts, sentences[k + 1] if k + 1 < len(sentences) else None)
        return self.shared_caps()

    def tagged(self, rule, *args) -> None:
        """Run one rule; the terms it adds carry its name (term.rates, term.spread …)."""
        self.rule = f"term.{rule.__name__}"
        rule(*args)

    def add(self, kind: type, **fields) -> None:
        """A term of the rule running, made with its name."""
        self.terms.append(kind(**fields, rule=self.rule))

    def sentence(self, start: int, end: int, facts: list[dict], following) -> None:
        money = [f for f in facts if f["kind"] == "money"]
        rules = (self.tiers, self.brackets, self.full_costs, self.rates, self.per_units, self.spread, self.ranges,
                 self.fixed, self.caps) if facts else (self.full_costs,)  # with no figure only the cost itself is paid
        for rule in rules:
            self.tagged(rule, start, end, facts, money, following)
        paid_in_full = any(start <= at <= end for at in self.paid_in_full)
        paid = any(f["role"] in ("award", "cap") and f["kind"] in ("money", "rate") for f in facts)
        if not paid_in_full and not paid and (match := QUALITATIVE.search(self.text, start, end)):
            self.terms.append(QualitativeTerm(when=_clean(self.text[start:end]), rule="term.qualitative",
                                              cues=[match.group()]))

    # --- helpers -------------------------------------------------------------------------------

    def when(self, start: int, upto: int, after: int | None = None) -> str:
        """The object phrase, the words since the previous sum or rate, and the words after the figure."""
        since = self._since(start, upto)
        raw_local = self.text[since:upto]
        local = _clean(TRAILING_VERB.sub("", _clean(raw_local)))
        parallel = raw_local.lstrip()[:1] in ("、", "或", "和", "及", "与")  # 、属于省内首台的按…: its own qualifier
        bare_member = parallel and len(_clean(raw_local)) <= 4  # 、硕士3万: a member of the list, the object is shared
        if bare_member and self.terms and (head := LAST_MEMBER.match(self.terms[-1].when)):
            # …发放生活补贴,其中本科 → 发放生活补贴,其中硕士: the list's own segment, not the words the first member shares
            shared = head.group(1)
            verbs = list(GIVING_VERB.finditer(shared))
            if verbs:  # from the words of the last payment: …外国人才)发放生活补贴,其中 → 发放生活补贴,其中
                at = verbs[-1].start()
                at = max(shared.rfind(ch, 0, at) for ch in " ,，、()") + 1
                shared = shared[at:]
            return shared + _clean(raw_local)
        parts = [] if parallel and not bare_member else [_object(self.text, start, upto)]
        if _clean(raw_local).startswith("其中"):  # 其中在校生再给予…: a part of the object names itself
            parts = []
        if parts and parts[0] and parts[0] in local:  # the local words hold the object: keep them whole
            parts = [_clean(LOCAL_FRAME.sub("", local))]
        else:
            local = _clean(LOCAL_FRAME.sub("", _clean(local)))
            if local and not any(local in part for part in parts):
                parts.append(local)
        if after is not None:
            tail = _clean(PHRASE_END.split(self.text[after:after + 16], maxsplit=1)[0])
            if not PAYMENT_NOUNS.match(tail) and not any(tail in part for part in parts):
                parts.append(tail.removeprefix("的"))
        return " ".join(part for part in parts if part)

    def _since(self, start: int, upto: int) -> int:
        """End of the last sum or rate before `upto` in the sentence (a range's own low end does not count)."""
        last = start
        for k in range(bisect_right(self.figure_ends, (upto, len(self.facts))) - 1, -1, -1):
            end, fact = self.figure_ends[k][0], self.facts[self.figure_ends[k][1]]
            if end < start:
                break
            if not (fact["bound"] == "lower" and self.text[end:upto].strip(" -~%‰") == ""):
                last = end
                break
        ends = [end for end in self.paid_in_full if start <= end <= upto]  # 全额契税补贴,其中在校生再给予…
        return max([*ends, last])

    def years(self, start: int, end: int) -> int | None:
        inside = [f for f in self.durations if start <= f["start"] < end]
        return int(inside[0]["value"]) if inside else None

    def next_cap(self, after: int, end: int, following, counted: bool = False) -> dict | None:
        caps = [f for f in self.facts if f["kind"] == "money" and f["role"] == "cap" and after <= f["start"] < end
                and (counted or not _counted(f)) and id(f) not in self.used]
        if caps:
            return caps[0]
        if following and ABOVE.match(self.text[following[0]:following[1]]):
            shared = [f for f in following[2] if f["kind"] == "money" and f["role"] == "cap"]
            return shared[0] if shared else None
        return None

    def cap_fields(self, cap: dict | None, start: int) -> dict:
        if cap is None:
            return {"cap": None, "cap_per": None}
        return {"cap": cap["value"], "cap_per": _cap_per(self.text, _segment_begin(self.text, cap["start"], start), cap["end"])}

    def take(self, *facts: dict | None) -> None:
        self.used.update(id(f) for f in facts if f is not None)

    # --- rules -----------------------------------------------------------------------------------

    def steps(self) -> None:
        """每增加1亿元再给予20万元 (with 首次达到1亿元…给予20万元 before it): a staircase."""
        money = [f for f in self.facts if f["kind"] == "money"]
        for k, fact in enumerate(money):
            seg = _segment_begin(self.text, fact["start"], 0)
            if fact["role"] != "threshold" or not STEP_CUE.search(self.text[seg:fact["start"]]):
                continue
            amount = next((m for m in money[k + 1:] if m["role"] == "award"), None)
            if amount is None:
                continue
            first = self._first_reach(money[:k])
            cap = self.next_cap(amount["end"], len(self.text), None)
            self.take(fact, amount, cap, *(first or ()))
            begin = first[0]["start"] if first else fact["start"]
            start = max(self.text.rfind(ch, 0, begin) for ch in "。;\n") + 1
            self.add(StepTerm,
                when=self.when(start, begin), amount=amount["value"], step=fact["value"],
                start=first[0]["value"] if first else None, initial=first[1]["value"] if first else None,
                **self.cap_fields(cap, start),
            )

    def _first_reach(self, before: list[dict]) -> tuple[dict, dict] | None:
        """首次达到1亿元…给予20万元 before a staircase: its start and initial sum."""
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
            self.add(TiersTerm,
                when=self.when(start, levels[0]["start"]),
                tiers=[Tier(threshold=t["value"], amount=a["value"]) for t, a in zip(levels, amounts, strict=True)],
            )

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
        self.add(BracketsTerm,
            when=self.when(start, bounds[0]["start"] if bounds else rates[0]["start"]),
            brackets=[Bracket(upto=upto, rate=r["value"]) for upto, r in zip([*uptos, None], rates, strict=True)],
            **self.cap_fields(cap, start),
        )

    def rates(self, start, end, facts, money, following) -> None:
        paid = [f for f in facts if f["kind"] == "rate" and f["role"] in ("award", "cap") and id(f) not in self.used
                and f["bound"] != "lower" and not AFTER_CAP.match(self.text[f["end"]:f["end"] + 6])]
        caps = {}
        for fact in paid:
            cap = self.next_cap(fact["end"], end, following, counted=True)
            caps[id(fact)] = cap
        for fact in paid:
            figure = self._figure_start(fact)
            base = self._base(start, figure, money)
            threshold = self._threshold(start, figure, money, base)
            cap = caps[id(fact)]
            self.take(fact, threshold)
            low = next((f["value"] for f in self.facts if fact["range_id"] is not None and f["kind"] == "rate"
                        and f["range_id"] == fact["range_id"] and f["bound"] == "lower"), None)
            self.add(RateTerm,
                when=self.when(start, figure), rate=fact["value"], base=base or "基数", rate_min=low,
                threshold=threshold["value"] if threshold else None, years=self.years(start, end),
                **self.cap_fields(cap, start),
            )
        self.take(*caps.values())

    def full_costs(self, start, end, facts, money, following) -> None:
        """全额契税补贴, 按实际租赁费用给予补贴: the cost itself is paid, up to the cap that follows."""
        for found in FULL_COST.finditer(self.text, start, end):
            base = found.group("base") or (f"实际{found.group('actual')}" if found.group("actual") else "")
            base = base or ("贷款利息" if found.group().endswith("贴息") else "实际费用")
            cap = self.next_cap(found.end(), end, following)
            self.take(cap)
            self.paid_in_full.append(found.end())
            self.add(RateTerm,
                when=self.when(start, found.start(), found.end()), rate=Decimal(1), base=base,
                years=self.years(start, end), cues=[found.group()], **self.cap_fields(cap, start),
            )

    def _figure_start(self, fact: dict) -> int:
        """Where a figure begins as printed: a range starts at its low end (10%-30%)."""
        if fact["range_id"] is None:
            return fact["start"]
        return min(f["start"] for f in self.facts if f["kind"] == fact["kind"] and f["range_id"] == fact["range_id"])

    def _base(self, start: int, figure: int, money: list[dict]) -> str:
        """The noun a rate applies to: 按交易额的5% → 交易额; without one, the noun of the threshold before it."""
        seg = max(_segment_begin(self.text, figure, start), self._since(start, figure))
        window = self.text[seg:figure].replace("不超过", "").replace("不高于", "")
        found = BASE.search(window)
        if found and found.group("base").strip():
            return found.group("base").strip()
        threshold = next((m for m in reversed(money) if m["role"] == "threshold" and m["end"] <= figure), None)
        return self._noun_before(threshold, start) if threshold else ""

    def _noun_before(self, fact: dict, start: int) -> str:
        """年度累计登记合同成交额在5000万元以上 → 年度累计登记合同成交额."""
        head = self.text[_segment_begin(self.text, fact["start"], start):fact["start"]]
        head = BASE_VERB_TAIL.sub("", head)
        return _clean(BASE_OBJECT_HEAD.sub("", head))

    def _threshold(self, start: int, figure: int, money: list[dict], base: str) -> dict | None:
        """A threshold in the same sentence, kept only when it measures the rate's base."""
        threshold = next((m for m in money if m["role"] == "threshold" and m["end"] <= figure
                          and id(m) not in self.used), None)
        if threshold is None:
            return None
        noun, measured = measure(self._noun_before(threshold, start)), measure(base)
        return threshold if noun and measured and (noun in measured or measured in noun) else None

    def per_units(self, start, end, facts, money, following) -> None:
        # a sum per year is counted in years only when it is paid (每年1万元补贴); 每年最高 caps a year
        # 每户最高 caps what the household (the applicant) gets: not a sum per counted unit
        eligible = [f for f in money if id(f) not in self.used and f["role"] in ("award", "cap")
                    and any(u in COUNTED and (u not in ("年", "户") or f["role"] == "award") for u in f["per"])
                    and not f["bound"]]
        members = [self._member(start, fact) for fact in eligible]
        for fact, member in zip(eligible, members, strict=True):
            cap = self.next_cap(fact["end"], end, following)
            self.take(fact, cap)
            segment = self.text[_segment_begin(self.text, fact["start"], start):fact["start"]]
            counted = [u for u in fact["per"] if u in COUNTED]
            per = next((u for u in counted if u != "年"), "年")  # 每人每年: per person, each year
            when = _single_member(self.when(start, fact["start"]), members, member)
            if fact.get("group"):  # a row of a table under a merged cell: 中型 满1年(含)不足2年
                when = f"{fact['group']} {when}"
            self.add(PerUnitTerm,
                when=when, amount=fact["value"],
                per=per, per_year=(per != "年" and ("年" in fact["per"] or "每年" in segment)) or None,
                years=self.years(start, end), **self.cap_fields(cap, start),
            )

    def _member(self, start: int, fact: dict) -> str:
        """技师每人0.5万元/年: the member named right before a sum."""
        words = MEMBER_SPLIT.split(self.text[_segment_begin(self.text, fact["start"], start):fact["start"]])[-1]
        return PER_TAIL.sub("", words).strip()

    def spread(self, start, end, facts, money, following) -> None:
        """分别, or sums listed with 、: k sums (or caps) for the k members of the list before them."""
        amounts = [m for m in money if m["role"] in ("award", "cap") and id(m) not in self.used and m["bound"] is None]
        amounts = [m for m in amounts if m["role"] == amounts[0]["role"]] if amounts else []
        listed = len(amounts) >= 2 and all(
            LISTED_BETWEEN.fullmatch(self.text[a["end"]:b["start"]]) for a, b in zip(amounts, amounts[1:], strict=False))
        if len(amounts) < 2 or (self.text.find("分别", start, end) < 0 and not listed):
            return
        found = self._members(start, amounts[0]["start"], len(amounts))
        if found is None:
            return
        members, list_text, per_person = found
        phrase = self.when(start, amounts[0]["start"], amounts[-1]["end"])
        yearly = "每年" in self.text[start:amounts[0]["start"]]
        self.take(*amounts)
        for member, amount in zip(members, amounts, strict=True):
            when = phrase.replace(list_text, member) if list_text in phrase else f"{phrase} {member}"
            when = LEADING_WORDS.sub("", when).strip()
            if amount["role"] == "cap":
                self.add(CapOnlyTerm, when=when, cap=amount["value"], years=self.years(start, end))
            elif per_person:
                self.add(PerUnitTerm, when=when, amount=amount["value"], per="人",
                         per_year=(yearly or "年" in amount["per"]) or None, years=self.years(start, end))
            else:
                self.add(FixedTerm, when=when, amount=amount["value"], years=self.years(start, end))

    def _members(self, start: int, upto: int, count: int) -> tuple[list[str], str, bool] | None:
        """The `count` members before the sums: a list of the vocabulary's classes, or a segment split on 、."""
        head = self.text[start:upto]
        lists = [items for items in find_lists(head) if len(items) == count]
        preferred = [items for items in lists if items[0].label == "LEVEL"] or lists
        persons = words_of("person")
        if preferred:
            items = preferred[-1]  # the list nearest to the sums
            after = head[items[-1].end:items[-1].end + 12]
            per_person = items[0].label == "PERSON" or any(word in after for word in persons if len(word) > 1)
            return _distribute([i.text for i in items]), head[items[0].start:items[-1].end], per_person
        for segment in reversed(SEGMENT_SPLIT.split(head)):
            chunk = LEADING_WORDS.sub("", COUNT_TAIL.sub("", _clean(segment)))
            pieces = [p for p in LIST_SPLIT.split(chunk) if p]
            if len(pieces) == count:
                return _distribute(pieces), chunk, False
        return None

    def ranges(self, start, end, facts, money, following) -> None:
        for fact in money:
            if fact["bound"] == "lower" and fact["role"] == "award" and id(fact) not in self.used:
                upper = next(m for m in money if m["range_id"] == fact["range_id"] and m["bound"] == "upper")
                self.take(fact, upper)
                self.add(RangeTerm, when=self.when(start, fact["start"], upper["end"]), min=fact["value"],
                         max=upper["value"], years=self.years(start, end))

    def fixed(self, start, end, facts, money, following) -> None:
        for fact in money:
            if fact["role"] == "award" and id(fact) not in self.used and not fact["bound"]:
                self.take(fact)
                self.add(FixedTerm, when=self.when(start, fact["start"], fact["end"]), amount=fact["value"],
                         years=self.years(start, end))

    def caps(self, start, end, facts, money, following) -> None:
        for fact in money:
            broken_down = BROKEN_DOWN.match(self.text[fact["end"]:end]) and any(
                f["role"] == "award" and f["start"] > fact["end"] for f in money)
            if broken_down:  # 每户最高15万元的补贴,其中…15万元、…12万元: the breakdown's ceiling, not a term of its own
                self.take(fact)
                continue
            if fact["role"] == "cap" and id(fact) not in self.used and not _counted(fact):
                self.take(fact)
                seg = _segment_begin(self.text, fact["start"], start)
                self.add(CapOnlyTerm, when=self.when(start, fact["start"], fact["end"]), cap=fact["value"],
                         cap_per=_cap_per(self.text, seg, fact["end"]), years=self.years(start, end))

    def shared_caps(self) -> list:
        """以上最高…, 每家企业单项最高…: a cap that speaks for every uncapped computed term before it."""
        shared = [f for f in self.facts if f["kind"] == "money" and f["role"] == "cap"
                  and (SHARED_CAP.match(self.text[_segment_begin(self.text, f["start"], 0):f["start"]])
                       or SHARED_SENTENCE.match(self.text, window_start(self.text, f["start"], 0)))]
        out = list(self.terms)
        for fact in shared:
            scope = _cap_per(self.text, _segment_begin(self.text, fact["start"], 0), fact["end"])
            for k, term in enumerate(out):
                if term.kind in ("rate", "per_unit", "step", "brackets") and term.cap is None:
                    out[k] = term.model_copy(update={"cap": fact["value"], "cap_per": term.cap_per or scope})
        computed = any(t.kind in ("rate", "per_unit", "step", "brackets") for t in out)
        shared_values = {f["value"] for f in shared}
        return [t for t in out if not (computed and t.kind == "cap_only" and t.cap in shared_values)]


def facts_to_terms(text: str, facts: list[dict], sentences: list[tuple[int, int]] | None = None) -> list:
    """The terms of one clause from its normalized text, its facts and its sentences (split here if not given).

    >>> from decimal import Decimal
    >>> [t.kind for t in facts_to_terms(*_demo("按交易额的5%奖励技术转移机构,最高奖励30万元"))]
    ['rate']
    >>> [(t.when, t.amount) for t in facts_to_terms(*_demo("对新认定的国家级和省级重点实验室,分别一次性给予100万元和50万元奖励"))]
    [('新认定的国家级重点实验室', Decimal('1000000')), ('新认定的省级重点实验室', Decimal('500000'))]
    """
    return _Compiler(text, facts, sentence_spans(text) if sentences is None else sentences).run()


def _demo(text: str) -> tuple[str, list[dict]]:
    from . import text_to_facts

    return text, text_to_facts(text)
