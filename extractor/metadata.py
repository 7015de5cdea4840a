"""What a notice says about itself: title, issuers, 文号, dates, status, validity, stacking."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DATE, ISO_DATE, is_date_only, match_to_date
from .labels import cn_to_int
from .models import Metadata, Span, Stacking, SubDocument
from .paragraphs import Paragraph, is_doc_number, is_org_line, title_length
from .spans import Locator
from .lexicon import (
    ATTACHMENT_HEAD,
    DEADLINE,
    EFFECTIVE_FROM,
    EFFECTIVE_UNTIL,
    INTERPRETER,
    LABELED_DOC_NUMBER,
    PRINCIPLES,
    STACKING,
    SUBJECTS,
    VALIDITY,
)


@dataclass(frozen=True)
class _Found:
    """A regex match inside one paragraph, with offsets mapped to normalized text."""

    match: re.Match[str]
    paragraph: Paragraph

    def span(self, loc: Locator, group: str | int = 0) -> Span:
        return loc.span(self.paragraph.to_norm(self.match.start(group)), self.paragraph.to_norm(self.match.end(group)))

    def raw(self, loc: Locator, group: str | int = 0) -> str:
        printed = loc.raw_text(self.paragraph.to_norm(self.match.start(group)), self.paragraph.to_norm(self.match.end(group)))
        return one_line(printed)


def one_line(text: str) -> str:
    """A value printed across a hard line break, joined as one line (从优\n、就高 → 从优、就高)."""
    return re.sub(r"[ \t]*\n\s*", "", text)


def _search(pattern: re.Pattern[str], paragraphs: list[Paragraph]) -> _Found | None:
    for p in paragraphs:
        match = pattern.search(p.text)
        if match:
            return _Found(match, p)
    return None


def _date_of(text: str) -> dt.date | None:
    match = DATE.search(text) or ISO_DATE.search(text)
    return match_to_date(match) if match else None


def read_metadata(kept: list[Paragraph], everything: list[Paragraph], subdocuments: list[SubDocument],
                  loc: Locator) -> Metadata:
    """Read the metadata of a notice from its paragraphs (and a web dateline among the dropped)."""
    fields: dict = {}
    sources: dict[str, Span] = {}
    _title_and_issuers(kept, loc, fields, sources)
    policies = [sub for sub in subdocuments if sub.kind == "policy"]
    if len(policies) > 1 and fields.get("title") == policies[0].title:
        # a bundle printed without a notice title: its first policy's title is not the notice's
        fields.pop("title")
        sources.pop("title")
    _numbers_and_dates(kept, everything, loc, fields, sources)
    _validity(kept, loc, fields, sources)
    _scope(kept, loc, fields, sources)
    draft = "征求意见稿" in (fields.get("title") or "") or any(
        "征求意见稿" in p.text for p in kept[:12] if len(p.text) <= 40)
    return Metadata(status="draft" if draft else "final", sources=sources, **fields)


def _title_and_issuers(kept: list[Paragraph], loc: Locator, fields: dict, sources: dict[str, Span]) -> None:
    title_at = next(((i, n) for i in range(min(len(kept), 12)) if (n := title_length(kept, i))), None)
    issuers: list[str] = []
    if title_at is not None:
        i, n = title_at
        lines = kept[i:i + n]
        fields["title"] = one_line("".join(loc.raw_text(p.start, p.end).strip() for p in lines))
        sources["title"] = loc.span(lines[0].start, lines[-1].end)
        before, _, _ = fields["title"].partition("关于")
        if before and is_org_line(before.strip()):
            issuers.extend(before.split())
        if i > 0 and is_org_line(kept[i - 1].text):
            issuers.extend(loc.raw_text(kept[i - 1].start, kept[i - 1].end).split())
    for k in range(1, len(kept)):
        if is_date_only(kept[k].text) and is_org_line(kept[k - 1].text):
            issuers.extend(loc.raw_text(kept[k - 1].start, kept[k - 1].end).split())
            break
    fields["issuers"] = list(dict.fromkeys(issuers))


def _numbers_and_dates(kept: list[Paragraph], everything: list[Paragraph], loc: Locator, fields: dict,
                       sources: dict[str, Span]) -> None:
    for p in kept:
        if "doc_number" not in fields and is_doc_number(p.text):
            fields["doc_number"] = loc.raw_text(p.start, p.end).strip()
            sources["doc_number"] = loc.span(p.start, p.end)
        if "date" not in fields and is_date_only(p.text) and (day := _date_of(p.text)):
            fields["date"] = day
            sources["date"] = loc.span(p.start, p.end)
    labeled = _search(LABELED_DOC_NUMBER, everything[:30])
    if "doc_number" not in fields and labeled:
        fields["doc_number"] = labeled.raw(loc, "number")
        sources["doc_number"] = labeled.span(loc, "number")
    dateline = _search(re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"), everything[:20])
    if dateline and (day := _date_of(dateline.match.group())):
        fields["published"] = day
        sources["published"] = dateline.span(loc)
    deadline = _search(DEADLINE, kept)
    if deadline:
        group = "when" if deadline.match.group("when") else "before"
        if day := _date_of(deadline.match.group(group)):
            fields["comment_deadline"] = day
            sources["comment_deadline"] = deadline.span(loc, group)


def _validity(kept: list[Paragraph], loc: Locator, fields: dict, sources: dict[str, Span]) -> None:
    start = _search(EFFECTIVE_FROM, kept)
    if start:
        fields["effective_from_raw"] = start.raw(loc, "when")
        sources["effective_from"] = start.span(loc, "when")
        when = start.match.group("when")
        fields["effective_from"] = fields.get("date") if when.endswith("之日") else _date_of(when)
    until = _search(EFFECTIVE_UNTIL, kept)
    if until and (day := _date_of(until.match.group("when"))):
        fields["effective_until"] = day
        sources["effective_until"] = until.span(loc, "when")
    years = _search(VALIDITY, kept)
    if years:
        text = years.match.group("years")
        fields["validity_years"] = int(text) if text.isdigit() else cn_to_int(text)
        sources["validity_years"] = years.span(loc)
        begin = fields.get("effective_from")
        if "effective_until" not in fields and begin and fields["validity_years"]:
            fields["effective_until"] = _add_years(begin, fields["validity_years"]) - dt.timedelta(days=1)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _scope(kept: list[Paragraph], loc: Locator, fields: dict, sources: dict[str, Span]) -> None:
    subjects = _search(SUBJECTS, kept)
    if subjects:
        body = subjects.raw(loc, "body")
        listed = body.rsplit("的", 1)[-1]
        names = [re.sub(r"等$", "", name.strip()) for name in re.split(r"[、,，]", listed)]
        fields["applicable_subjects"] = [name for name in names if name]
        sources["applicable_subjects"] = subjects.span(loc, "body")
    for p in kept:
        match = STACKING.search(p.text)
        if match and any(word in match.group("raw") for word in PRINCIPLES):
            found = _Found(match, p)
            raw = found.raw(loc, "raw")
            fields["stacking"] = Stacking(raw=raw, principles=[w for w in PRINCIPLES if w in raw])
            sources["stacking"] = found.span(loc, "raw")
            break
    interpreter = _search(INTERPRETER, kept)
    if interpreter:
        fields["interpreter"] = interpreter.raw(loc, "body")
        sources["interpreter"] = interpreter.span(loc, "body")
    fields["attachments"] = _attachments(kept, loc)


def _attachments(kept: list[Paragraph], loc: Locator) -> list[str]:
    """Names listed after 附件: (on the same line or the lines below it)."""
    for k, p in enumerate(kept):
        head = ATTACHMENT_HEAD.match(p.text)
        if head is None or len(p.text) > 80:
            continue
        names = [p.text[head.end():]] if p.text[head.end():] else []
        names += [loc.raw_text(q.start, q.end) for q in kept[k + 1:k + 10]
                  if len(q.text) <= 80 and not q.text.endswith("。")]
        return [re.sub(r"^\d+\s*[.、]\s*", "", name).strip() for name in names if name.strip()]
    return []


# a page title is the notice's title, then column and site names: 通知_滨州市人民政府, 通知-公告信息-沈阳市房产局
PAGE_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—|\s-\s|(?<=[\u4e00-\u9fff》）)])-(?=[\u4e00-\u9fff]))\s*")


def with_container(metadata: Metadata, container: dict) -> Metadata:
    """Fields the text does not print, taken from what the file says of itself (a page's title, its 文号 box).

    >>> with_container(Metadata(status="final"), {"page_title": "关于调整公积金政策的通知_滨州市人民政府"}).title
    '关于调整公积金政策的通知'
    """
    fill = {}
    if metadata.title is None:
        title = container.get("title") or PAGE_TITLE_SEPARATORS.split(container.get("page_title", ""))[0]
        if title:
            fill["title"] = title
    if metadata.doc_number is None and container.get("doc_number"):
        fill["doc_number"] = container["doc_number"]
    return metadata.model_copy(update=fill) if fill else metadata
