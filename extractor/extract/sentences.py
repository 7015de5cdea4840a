"""A clause's sentences, split once and read by the terms compiler and the condition finder.

A sentence ends at 。;!? or a line end, but never inside brackets: a list in brackets
(专利转让;专利许可) or a bracketed aside is part of the sentence around it.
"""

from __future__ import annotations

from ..patterns import compiled

SENTENCE_MARKS = compiled(r"[(【\[)】\]。;!?\n]")  # brackets, and the marks that end a sentence outside them
OPENING = frozenset("(【[")
CLOSING = frozenset(")】]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences ended by 。;!? or a line end, but never inside brackets (…专利转让;专利许可…).

    >>> text = "以技术转让(专利转让;专利许可)签订合同,给予奖励;另行支持。"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['以技术转让(专利转让;专利许可)签订合同,给予奖励', '另行支持']
    >>> text = "未闭合(括号;仍在句中。)]多余的闭括号;下一句"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['未闭合(括号;仍在句中。)]多余的闭括号', '下一句']
    """
    spans, start, depth = [], 0, 0
    for match in SENTENCE_MARKS.finditer(text):
        ch, k = match.group(), match.start()
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            if text[start:k].strip():
                spans.append((start, k))
            start = k + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
