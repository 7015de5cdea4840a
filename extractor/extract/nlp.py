"""Tokens where they pay: a private jieba segmenter and a blank spaCy pipeline on it.

Regexes read the figures; tokens are needed only to line up the members of
a list with the amounts given to them (国家级和省级重点实验室…分别给予100万元和
50万元). The segmenter is a private `jieba.Tokenizer` loaded with the policy
vocabulary in `data/policy_words.txt` (levels, persons, award objects,
government bodies) and nothing else: unknown words fall to jieba's HMM, and
start-up costs a millisecond instead of loading the 20 MB general dictionary.
spaCy runs blank (no model download) on that segmenter; an EntityRuler tags
the vocabulary's classes and government bodies, a Matcher finds lists.
Everything is built lazily, on first use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from ..lexicon import (
    BODY_NAME,
    LIST_SEPARATORS,
)

WORDS = Path(__file__).resolve().parent.parent / "data" / "policy_words.txt"
LIST_LABELS = ("LEVEL", "PERSON", "OBJECT")


@cache
def vocabulary() -> dict[str, str]:
    """Word → class (level, person, object, org, cue) of the policy vocabulary."""
    out = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        word, _, tag = line.split()
        out[word] = tag
    return out


def words_of(tag: str) -> frozenset[str]:
    """The vocabulary's words of one class (level, person, object, org)."""
    return frozenset(word for word, word_tag in vocabulary().items() if word_tag == tag)


@cache
def segmenter():
    """The private jieba tokenizer with the policy vocabulary as its only dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading to stderr otherwise
    tokenizer = jieba.Tokenizer(dictionary=str(WORDS))
    tokenizer.initialize()
    return tokenizer


class _JiebaTokenizer:
    """spaCy tokenizer calling the private segmenter; token offsets are character offsets."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words = [word for word in segmenter().cut(text, HMM=True) if word]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@cache
def pipeline():
    """A blank Chinese spaCy pipeline on the private segmenter, with the policy entity ruler."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = _JiebaTokenizer(nlp.vocab)
    ruler = nlp.add_pipe("entity_ruler")
    patterns = [{"label": tag.upper(), "pattern": word} for word, tag in vocabulary().items() if tag != "cue"]
    patterns.append({"label": "ORG", "pattern": [{"TEXT": {"REGEX": BODY_NAME}}]})
    ruler.add_patterns(patterns)
    return nlp


@cache
def _list_matcher():
    from spacy.matcher import Matcher

    nlp = pipeline()
    matcher = Matcher(nlp.vocab)
    for label in LIST_LABELS:
        item = {"ENT_TYPE": label}
        matcher.add(label, [[item, {"TEXT": {"IN": list(LIST_SEPARATORS)}}, item,
                             {"TEXT": {"IN": list(LIST_SEPARATORS)}, "OP": "?"}, {"ENT_TYPE": label, "OP": "?"},
                             {"TEXT": {"IN": list(LIST_SEPARATORS)}, "OP": "?"}, {"ENT_TYPE": label, "OP": "?"}]],
                    greedy="LONGEST")
    return matcher


@dataclass(frozen=True)
class ListItem:
    """One member of a list, with character offsets into the analysed text."""

    text: str
    start: int
    end: int
    label: str


def find_lists(text: str) -> list[list[ListItem]]:
    """Lists of levels, persons or award objects in `text` (国家级和省级, 博士、硕士研究生).

    >>> [[i.text for i in items] for items in find_lists("对新认定的国家级和省级重点实验室、技术创新中心")]
    [['国家级', '省级'], ['重点实验室', '技术创新中心']]
    """
    doc = pipeline()(text)
    found = []
    for match_id, start, end in _list_matcher()(doc):
        label = doc.vocab.strings[match_id]
        items = [ListItem(t.text, t.idx, t.idx + len(t.text), label) for t in doc[start:end] if t.ent_type_ == label]
        found.append(items)
    return sorted(found, key=lambda items: items[0].start)


def tokens(text: str) -> list[tuple[str, int]]:
    """(token, character offset) pairs from the private segmenter."""
    out, pos = [], 0
    for word in segmenter().cut(text, HMM=True):
        out.append((word, pos))
        pos += len(word)
    return out
