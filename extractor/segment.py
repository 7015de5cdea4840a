"""Sub-documents and clause trees.

A notice may bundle several policies, each under its own title and with its
own numbering. A title is a line that reads as one (…办法, …措施, possibly
wrapped over two lines and followed by (征求意见稿)) and is followed by
numbered clauses before the next title.

Within a policy, labels nest by order of appearance: a label style already
open closes everything below it and opens a sibling; a new style opens a
child. A label is accepted only where it continues a sequence (its number is
the previous sibling's plus one, or 1, or continues the numbering of an
earlier parent, as 1.…24. runs on across (一)…(五)), so numbers inside
sentences that happen to start a line are never clauses. A table's caption
(表1 …) opens a clause of its own at the top of its policy, its rows joining it.

Attachments printed after a policy (a heading 附件2, or the title an attachment
list 附件1:… named) are sub-documents of their own, their clauses under 附件1/….
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .extract.units import find_units
from .labels import Label, parse_label
from .models import Clause, Heading, Issue, SubDocument
from .paragraphs import Paragraph, ends_with_units, is_heading_line, is_meta, is_open_line, is_unit_line, title_length
from .spans import Locator
from .lexicon import (
    ATTACHMENT_HEADING, BACK_REFERENCE, CLOSING, CONTACT_HEADING, COVER_LETTER, HEADING_SENTENCE, NEWS_FRAME, PURPOSE, SENTENCE,
)


@dataclass
class _Node:
    """A numbered node while the tree is built."""

    label: Label | None
    part: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    closing_after: _Node | None = None  # the node the closing paragraphs were printed after


def is_non_rule(text: str) -> bool:
    """Frame paragraphs plus purpose preambles, cover letters and a news report's frame: never clauses."""
    return (is_meta(text) or PURPOSE.match(text) is not None or COVER_LETTER.search(text) is not None
            or NEWS_FRAME.search(text) is not None)


