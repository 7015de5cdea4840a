"""Paragraphs of normalized text, and what kind of line each one is.

Web pages and converted files put one paragraph on a line; hard-wrapped text
files break paragraphs at a fixed width. Lines of (nearly) the full width that
do not end a sentence are rejoined with the next, unless it starts a clause.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .dates import is_date_only
from .labels import parse_label
from .normalize import Normalized

SENTENCE_END = "。;!?"


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


def text_to_paragraphs(norm: Normalized) -> list[Paragraph]:
    """Split normalized text into paragraphs, rejoining hard-wrapped lines."""
    text = norm.text
    lines = _lines(text)
    width = _wrap_width(text, lines)
    groups: list[list[tuple[int, int]]] = []
    for start, end in lines:
        previous = groups[-1][-1] if groups else None
        if (
            width is not None
            and previous is not None
            and previous[1] - previous[0] >= width
            and text[previous[1] - 1] not in SENTENCE_END
            and text.count("\n", previous[1], start) == 1
            and parse_label(text[start:end]) is None
        ):
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    return [
        Paragraph(index=i, pieces=tuple(group), text="".join(text[s:e] for s, e in group))
        for i, group in enumerate(groups)
    ]


ORG_SUFFIX = r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|厅|局|委|院|部|中心|协会|分行|银行|党组)"
ORG_LINE = re.compile(rf"[\u4e00-\u9fff()·]{{2,30}}{ORG_SUFFIX}")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,15}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号")
DOC_TYPES = (
    r"(?:办法|措施|政策|细则|规定|方案|计划|意见|通知|决定|规划|条例|指引|指南|纲要|公告|通告|批复|规则|清单|目录)"
)
TITLE = re.compile(rf".{{2,70}}{DOC_TYPES}(?:\s*\([^()]{{1,20}}\))?")
PAREN_NOTE = re.compile(r"\([^()]{1,20}\)")
SHORT_HEADING = re.compile(r"[^。;!?:,，、]{2,15}。")
UNIT_CUE = re.compile(r"责任单位|责任部门|牵头|负责|配合单位")
ADDRESSEE = re.compile(r"^(?:各|有关|全省|全市|.{0,30}(?:人民政府|各委|单位|部门)).{0,80}:$")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?|\.(?:pdf|docx?|xlsx?|wps|ofd|zip)$", re.IGNORECASE)



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


def is_heading_line(text: str) -> bool:
    """A heading printed on a line of its own: short, no sentence punctuation (commas allowed).

    A line ending in a colon introduces a list (应当具备以下条件:) and is a sentence;
    a short name closed by a full stop (备案奖励。) is still a heading.
    """
    if SHORT_HEADING.fullmatch(text):
        return True
    return 0 < len(text) <= 40 and not any(ch in text for ch in "。;!?") and not text.endswith(":")


def is_meta(text: str) -> bool:
    """Paragraphs that belong to the notice's frame, never to a clause."""
    return (
        is_org_line(text) or is_date_only(text) or is_doc_number(text) or is_paren_note(text)
        or ADDRESSEE.match(text) is not None or ATTACHMENT.search(text) is not None
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
