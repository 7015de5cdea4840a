"""Lists read without spaCy are the lists spaCy's EntityRuler and Matcher read.

`find_lists` tags the policy vocabulary and matches lists in plain Python (importing
spaCy costs more than reading a notice). The reference here is the spaCy pipeline it
replaced: `nlp.pipeline()` (blank Chinese on the private segmenter, with the entity
ruler) and a Matcher with the same list pattern, greedy LONGEST. Both are run on every
clause text of the hand-labeled gold (seeds and real notices) and on each of its
sentences, and must agree list for list.
"""

from __future__ import annotations

import json
import re

import pytest

from extractor.extract.nlp import LIST_LABELS, ListItem, find_lists, pipeline
from extractor.lexicon import LIST_SEPARATORS

from .conftest import CORPUS


def spacy_lists(text: str) -> list[list[ListItem]]:
    from spacy.matcher import Matcher

    nlp = pipeline()
    matcher = Matcher(nlp.vocab)
    separator = {"TEXT": {"IN": list(LIST_SEPARATORS)}}
    for label in LIST_LABELS:
        item = {"ENT_TYPE": label}
        matcher.add(label, [[item, separator, item, {**separator, "OP": "?"}, {"ENT_TYPE": label, "OP": "?"},
                             {**separator, "OP": "?"}, {"ENT_TYPE": label, "OP": "?"}]], greedy="LONGEST")
    doc = nlp(text)
    found = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        found.append([ListItem(t.text, t.idx, t.idx + len(t.text), label) for t in doc[start:end] if t.ent_type_ == label])
    return sorted(found, key=lambda items: items[0].start)


def gold_texts() -> list[str]:
    texts = []
    for path in sorted(p for p in (CORPUS / "gold").rglob("*.jsonl") if "conditions" not in p.parts):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            texts.append(text)
            texts.extend(part for part in re.split(r"[。;；]", text) if part.strip())
    return texts


TEXTS = gold_texts()


def test_the_gold_holds_lists_of_every_class():
    read = [items for text in TEXTS for items in spacy_lists(text)]
    assert len(TEXTS) > 2000
    assert {items[0].label for items in read} == set(LIST_LABELS)


@pytest.mark.parametrize("chunk", range(8))
def test_lists_are_those_spacy_reads(chunk):
    texts = TEXTS[chunk::8]
    differ = [(text[:40], find_lists(text), spacy_lists(text)) for text in texts if find_lists(text) != spacy_lists(text)]
    assert differ == []


@pytest.mark.parametrize("text", [
    "对新认定的国家级、省级、市级重点实验室分别给予100万元、50万元、20万元奖励",  # three members
    "博士、硕士和本科生",  # persons, mixed separators
    "国家级和省级和市级和区级重点实验室",  # a fourth member: the longest list the shape allows, then the rest
    "市科技局、市财政局",  # bodies are no list
    "国家级省级",  # no separator, no list
], ids=["three", "persons", "four", "bodies", "no-separator"])
def test_hand_written_lists(text):
    assert find_lists(text) == spacy_lists(text)
