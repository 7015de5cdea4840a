"""Hostile and broken inputs (shared/reliability/BAD_INPUTS.md and cases users hit): nothing lost, nothing silent.

Each input is built here, small; each row asserts what is read, written or refused.
"""

from __future__ import annotations

import re

import pytest

from extractor.pipeline import run_bytes


@pytest.mark.parametrize("line_end", ["\u2028", "\u2029", "\x85", "\r\n", "\r"],
                         ids=["line-separator", "paragraph-separator", "next-line", "crlf", "cr"])
def test_unicode_line_ends_end_lines(line_end):
    text = line_end.join(["一、对新认定的企业给予10万元奖励。", "二、对新引进的博士给予5万元补贴。", ""])
    notice = run_bytes(text.encode("utf-8"), "ends.txt")
    assert [c.path for c in notice.clauses()] == ["一", "二"]
    assert [str(f.value) for c in notice.clauses() for f in c.facts] == ["100000", "50000"]


def test_every_label_of_a_long_numbered_list_lands_in_a_clause():
    # counted from the text itself, not by the segmenter's own predicates: every printed "N." label
    text = "".join(f"{n}. 对第{n}类企业给予{n}万元奖励。\n" for n in range(1, 2001))
    notice = run_bytes(text.encode("utf-8"), "long.txt")
    printed = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", text, re.MULTILINE)]
    read = [int(re.match(r"(\d+)\.", c.text).group(1)) for c in notice.clauses()]
    assert read == printed == list(range(1, 2001))
    assert sum(len(c.facts) for c in notice.clauses()) == 2000
