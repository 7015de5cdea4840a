"""Paragraphs of normalized text, and what kind of line each one is.

Web pages and converted files put one paragraph on a line; hard-wrapped text
files break paragraphs at a fixed width. Lines of (nearly) the full width that
do not end a sentence are rejoined with the next, unless it starts a clause.
Text copied out of a PDF into a text file is wrapped at a ragged width and keeps
the spaces of justified lines inside words (称 号): there a long line that ends
in mid-sentence joins the next, and a lone space between two Chinese characters
of a sentence goes. Rejoining leaves the breaks out of the normalized text (its
map to the original keeps them), so every later stage reads whole paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .patterns import compiled
from .dates import is_date_only
from .labels import parse_label
from .normalize import Normalized
from .lexicon import (
    ADDRESSEE,
    ATTACHMENT,
    CLAUSE_END,
    CLOSING_MARKS,
    DISTRIBUTION,
    DOC_NUMBER,
    LIST_INTRO,
    OPENING_MARKS,
    ORG_LINE,
    PAREN_NOTE,
    PRINTED_PAGE_NUMBER,
    PROMULGATION,
    SENTENCE_END,
    SENTENCE_MARKS,
    SHORT_HEADING,
    TITLE,
    UNITS_ONLY,
    UNIT_CUE,
    UNIT_LINE,
)

HAN_GAP = compiled(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
RUNNING_PAGES = 3  # a header or footer line repeats on at least this many pages


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: stripped line pieces of the normalized text."""

    index: int
    pieces: tuple[tuple[int, int], ...]
    text: str  # normalized content of the pieces, joined without separator

    @property
    def start(self) -> int:
        """Normalized offset of the first character."""
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        """Normalized offset just past the last character."""
        return self.pieces[-1][1]

    def to_norm(self, offset: int) -> int:
        """Normalized-text offset of character `offset` of `self.text` (len → end)."""
        for start, end in self.pieces:
            if offset < end - start:
                return start + offset
            offset -= end - start
        return self.end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line's stripped content."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((match.start() + lead, match.start() + lead + len(stripped)))
    return out


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The width at which a hard-wrapped file breaks its lines, if it is one."""
    lengths = [end - start for start, end in lines if end - start >= 10]
    if len(lengths) < 6:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    near = [n for n in lengths if abs(n - width) <= 1]
    if len(near) < 0.4 * len(lengths):
        return None
    open_ended = sum(1 for start, end in lines if abs(end - start - width) <= 1 and text[end - 1] not in SENTENCE_END)
    return width - 1 if open_ended >= 0.5 * len(near) else None


def _ragged_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The length from which a line of a ragged hard-wrapped file counts as full, if it is one.

    With one paragraph a line nearly every long line ends in a full stop or a colon; copied
    text breaks sentences wherever the page did, and the next line goes on without a number.
    """
    long = [(i, start, end) for i, (start, end) in enumerate(lines) if end - start >= 12]
    broken = sum(1 for i, start, end in long if i + 1 < len(lines) and _breaks_sentence(text, start, end, lines[i + 1]))
    if len(long) < 4 or broken < 3 or broken < 0.3 * len(long):
        return None
    lengths = sorted(end - start for _, start, end in long)
    return int(0.6 * lengths[int(0.9 * (len(lengths) - 1))])


def _breaks_sentence(text: str, start: int, end: int, following: tuple[int, int]) -> bool:
    """A line of a sentence (it has commas) that stops before the sentence ends, the next line going on unnumbered.

    Titles, navigation and signatures have no commas; they end without a full stop and still stand alone.
    """
    return (
        text[end - 1] not in CLAUSE_END and bool(SENTENCE_MARKS.intersection(text[start:end]))
        and parse_label(text[slice(*following)]) is None
    )


