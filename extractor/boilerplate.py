"""Page furniture, navigation and advertisements: not part of the notice.

Scraped notices carry the host site around them: a masthead and share
buttons above, "上一条/下一条", related articles, link farms, hotlines and
ad cards below. Four rules, each reported with its reason:

1. lines with a web-furniture cue are dropped wherever they stand;
2. above the notice, lines before its first anchor (title, issuing body,
   document number, addressee, clause or sentence) are dropped;
3. below the notice, lines after its last anchor (sentence, clause,
   signature, attachment) are dropped: ads say 奖励3万元 too, but never in a
   sentence that ends the notice;
4. below the notice, a related-articles header (相关链接:…, 相关阅读), or the
   header of an interpretation appended after the signature (政策解读), and
   everything after it are dropped: such a block is another text.
"""

from __future__ import annotations

import re

from .patterns import compiled
from .dates import ISO_DATE, is_date_only
from .extract.numbers import holds_figure
from .labels import parse_label
from .models import Dropped
from .scanning import scanner
from .spans import Locator
from .paragraphs import Paragraph, is_doc_number, is_org_line, is_paren_note, is_title_like, is_unit_line, title_length

FURNITURE = scanner(
    r"""
    ^(?:上一[条篇页]|下一[条篇页])\s*[:：]         # previous/next article links
    | ^相关(?:稿件|文章|阅读|链接|新闻|推荐|政策|附件)\s*$
    | ^(?:政策)?(?:解读|图解)\s*[:：]\s*$                                # a link box to the interpretation:
    | ^《[^》]{4,80}》(?:视频|图文|政策)?(?:解读|问答|图解)$ | ^(?:问答|图解|解读)\s*[-—:：]\s*《[^》]{4,80}》$
    | ^(?:点赞|收藏|分享(?:到)?|打印(?:本页)?|关闭(?:窗口)?|返回顶部|扫一扫)\b.{0,20}$
    | (?:来源|作者|发布时间|浏览次数|阅读次数)\s*[:：].{0,40}(?:次阅读|阅读|浏览)  # dateline with counters
    | ^\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}.{0,40}来源                  # 2024-03-20 11:02 来源:…
    | 版权所有|ICP备|网站地图|网站标识码|公网安备
    | ^索引号\s*[:：]|(?:发布机构|成文日期|发文机关|主题分类)\s*[:：].{0,40}(?:索引号|文号)  # portal metadata rows
    | ^[•·▪►■◆●]                                    # bulleted ad or link cards
    | ^字号\s*[:：]?\s*[大中小]
    | ^(?:微博|微信|QQ空间|朋友圈|抖音|今日头条)(?:\s+(?:微博|微信|QQ空间|朋友圈|抖音|今日头条))*$  # share buttons
    """,
    re.VERBOSE,
)

# The header of a related-articles block (相关链接:《…》政策解读, 相关阅读) below the notice, or of the
# interpretation a page appends after the notice's signature (政策解读): it and everything below are other texts.
RELATED_BLOCK = compiled(r"^相关(?:稿件|文章|阅读|链接|新闻|推荐)\s*(?:[:：]|$)")
APPENDED_INTERPRETATION = compiled(r"^(?:政策)?解读\s*[:：]?$")

LINK_FARM_MIN_TOKENS = 12


def _is_link_farm(text: str) -> bool:
    """A long run of short names separated by spaces, with no punctuation: a link list."""
    tokens = text.split()
    return len(tokens) >= LINK_FARM_MIN_TOKENS and not any(ch in text for ch in "。,，;；:：")


def _is_related_item(text: str) -> bool:
    """A headline followed by its date: an entry of a related-articles list."""
    match = ISO_DATE.search(text)
    return match is not None and match.end() == len(text.rstrip()) and not text.rstrip().endswith("。")


def _is_sentence(text: str) -> bool:
    """Prose: a full stop or semicolon in a line of some length, or a long line with commas."""
    return (
        (len(text) >= 15 and any(ch in text for ch in "。;；"))
        or text.endswith(("。", ";", "；"))
        or (len(text) >= 40 and "," in text)
    )


def _related_block(paragraphs: list[Paragraph]) -> int | None:
    """Index of the header of a block below the notice that is another text, if any.

    A related-articles header counts after a sentence of the notice, an interpretation's
    header after the date that signs the notice off.
    """
    seen_sentence = seen_date = False
    for p in paragraphs:
        if seen_sentence and RELATED_BLOCK.match(p.text) or seen_date and APPENDED_INTERPRETATION.match(p.text):
            return p.index
        seen_sentence = seen_sentence or _is_sentence(p.text)
        seen_date = seen_date or seen_sentence and is_date_only(p.text)
    return None


def _is_head_anchor(paragraphs: list[Paragraph], k: int) -> bool:
    text = paragraphs[k].text
    return (
        title_length(paragraphs, k) > 0 or is_org_line(text) or is_doc_number(text) or parse_label(text) is not None
        or text.endswith(":") or _is_sentence(text)
    )


def _is_tail_anchor(text: str) -> bool:
    return (
        _is_sentence(text) or parse_label(text) is not None or is_org_line(text) or is_paren_note(text)
        or is_unit_line(text) or text.startswith("附件") or text.startswith("抄送") or is_date_only(text)
        or re.search(r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip)$", text, re.IGNORECASE) is not None
    )


def strip_boilerplate(paragraphs: list[Paragraph], loc: Locator) -> tuple[list[Paragraph], list[Dropped]]:
    """Split paragraphs into the notice's own and the dropped furniture (with reasons)."""
    reasons: dict[int, str] = {}
    related = _related_block(paragraphs)
    for p in paragraphs:
        if related is not None and p.index >= related:
            reasons[p.index] = "B_RELATED_ARTICLES"
        elif FURNITURE.search(p.text):
            reasons[p.index] = "B_WEB_FURNITURE"
        elif _is_link_farm(p.text):
            reasons[p.index] = "B_LINK_LIST"
        elif _is_related_item(p.text):
            reasons[p.index] = "B_RELATED_ARTICLES"
    candidates = [p for p in paragraphs if p.index not in reasons]
    first = next((k for k in range(len(candidates)) if _is_head_anchor(candidates, k)), None)
    last = next((k for k in reversed(range(len(candidates))) if _is_tail_anchor(candidates[k].text)), None)
    while last is not None and last + 1 < len(candidates) and holds_figure(candidates[last + 1].text):
        last += 1  # table rows right after the last sentence (标准如下: / 奖励标准 50万元) are the notice's
    if first is not None and last is not None:  # without anchors there is no telling notice from frame
        for p in candidates[:first]:
            reasons[p.index] = "B_WEB_HEADER"
        for p in candidates[last + 1:]:
            reasons[p.index] = "B_WEB_TRAILER"
    _drop_repeated_titles(paragraphs, reasons)
    kept = [p for p in paragraphs if p.index not in reasons]
    dropped = [
        Dropped(reason=reasons[p.index], text=loc.raw_text(p.start, p.end), span=loc.span(p.start, p.end))
        for p in paragraphs if p.index in reasons
    ]
    return kept, dropped


def _drop_repeated_titles(paragraphs: list[Paragraph], reasons: dict[int, str]) -> None:
    """A page title printed again right below itself (web pages repeat the headline)."""
    recent: list[str] = []
    for p in paragraphs:
        if p.index in reasons:
            continue
        if is_title_like(p.text) and p.text in recent:
            reasons[p.index] = "B_REPEATED_TITLE"
            continue
        recent = (recent + [p.text])[-3:]
