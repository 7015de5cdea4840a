"""Reading saved web pages: the notice's main text, one block a line, tables as rows.

Government sites wrap the notice in a content container (TRS_Editor, zoom,
article, content …) inside navigation, share bars, related links and footers.
The page is decoded here (a BOM, then the declared charset if it reads as
Chinese, then the text decoder; W_ENCODING_MISMATCH when the declaration was
wrong) and parsed with lxml, or, for pages nested deeper than lxml's parser
goes, by the standard library's tokenizer with the nesting capped. Scripts,
styles, comments and hidden elements go first (their text is never the
notice; W_HIDDEN_CONTENT when hidden text held a sum or a rate). The main
container is the element with the most Chinese text outside links whose own
link share is low, narrowed to the innermost element that still holds nearly
all of it. Its blocks become lines; a table row becomes one line with its
cells in order, unless it is a layout row (one cell holding paragraphs: the
page's frame). What the page says about the notice (title, 索引号/发文字号
boxes, publication date, attachment links) goes into `Loaded.meta`; text
outside the container is reported as dropped web furniture.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from ..patterns import compiled
from ..errors import InputError
from ..extract.numbers import holds_figure
from ..lexicon import HAN
from ..models import Dropped, Issue
from . import Loaded

BLOCKS = frozenset(
    "p div section article header footer aside nav main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr "
    "blockquote pre form center address figure figcaption hr body html".split()
)
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
             "button", "input", "textarea", "head")
HIDDEN_STYLE = compiled(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
MAX_DEPTH = 200  # nesting kept by the fallback tree builder; lxml's HTML parser stops at 256 and drops the rest
XML_NAME = compiled(r"[a-zA-Z_][\w.-]*")  # attribute names an lxml element accepts
XML_UNSAFE = compiled("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters an lxml element refuses
LABEL_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}  # WHATWG: one decoder
CHARSET = compiled(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
ATTACHMENT_HREF = compiled(r"\.(?:pdf|docx?|wps|xlsx?|ofd|zip|rar)(?:$|[?#])", re.IGNORECASE)
# Metadata boxes of government information disclosure (政府信息公开) pages: label, then value.
META_LABELS = {
    "索引号": "index_number", "发文字号": "doc_number", "文号": "doc_number", "发文机关": "issuer",
    "发布机构": "issuer", "发文单位": "issuer", "成文日期": "written", "发布日期": "published",
    "发文日期": "published", "公开日期": "published", "生效日期": "effective", "有效性": "validity",
    "时效性": "validity", "主题分类": "topic", "标题": "title", "名称": "title",
}
META_PAIR = compiled(
    r"(索引号|发文字号|文号|发文机关|发布机构|发文单位|成文日期|发布日期|发文日期|公开日期|生效日期|有效性|时效性|主题分类|标题|名称)"
    r"\s*[:：]\s*(.*?)(?=\s*(?:索引号|发文字号|文号|发文机关|发布机构|发文单位|成文日期|发布日期|发文日期|公开日期|生效日期|有效性|时效性|主题分类|标题|名称)\s*[:：]|$)"
)
# Page chrome by the names templates give it (class/id tokens, HTML5 tags): never the notice, even
# when a footer's list of sister sites holds more unlinked Chinese text than a short notice.
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
CHROME_NAME = compiled(
    r"^(?:foot(?:er)?|header|nav(?:bar)?|menu|friend(?:ship)?s?|links?|copyright|sidebar|(?:bread)?crumbs?)"
    r"(?:\d+|-.*|_.*)?$", re.IGNORECASE)
PAGE_DATE = compiled(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2})")


def load_html(data: bytes, path: Path) -> Loaded:
    """Read a saved page's main text, one block a line, with what the page says about itself."""
    from lxml import etree

    text, encoding, decoded = decode_page(data, path)
    root = parse_page(text, path)
    title = " ".join((root.findtext(".//title") or "").split())
    revealed, hidden = _strip_invisible(root, etree)
    body = root.find("body") if root.find("body") is not None else root
    main = main_container(body)
    lines = block_lines(main)
    if not any(HAN.search(line) for line in lines):
        images = len(body.xpath(".//img | .//canvas"))
        shown = f", only {images} image(s): the notice may be a picture of itself" if images else ""
        raise InputError(f"page has no Chinese text outside navigation, scripts and markup{shown}", path=path,
                         code="E_NO_CONTENT", hint="save the page after it has loaded, or use the linked attachment",
                         zh="网页在导航、脚本和标记之外没有中文正文"
                            + (f"，只有 {images} 张图片：通知可能是图片形式" if images else ""),
                         zh_hint="请在网页加载完成后再保存，或改读页面上的附件")
    outside = block_lines(body, skip=main)
    meta = page_meta(body, outside, title)
    outside = [line for line in outside if HAN.search(line)]
    dropped = tuple(Dropped(reason="B_WEB_FURNITURE", text=line) for line in outside)
    issues = tuple(decoded)
    if figures := [" ".join(text.split()) for text in hidden if holds_figure(text)]:
        issues += (Issue(code="W_HIDDEN_CONTENT", message=f"{len(figures)} hidden element(s) of the page held sums "
                         f"or rates, not read (a reader does not see them): {'; '.join(figures)[:300]}",
                         message_zh=f"网页有 {len(figures)} 个隐藏元素含有金额或比例，读者看不到，未读取："
                                    f"{'; '.join(figures)[:300]}"),)
    if revealed:
        issues += (Issue(code="W_HTML_HIDDEN_MAIN", message="the main text is hidden in the saved page "
                         "(its scripts reveal it); read as shown",
                         message_zh="保存的网页中正文被隐藏（由脚本显示），按显示后的正文读取"),)
    if meta.get("attachments") and sum(len(HAN.findall(line)) for line in lines) < 200:
        issues += (Issue(code="W_HTML_ATTACHMENT_ONLY", message="the page holds little text besides links to "
                        f"{len(meta['attachments'])} attachment(s); the notice may be in them",
                         message_zh=f"网页除 {len(meta['attachments'])} 个附件链接外文字很少，通知正文可能在附件中"),)
    return Loaded(text="\n".join(lines), kind="html", encoding=encoding, dropped=dropped, issues=issues, meta=meta)


