"""Conditions to qualify: who may claim, what it must hold, reach or not be, and by when.

Read on one clause's normalized text and its facts. The cue patterns are the named rules of
`lexicon.CONDITION_RULES`; threshold figures become conditions on the base printed before them
(`lexicon.CONDITION_BASES`); periods an act must fall in are windows. Conditions printed after
下列条件之一 form an `any` group. Offsets are into the clause text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from decimal import Decimal

from ..lexicon import (ANY_OF, CONDITION_BASE_SPLIT, CONDITION_BASE_TRIM, CONDITION_BASE_WORDS, CONDITION_BASES,
                       CONDITION_BELOW, CONDITION_KIND_END, CONDITION_LIFTED, CONDITION_LOWER_WORDS, CONDITION_NEEDS,
                       CONDITION_NOT_APPLICANT, CONDITION_NOT_STACKED, CONDITION_ONE_ONLY, CONDITION_REFERENCE,
                       CONDITION_RESTATED, CONDITION_RULES, CONDITION_SCOPE_NOTE, CONDITION_SIDE_AFTER, CONDITION_SIDED,
                       CONDITION_UNIT_FIELDS, NOTICE_VALIDITY, WINDOW, WINDOW_ACT)
from ..labels import cn_to_int
from .sentences import sentence_spans



def _number(text: str) -> Decimal | None:
    if text.isdigit():
        return Decimal(text)
    value = cn_to_int(text)
    return Decimal(value) if value is not None else None


def _leaf(field: str, op: str, start: int, end: int, text: str, rule: str, **values) -> dict:
    return {"field": field, "op": op, "start": start, "end": end, "quote": text[start:end], "rule": rule, **values}


# Each cue rule with the characters one of which its match holds (or None), and whether it reads a number
CUE_RULES = tuple((rule, field, op, pattern, frozenset(CONDITION_NEEDS[rule]) if CONDITION_NEEDS.get(rule) else None,
                   "n" in pattern.groupindex) for rule, (field, op, pattern) in CONDITION_RULES.items())


def _cue_conditions(text: str) -> list[dict]:
    found, printed = [], set(text)
    for rule, field, op, pattern, needs, numeric in CUE_RULES:
        if needs is not None and printed.isdisjoint(needs):
            continue
        for match in pattern.finditer(text):
            if numeric:
                number = _number(match.group("n"))
                if number is None or rule in CONDITION_SIDED and not (match.group("dir") or match.group("after")):
                    continue
                below = bool(CONDITION_LOWER_WORDS.fullmatch(match.group("dir") or "")
                             or CONDITION_LOWER_WORDS.search(match.group("after") or "")
                             or rule in CONDITION_ONE_ONLY and number == 1 and not match.group("after"))
                found.append(_leaf(field, "<=" if below else ">=", match.start(), match.end(), text, rule,
                                   number=number, unit=match.group("unit")))
            elif not _someone_else(rule, text, match):
                found.append(_leaf(field, op, match.start("value"), match.end("value"), text, rule,
                                   value=match.group("value").strip("“”")))
    return found


def _someone_else(rule: str, text: str, match: re.Match[str]) -> bool:
    """A kind printed as the administration or a counterparty, or a 不含 that is a scope note: not about the applicant."""
    if rule == "applicant.kind":
        return CONDITION_NOT_APPLICANT.search(text, max(0, match.start() - 16), match.start()) is not None
    if rule == "excluded.not_included" and CONDITION_SCOPE_NOTE.search(text, 0, match.start()):
        bracket = match.start() - 1
        return not CONDITION_KIND_END.search(text, max(0, bracket - 6), bracket)
    return False


def _threshold_conditions(text: str, facts: list[dict], sentences: list[tuple[int, int]]) -> list[dict]:
    found, starts = [], [start for start, _ in sentences]
    for fact in facts:
        if fact["role"] != "threshold" or fact.get("bound") == "upper":
            continue
        inside = bisect_right(starts, fact["start"]) - 1  # the sentence the figure stands in
        sentence_start = starts[inside] if inside >= 0 else 0
        before = text[sentence_start:fact["start"]]
        words = CONDITION_BASE_WORDS.search(CONDITION_BASE_SPLIT.split(before)[-1])
        base = CONDITION_BASE_TRIM.sub("", words.group()) if words else ""
        base_start = fact["start"] - len(words.group()) + words.group().find(base) if base else fact["start"]
        field = next((name for name, kind, pattern in CONDITION_BASES if kind == fact["kind"] and pattern.search(base)),
                     None)
        if field is None:
            if fact["kind"] == "rate" or CONDITION_RESTATED.search(before):
                continue  # rates other than rd_ratio are shares; 90平方米(含90平方米)以下 restates the bound before it
            field = CONDITION_UNIT_FIELDS.get(fact["unit"]) or ("amount" if fact["kind"] == "money" else "quantity")
        # 未满五年 is an upper bound though its cue 满 reads as a floor; otherwise the cue's side counts
        below = CONDITION_BELOW.search(before[-6:]) or fact.get("direction") == "upper" or (
            fact.get("direction") is None and CONDITION_BELOW.search(text[fact["end"]:fact["end"] + 6]))
        side = CONDITION_SIDE_AFTER.match(text, fact["end"])
        end = side.end() if side else fact["end"]  # 144平方米(含)以下 and 144平方米以上 are told apart by their quotes
        found.append(_leaf(field, "<=" if below else ">=", base_start, end, text, f"threshold.{field}",
                           number=fact["value"], unit=fact["unit"], what=base or None))
    return found


def _day(match: re.Match[str], key: str, year: int | None) -> dt.date | None:
    printed = match.group(f"{key}y")
    try:
        return dt.date(int(printed) if printed else year, int(match.group(f"{key}m")), int(match.group(f"{key}d")))
    except (TypeError, ValueError):
        return None


def _windows(text: str, year: int | None, sentences: list[tuple[int, int]]) -> list[dict]:
    found = []
    for start, end in sentences:
        sentence = text[start:end]
        if "月" not in sentence or not WINDOW_ACT.search(sentence) or NOTICE_VALIDITY.search(sentence):
            continue
        for match in WINDOW.finditer(sentence):
            if match.group("am"):
                last = _day(match, "b", year)
                first = _day(match, "a", last.year if last and not match.group("ay") else year)
                if last is None and first is not None:
                    last = _day(match, "b", first.year)
                span, rule = (first, last), "window.range"
            elif match.group("cm"):
                span, rule = (None, _day(match, "c", year)), "window.until"
            elif match.group("fm"):
                span, rule = (None, _day(match, "f", year)), "window.last_day"
            else:
                span, rule = (_day(match, "e", year), None), "window.from"
            if span == (None, None) or None in span and rule == "window.range":
                continue
            found.append(_leaf("window", "between", start + match.start(), start + match.end(), text, rule,
                               date_from=span[0], date_to=span[1]))
    return found


def _within(inner: dict, outer: dict) -> bool:
    """Whether a leaf printed inside another is part of it: the same field, a kind inside a status (高新技术企业), or
    anything inside the name of a policy not to be stacked (多孩家庭贷款政策与人才贷款政策不得同时享受)."""
    return inner["field"] == outer["field"] or outer["rule"] in CONDITION_NOT_STACKED or (
        inner["field"] == "applicant" and outer["field"] == "qualification" and outer["rule"] != "qualification.object")


REFERABLE = ("holds", "qualification", "other")  # what 以购房合同网签时间为准 names is the date that counts, not a thing to hold
NUMERIC_FIELDS = ("revenue", "employees", "rd_ratio", "amount", "quantity", "founded", "age")


def _names_a_threshold(leaf: dict, kept: list[dict]) -> bool:
    """An object read around a threshold (营业收入达到2000万元以上的企业) is that threshold, not a status."""
    return leaf["rule"] == "qualification.object" and any(
        other["field"] in NUMERIC_FIELDS and leaf["start"] <= other["start"] and other["end"] <= leaf["end"] for other in kept)


def _sides(leaves: list[dict]) -> list:
    """Both sides of one figure (144平方米以下 … 144平方米以上) pay different sums: alternatives, not both required."""
    out, used = [], set()
    for k, leaf in enumerate(leaves):
        if k in used:
            continue
        other = next((j for j in range(k + 1, len(leaves)) if j not in used and leaf["field"] in NUMERIC_FIELDS
                      and leaves[j]["field"] == leaf["field"] and leaves[j].get("number") == leaf.get("number")
                      and leaves[j]["op"] != leaf["op"]), None)
        if other is None:
            out.append(leaf)
        else:
            used.add(other)
            out.append({"logic": "any", "items": [leaf, leaves[other]]})
    return out


def find_conditions(text: str, facts: list[dict], year: int | None = None,
                    sentences: list[tuple[int, int]] | None = None) -> dict | None:
    """The clause's conditions as a tree of leaves (dicts with clause offsets), or None when it states none.
    `sentences` are the clause's (`sentences.sentence_spans`), split here if not given: thresholds read the
    sentence they stand in, windows each sentence.

    >>> tree = find_conditions("注册地在晋中市、成立不满3年的高新技术企业,营业收入500万元以上", [
    ...     {"kind": "money", "role": "threshold", "value": Decimal(5000000), "unit": "元", "start": 26, "end": 31}])
    >>> [(c["field"], c["op"], c.get("value") or str(c.get("number"))) for c in tree["items"]]
    [('region', 'in', '晋中市'), ('founded', '<=', '3'), ('qualification', 'has', '高新技术企业'), ('revenue', '>=', '5000000')]
    """
    sentences = sentence_spans(text) if sentences is None else sentences
    leaves = [*_cue_conditions(text), *_threshold_conditions(text, facts, sentences), *_windows(text, year, sentences)]
    leaves.sort(key=lambda leaf: (leaf["start"], -leaf["end"]))
    kept, seen = [], set()
    for leaf in leaves:
        key = (leaf["field"], leaf["op"], leaf.get("value"), leaf.get("number"), leaf.get("date_from"), leaf.get("date_to"))
        if key in seen or any(k["start"] <= leaf["start"] and leaf["end"] <= k["end"] and _within(leaf, k) for k in kept[-3:]):
            continue
        seen.add(key)
        kept.append(leaf)
    kept = [leaf for leaf in kept if not _names_a_threshold(leaf, kept)]
    references = [m.span() for m in CONDITION_REFERENCE.finditer(text)]
    kept = [leaf for leaf in kept if leaf["field"] not in REFERABLE
            or not any(a <= leaf["start"] and leaf["end"] <= b for a, b in references)]
    lifted = [m.span() for m in CONDITION_LIFTED.finditer(text)]
    kept = [leaf for leaf in kept if not any(a <= leaf["start"] and leaf["end"] <= b for a, b in lifted)]
    if not kept:
        return None
    any_of = ANY_OF.search(text)
    if any_of is None:
        return {"logic": "all", "items": _sides(kept)}
    before = [leaf for leaf in kept if leaf["start"] < any_of.start()]
    after = [leaf for leaf in kept if leaf["start"] >= any_of.start()]
    return {"logic": "all", "items": _sides(before) + ([{"logic": "any", "items": after}] if after else [])}
