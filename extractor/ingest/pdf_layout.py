"""From positioned text lines to paragraphs: page furniture, rejoined lines, page offsets.

Both PDF engines reduce a page to `Line`s (text plus box, top-down
coordinates); everything here is engine-independent, so the engines give the
same paragraphs. Decisions are geometric: a running header is a line
isolated at the top or bottom of several pages, a paragraph starts where a
line is indented, follows a short line, or opens with a clause label.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from ..models import Dropped, Issue, Span

# Characters of Chinese text: ideographs, CJK and full-width punctuation, and
# the curly quotes, dashes and dots Chinese typesetting uses. A space next to
# one of these is a glyph gap, not a word separator.
CJK = (
    "\u2014\u2015\u2018-\u201f\u2026\u00b7\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f"
    "\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
GLYPH_GAP = re.compile(rf"""
    (?<=[{CJK}])[ \u00a0]+        # spaces after a Chinese character
  | [ \u00a0]+(?=[{CJK}])         # spaces before one
""", re.VERBOSE)

PAGE_NUMBER = re.compile(r"""
    ^(?:
        [-–—－]+ \s* \d{1,4} \s* [-–—－]+                      # — 3 —   -3-
      | 第 \s* \d{1,4} \s* 页 (?: \s* [,，/]? \s* 共 \s* \d{1,4} \s* 页)?   # 第3页  第 3 页 共 10 页
      | (?: 共 \s* \d{1,4} \s* 页 \s* [,，]? \s*)? 第 \s* \d{1,4} \s* 页    # 共10页 第3页
      | \d{1,4} \s* / \s* \d{1,4}                              # 3 / 10
      | (?i: page) \s* \d{1,4} (?: \s* (?i: of) \s* \d{1,4})?  # Page 3 of 10
      | \d{1,4}                                                # a bare 3
    )$
""", re.VERBOSE)

CLAUSE_LABEL = re.compile(r"""
    ^(?:
        第 [一二三四五六七八九十百零〇\d]+ [章节条]      # 第一章  第一条
      | [一二三四五六七八九十]+ 、                      # 一、
      | [（(] [一二三四五六七八九十]+ [）)]             # （一）  (一)
      | [（(] \d{1,3} [）)]                             # （1）  (1)
      | \d{1,3} (?: [、．] | \.(?!\d) )                 # 1、 1． 1.  but not 1.5万元
      | [\u2460-\u2473]                                 # ① … ⑳
    )
