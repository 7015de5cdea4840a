"""Tokens where they pay: a private jieba segmenter and the policy vocabulary on it.

Regexes read the figures; tokens are needed only to line up the members of
a list with the amounts given to them (国家级和省级重点实验室…分别给予100万元和
50万元). The segmenter is a private `jieba.Tokenizer` loaded with the policy
vocabulary in `data/policy_words.txt` (levels, persons, award objects,
government bodies) and nothing else: unknown words fall to jieba's HMM, and
start-up costs a millisecond instead of loading the 20 MB general dictionary.
Lists are found on those tokens by `find_lists`, which tags the vocabulary
as spaCy's EntityRuler would and matches lists as its Matcher would
(greedy, longest first), in plain Python: importing spaCy costs more than
reading a notice. `pipeline()` builds that spaCy pipeline (a blank Chinese
pipeline on the segmenter, with the entity ruler) for analyses of one's own;
tests check that both read the same lists.
Everything is built lazily, on first use.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..patterns import compiled
from ..lexicon import (
    BODY_NAME,
    LIST_SEPARATORS,
)

BODY = compiled(BODY_NAME)  # a token naming a government body, as the ruler's REGEX pattern reads it (search)

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
    unset = "pkg_resources" not in sys.modules
    if unset:  # jieba then opens its files with open(); importing pkg_resources costs 0.1 s of every start
        sys.modules["pkg_resources"] = None
    try:
        import jieba
    finally:
        if unset:
            del sys.modules["pkg_resources"]

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
    patterns.append({"label": "ORG", "pattern": [{"TEXT": {"REGEX": BODY_NAME, "NOT_IN": sorted(_classed_words())}}]})
    ruler.add_patterns(patterns)
    return nlp


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
    words = [word for word in segmenter().cut(text, HMM=True) if word]
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    labels = _entity_labels(words)
    found = []
    for label in LIST_LABELS:
        classes = "".join("I" if tag == label else "S" if word in LIST_SEPARATORS else "x" for word, tag in zip(words, labels))
        spans = [(start, end) for start in range(len(words)) if classes[start] == "I" for end in _list_ends(classes, start)]
        taken = [False] * len(words)
        for start, end in sorted(spans, key=lambda span: (span[1] - span[0], -span[0]), reverse=True):  # longest first
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append([ListItem(words[k], starts[k], starts[k + 1], label) for k in range(start, end)
                              if labels[k] == label])
    return sorted(found, key=lambda items: items[0].start)


LIST_SHAPE = (("I", False), ("S", False), ("I", False), ("S", True), ("I", True), ("S", True), ("I", True))  # (class, optional)


def _list_ends(classes: str, start: int) -> set[int]:
    """Every end of a list starting at token `start`: member, separator, member, then up to two more, each optional."""
    ends: set[int] = set()

    def walk(step: int, at: int) -> None:
        if step == len(LIST_SHAPE):
            ends.add(at)
            return
        wanted, optional = LIST_SHAPE[step]
        if at < len(classes) and classes[at] == wanted:
            walk(step + 1, at + 1)
        if optional:
            walk(step + 1, at)

    walk(0, start)
    return ends


def _entity_labels(words: list[str]) -> list[str | None]:
    """The vocabulary class of each token (LEVEL, PERSON, OBJECT, ORG), as spaCy's EntityRuler tags them: every
    match of a word's tokens or of a government body's name, longest first, then leftmost, none overlapping.
    A word of another class is no body (技术创新中心 is an award object, though it ends in 中心)."""
    phrases, longest = _phrases()
    matches = set()
    for start in range(len(words)):
        for length in range(1, min(longest, len(words) - start) + 1):
            if (label := phrases.get(tuple(words[start:start + length]))) is not None:
                matches.add((label, start, start + length))
        if BODY.search(words[start]) and words[start] not in _classed_words():
            matches.add(("ORG", start, start + 1))
    labels: list[str | None] = [None] * len(words)
    for label, start, end in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        if labels[start] is None and labels[end - 1] is None:
            labels[start:end] = [label] * (end - start)
    return labels


@cache
def _classed_words() -> frozenset[str]:
    """Words the vocabulary puts in a class other than government bodies."""
    return frozenset(word for word, tag in vocabulary().items() if tag not in ("cue", "org"))


@cache
def _phrases() -> tuple[dict[tuple[str, ...], str], int]:
    """The vocabulary's words as the segmenter splits them → class; and the most tokens a word takes."""
    phrases = {tuple(w for w in segmenter().cut(word, HMM=True) if w): tag.upper()
               for word, tag in vocabulary().items() if tag != "cue"}
    return phrases, max(map(len, phrases))


def tokens(text: str) -> list[tuple[str, int]]:
    """(token, character offset) pairs from the private segmenter."""
    out, pos = [], 0
    for word in segmenter().cut(text, HMM=True):
        out.append((word, pos))
        pos += len(word)
    return out
