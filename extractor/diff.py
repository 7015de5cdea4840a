"""Comparing two notices clause by clause and figure by figure.

Clauses are paired by their text, never by number or position: identical
texts first, then the most similar ones (figures masked, so 30万元→50万元 does
not weaken a pair), then the leftovers are tried as merges (one new clause
holding two old ones) and splits (one old clause spread over two new ones).
Pairs out of order with respect to the others (outside the longest run in
order) were moved; pairs in order under another number were renumbered.

For a pair whose text differs, the changes are read from the extracted facts
(money, rates, quantities by role, in printed order), the units, the kinds of
terms, and the wording outside figures and unit lists.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from difflib import SequenceMatcher

from .lexicon import UNITS_ONLY
from .models import Clause, ClauseChange, DiffReport, Fact, FieldChange, MetadataChange, Notice
from .normalize import INVISIBLE, normalize

PAIR_THRESHOLD = 0.5  # similarity (figures masked) above which two clauses are the same clause
COVER_THRESHOLD = 0.7
MIN_CONTAINED = 20  # characters
LINEAGE = 0.5  # fewer text pairs than this share of the clauses: two different documents, not two versions
TOPIC_THRESHOLD = 0.25  # idf-weighted share of words for two documents' clauses to cover the same item  # share of a clause found inside another for a merge or a split
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
WORDING_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|.", re.S)  # characters, a number kept whole (2029, not 20 + 29)
METADATA_FIELDS = (
    "status", "doc_number", "title", "date", "effective_from", "effective_until", "validity_years", "stacking",
    "comment_deadline", "issuers",
)
FACT_FIELDS = {"money": "money", "rate": "rate", "quantity": "quantity"}


def body(clause: Clause) -> str:
    """The clause text without its number, unit list and whitespace, normalized: what pairs clauses."""
    text = normalize(clause.text).text
    if clause.label and clause.style != "lead":
        text = text[len(normalize(clause.label).text):]
    return UNITS_ONLY.sub("", "".join(text.split()))


def _masked(text: str) -> str:
    return FIGURE.sub("#", text)


def _ratio(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, _masked(a), _masked(b), autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= PAIR_THRESHOLD else 0.0


def _score(a: str, b: str) -> float:
    """How surely two clause texts are the same clause: similar, or the shorter contained in the longer.

    Containment pairs a clause with a longer one that took it over (a city's clause
    that adds to the province's, a clause that gained a sentence); it is trusted
    only for texts long enough not to be found anywhere by chance.
    """
    shorter, longer = sorted((a, b), key=len)
    contained = _covered(shorter, longer) if len(shorter) >= MIN_CONTAINED else 0.0
    return max(_ratio(a, b), contained)


def _covered(part: str, whole: str) -> float:
    """Share of `part` found, in order, inside `whole`."""
    if not part:
        return 0.0
    blocks = SequenceMatcher(None, _masked(part), _masked(whole), autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(_masked(part))


def align(old: list[Clause], new: list[Clause]) -> tuple[dict[int, int], dict[int, list[int]], dict[int, list[int]]]:
    """Pairs old→new, merges new→[old…], splits old→[new…] (indices into the two lists)."""
    old_bodies, new_bodies = [body(c) for c in old], [body(c) for c in new]
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for i, text in enumerate(old_bodies):  # identical texts, in order
        j = next((j for j, other in enumerate(new_bodies) if j not in taken and other == text), None)
        if j is not None:
            pairs[i], _ = j, taken.add(j)
    scored = sorted(
        ((_score(old_bodies[i], new_bodies[j]), i, j) for i in range(len(old)) if i not in pairs
         for j in range(len(new)) if j not in taken),
        reverse=True,
    )
    for score, i, j in scored:
        if score >= PAIR_THRESHOLD and i not in pairs and j not in taken:
            pairs[i], _ = j, taken.add(j)
    merges = _merges(old_bodies, new_bodies, pairs)
    splits = _splits(old_bodies, new_bodies, pairs, merges)
    return pairs, merges, splits


def _merges(old_bodies: list[str], new_bodies: list[str], pairs: dict[int, int]) -> dict[int, list[int]]:
    """New clauses that hold two or more old clauses (the unpaired ones, and the one paired with them)."""
    merges = {}
    paired_new = {j: i for i, j in pairs.items()}
    for j, text in enumerate(new_bodies):
        sources = [i for i in range(len(old_bodies)) if (i not in pairs or pairs[i] == j)
                   and len(old_bodies[i]) >= MIN_CONTAINED and _covered(old_bodies[i], text) >= COVER_THRESHOLD]
        if len(sources) >= 2 and (j not in paired_new or paired_new[j] in sources):
            merges[j] = sources
    return merges


def _splits(old_bodies, new_bodies, pairs, merges) -> dict[int, list[int]]:
    """Old clauses spread over two or more new clauses (the unpaired ones, and the one paired with it)."""
    merged_old = {i for sources in merges.values() for i in sources}
    merged_new = set(merges)
    paired_new = {j: i for i, j in pairs.items()}
    splits = {}
    for i, text in enumerate(old_bodies):
        if i in merged_old:
            continue
        parts = [j for j in range(len(new_bodies)) if j not in merged_new and (j not in paired_new or paired_new[j] == i)
                 and len(new_bodies[j]) >= MIN_CONTAINED and _covered(new_bodies[j], text) >= COVER_THRESHOLD]
        if len(parts) >= 2:
            splits[i] = parts
    return splits


def _in_order(pairs: dict[int, int]) -> set[int]:
    """Old indices of the pairs in the longest run whose new order follows the old order."""
    items = sorted(pairs.items())
    tails: list[int] = []
    tails_at: list[int] = []
    parent: dict[int, int | None] = {}
    for k, (_, j) in enumerate(items):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_at.append(k)
        else:
            tails[pos], tails_at[pos] = j, k
        parent[k] = tails_at[pos - 1] if pos else None
    keep, k = set(), tails_at[-1] if tails_at else None
    while k is not None:
        keep.add(items[k][0])
        k = parent[k]
    return keep


def _fact_changes(old: list[Fact], new: list[Fact]) -> list[FieldChange]:
    """Figures by kind and role, paired in printed order."""
    changes = []
    for kind, name in FACT_FIELDS.items():
        roles = list(dict.fromkeys(f.role for f in [*old, *new] if f.kind == kind))
        for role in roles:
            a = [f.value for f in old if f.kind == kind and f.role == role]
            b = [f.value for f in new if f.kind == kind and f.role == role]
            for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if op == "equal":
                    continue
                olds, news = a[a1:a2], b[b1:b2]
                for k in range(max(len(olds), len(news))):
                    changes.append(FieldChange(field=name, role=role, old=olds[k] if k < len(olds) else None,
                                               new=news[k] if k < len(news) else None))
    return changes


def _units(clause: Clause) -> list[str]:
    return [*clause.lead_units, *clause.units]


def _unit_changes(old: Clause, new: Clause) -> list[FieldChange]:
    before, after = _units(old), _units(new)
    removed = [u for u in before if u not in after]
    added = [u for u in after if u not in before]
    return [FieldChange(field="unit", old=u) for u in removed] + [FieldChange(field="unit", new=u) for u in added]


def _term_changes(old: Clause, new: Clause) -> list[FieldChange]:
    before, after = [t.kind for t in old.terms], [t.kind for t in new.terms]
    removed, added = list(before), []
    for kind in after:
        if kind in removed:
            removed.remove(kind)
        else:
            added.append(kind)
    pairs = list(zip(removed, added, strict=False))
    changes = [FieldChange(field="term", old=a, new=b) for a, b in pairs]
    changes += [FieldChange(field="term", old=a) for a in removed[len(pairs):]]
    changes += [FieldChange(field="term", new=b) for b in added[len(pairs):]]
    return changes


def _wording(clause: Clause) -> list[str]:
    """Words of a clause outside its figures, its number and its unit list."""
    text = normalize(clause.text).text
    for fact in sorted(clause.facts, key=lambda f: -f.span.start):
        a = fact.span.start - clause.span.start
        b = fact.span.end - clause.span.start
        text = text[:a] + "§" + text[b:]
    if clause.label and clause.style != "lead":
        text = text[len(normalize(clause.label).text):]
    text = UNITS_ONLY.sub("", "".join(text.split()))
    return WORDING_TOKEN.findall(text)


def _text_change(old: Clause, new: Clause) -> list[FieldChange]:
    a, b = _wording(old), _wording(new)
    removed, inserted = [], []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed.append("".join(a[a1:a2]))
        if op in ("replace", "insert"):
            inserted.append("".join(b[b1:b2]))
    if not removed and not inserted:
        return []
    return [FieldChange(field="text", old="…".join(removed) or None, new="…".join(inserted) or None)]


def clause_changes(old: Clause, new: Clause) -> list[FieldChange]:
    """Everything that differs between two paired clauses."""
    return [*_fact_changes(old.facts, new.facts), *_unit_changes(old, new), *_term_changes(old, new), *_text_change(old, new)]


def _metadata_changes(old: Notice, new: Notice) -> list[MetadataChange]:
    changes = []
    for name in METADATA_FIELDS:
        a, b = (_shown(getattr(notice.metadata, name)) for notice in (old, new))
        if a != b:
            changes.append(MetadataChange(field=name, old=a, new=b))
    return changes


def _shown(value) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return "、".join(map(str, value))
    if hasattr(value, "raw"):
        return value.raw
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _hidden_edit(old: str, new: str) -> FieldChange | None:
    """An edit made only of characters the reading folds away (U+200B inside 20万元, an added U+202E).

    The figures read the same, but the printed texts differ: a reader copying the new text
    gets the hidden characters too, so the pair is reported, naming them.
    """
    if "".join(old.split()) == "".join(new.split()):
        return None
    added = sorted({f"U+{ord(ch):04X}" for ch in new if ch in INVISIBLE} - {f"U+{ord(ch):04X}" for ch in old if ch in INVISIBLE})
    removed = sorted({f"U+{ord(ch):04X}" for ch in old if ch in INVISIBLE} - {f"U+{ord(ch):04X}" for ch in new if ch in INVISIBLE})
    if not added and not removed:
        return None
    return FieldChange(field="text", old="不可见字符 " + "、".join(removed) if removed else None,
                       new="不可见字符 " + "、".join(added) if added else None)


def compare(old: Notice, new: Notice) -> DiffReport:
    """Two notices compared: metadata changes and every clause's fate."""
    a, b = old.clauses(), new.clauses()
    pairs, merges, splits = align(a, b)
    merged_old = {i for sources in merges.values() for i in sources}
    split_new = {j for parts in splits.values() for j in parts}
    for i in merged_old | set(splits):
        pairs.pop(i, None)
    pairs = {i: j for i, j in pairs.items() if j not in merges and j not in split_new}
    ordered = _in_order(pairs)
    entries: list[tuple[float, ClauseChange]] = []
    for i, j in pairs.items():
        same = body(a[i]) == body(b[j]) and _units(a[i]) == _units(b[j])
        if i not in ordered:
            status = "moved"
        elif same:
            status = "unchanged" if a[i].path == b[j].path else "renumbered"
        else:
            status = "modified"
        changes = [] if same else clause_changes(a[i], b[j])
        if same and (hidden := _hidden_edit(a[i].text, b[j].text)):  # 2\u200b0万元: the same once folded, not as printed
            status, changes = "modified", [hidden]
        entries.append((j, _entry(a[i], b[j], status, changes)))
    for j, sources in merges.items():
        entries += [(j + k / 100, _entry(a[i], b[j], "merged", [])) for k, i in enumerate(sources)]
    for i, parts in splits.items():
        entries += [(j, _entry(a[i], b[j], "split", [])) for j in parts]
    placed_old = set(pairs) | merged_old | set(splits)
    placed_new = set(pairs.values()) | set(merges) | split_new
    entries += [(j, _entry(None, b[j], "added", [])) for j in range(len(b)) if j not in placed_new]
    entries += [(_old_place(i, pairs) - 0.5, _entry(a[i], None, "removed", [])) for i in range(len(a)) if i not in placed_old]
    return DiffReport(
        old=old.id, new=new.id, old_title=old.metadata.title, new_title=new.metadata.title,
        metadata_changes=_metadata_changes(old, new), clauses=[entry for _, entry in sorted(entries, key=lambda e: e[0])],
    )


def _old_place(i: int, pairs: dict[int, int]) -> float:
    """Where a removed old clause stands in the new order: just after its nearest paired predecessor."""
    before = [j for k, j in pairs.items() if k < i]
    return (max(before) + 1) if before else 0


def _entry(old: Clause | None, new: Clause | None, status: str, changes: list[FieldChange]) -> ClauseChange:
    return ClauseChange(
        old_path=old.path if old else None, new_path=new.path if new else None, status=status, changes=changes,
        old_text=old.text if old else None, new_text=new.text if new else None,
    )


def differs(report: DiffReport) -> bool:
    """True when anything differs (the exit code of `policyx diff`)."""
    return bool(report.metadata_changes) or any(c.status != "unchanged" for c in report.clauses)