def rejoin_wrapped(norm: Normalized, copied_text: bool = False) -> tuple[Normalized, list[tuple[int, int, str]]]:
    """The text with its hard-wrap breaks left out, and the original spans (with reasons) of page furniture cut from it.

    `copied_text` (a plain text file, which alone can be a copy out of a PDF) also looks for
    ragged wraps, word gaps and the printed page numbers (－3－, 第3页) a copy carries in
    mid-sentence. Pages, Word files and PDFs put one paragraph on a line, separate table
    cells and names with spaces, and have their page furniture removed by their reader.
    """
    furniture: list[tuple[int, int, str]] = []
    if copied_text:
        found = _page_furniture(norm.text)
        furniture = [(*norm.to_raw(start, end), reason) for start, end, reason in found]
        norm = _without(norm, [(start - 1 if start else start, end) for start, end, _ in found])
    text = norm.text
    lines = _lines(text)
    width = _wrap_width(text, lines)
    ragged = _ragged_width(text, lines) if width is None and copied_text else None
    full = width if width is not None else ragged
    cut: list[tuple[int, int]] = []
    if full is not None:
        depth = 0  # brackets and title marks the running paragraph has left open: 根据《…设备 / 更新…的通知》
        for (line_start, end), (start, next_end) in zip(lines, lines[1:]):
            depth = max(0, depth + _opened(text[line_start:end]))
            if ragged is not None:
                joins = end - line_start >= full and (
                    _breaks_sentence(text, line_start, end, (start, next_end))
                    or depth > 0 and parse_label(text[start:next_end]) is None)
            else:
                joins = (end - line_start >= full and text[end - 1] not in SENTENCE_END
                         and parse_label(text[start:next_end]) is None)
            if joins and text.count("\n", end, start) == 1:
                cut.append((end, start))
            else:
                depth = 0
    if ragged is not None:
        for start, end in lines:
            if SENTENCE_MARKS.intersection(text[start:end]):  # a sentence, not a signature or heading of names
                cut.extend(gap.span() for gap in HAN_GAP.finditer(text, start, end))
    return _without(norm, cut), furniture


def _opened(line: str) -> int:
    """Opening brackets and title marks a line leaves unclosed (negative when it closes earlier ones).

    >>> _opened("根据《国家发展改革委关于 2026 年实施设备"), _opened("更新的通知》(发改环资〔2025〕1745"), _opened("号)要求。")
    (1, 0, -1)
    """
    return sum(line.count(ch) for ch in OPENING_MARKS) - sum(line.count(ch) for ch in CLOSING_MARKS)


def _page_furniture(text: str) -> list[tuple[int, int, str]]:
    """Printed page numbers of a copied text, with the running header lines around them.

    A running header repeats on every page next to the number (重庆市人民政府规章 under
    - 2 -); a short line repeated elsewhere, such as a unit list, is left alone.
    """
    lines = _lines(text)
    repeats = Counter(text[start:end] for start, end in lines)
    found: dict[int, str] = {}
    for i, (start, end) in enumerate(lines):
        if not is_printed_page_number(text[start:end]):
            continue
        found[i] = "B_PAGE_NUMBER"
        for step in (1, -1):
            k = i + step
            while 0 <= k < len(lines) and k not in found and _running(text[slice(*lines[k])], repeats):
                found[k] = "B_PAGE_HEADER"
                k += step
    return [(*lines[i], reason) for i, reason in sorted(found.items())]


def _running(line: str, repeats: Counter) -> bool:
    """A short line without sentence marks printed on at least three pages."""
    return len(line) <= 30 and repeats[line] >= RUNNING_PAGES and not SENTENCE_MARKS.intersection(line)


def is_printed_page_number(line: str) -> bool:
    """A page number (normalized) as a copy out of a PDF carries it: -3-, - 3 -, 第3页 共10页 (a bare 3 may be a table cell).

    >>> [is_printed_page_number(s) for s in ("-3-", "- 12 -", "第 3 页 共 10 页", "3", "一、总则")]
    [True, True, True, False, False]
    """
    return PRINTED_PAGE_NUMBER.fullmatch(line.strip()) is not None


def _without(norm: Normalized, cut: list[tuple[int, int]]) -> Normalized:
    """The normalized text with the spans `cut` left out; the map to the original keeps them."""
    if not cut:
        return norm
    keep = bytearray(b"\x01") * len(norm.text)
    for start, end in cut:
        keep[start:end] = bytes(end - start)
    return Normalized(
        text="".join(ch for ch, kept in zip(norm.text, keep) if kept), raw=norm.raw,
        origin=tuple(origin for origin, kept in zip(norm.origin, keep) if kept),
    )


def text_to_paragraphs(norm: Normalized) -> list[Paragraph]:
    """Split normalized text into paragraphs, one a line (hard wraps are rejoined before)."""
    text = norm.text
    return [Paragraph(index=i, pieces=((start, end),), text=text[start:end]) for i, (start, end) in enumerate(_lines(text))]