def decode_page(data: bytes, path: Path) -> tuple[str, str, list[Issue]]:
    """The page as text, its encoding and what was doubtful about it.

    A BOM decides; then the declared charset, if it decodes strictly into
    Chinese (UTF-8 bytes decode as GB18030 without error, into mojibake);
    else the text decoder's chain, and W_ENCODING_MISMATCH names both.
    """
    from .text import MIN_PLAUSIBLE, decode, han_share

    found = CHARSET.search(data[:4096])
    declared = _codec_name(found.group(1).decode("ascii")) if found else None
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):  # a label Python does not know, or bytes it does not fit
            text = None
        if text is not None and han_share(text) >= MIN_PLAUSIBLE:
            return text, declared, []
    text, encoding, issues = decode(data, path)
    if declared and _codec_name(encoding) != declared:
        declared = found.group(1).decode()
        issues = [*issues, Issue(code="W_ENCODING_MISMATCH", message=f"the page declares charset {declared}, "
                                 f"but its bytes are {encoding}: read as {encoding}",
                                 message_zh=f"网页声明的字符集是 {declared}，但字节是 {encoding}：按 {encoding} 读取")]
    return text, encoding, issues


def _codec_name(label: str) -> str:
    """Python's name for a charset label, GBK's aliases read as GB18030; the label itself if Python has none.

    >>> [_codec_name(label) for label in ("UTF8", "utf-8-sig", "GB2312", "x-gbk", "big5", "nonsense")]
    ['utf-8', 'utf-8', 'gb18030', 'gb18030', 'big5', 'nonsense']
    """
    label = label.lower()
    try:
        name = codecs.lookup(LABEL_ALIASES.get(label, label)).name
    except LookupError:
        return label
    return {"utf-8-sig": "utf-8", "gbk": "gb18030", "gb2312": "gb18030"}.get(name, name)


