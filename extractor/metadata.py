"""What a notice says about itself: title, issuers, 文号, dates, status, validity, stacking, when to apply and with what."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .patterns import compiled
from .dates import DATE, ISO_DATE, is_date_only, match_to_date, read_period
from .labels import cn_to_int, parse_label
from .models import ApplicationWindow, Clause, Heading, Metadata, Span, Stacking, SubDocument
from .paragraphs import Paragraph, is_doc_number, is_org_line, title_length
from .spans import Locator
from .lexicon import (
    APPLICATION_TIME_HEADING,
    APPLICATION_WINDOW_RULES,
    ATTACHMENT_HEAD,
    CLOSING_MARKS,
    DEADLINE,
    DRAFT_TITLE,
    EFFECTIVE_FROM,
    EFFECTIVE_UNTIL,
    INTERPRETER,
    LABELED_DOC_NUMBER,
    MATERIALS_INTRO,
    MATERIALS_ITEM_BREAK,
    MATERIALS_ITEM_END,
    MATERIALS_NAME_BREAK,
    NAMED_DRAFT,
    NOT_APPLICATION,
    OPENING_MARKS,
    PRINCIPLES,
    SENTENCE_END,
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
    _application_window(kept, subdocuments, loc, fields, sources)
    _materials(subdocuments, loc, fields, sources)
    draft = (DRAFT_TITLE.search(fields.get("title") or "") is not None
             or any("征求意见稿" in QUOTED_NAME.sub("", p.text) for p in kept[:12] if len(p.text) <= 40)
             or _draft_named(kept[:3], fields.get("title")))
    return Metadata(status="draft" if draft else "final", sources=sources, **fields)


QUOTED_NAME = compiled(r"《[^《》]*》")  # another document named in a line: its 征求意见稿 is not this notice's


def _draft_named(opening: list[Paragraph], title: str | None) -> bool:
    """A page that opens by naming the notice as a draft: 关于征求《<title>（征求意见稿）》意见建议的公示."""
    if not title:
        return False
    return any(title in named.group("name") for p in opening for named in NAMED_DRAFT.finditer(p.text))


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
    dateline = _search(compiled(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"), everything[:20])
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


def _application_window(kept: list[Paragraph], subdocuments: list[SubDocument], loc: Locator, fields: dict,
                        sources: dict[str, Span]) -> None:
    """The first window of the application printed: after its cue words, or below a heading naming it (三、申报时间)."""
    issued = fields.get("date") or fields.get("published") or fields.get("effective_from")
    year = issued.year if issued else None
    headings = _heading_starts(subdocuments, loc)
    for k, p in enumerate(kept):
        below = kept[k + 1] if k + 1 < len(kept) and p.start in headings and APPLICATION_TIME_HEADING.search(p.text) else None
        for q, start, end in [*_window_texts(p), *([(below, 0, len(below.text))] if below else [])]:
            period = read_period(q.text[start:end], year, issued)
            if period is None:
                continue
            a, b = q.to_norm(start + period.start), q.to_norm(start + period.end)
            fields["application_window"] = ApplicationWindow(
                date_from=period.first, date_to=period.last, raw=one_line(loc.raw_text(a, b)).strip())
            sources["application_window"] = loc.span(a, b)
            return


def _window_texts(p: Paragraph) -> list[tuple[Paragraph, int, int]]:
    """Where the dates after an application cue stand in `p`, in printed order; sentences on comments or validity left out."""
    found = []
    for rule in APPLICATION_WINDOW_RULES.values():
        for match in rule.finditer(p.text):
            if not NOT_APPLICATION.search(_sentence_at(p.text, match.start())):
                found.append((p, match.start("when"), match.end("when")))
    return sorted(found, key=lambda item: item[1])


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` holding character `offset`.

    >>> _sentence_at("有效期3年。申报截止时间为6月30日。", 8)
    '申报截止时间为6月30日'
    """
    start = max((text.rfind(mark, 0, offset) for mark in SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(mark, offset) for mark in SENTENCE_END) if i >= 0]
    return text[start:min(ends, default=len(text))]


def _heading_starts(subdocuments: list[SubDocument], loc: Locator) -> set[int]:
    """Normalized offsets where the segmenter put a heading: a heading line, or a clause's short heading."""
    spans = [h.span for sub in subdocuments for h in sub.headings]
    spans += [c.span for sub in subdocuments for c in sub.clauses if c.heading]
    return {loc.norm_range(span.start, span.end)[0] for span in spans}


def _materials(subdocuments: list[SubDocument], loc: Locator, fields: dict, sources: dict[str, Span]) -> None:
    """The items of every list of materials (申报材料, 需提交以下材料:), in printed order, each once."""
    found: list[tuple[int, int]] = []
    for sub in subdocuments:
        nodes = sorted([*sub.headings, *sub.clauses], key=lambda node: node.span.start)
        tree: dict[str | None, list[Clause | Heading]] = {}
        for node in nodes:
            tree.setdefault(node.parent if isinstance(node, Clause) else node.path.rpartition("/")[0] or None, []).append(node)
        done: set[str] = set()
        for node in nodes:
            if node.path not in done:
                found.extend(_items_of(node, tree, loc, done))
    items: dict[str, tuple[int, int]] = {}
    for a, b in found:
        items.setdefault("".join(loc.raw_text(a, b).split()), (a, b))
    if items:
        fields["materials"] = [one_line(loc.raw_text(a, b)).strip() for a, b in items.values()]
        sources["materials"] = loc.span(min(a for a, _ in items.values()), max(b for _, b in items.values()))


