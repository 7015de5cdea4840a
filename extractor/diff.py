"""Comparing two notices clause by clause and figure by figure.

Clauses are paired by their text, never by number or position: identical
texts first, then the most similar ones (figures masked, so 30万元→50万元 does
not weaken a pair), then the leftovers are tried as merges (one new clause
holding two old ones) and splits (one old clause spread over two new ones).
A clause is tried with every leftover of the other notice while there are
at most FULL_SCAN of them, so small notices are aligned as by trying every
pair; beyond, only with the leftovers near its expected place (read from the
identical pairs around it) and those sharing its rarest character bigrams or
figures, so a long notice costs in proportion to its length, not its square.
Pairs out of order with respect to the others (outside the longest run in
order) were moved; pairs in order under another number were renumbered.

For a pair whose text differs, the changes are read from the extracted facts
(money, rates, quantities by role, in printed order), the units, the kinds of
terms, and the wording outside figures and unit lists.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from itertools import chain
from pathlib import Path

from .patterns import compiled
from .lexicon import UNITS_ONLY
from .models import Clause, ClauseChange, DiffInput, DiffReport, Fact, FieldChange, MetadataChange, Notice
from .normalize import INVISIBLE, normalize

PAIR_THRESHOLD = 0.5  # similarity (figures masked) above which two clauses are the same clause
COVER_THRESHOLD = 0.7  # share of a clause found inside another for a merge or a split
MIN_CONTAINED = 20  # characters
FULL_SCAN = 20  # unpaired clauses of a notice up to which a clause of the other is tried with each of them
WINDOW = 2  # beyond: unpaired clauses tried on each side of a clause's expected place,
RARE = 12  # and its rarest features (masked bigrams, figures) looked up among the unpaired clauses,
FEATURED = 3  # to try the ones holding most of them;
COMMON_FEATURE = 40  # a feature held by more unpaired clauses than this tells none apart
FIGURE = compiled(r"\d+(?:[.,]\d+)*")
WORDING_TOKEN = compiled(r"\d+(?:[.,]\d+)*|.", re.S)  # characters, a number kept whole (2029, not 20 + 29)
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


class _Scorer:
    """How alike old and new clause bodies are, figures masked; each SequenceMatcher run once per pair and order.

    A pair's characters in common (with repeats) bound every ratio of it from above, so a
    pair whose bound is under the threshold asked for is not matched at all: it could not
    reach it.
    """

    def __init__(self, old_bodies: list[str], new_bodies: list[str]) -> None:
        self.bodies = (old_bodies, new_bodies)
        self.masked = tuple([_masked(text) for text in side] for side in self.bodies)
        self.counts = tuple([Counter(text) for text in side] for side in self.masked)
        self._common: dict[tuple[int, int], int] = {}
        self._matched: dict[tuple[int, int, int], int] = {}
        self._features: dict[tuple[int, int], set[str]] = {}

    def common(self, i: int, j: int) -> int:
        """Characters old clause i and new clause j have in common, repeats counted."""
        if (i, j) not in self._common:
            other, common = self.counts[1][j], 0
            for char, count in self.counts[0][i].items():
                common += min(count, other.get(char, 0))
            self._common[i, j] = common
        return self._common[i, j]

    def matched(self, side: int, k: int, other: int) -> int:
        """Characters of clause k of `side` (0 old, 1 new) matched in order in clause `other` of the other side."""
        if (side, k, other) not in self._matched:
            blocks = SequenceMatcher(None, self.masked[side][k], self.masked[1 - side][other],
                                     autojunk=False).get_matching_blocks()
            self._matched[side, k, other] = sum(block.size for block in blocks)
        return self._matched[side, k, other]

    def score(self, i: int, j: int) -> float:
        """How surely old clause i and new clause j are the same clause: similar, or the shorter contained in the longer.

        Containment pairs a clause with a longer one that took it over (a city's clause
        that adds to the province's, a clause that gained a sentence); it is trusted
        only for texts long enough not to be found anywhere by chance. Exact from
        PAIR_THRESHOLD up; a score below it is only known to be below it.
        """
        common, length = self.common(i, j), len(self.masked[0][i]) + len(self.masked[1][j])
        ratio = 0.0
        if (2.0 * common / length if length else 1.0) >= PAIR_THRESHOLD:  # difflib's quick_ratio, then its ratio
            ratio = 2.0 * self.matched(0, i, j) / length if length else 1.0
        old_shorter = len(self.bodies[0][i]) <= len(self.bodies[1][j])  # the old one on a tie
        shorter, masked = (self.bodies[0][i], self.masked[0][i]) if old_shorter else (self.bodies[1][j], self.masked[1][j])
        contained = 0.0
        if len(shorter) >= MIN_CONTAINED and common / len(masked) >= PAIR_THRESHOLD:
            contained = (self.matched(0, i, j) if old_shorter else self.matched(1, j, i)) / len(masked)
        return max(ratio, contained)

    def covers(self, side: int, k: int, other: int) -> bool:
        """Whether clause k of `side`, long enough, is found in order inside `other` for COVER_THRESHOLD of it."""
        if len(self.bodies[side][k]) < MIN_CONTAINED:
            return False
        length = len(self.masked[side][k])
        if self.common(*((k, other) if side == 0 else (other, k))) / length < COVER_THRESHOLD:
            return False
        return self.matched(side, k, other) / length >= COVER_THRESHOLD

    def features(self, side: int, k: int) -> set[str]:
        """What may tell clause k of `side` apart: its character bigrams, figures masked, and its figures (#30)."""
        if (side, k) not in self._features:
            text = self.masked[side][k]
            self._features[side, k] = {a + b for a, b in zip(text, text[1:], strict=False)} | {
                "#" + figure for figure in FIGURE.findall(self.bodies[side][k])}
        return self._features[side, k]


def align(old: list[Clause], new: list[Clause]) -> tuple[dict[int, int], dict[int, list[int]], dict[int, list[int]]]:
    """Pairs old→new, merges new→[old…], splits old→[new…] (indices into the two lists)."""
    scorer = _Scorer([body(c) for c in old], [body(c) for c in new])
    pairs = _identical(*scorer.bodies)
    near_new, near_old = _candidates(scorer, pairs)
    taken = set(pairs.values())
    tried = {(i, j) for i, others in near_new.items() if i not in pairs for j in others}
    tried |= {(i, j) for j, others in near_old.items() if j not in taken for i in others}
    scored = sorted(((score, i, j) for i, j in tried if (score := scorer.score(i, j)) >= PAIR_THRESHOLD), reverse=True)
    for _, i, j in scored:
        if i not in pairs and j not in taken:
            pairs[i], _ = j, taken.add(j)
    merges = _merges(scorer, pairs, near_old)
    splits = _splits(scorer, pairs, merges, near_new)
    return pairs, merges, splits


def _identical(old_bodies: list[str], new_bodies: list[str]) -> dict[int, int]:
    """Each old clause paired, in order, with the first new clause of the same text not yet paired."""
    waiting: dict[str, list[int]] = {}
    for j in reversed(range(len(new_bodies))):
        waiting.setdefault(new_bodies[j], []).append(j)
    return {i: waiting[text].pop() for i, text in enumerate(old_bodies) if waiting.get(text)}


def _candidates(scorer: _Scorer, pairs: dict[int, int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """For each old clause the unpaired new clauses worth trying it with, and for each new clause the old ones.

    While a notice has at most FULL_SCAN unpaired clauses, all of them are tried, so notices
    with that few changed clauses are aligned as by trying every pair. Beyond, only the
    clauses around the expected place and those sharing rare features (see _nearby): the
    cost grows with the number of clauses, not with its square.
    """
    paired = set(pairs.values())
    open_old = [i for i in range(len(scorer.bodies[0])) if i not in pairs]
    open_new = [j for j in range(len(scorer.bodies[1])) if j not in paired]
    anchors = sorted((i, pairs[i]) for i in _in_order(pairs))
    if len(open_new) <= FULL_SCAN:
        near_new = {i: open_new for i in range(len(scorer.bodies[0]))}
    else:
        near_new = _nearby(scorer, 0, open_old, open_new, anchors)
    if len(open_old) <= FULL_SCAN:
        near_old = {j: open_old for j in range(len(scorer.bodies[1]))}
    else:
        near_old = _nearby(scorer, 1, open_new, open_old, [(j, i) for i, j in anchors])
    return near_new, near_old


def _nearby(scorer: _Scorer, side: int, open_here: list[int], open_there: list[int],
            anchors: list[tuple[int, int]]) -> dict[int, list[int]]:
    """For each clause of `side`, the unpaired clauses of the other side (`open_there`) worth trying it with.

    The WINDOW ones on each side of where the clause would stand in the other notice, read
    between the identical pairs in order around it (`anchors`, here → there), and, for an
    unpaired clause, the FEATURED ones holding most of its rarest features: moved and edited.
    """
    rare = _rare_features(scorer, side, open_here, open_there)
    postings = _postings(scorer, 1 - side, open_there, set().union(*rare.values()))
    here, there = [a for a, _ in anchors], [b for _, b in anchors]
    sizes = len(scorer.bodies[side]), len(scorer.bodies[1 - side])
    near = {}
    for k in range(sizes[0]):
        place = _expected_place(k, here, there, sizes)
        at = bisect_left(open_there, place)
        near[k] = sorted({*open_there[max(0, at - WINDOW):at + WINDOW], *_sharing(rare.get(k), postings, place)})
    return near


def _sharing(features: list[str] | None, postings: dict[str, list[int]], place: float) -> list[int]:
    """The FEATURED clauses holding most of `features`; on a tie, the nearest to `place`."""
    if not features:
        return []
    hits = Counter(other for feature in features for other in postings[feature])
    return sorted(hits, key=lambda other: (-hits[other], abs(other - place), other))[:FEATURED]


def _rare_features(scorer: _Scorer, side: int, clauses: list[int], others: list[int]) -> dict[int, list[str]]:
    """For each of `clauses`, its RARE features held by the fewest `others`, none held by more than COMMON_FEATURE."""
    held = Counter(chain.from_iterable(scorer.features(1 - side, k) for k in others))
    rare = {feature for feature, count in held.items() if count <= COMMON_FEATURE}
    return {k: sorted(scorer.features(side, k) & rare, key=lambda f: (held[f], f))[:RARE] for k in clauses}


def _postings(scorer: _Scorer, side: int, clauses: list[int], wanted: set[str]) -> dict[str, list[int]]:
    """The `clauses` of `side` holding each `wanted` feature, in order."""
    postings: dict[str, list[int]] = {}
    for k in clauses:
        for feature in scorer.features(side, k) & wanted:
            postings.setdefault(feature, []).append(k)
    return postings


def _expected_place(k: int, here: list[int], there: list[int], sizes: tuple[int, int]) -> float:
    """Where clause k would stand in the other notice: interpolated between the anchor pairs around it.

    >>> _expected_place(5, [2, 8], [3, 12], (10, 14))
    7.5
    """
    at = bisect_left(here, k)
    h0, t0 = (here[at - 1], there[at - 1]) if at else (-1, -1)
    h1, t1 = (here[at], there[at]) if at < len(here) else sizes
    return t0 + (k - h0) * (t1 - t0) / (h1 - h0)


def _merges(scorer: _Scorer, pairs: dict[int, int], near_old: dict[int, list[int]]) -> dict[int, list[int]]:
    """New clauses that hold two or more old clauses (unpaired ones near them, and the one paired with them)."""
    merges = {}
    paired_new = {j: i for i, j in pairs.items()}
    for j in range(len(scorer.bodies[1])):
        sources = [i for i in near_old[j] if i not in pairs and scorer.covers(0, i, j)]
        if sources and j in paired_new and scorer.covers(0, paired_new[j], j):
            sources = sorted([*sources, paired_new[j]])
        if len(sources) >= 2 and (j not in paired_new or paired_new[j] in sources):
            merges[j] = sources
    return merges


def _splits(scorer: _Scorer, pairs: dict[int, int], merges: dict[int, list[int]],
            near_new: dict[int, list[int]]) -> dict[int, list[int]]:
    """Old clauses spread over two or more new clauses (unpaired ones near them, and the one paired with them)."""
    merged_old = {i for sources in merges.values() for i in sources}
    paired_new = {j: i for i, j in pairs.items()}
    splits = {}
    for i in range(len(scorer.bodies[0])):
        if i in merged_old:
            continue
        parts = [j for j in near_new[i] if j not in merges and j not in paired_new and scorer.covers(1, j, i)]
        if parts and i in pairs and pairs[i] not in merges and scorer.covers(1, pairs[i], i):
            parts = sorted([*parts, pairs[i]])
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


def _fact_changes(old: Clause, new: Clause) -> list[FieldChange]:
    """Figures by kind and role, paired in printed order, each with the words of the item it belongs to."""
    changes = []
    for kind, name in FACT_FIELDS.items():
        roles = list(dict.fromkeys(f.role for f in [*old.facts, *new.facts] if f.kind == kind))
        for role in roles:
            a = [f for f in old.facts if f.kind == kind and f.role == role]
            b = [f for f in new.facts if f.kind == kind and f.role == role]
            matcher = SequenceMatcher(None, [f.value for f in a], [f.value for f in b], autojunk=False)
            for op, a1, a2, b1, b2 in matcher.get_opcodes():
                if op == "equal":
                    continue
                olds, news = a[a1:a2], b[b1:b2]
                for k in range(max(len(olds), len(news))):
                    before, after = olds[k] if k < len(olds) else None, news[k] if k < len(news) else None
                    when = (after and fact_when(new, after)) or (before and fact_when(old, before)) or None
                    changes.append(FieldChange(field=name, role=role, old=before.value if before else None,
                                               new=after.value if after else None, when=when))
    return changes


def fact_when(clause: Clause, fact: Fact) -> str | None:
    """The `when` of the term of `clause` whose figures include `fact` (国家级, 省级 …), else of the term
    printed in the same sentence (a period of support beside its sum); None when there is none."""
    def inside(span, start: int, end: int) -> bool:
        return start <= span.start < end

    for term in clause.terms:
        if any(inside(fact.span, span.start, span.end) for span in term.spans or []):
            return term.when or None
    sentence = next((s for s in clause.sentences if inside(fact.span, s.start, s.end)), None)
    for term in clause.terms if sentence else []:
        if any(inside(span, sentence.start, sentence.end) for span in term.spans or []):
            return term.when or None
    return None


HEADING_PREVIEW = 24  # characters of a clause without a heading shown in its place


def clause_heading(clause: Clause) -> str:
    """What a reader calls a clause: its short heading, else its first words after the number."""
    if clause.heading:
        return clause.heading
    text = " ".join(clause.text.split())
    if clause.label and text.startswith(clause.label):
        text = text[len(clause.label):].lstrip()
    return text if len(text) <= HEADING_PREVIEW else text[:HEADING_PREVIEW - 1] + "…"


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
    return [*_fact_changes(old, new), *_unit_changes(old, new), *_term_changes(old, new), *_text_change(old, new)]


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
        old_path=old.path if old else None, new_path=new.path if new else None,
        old_heading=clause_heading(old) if old else None, new_heading=clause_heading(new) if new else None,
        status=status, changes=changes, old_text=old.text if old else None, new_text=new.text if new else None,
    )


def diff_input(notice: Notice) -> DiffInput:
    """The file behind a notice, as a diff report records it."""
    return DiffInput(path=notice.source.path, sha256=notice.source.sha256, size=notice.source.size)


def diff_files(old: Path | Notice, new: Path | Notice, *, now: dt.datetime | None = None) -> DiffReport:
    """Read two notices (paths, or notices already read) and compare them; the report records both
    inputs with their SHA-256, the time (`now`, default the current UTC time) and the version."""
    from .pipeline import run

    a, b = (side if isinstance(side, Notice) else run(Path(side)) for side in (old, new))
    return compare(a, b).model_copy(update={
        "old_input": diff_input(a), "new_input": diff_input(b),
        "generated": now or dt.datetime.now(dt.UTC).replace(microsecond=0)})


def differs(report: DiffReport) -> bool:
    """True when anything differs (the exit code of `policyx diff`)."""
    return bool(report.metadata_changes) or any(c.status != "unchanged" for c in report.clauses)