def parse_page(text: str, path: Path):
    """The page's element tree: lxml's, or the capped-nesting tree when lxml stopped at its depth limit."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser()
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"page cannot be parsed as HTML ({exc})", path=path, code="E_HTML_MALFORMED",
                         hint="check what was downloaded", zh="网页无法按 HTML 解析，文件已损坏",
                         zh_hint="请检查下载到的是否是通知原件") from exc
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return _FlatTree.parse(text)
    return root


class _FlatTree(HTMLParser):
    """Markup into an lxml.html tree with nesting capped at MAX_DEPTH, for pages lxml cannot nest.

    Elements opened below the cap add no element: their text lands, in
    order, in the deepest element kept, and a block among them leaves a line
    break. Text inside a script, style or hidden element below the cap is
    left out, as `_strip_invisible` would.
    """

    def __init__(self) -> None:
        from lxml import html as lxml_html

        super().__init__(convert_charrefs=True)
        self.root = lxml_html.Element("html")
        self.kept = [self.root]  # the open elements that are in the tree
        self.below: list[tuple[str, bool]] = []  # open tags below the cap, and whether each hides its text
        self.counts: dict[str, int] = {}  # open tags by name: a stray end tag is ignored without a search
        self.open: list[str] = []  # every open tag, in order
        self.muted = 0  # open tags below the cap that hide their text

    @classmethod
    def parse(cls, text: str):
        """The tree of a page."""
        builder = cls()
        builder.feed(text)
        builder.close()
        return builder.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attrib = {name: XML_UNSAFE.sub("", value or "") for name, value in attrs if XML_NAME.fullmatch(name)}
        if tag == "html":
            return
        if tag in VOID_TAGS:
            self._add(tag, attrib)
            return
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.open.append(tag)
        if len(self.kept) < MAX_DEPTH and not self.below:
            self.kept.append(self._add(tag, attrib))
            return
        hides = tag in DROP_TAGS or "hidden" in attrib or bool(HIDDEN_STYLE.search(attrib.get("style", "")))
        self.muted += hides
        self.below.append((tag, hides))
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if not self.counts.get(tag):
            return
        while True:  # close what the end tag closes, innermost first
            name = self.open.pop()
            self.counts[name] -= 1
            if self.below:
                _, hides = self.below.pop()
                self.muted -= hides
                if name in BLOCKS:
                    self._break()
            else:
                self.kept.pop()
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.muted:
            return
        data = XML_UNSAFE.sub("", data)
        parent = self.kept[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _break(self) -> None:
        parent = self.kept[-1]
        if not len(parent) or parent[-1].tag != "br" or (parent[-1].tail or "").strip():
            self._add("br", {})  # one break between two texts, however many blocks end and start there

    def _add(self, tag: str, attrib: dict[str, str]):
        from lxml import etree

        name = re.sub(r"[^a-z0-9-]", "-", tag) if re.match(r"[a-z]", tag) else "span"  # o:p (Word) is no lxml name
        return etree.SubElement(self.kept[-1], name, attrib)


def _strip_invisible(root, etree) -> tuple[bool, list[str]]:
    """Scripts, styles, comments and hidden elements: never notice text.

    Many templates hide the body or the notice's container until their own
    script reveals it: a hidden element that holds most of the page's Chinese
    text is the notice, and is kept (the first value says so). The second is
    the text of the hidden elements dropped.
    """
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(element)
    for element in root.xpath("|".join(f"//{tag}" for tag in DROP_TAGS)):
        _drop(element)
    total = len(HAN.findall(root.text_content()))
    revealed = False
    hidden = []
    for element in root.xpath("//*[@hidden or @style or @aria-hidden]"):
        if element.getparent() is None and element.tag != "html":
            continue  # inside a hidden element dropped already
        if (element.get("hidden") is not None or HIDDEN_STYLE.search(element.get("style", ""))
                or element.get("aria-hidden", "").lower() == "true"):
            if element.tag in ("body", "html") or len(HAN.findall(element.text_content())) >= 0.5 * total:
                revealed = True
            else:
                hidden.append(element.text_content())
                _drop(element)
    return revealed, hidden


def _drop(element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _han_counts(element) -> tuple[int, int]:
    """Chinese characters under an element: all of them, and those inside links."""
    total = len(HAN.findall(element.text_content()))
    linked = sum(len(HAN.findall(a.text_content())) for a in element.iter("a"))
    return total, linked


def _unlinked(element) -> int:
    """Chinese characters under an element outside its links."""
    total, linked = _han_counts(element)
    return total - linked


def is_chrome(element) -> bool:
    """A header, footer, navigation or link list, by its tag or by a class/id token naming it so."""
    if element.tag in CHROME_TAGS:
        return True
    # the first class token names the component (`footer wauto`); later ones are modifiers (`wrap c nav`)
    names = [*(element.get("class") or "").split()[:1], *(element.get("id") or "").split()[:1]]
    return any(CHROME_NAME.match(name) for name in names)


def main_container(body):
    """The element holding the notice: most Chinese text outside links and page chrome, narrowed to the innermost that keeps it."""
    best, best_score = body, -1
    chrome = {element for element in body.iter() if isinstance(element.tag, str) and is_chrome(element)}
    for element in body.iter("div", "td", "article", "section", "main", "table", "center", "form"):
        if element in chrome or any(ancestor in chrome for ancestor in element.iterancestors()):
            continue
        total, linked = _han_counts(element)
        if total < 20 or linked > 0.35 * total:
            continue
        score = total - linked
        if score > best_score:
            best, best_score = element, score
    # the innermost descendant that still holds 85% of the text sheds furniture around the notice
    current = best
    while True:
        inner = [child for child in current if isinstance(child.tag, str)]
        keep = next((child for child in inner if _unlinked(child) >= 0.85 * best_score), None)
        if keep is None:
            return current
        current = keep


def block_lines(element, skip=None) -> list[str]:
    """The element's text, one line per block and per table row, whitespace folded."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = " ".join("".join(buffer).split())
        if line:
            lines.append(line)
        buffer.clear()

    def walk(node) -> None:
        if node is skip:
            return
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr" and not _is_frame_row(node):
            flush()
            cells = [" ".join(_cell_text(cell).split()) for cell in node if getattr(cell, "tag", "") in ("td", "th")]
            row = " ".join(cell for cell in cells if cell)
            if row:
                lines.append(row)
            return
        if tag == "br" or tag in BLOCKS:
            flush()
        if node.text and tag != "br":
            buffer.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if tag in BLOCKS:
            flush()

    walk(element)
    flush()
    return lines