def _norm_text(node: Clause | Heading, loc: Locator) -> tuple[int, str]:
    start, end = loc.norm_range(node.span.start, node.span.end)
    return start, loc.norm.text[start:end]


def _items_of(node: Clause | Heading, tree: dict, loc: Locator, done: set[str]) -> list[tuple[int, int]]:
    """Normalized spans of the items a node lists: the numbered nodes below a heading or lead that opens the list
    (申报材料, 需提交以下材料:), or the run printed after a clause's colon."""
    if isinstance(node, Heading):
        intro, below = MATERIALS_INTRO.search(node.title), node.path
    else:
        start, text = _norm_text(node, loc)
        intro, below = MATERIALS_INTRO.search(text.rstrip()), node.parent
        if intro and (node.style != "lead" or intro.end() < len(intro.string)):
            return _inline_items(text, intro.end(), start)
    if intro is None or intro.end() < len(intro.string.rstrip()):
        return []
    done.add(node.path)
    return _items_below(below, tree, loc, done)


def _items_below(path: str | None, tree: dict, loc: Locator, done: set[str]) -> list[tuple[int, int]]:
    """The numbered nodes under `path`, up to the first paragraph that is not one.

    A heading among them that opens a list of its own (1.申请…补贴提交以下材料:) gives that list's items.
    """
    items: list[tuple[int, int]] = []
    for child in tree.get(path, []):
        if isinstance(child, Clause) and child.style == "lead":
            continue  # the heading's own words, which open the list
        if isinstance(child, Clause) and child.label is None:
            if items:
                break
            continue
        if isinstance(child, Heading) and (nested := _items_of(child, tree, loc, done)):
            items.extend(nested)
            continue
        done.add(child.path)
        start, text = _norm_text(child, loc)
        line = text.split("\n", 1)[0]
        if isinstance(child, Heading):
            line = line.split("。", 1)[0]  # 完整的运营服务方案。方案包括: names the item, then opens its parts
        label = parse_label(line)
        items.extend(_trimmed(line, label.end if label else 0, len(line), start))
    return items


def _inline_items(text: str, offset: int, base: int) -> list[tuple[int, int]]:
    """Items printed in one run after a list's colon, parted by semicolons or numbers, else by top-level 、.

    >>> text = "申报材料:1.身份证复印件;2.户口簿(户主页、本人页)。"
    >>> [text[a:b] for a, b in _inline_items(text, 5, 0)]
    ['身份证复印件', '户口簿(户主页、本人页)']
    >>> text = "需提交以下材料:身份证、《购房合同》原件。审核通过后发放。"
    >>> [text[a:b] for a, b in _inline_items(text, 8, 0)]
    ['身份证', '《购房合同》原件']
    """
    cuts = [offset, *(m for found in MATERIALS_ITEM_BREAK.finditer(text, offset) for m in found.span()), len(text)]
    pieces = list(zip(cuts[::2], cuts[1::2]))
    last_start, last_end = pieces[-1]
    stop = text.find("。", last_start, last_end)
    pieces[-1] = (last_start, stop if stop >= 0 else last_end)  # the list ends with its sentence
    if len(pieces) == 1:
        if any(mark in text[slice(*pieces[0])] for mark in ",，"):
            return []  # a sentence after the colon (精简申报材料:根据…), not a run of names
        pieces = _top_level_parts(text, *pieces[0])
    items = []
    for a, b in pieces:
        label = parse_label(text[a:b].lstrip())
        skip = len(text[a:b]) - len(text[a:b].lstrip()) + (label.end if label else 0)
        items.extend(_trimmed(text, a + skip, b, base))
    return items


def _top_level_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) parted at each 、 outside brackets and title marks."""
    parts, depth, begin = [], 0, start
    for i in range(start, end):
        depth += (text[i] in OPENING_MARKS) - (text[i] in CLOSING_MARKS)
        if text[i] == MATERIALS_NAME_BREAK and depth == 0:
            parts.append((begin, i))
            begin = i + 1
    return [*parts, (begin, end)]


def _trimmed(text: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
    """The item [start, end) of `text` without the mark that closes it, shifted by `base`; nothing when it is empty."""
    body = text[start:end]
    close = MATERIALS_ITEM_END.search(body)
    end = start + (close.start() if close else len(body))
    return [(base + start, base + end)] if body.strip() and end > start else []


# a page title is the notice's title, then column and site names: 通知_滨州市人民政府, 通知-公告信息-沈阳市房产局
PAGE_TITLE_SEPARATORS = compiled(r"\s*(?:_|\||｜|--|—|\s-\s|(?<=[\u4e00-\u9fff》）)])-(?=[\u4e00-\u9fff]))\s*")


def with_container(metadata: Metadata, container: dict) -> Metadata:
    """Fields the text does not print, taken from what the file says of itself (a page's title, its 文号 box).

    >>> with_container(Metadata(status="final"), {"page_title": "关于调整公积金政策的通知_滨州市人民政府"}).title
    '关于调整公积金政策的通知'
    >>> with_container(Metadata(status="final"), {"page_title": "关于征求《某办法（征求意见稿）》意见的公告"}).status
    'draft'
    """
    fill = {}
    if metadata.title is None:
        title = container.get("title") or PAGE_TITLE_SEPARATORS.split(container.get("page_title", ""))[0]
        if title:
            fill["title"] = title
            if DRAFT_TITLE.search(title):
                fill["status"] = "draft"  # the page's title names the text a draft, as a printed title does
    if metadata.doc_number is None and container.get("doc_number"):
        fill["doc_number"] = container["doc_number"]
    return metadata.model_copy(update=fill) if fill else metadata