""", re.VERBOSE)

# A line ending in one of these continues on the next line even when that line opens like a label (特、⏎一、二等奖).
JOINS_NEXT = "、，,（(“‘《〔【—-/"
CID_TOKEN = re.compile(r"\(cid:\d+\)")
# An undecodable glyph (U+FFFD) touching a figure: the figure cannot be read (给予�0万元 may be 10 or 90万元).
NUMERALS = "0-9０-９.．〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億貳陸"
UNREAD_FIGURE = re.compile(f"\ufffd[{NUMERALS}]|[{NUMERALS}]\ufffd")
# "…补贴金额为10" / "0万元…": no paragraph opens with the rest of a figure and its unit.
FIGURE_TAIL = re.compile(r"[0-9０-９][0-9０-９.．]*(?:万|亿|元|%|％|‰)")
SPACE_RUN = re.compile(r"[ \u00a0\t]{2,}")
SPACES = re.compile(r"\s+")
DIGIT_RUN = re.compile(r"\d+")
LAST_DIGITS = re.compile(r"\d+$")

INDENT_EMS = 0.7
SHORT_EMS = 1.2
# an edge line printed the same on this many pages runs through the document, however close to the body
RUNNING_PAGES = 3
ISOLATION_PITCHES = 1.1
GARBAGE_SHARE = 0.3


@dataclass(frozen=True)
class Line:
    """One printed line: text and box in points, measured from the top of the page."""

    text: str
    raw: str
    x0: float
    x1: float
    top: float
    size: float
    page: int
    mixed: bool = False  # the engine's line runs over several printed lines (drawn out of order)


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines whose tops lie within a quarter of a character share a row, left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.top):
        if rows and line.top - rows[-1][0].top < 0.25 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


@dataclass(frozen=True)
class Layout:
    """Text built from lines, with what was left out and what was doubtful."""

    text: str
    page_starts: tuple[int, ...]
    dropped: tuple[Dropped, ...]
    issues: tuple[Issue, ...]


def clean_line(text: str) -> str:
    """Drop glyph-gap spaces next to Chinese characters, keep one space between Latin words.

    >>> clean_line("给予 50 万元， 最高 100 万元")
    '给予50万元，最高100万元'
    >>> clean_line("IPO  上市 first day")
    'IPO上市first day'
    """
    return GLYPH_GAP.sub("", SPACE_RUN.sub(" ", text)).strip()


BROWSER_PRINT = re.compile(r"""
    ^(?:\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?     # 12/2/26, 4:43 AM  (browser print header)
      |(?:19|20)\d{2}[/-]\d{1,2}[/-]\d{1,2}\s+\d{1,2}:\d{2}            # 2026/12/2 04:43
      |(?:https?://|www\.)\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$          # the page's URL, with its n/m counter
      |\d{1,4}\s*/\s*\d{1,4}$                                        # 1/3
    )""", re.VERBOSE | re.IGNORECASE)


def is_print_furniture(text: str) -> bool:
    """A line a browser or office suite adds when it prints a page: date and time, URL, page counter.

    >>> [is_print_furniture(s) for s in ("12/2/26, 4:43 AM 关于印发…的通知_晋中市人民政府",
    ...  "https://www.sxjz.gov.cn/zwgk/1.html 1/3", "2/5", "2026/12/2 04:43 市政府", "2024年3月1日")]
    [True, True, True, True, False]
    """
    return BROWSER_PRINT.match(text.strip()) is not None


def is_page_number(text: str) -> bool:
    """Whether a line reads like a printed page number.

    >>> [is_page_number(s) for s in ("— 3 —", "-3-", "第 3 页 共 10 页", "12", "2024年", "第三条")]
    [True, True, True, True, False, False]
    """
    return bool(PAGE_NUMBER.match(text.strip()))


def starts_with_label(text: str) -> bool:
    """Whether a line opens with a clause label.

    >>> [starts_with_label(s) for s in ("一、总则", "（一）支持", "1.支持", "1.5万元", "2024年", "第一条")]
    [True, True, True, False, False, True]
    """
    return bool(CLAUSE_LABEL.match(text))


def join_lines(before: str, after: str) -> str:
    """The separator for a wrapped line: a space only between two Latin words.

    >>> join_lines("给予50", "万元"), join_lines("the", "policy"), join_lines("10", "0万元")
    ('', ' ', '')
    """
    latin = before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()
    return " " if latin else ""


def garbage_share(text: str) -> float:
    """Share of glyphs that cannot be Chinese notice text: (cid:N) runs, controls, private use, stray scripts.

    >>> garbage_share("给予50万元"), garbage_share("(cid:12)(cid:345)上")
    (0.0, 0.6666666666666666)
    >>> garbage_share("\\x12\\u0345\\u05d0\\u0a12补") > 0.3
    True
    """
    cids = len(CID_TOKEN.findall(text)) if "(cid:" in text else 0
    if not cids and all_plausible(text):
        return 0.0
    glyphs = Counter(CID_TOKEN.sub("", text) if cids else text)  # each distinct character is judged once
    total = cids + sum(n for ch, n in glyphs.items() if not ch.isspace())
    bad = sum(n for ch, n in glyphs.items() if not ch.isspace() and not _plausible(ch))
    return (cids + bad) / total if total else 0.0


def all_plausible(text: str) -> bool:
    """Whether every glyph of `text` is a space or a character a Chinese notice prints (each distinct one judged once).

    >>> all_plausible("给予 50 万元"), all_plausible("补贴\\ufffd")
    (True, False)
    """
    unseen = set(text) - _DECODED
    if unseen:
        _DECODED.update(ch for ch in unseen if ch.isspace() or _plausible(ch))
        return unseen <= _DECODED
    return True


# Characters `all_plausible` found to be spaces or plausible, so that a page is judged by one set difference.
_DECODED: set[str] = set()


@cache
def _plausible(ch: str) -> bool:
    """Characters a Chinese notice prints: ASCII, Latin-1, Greek, punctuation and symbols, CJK."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.category(ch) in ("Co", "Cn", "Cs", "Mn") or ch == "\ufffd":
        return False
    return code < 0x180 or 0x370 <= code < 0x400 or 0x2000 <= code < 0x2800 or 0x2E80 <= code


def split_garbage(lines: list[Line]) -> tuple[list[Line], int]:
    """Lines whose glyphs decode to text, and the number of glyphs that do not.

    A kept line shows each undecodable glyph as U+FFFD, whichever engine read it; a line where one
    touches a figure is left out whole, so no amount is read from a half-decoded number.

    >>> line = Line("补贴金额为(cid:19978)0万元，由财政拨付。", "", 72, 500, 100, 12, 1)
    >>> good, bad = split_garbage([line, replace(line, text="补贴(cid:7)金额为10万元，由财政拨付。")])
    >>> [kept.text for kept in good], bad
    (['补贴�金额为10万元，由财政拨付。'], 17)
    """
    if all_plausible("".join(line.text for line in lines)) and not any("(cid:" in line.text for line in lines):
        return list(lines), 0  # the usual page: every glyph decodes (U+FFFD is not plausible), nothing to test line by line
    good, bad_glyphs = [], 0
    for line in lines:
        text = CID_TOKEN.sub("\ufffd", line.text)
        if garbage_share(text) > GARBAGE_SHARE or UNREAD_FIGURE.search(text):
            bad_glyphs += len(text.replace(" ", ""))
        else:
            bad_glyphs += text.count("\ufffd")
            good.append(line if text == line.text else replace(line, text=text))
    return good, bad_glyphs


def drop_redrawn(pages: list[list[Line]]) -> tuple[list[list[Line]], int]:
    """Text drawn again over itself is printed once: the same line at the same place (a form
    repeated in the content stream), or one line holding k copies of its text in the width of
    one (copies laid exactly over each other). Returns the pages and how many copies went.

    >>> line = Line("给予100万元奖励", "给予100万元奖励", 72, 190, 100, 12, 1)
    >>> pages, copies = drop_redrawn([[line, line, Line("给予100万元奖励" * 3, "", 72, 190, 100, 12, 1)]])
    >>> [l.text for l in pages[0]], copies
    (['给予100万元奖励'], 4)
    """
    out, copies = [], 0
    for lines in pages:
        seen, kept = set(), []
        for line in lines:
            line, stacked = _unstacked(line)
            copies += stacked
            key = (line.text, round(line.x0), round(line.top))
            if key in seen:
                copies += 1
                continue
            seen.add(key)
            kept.append(line)
        out.append(kept)
    return out, copies


def _unstacked(line: Line) -> tuple[Line, int]:
    """A line whose text is one text repeated k times but whose box holds far fewer characters."""
    text = line.text
    if len(text) < 12 or (text + text).find(text, 1) == len(text):
        return line, 0  # not a shorter text repeated: doubled, it holds itself only at 0 and at its own length
    for size in range(6, len(text) // 2 + 1):
        if len(text) % size or text != text[:size] * (len(text) // size):
            continue
        if line.x1 - line.x0 < 0.6 * len(text) * line.size:  # k copies in the width of about one
            return Line(text[:size], line.raw[:size], line.x0, line.x1, line.top, line.size, line.page, line.mixed), len(text) // size - 1
        break
    return line, 0


def drop_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], list[Dropped]]:
    """Remove running headers, footers and page numbers found at the top and bottom edges of pages."""
    pitch = _line_pitch(pages)
    repeats = Counter(_furniture_key(line) for lines in pages for line in _edge_lines(lines))
    kept, dropped = [], []
    for lines in pages:
        gone = _page_furniture(lines, pitch, repeats)
        dropped.extend(Dropped(reason=reason, text=line.raw, span=None, page=line.page) for line, reason in gone)
        ids = {id(line) for line, _ in gone}
        kept.append([line for line in lines if id(line) not in ids])
    return kept, dropped


def _edge_lines(lines: list[Line]) -> list[Line]:
    return lines[:2] + lines[max(2, len(lines) - 2):]


def _page_furniture(lines: list[Line], pitch: float, repeats: Counter) -> list[tuple[Line, str]]:
    """Walk inwards from each edge, at most two lines deep, while lines read as furniture."""
    found = []
    for where, order in (("top", lines), ("bottom", lines[::-1])):
        for depth in range(min(2, len(order) - 1)):
            gap = abs(order[depth + 1].top - order[depth].top) / pitch
            reason = _furniture_reason(order[depth], where, gap, repeats)
            if reason is None:
                break
            found.append((order[depth], reason))
    return list({id(line): (line, reason) for line, reason in found}.values())


def _furniture_reason(line: Line, where: str, gap: float, repeats: Counter) -> str | None:
    """Page numbers need only sit at the edge (a bare number also apart from the body); other
    furniture must stand apart from the body and repeat on another page."""
    bare = line.text.strip().isdigit()
    if is_page_number(line.text) and (not bare or gap > ISOLATION_PITCHES):
        return "B_PAGE_NUMBER"
    if is_print_furniture(line.raw):
        return "B_PRINT_HEADER" if where == "top" else "B_PRINT_FOOTER"
    if (gap > ISOLATION_PITCHES and repeats[_furniture_key(line)] >= 2) or repeats[_furniture_key(line)] >= RUNNING_PAGES:
        return "B_PAGE_HEADER" if where == "top" else "B_PAGE_FOOTER"
    return None


def _furniture_key(line: Line) -> str:
    """Text with page-dependent digits blanked, so 第3页 and 第4页 repeat."""
    return DIGIT_RUN.sub("#", SPACES.sub("", line.text))


def _line_pitch(pages: list[list[Line]]) -> float:
    """The usual distance between consecutive body lines."""
    gaps = [b.top - a.top for lines in pages for a, b in zip(lines, lines[1:]) if b.top - a.top > 0.5 * a.size]
    return statistics.median(gaps) if gaps else 1e9


def build_text(pages: list[list[Line]]) -> Layout:
    """Join lines into paragraphs (one per output line) across pages; record where each page begins."""
    body = [line for lines in pages for line in lines]
    margins = _margins(body)
    parts: list[str] = []
    length, starts, issues = 0, [], []
    prev: Line | None = None
    for lines in pages:
        starts.append(None)
        for line in lines:
            if prev is None:
                sep = ""
            elif _starts_paragraph(prev, line, margins):
                sep = "\n"
            else:
                sep = join_lines(prev.text, line.text)
                issues.extend(_split_number(prev, line, length))
            parts.append(sep)
            length += len(sep)
            if starts[-1] is None:
                starts[-1] = length
            parts.append(line.text)
            length += len(line.text)
            prev = line
        if starts[-1] is None:
            starts[-1] = length
    return Layout("".join(parts), tuple(starts), (), tuple(issues))


def _margins(body: list[Line]) -> tuple[float, float, float]:
    """Left edge, right edge and character size of the body text (the most common line edges)."""
    if not body:
        return 0.0, 0.0, 1.0
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in body).most_common(1)[0][0]
    return float(left), float(right), statistics.median(line.size for line in body)


