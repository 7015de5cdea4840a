"""Every paragraph of a notice ends up somewhere a user can see it."""

from __future__ import annotations

import pytest

from extractor.normalize import normalize
from extractor.paragraphs import text_to_paragraphs, title_length
from extractor.pipeline import run
from extractor.segment import PURPOSE, is_non_rule

from .conftest import CORPUS

NOTICES = sorted((CORPUS / "text").glob("*.txt")) + sorted((CORPUS / "heldout" / "text").glob("*.txt"))


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_every_paragraph_is_in_a_clause_a_heading_the_frame_or_the_dropped_list(path):
    notice = run(path)
    norm = normalize(notice.text)
    paragraphs = text_to_paragraphs(norm)
    places = [(c.span.start, c.span.end) for c in notice.clauses()]
    places += [(h.span.start, h.span.end) for sub in notice.subdocuments for h in sub.headings]
    places += [(d.span.start, d.span.end) for d in notice.dropped if d.span]
    places += [(s.start, s.end) for s in notice.metadata.sources.values()]
    lost = []
    for k, p in enumerate(paragraphs):
        start, end = norm.to_raw(p.start, p.end)
        if any(a < end and start < b for a, b in places):
            continue
        if is_non_rule(p.text) or PURPOSE.match(p.text) or title_length(paragraphs, k) or (k and title_length(paragraphs, k - 1) == 2):
            continue  # the notice's frame: titles, signature, cover letter, purpose preamble
        lost.append(p.text[:30])
    assert lost == []