def _is_frame_row(row) -> bool:
    """A layout row: its one cell with text holds paragraphs of its own (a page framed by a table), not a table row."""
    cells = [cell for cell in row if getattr(cell, "tag", "") in ("td", "th") and cell.text_content().strip()]
    return len(cells) == 1 and any(isinstance(child.tag, str) and child.tag in BLOCKS for child in cells[0].iter()
                                   if child is not cells[0])


def _cell_text(cell) -> str:
    """A table cell's text; its inner paragraphs joined without a break."""
    return "".join(block_lines(cell))


def page_meta(body, outside: list[str], title: str) -> dict:
    """Title, disclosure-box fields and the page's date (from the lines outside the notice), attachment links."""
    meta: dict = {}
    if title:
        meta["page_title"] = title
    for line in outside:
        for label, value in META_PAIR.findall(line):
            value = value.strip()
            if value and META_LABELS[label] not in meta:
                meta[META_LABELS[label]] = value
        found = PAGE_DATE.search(line)
        if found and "page_date" not in meta:
            meta["page_date"] = found.group(1)
    attachments = []
    for link in body.iter("a"):
        href = link.get("href") or ""
        if ATTACHMENT_HREF.search(href):
            attachments.append({"text": " ".join(link.text_content().split()), "href": href})
    if attachments:
        meta["attachments"] = attachments
    return meta
