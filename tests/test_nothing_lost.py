"""Every paragraph of a notice ends up somewhere a user can see it.

Inside a policy's body (from its first clause to its last) every paragraph
must lie in a clause or a heading; outside it, a paragraph may also be the
notice's frame (titles, signature, cover letter, purpose preamble) or
dropped furniture. The frame test is deliberately narrow and independent
of the segmenter's own predicates.
"""

from __future__ import annotations

import re

import pytest

from extractor.normalize import normalize
from extractor.paragraphs import text_to_paragraphs
from extractor.pipeline import run

from .conftest import CORPUS

NOTICES = sorted((CORPUS / "text").glob("*.txt")) + sorted((CORPUS / "heldout" / "text").glob("*.txt"))


def overlaps(start: int, end: int, places: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in places)


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_no_paragraph_inside_a_policy_is_lost(path):
    notice = run(path)
    norm = normalize(notice.text)
    places = [(c.span.start, c.span.end) for c in notice.clauses()]
    places += [(h.span.start, h.span.end) for sub in notice.subdocuments for h in sub.headings]
    bodies = [(sub.clauses[0].span.start, sub.clauses[-1].span.end) for sub in notice.subdocuments if sub.clauses]
    lost = []
    for p in text_to_paragraphs(norm):
        start, end = norm.to_raw(p.start, p.end)
        inside = any(a <= start and end <= b for a, b in bodies)
        if inside and not overlaps(start, end, places):
            lost.append(p.text[:30])
    assert lost == []


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_every_paragraph_with_a_figure_is_in_a_clause_or_dropped(path):
    notice = run(path)
    norm = normalize(notice.text)
    places = [(c.span.start, c.span.end) for c in notice.clauses()]
    places += [(d.span.start, d.span.end) for d in notice.dropped if d.span]
    lost = []
    for p in text_to_paragraphs(norm):
        start, end = norm.to_raw(p.start, p.end)
        if re.search(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|%)", p.text) and not overlaps(start, end, places):
            lost.append(p.text[:30])
    assert lost == []