def is_org_line(text: str) -> bool:
    """A line that is only the names of issuing bodies (a signature or a header).

    >>> is_org_line("中共山西省委 山西省人民政府"), is_org_line("中国企业报集团主管主办")
    (True, False)
    """
    names = text.split()
    return bool(names) and all(ORG_LINE.fullmatch(name) for name in names)


def is_doc_number(text: str) -> bool:
    """A line that is only a document number (文号).

    >>> is_doc_number("晋政办发〔2023〕95号"), is_doc_number("(晋政办发〔2024〕40号)文件精神")
    (True, False)
    """
    return DOC_NUMBER.fullmatch(text.strip()) is not None


def is_title_like(text: str) -> bool:
    """A line that reads as the title of a policy or notice.

    >>> is_title_like("晋创谷创新驱动平台建设三年行动计划(2024-2026年)")
    True
    >>> is_title_like("一、强化创新主体引育"), is_title_like("现印发给你们,请遵照执行。")
    (False, False)
    """
    return (
        not any(ch in text for ch in "。;!?:")
        and parse_label(text) is None
        and TITLE.fullmatch(text) is not None
    )


def is_open_line(text: str) -> bool:
    """A short line with no sentence punctuation: a title fragment, heading or furniture."""
    return len(text) <= 40 and not any(ch in text for ch in "。;!?:,，")


def is_paren_note(text: str) -> bool:
    """A line that is only a short note in parentheses: (征求意见稿), (此件公开发布).

    A parenthesized list of responsible units is part of a clause, not a note.

    >>> is_paren_note("(此件公开发布)"), is_paren_note("(责任单位:区科技局、区财政局)")
    (True, False)
    """
    return PAREN_NOTE.fullmatch(text) is not None and UNIT_CUE.search(text) is None


def is_unit_line(text: str) -> bool:
    """A line that is only the responsible units of the clause above: (责任单位:市财政局), (市科技局负责), 责任单位:市财政局.

    >>> is_unit_line("(责任单位:市财政局、市税务局)"), is_unit_line("责任单位:市金融工作局"), is_unit_line("(此件公开发布)")
    (True, True, False)
    """
    return UNITS_ONLY.fullmatch(text.strip()) is not None or UNIT_LINE.fullmatch(text.strip()) is not None


def ends_with_units(text: str) -> bool:
    """A paragraph whose last words are its responsible units in brackets: …给予补贴。(责任单位:市住建局).

    >>> ends_with_units("对其退税。(责任单位:市税务局)"), ends_with_units("(责任单位:市税务局)落实退税。")
    (True, False)
    """
    body = text.rstrip().rstrip("。").rstrip()
    return any(match.end() == len(body) for match in UNITS_ONLY.finditer(body))


def is_heading_line(text: str) -> bool:
    """A heading printed on a line of its own: short, no sentence punctuation (commas allowed).

    A line ending in a colon that points to its list (应当具备以下条件:, 证据包括:) is a
    sentence; one that only names the list (办理程序:) is a heading, and so is a short
    name closed by a full stop (备案奖励。).

    >>> [is_heading_line(s) for s in ("办理程序:", "应当具备以下条件:", "备案奖励。", "贷款额度、期限和利率。")]
    [True, False, True, True]
    """
    if SHORT_HEADING.fullmatch(text):
        return True
    return (0 < len(text) <= 40 and not any(ch in text for ch in "。;!?")
            and not (text.endswith(":") and LIST_INTRO.search(text)))


def is_meta(text: str) -> bool:
    """Paragraphs that belong to the notice's frame, never to a clause."""
    return (
        is_org_line(text) or is_date_only(text) or is_doc_number(text) or is_paren_note(text)
        or ADDRESSEE.match(text) is not None or ATTACHMENT.search(text) is not None
        or DISTRIBUTION.match(text) is not None or PROMULGATION.match(text) is not None
    )


def title_length(paragraphs: list[Paragraph], i: int) -> int:
    """How many paragraphs from i form a title (0 when i does not start one)."""
    text = paragraphs[i].text
    if is_title_like(text):
        n = 1
    elif (
        i + 1 < len(paragraphs) and len(text) >= 6 and is_open_line(text) and not is_meta(text)
        and parse_label(text) is None and is_title_like(paragraphs[i + 1].text) and is_title_like(text + paragraphs[i + 1].text)
        and "关于" not in paragraphs[i + 1].text
    ):
        n = 2
    else:
        return 0
    while i + n < len(paragraphs) and is_paren_note(paragraphs[i + n].text) and "征求意见" in paragraphs[i + n].text:
        n += 1
    return n