def _starts_paragraph(prev: Line, line: Line, margins: tuple[float, float, float]) -> bool:
    left, right, em = margins
    if prev.text[-1:].isdigit() and FIGURE_TAIL.match(line.text):
        return False  # a figure wrapped mid-number, whatever the geometry: read joined, with a warning
    if line.x0 > left + INDENT_EMS * em or prev.x1 < right - SHORT_EMS * em:
        return True
    if abs(line.size - prev.size) > 0.15 * em or prev.x0 < left - INDENT_EMS * em:
        return True
    return starts_with_label(line.text) and prev.text[-1:] not in JOINS_NEXT and not prev.text[-1:].isdigit()


def _split_number(prev: Line, line: Line, offset: int) -> list[Issue]:
    """A number whose digits were wrapped onto two lines is read joined; say so."""
    head = LAST_DIGITS.search(prev.text)
    tail = DIGIT_RUN.match(line.text)
    if not (head and tail):
        return []
    start, end = offset - len(head.group()), offset + len(tail.group())
    message = (f"digits wrapped across lines on page {line.page} read as one number "
               f"{head.group() + tail.group()} (printed as {head.group()} / {tail.group()})")
    zh = f"第 {line.page} 页跨行折断的数字合读为 {head.group() + tail.group()}（印作 {head.group()} / {tail.group()}）"
    return [Issue(code="W_NUMBER_SPLIT_ACROSS_LINES", message=message, message_zh=zh,
                  span=Span(start=start, end=end, page=prev.page))]