def _subdocument_starts(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """(index, title length) of each title that is followed by clauses before the next title."""
    titles, i = [], 0
    while i < len(paragraphs):
        n = title_length(paragraphs, i)
        if n:
            titles.append((i, n))
        i += max(n, 1)
    starts = []
    for k, (i, n) in enumerate(titles):
        stop = titles[k + 1][0] if k + 1 < len(titles) else len(paragraphs)
        first = next((parse_label(p.text) for p in paragraphs[i + n:stop] if parse_label(p.text)), None)
        if first is not None and first.number == 1:
            starts.append((i, n))
    return starts


def _accept(label: Label, stack: list[_Node], last: dict[str, int]) -> bool:
    for node in stack[1:]:
        if node.label and node.label.style == label.style:
            return label.number == node.label.number + 1
    return label.number == 1 or label.number == last.get(label.style, 0) + 1


def _has_body(node: _Node) -> bool:
    """True once a node holds more than a bare heading line."""
    if len(node.paragraphs) > 1:
        return True
    first = node.paragraphs[0].text
    return not is_heading_line(first[node.label.end:] if node.label else first)


def _starts_closing(p: Paragraph, top: _Node) -> bool:
    """A closing paragraph after a full clause; under a bare heading (五、附则) it is that clause's body."""
    return (
        CLOSING.search(p.text) is not None and _has_body(top)
        and not any(CLOSING.search(q.text) for q in top.paragraphs)
    )


def _speaks_for_the_list(p: Paragraph, parent: _Node) -> bool:
    """A paragraph after a list of items that belongs to the list's parent, not to its last item.

    以上…/同一企业… refer back to the whole list. A units line does too, unless the
    items carry units of their own (then it is the last item's, printed on its own line).
    """
    if BACK_REFERENCE.match(p.text):
        return True
    if not is_unit_line(p.text):
        return False
    earlier = parent.children[:-1]
    return not any(find_units(q.text) for child in earlier for q in child.paragraphs)


def _is_contact_block(node: _Node) -> bool:
    """A bare heading of a contact block whose contacts were dropped as furniture: no clause."""
    return not _has_body(node) and CONTACT_HEADING.search(node.paragraphs[0].text) is not None


def _closed_by_units(node: _Node) -> bool:
    """An item that ends with its responsible units (a units line, or a trailing （责任单位：…）): its text is over."""
    last = node.paragraphs[-1].text
    return not node.children and (is_unit_line(last) or ends_with_units(last))


def _list_is_complete(item: _Node, parent: _Node) -> bool:
    """The last item of a list that finishes its parent's sentence (…下列程序: (一)…; (五)…。): what follows is the parent's."""
    return (
        not item.children and parent.label is not None and parent.paragraphs[-1].text.endswith(":")
        and item.paragraphs[-1].text.endswith("。")
    )


def _close(node: _Node, p: Paragraph, after: _Node) -> None:
    """Start or continue the closing paragraphs of `node`, printed after `after`."""
    if not node.closing:
        node.closing_after = after
    node.closing.append(p)


def _give_back(node: _Node) -> None:
    """A numbered sibling follows: the closing of `node` was not one, its paragraphs continue the node they followed."""
    after = node.closing_after or node
    (after.closing if after.closing and after is not node else after.paragraphs).extend(node.closing)
    node.closing, node.closing_after = [], None


def _labels(body: list[Paragraph]) -> list[Label | None]:
    """The label of each paragraph; 一是 only where the next label is 二是 (else the enumeration runs on in the text)."""
    labels = [parse_label(p.text) for p in body]
    for k, label in enumerate(labels):
        if label is not None and label.style == "cn_enum" and label.number == 1:
            following = next((later for later in labels[k + 1:] if later is not None), None)
            if following is None or (following.style, following.number) != ("cn_enum", 2):
                labels[k] = None
    return labels


def build_tree(body: list[Paragraph]) -> tuple[_Node, list[Issue]]:
    """Nest the numbered paragraphs of one policy; unnumbered ones join the open node.

    A paragraph after an item that ended with its units, or after the item that completes
    its parent's sentence, closes the parent; a paragraph that reads as a closing (本办法自…
    施行) closes the policy. When a numbered sibling follows after all, such a closing was
    only a continuation of the node it followed, and is given back to it.
    """
    root = _Node(label=None, part="")
    stack, last, issues = [root], {}, []
    for p, label in zip(body, _labels(body)):
        if label is not None and _accept(label, stack, last):
            if label.style == "table":
                del stack[1:]  # a table stands on its own at the top of its policy, between the numbered clauses
            while any(n.label and n.label.style in (label.style, "table") for n in stack[1:]):
                stack.pop()
            parent = stack[-1]
            for open_node in stack:  # a closing followed by more of the node it followed, or by its sibling, was none
                after = open_node.closing_after
                if open_node.closing and (after in stack or open_node is parent and after is not None
                                          and parent.children[-1].label.style == label.style):
                    _give_back(open_node)
            node = _Node(label=label, part=label.path_part, paragraphs=[p])
            parent.children.append(node)
            stack.append(node)
            last[label.style] = label.number
            continue
        if label is not None:
            issues.append(Issue(code="W_LABEL_OUT_OF_SEQUENCE",
                                message=f"'{p.text[:12]}' does not continue the numbering; read as text",
                                message_zh=f"“{p.text[:12]}”不接续前面的编号，作正文读取"))
        if is_meta(p.text):
            continue
        top = stack[-1]
        parent = stack[-2] if len(stack) > 1 else None
        if top is not root and (root.closing or _starts_closing(p, top)):
            _close(root, p, top)
        elif len(stack) > 2 and _speaks_for_the_list(p, parent):
            stack.pop()  # after the items: 以上…/同一企业…/（责任单位：…） speak for the whole list
            _close(parent, p, top)
        elif top.closing:
            top.closing.append(p)
        elif parent is not None and parent.closing and parent.closing_after is top:
            parent.closing.append(p)
        elif parent is not None and (_closed_by_units(top) or parent is not root and _list_is_complete(top, parent)):
            _close(parent, p, top)  # the item stays open: a restart of its numbering is still no label
        else:
            top.paragraphs.append(p)
    return root, issues


def _short_titles(titles: list[str]) -> list[str]:
    """Titles without the prefix all of them share (山西科技创新城…)."""
    prefix = titles[0]
    for title in titles[1:]:
        while not title.startswith(prefix):
            prefix = prefix[:-1]
    return [t[len(prefix):] if len(t) - len(prefix) >= 4 else t for t in titles]


class _Emitter:
    """Turns built trees into Clause and Heading records."""

    def __init__(self, loc: Locator, prefix: str) -> None:
        self.loc = loc
        self.prefix = prefix
        self.clauses: list[Clause] = []
        self.headings: list[Heading] = []

    def path(self, *parts: str) -> str:
        return "/".join(part for part in (self.prefix, *parts) if part)

    def emit_root(self, root: _Node) -> None:
        lead = [p for p in root.paragraphs if not is_non_rule(p.text)]
        if not root.children:  # a news text: its headlines are not clauses
            for k, p in enumerate([p for p in lead if not is_open_line(p.text)], 1):
                self.add(self.path(f"p{k}"), None, "paragraph", [p], parent=None, depth=0)
        elif lead:
            self.add(self.path("lead"), None, "lead", lead, parent=None, depth=0)
        for child in root.children:
            self.emit(child, [], None)
        closing = [p for p in root.closing if not is_non_rule(p.text)]
        if closing:
            self.add(self.path("closing"), None, "closing", closing, parent=None, depth=0)

    def emit(self, node: _Node, parents: list[str], parent_path: str | None) -> None:
        parts = [*parents, node.part]
        path = self.path(*parts)
        if not node.children:
            if not _is_contact_block(node):
                self.add(path, node.label, node.label.style, node.paragraphs, parent=parent_path, depth=len(parents))
            return
        first = node.paragraphs[0]
        self.headings.append(Heading(
            path=path, label=self.loc.raw_text(first.start, first.to_norm(node.label.end)).strip(),
            style=node.label.style, title=first.text[node.label.end:].strip(), span=self.loc.span(first.start, first.end),
        ))
        if _has_body(node):
            self.add(self.path(*parts, "lead"), node.label, "lead", node.paragraphs, parent=path, depth=len(parts))
        for child in node.children:
            self.emit(child, parts, path)
        if node.closing:
            self.add(self.path(*parts, "closing"), None, "closing", node.closing, parent=path, depth=len(parts))

    def unit_name(self, start: int, unit) -> str:
        """A unit's name as printed, without the line break of a wrapped line (市住\n建局)."""
        return "".join(self.loc.raw_text(start + unit.start, start + unit.end).split())

    def add(self, path: str, label: Label | None, style: str, paragraphs: list[Paragraph], *,
            parent: str | None, depth: int) -> None:
        start, end = paragraphs[0].start, paragraphs[-1].end
        norm_text = self.loc.norm.text[start:end]
        units = find_units(norm_text)
        label_end = label.end if label is not None and style != "paragraph" else 0
        self.clauses.append(Clause(
            path=path,
            label=self.loc.raw_text(start, paragraphs[0].to_norm(label_end)).strip() if label_end else None,
            style=style, number=label.number if label and style not in ("lead",) else None,
            parent=parent, depth=depth,
            heading=_heading(paragraphs, label_end),
            text=self.loc.raw_text(start, end),
            span=self.loc.span(start, end),
            units=[self.unit_name(start, u) for u in units if not u.lead],
            lead_units=[self.unit_name(start, u) for u in units if u.lead],
            unit_spans=[self.loc.span(start + u.start, start + u.end) for u in units],
            sentences=[self.loc.span(start + m.start(), start + m.end())
                       for m in SENTENCE.finditer(norm_text, label_end) if m.group().strip()],
        ))


def _heading(paragraphs: list[Paragraph], label_end: int) -> str | None:
    """A short heading: a line of its own, or a short first sentence ending in 。."""
    if not label_end:
        return None
    rest = paragraphs[0].text[label_end:].strip()
    if len(paragraphs) > 1 and is_heading_line(rest) and rest:
        return rest
    match = HEADING_SENTENCE.match(rest)
    if match and len(rest) > match.end():
        return match.group(1)
    return None


def segment(kept: list[Paragraph], loc: Locator) -> tuple[list[SubDocument], list[Issue]]:
    """Split a notice's paragraphs into policies, each with its clause tree."""
    starts = _subdocument_starts(kept)
    issues: list[Issue] = []
    if not starts:
        starts = [(0, 0)]
    cover = kept[: starts[0][0]]
    titles = [_title_text(kept[i:i + n], loc) for i, n in starts]
    short = _short_titles(titles) if len(starts) > 1 and all(titles) else [None] * len(starts)
    subdocuments = []
    in_titles = {k for i in range(len(cover)) for k in range(i, i + title_length(cover, i))}
    cover_rules = [p for k, p in enumerate(cover) if k not in in_titles and not is_non_rule(p.text)]
    if cover_rules:
        emitter = _Emitter(loc, "")
        emitter.add("lead", None, "lead", cover_rules, parent=None, depth=0)
        subdocuments.append(SubDocument(kind="cover", title=None, short_title=None,
                                        span=loc.span(cover[0].start, cover[-1].end), clauses=emitter.clauses))
    for k, (i, n) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(kept)
        body = kept[i + n:stop]
        if not body:
            continue
        attachments = _attachment_starts(body)
        prefix = (short[k] or "").replace("/", "-")
        end = attachments[0][0] if attachments else len(body)
        sub, tree_issues = _subdocument(body[:end], loc, prefix, "policy", titles[k] or None, short[k], kept[i])
        issues.extend(tree_issues)
        subdocuments.append(sub)
        for j, (a, heading, name) in enumerate(attachments):
            a_stop = attachments[j + 1][0] if j + 1 < len(attachments) else len(body)
            part = body[a + heading:a_stop]
            if not any(parse_label(p.text) for p in part):
                continue  # a form or a list of names: no clauses
            title = _title_text(body[a + heading - 1:a + heading], loc)
            sub, tree_issues = _subdocument(part, loc, "/".join(filter(None, (prefix, name))), "attachment",
                                            title, name, body[a])
            issues.extend(tree_issues)
            subdocuments.append(sub)
    if not any(sub.clauses for sub in subdocuments):
        issues.append(Issue(code="W_NO_CLAUSES", message="no clauses found: no numbered items and no rule paragraphs",
                            message_zh="没有找到条款：既无编号条目，也无规则段落"))
    return subdocuments, issues


def _subdocument(body: list[Paragraph], loc: Locator, prefix: str, kind: str, title: str | None,
                 short_title: str | None, first: Paragraph) -> tuple[SubDocument, list[Issue]]:
    """One policy or attachment: its clause tree emitted under `prefix`, spanning from `first` to its last paragraph."""
    root, issues = build_tree(body)
    emitter = _Emitter(loc, prefix)
    emitter.emit_root(root)
    return SubDocument(
        kind=kind, title=title, short_title=short_title, span=loc.span(first.start, (body[-1] if body else first).end),
        headings=emitter.headings, clauses=emitter.clauses,
    ), issues


def _attachment_starts(body: list[Paragraph]) -> list[tuple[int, int, str]]:
    """(index, heading lines, name) of each attachment printed in a policy's body, after its first clause.

    An attachment opens with a heading 附件2 (and its title on the next line, when short), or
    with the title that an attachment list above (附件1:老旧营运货车报废更新补贴标准) named.
    """
    listed: dict[str, str] = {}
    starts: list[tuple[int, int, str]] = []
    first_clause = next((k for k, p in enumerate(body) if parse_label(p.text)), len(body))
    for k, p in enumerate(body):
        match = ATTACHMENT_HEADING.fullmatch(p.text)
        name = f"附件{match.group('num') or ''}" if match else None
        if match and match.group("title"):
            listed.setdefault(match.group("title").strip(), name)
        elif k <= first_clause or starts and starts[-1][0] + starts[-1][1] > k:
            continue
        elif match and match.group("num"):
            titled = k + 1 < len(body) and is_open_line(body[k + 1].text) and parse_label(body[k + 1].text) is None
            starts.append((k, 2 if titled else 1, name))
        elif p.text in listed:
            starts.append((k, 1, listed.pop(p.text)))
    return starts


def _title_text(paragraphs: list[Paragraph], loc: Locator) -> str:
    """A title as printed, its lines joined."""
    return "".join(loc.raw_text(p.start, p.end).strip() for p in paragraphs)
