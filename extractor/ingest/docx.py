"""Reading Word (.docx) files into paragraph text: one paragraph per line, in body order.

python-docx opens the package (document, styles, numbering and core
properties parts); the body is walked on its lxml tree, because the text a
person reads in Word includes things python-docx's API leaves out:

* automatic numbering ("一、", "（一）", "第一条 ", "1.2") computed from
  numbering.xml, for numPr set on the paragraph or inherited from its style;
* tracked changes read as the final text (w:ins / w:moveTo kept, w:del /
  w:moveFrom dropped), noted with a W_TRACKED_CHANGES issue;
* text boxes, each of their paragraphs on its own line after the paragraph
  that anchors them;
* tables one row a line, cells joined by a space.

Headers, footers, comments, footnotes, field instructions and hidden runs are
not part of the text; W_UNSCANNED_PARTS names the notes and comments that hold
text, and the headers and footers that hold a sum or a rate (running titles
and page numbers are furniture). Soft line breaks (w:br, of any type) join, as
the documents are Chinese.

The package is checked before python-docx opens it (`ooxml.check_package`:
zip bombs, oversized parts, XML parts that declare a DTD). Macros, embedded
objects and external targets are never run or fetched, only named
(W_EMBEDDED_OBJECTS).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..patterns import compiled
from ..errors import InputError
from ..extract.numbers import holds_figure
from ..models import Issue
from . import OLE2_MAGIC, Loaded
from .ooxml import DOCX, check_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = f"{{{W_NS}}}"
MC = f"{{{MC_NS}}}"

ACTIVE_PARTS = compiled(r"^word/(?:embeddings|activeX)/|vbaProject\.bin$", re.IGNORECASE)
MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
PLAIN_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
NO_SEPARATOR_AFTER = set("、，。．：；）】〕」』》　,:;")  # labels ending so need no space before the text

# What a person reads: the final text of a tracked revision, never what it replaced.
DROPPED = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "delInstrText", W + "rPr", W + "pPr",
           W + "commentReference", W + "footnoteReference", W + "endnoteReference", MC + "Fallback"}
REVISIONS = (W + "ins", W + "del", W + "moveFrom", W + "moveTo")


def load_docx(data: bytes, path: Path) -> Loaded:
    """Read a DOCX into text, one paragraph a line, numbering labels rendered."""
    document = _open(data, path)
    body = document.element.body
    numbering = Numbering.from_document(document)
    reader = _Reader(numbering, _StyleNumbering.from_document(document))
    lines = [line for line in reader.blocks(body) if line]
    if not lines:
        return _ocr_only_images(data, path)
    issues = []
    if any(True for tag in REVISIONS for _ in body.iter(tag)):
        issues.append(Issue(code="W_TRACKED_CHANGES",
                            message="document has tracked changes; read as if all were accepted",
                            message_zh="文档含有修订记录，按全部接受修订后的文字读取"))
    if unscanned := _unscanned_parts(document):
        issues.append(Issue(code="W_UNSCANNED_PARTS", message="text in parts that are not read (headers, footers, "
                            f"notes, comments) may hold figures: {', '.join(unscanned)}",
                            message_zh=f"未读取的部分（页眉、页脚、注释、批注）中的文字可能含有数额：{', '.join(unscanned)}"))
    if active := _active_content(document):
        issues.append(Issue(code="W_EMBEDDED_OBJECTS", message="macros, embedded objects or external targets, "
                            f"never run or fetched; the text was read without them: {', '.join(active)}",
                            message_zh=f"含有宏、嵌入对象或外部链接，均未运行或获取，文字不含其内容：{', '.join(active)}"))
    return Loaded(text="\n".join(lines), kind="docx", engine="python-docx", issues=tuple(issues),
                  meta=_meta(document))


# --- opening --------------------------------------------------------------------------------------


IMAGE_MEMBER = compiled(r"word/media/[^/]+\.(?:png|jpe?g|tiff?|bmp|gif)$", re.IGNORECASE)


def _ocr_only_images(data: bytes, path: Path) -> Loaded:
    """A document with no text: its embedded images (a pasted scan) read by OCR, or a refusal."""
    from . import ocr

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        images = [package.read(name) for name in sorted(package.namelist()) if IMAGE_MEMBER.search(name)]
    if not images or not ocr.enabled():
        raise InputError("document has no text (image-only or empty), and OCR is off or there is no image", path=path,
                         code="E_NO_TEXT_LAYER", hint="ask for a text version of the document",
                         zh="Word 文件中没有文字（只有图片或为空），且未开启文字识别或没有图片",
                         zh_hint="请索取该文件的文字版本")
    text, confidence = ocr.page_text(ocr.ocr_images(images, path))
    if not text.strip():
        raise InputError("document has no text and OCR read nothing in its images", path=path,
                         code="E_NO_TEXT_LAYER", hint="ask for a text version of the document",
                         zh="Word 文件中没有文字，文字识别也未从图片中读出内容", zh_hint="请索取该文件的文字版本")
    issue = Issue(code="W_OCR", message=f"{len(images)} embedded image(s) read by OCR (Tesseract {ocr.LANGUAGE}), "
                  f"mean word confidence {confidence}/100: check figures against the image",
                  message_zh=f"{len(images)} 张嵌入图片经文字识别读取（Tesseract {ocr.LANGUAGE}），平均置信度 "
                             f"{confidence}/100：请对照图片核对数额")
    return Loaded(text=text, kind="docx", engine="python-docx+tesseract", issues=(issue,))


def _open(data: bytes, path: Path):
    import docx  # noqa: PLC0415 - imported on first use, like the other loaders' engines
    from lxml import etree  # noqa: PLC0415

    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("document is password-protected (encrypted OOXML)", path=path, code="E_DOCX_ENCRYPTED",
                             hint="open it in Word, remove the password and save it again",
                             zh="Word 文件已加密，无法读取", zh_hint="请在 Word 或 WPS 中打开，取消密码后重新保存")
        raise InputError("file is an OLE2 container, not a DOCX (ZIP) package", path=path, code="E_DOCX_MALFORMED",
                         hint="save it again as .docx", zh="文件是 OLE2 复合文件，不是 DOCX 格式",
                         zh_hint="请另存为 .docx 后再读")
    check_package(data, path, DOCX)
    try:
        try:
            return docx.Document(io.BytesIO(data))
        except ValueError as exc:
            if "macroEnabled" not in str(exc):
                raise
            return docx.Document(io.BytesIO(_as_plain_docx(data)))  # .docm: same body, macros never run
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, etree.LxmlError,
            docx.opc.exceptions.PackageNotFoundError) as exc:
        raise InputError(f"not a valid DOCX ({type(exc).__name__}: {exc})", path=path, code="E_DOCX_MALFORMED",
                         hint="re-download or save the document again as .docx", cause=type(exc).__name__,
                         zh="Word 文件已损坏，无法读取", zh_hint=DOCX.malformed_hint_zh) from exc


def _unscanned_parts(document) -> list[str]:
    """Parts that are not read and hold text that may matter: notes and comments with text, headers and footers with a figure."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: PLC0415
    from docx.oxml import parse_xml  # noqa: PLC0415

    furniture = (RT.HEADER, RT.FOOTER)
    found = []
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (*furniture, RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
            continue
        text = "".join(t.text or "" for t in parse_xml(rel.target_part.blob).iter(W + "t"))
        if holds_figure(text) if rel.reltype in furniture else text.strip():
            found.append(str(rel.target_part.partname).lstrip("/"))
    return sorted(found)


def _active_content(document) -> list[str]:
    """Macros, embedded objects and ActiveX controls by part name; external targets other than hyperlinks."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: PLC0415

    package = document.part.package
    found = [str(part.partname).lstrip("/") for part in package.iter_parts()
             if ACTIVE_PARTS.search(str(part.partname).lstrip("/"))]
    found += [f"{rel.reltype.rsplit('/', 1)[-1]} → {rel.target_ref}" for rel in package.iter_rels()
              if rel.is_external and rel.reltype != RT.HYPERLINK]
    return found


def _as_plain_docx(data: bytes) -> bytes:
    """The package with a macro-enabled main part declared as a plain one (python-docx refuses .docm)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "[Content_Types].xml":
                member = member.replace(MACRO_MAIN, PLAIN_MAIN)
            target.writestr(info, member)
    return out.getvalue()


def _meta(document) -> dict:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: PLC0415

    # python-docx invents default properties (title "Word Document") for a package without core.xml
    if not any(rel.reltype == RT.CORE_PROPERTIES for rel in document.part.package.rels.values()):
        return {}
    props = document.core_properties
    meta = {}
    for name in ("title", "subject", "author", "keywords", "created", "modified"):
        try:
            value = getattr(props, name)
        except (ValueError, TypeError):  # a malformed date is no reason to refuse the text
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        if isinstance(value, str) and value.strip():
            meta[name] = value.strip()
    return meta


# --- the body -------------------------------------------------------------------------------------


class _Reader:
    """Walks block content (body, cell, text box) into lines, numbering as Word does on the way."""

    def __init__(self, numbering: Numbering, styles: _StyleNumbering) -> None:
        self.numbering = numbering
        self.styles = styles
        self.carry = ""  # text of a paragraph whose mark was deleted: it runs on into the next one

    def blocks(self, parent) -> Iterator[str]:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                yield from self.paragraph(child)
            elif tag == W + "tbl":
                yield from self.table(child)
            elif tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"):
                yield from self.blocks(_content(child))
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    yield from self.blocks(choice)
        if self.carry:
            yield self.carry.strip()
            self.carry = ""

    def paragraph(self, p) -> Iterator[str]:
        boxes: list = []
        text = self.carry + _inline_text(p, boxes)
        self.carry = ""
        label = self.label(p)
        ppr = p.find(W + "pPr")
        mark = ppr.find(W + "rPr") if ppr is not None else None
        if mark is not None and mark.find(W + "del") is not None:
            self.carry = text  # deleted paragraph mark: in the final text this paragraph joins the next
        else:
            text = text.strip()
            if text:
                yield _separator(label, text) + text if label[0] else text
        for box in boxes:
            yield from _Reader(self.numbering, self.styles).blocks(box)

    def label(self, p) -> tuple[str, str]:
        ppr = p.find(W + "pPr")
        num_id, ilvl = None, None
        style_id = None
        if ppr is not None:
            style = ppr.find(W + "pStyle")
            style_id = style.get(W + "val") if style is not None else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id, ilvl = _val(numpr.find(W + "numId")), _val(numpr.find(W + "ilvl"))
                ilvl = _int(ilvl, 0) if ilvl is not None else None
        if num_id is None or ilvl is None:
            style_num, style_lvl = self.styles.numpr(style_id)
            num_id = num_id if num_id is not None else style_num
            if ilvl is None:
                ilvl = style_lvl if style_lvl is not None else self.numbering.level_of_style(num_id, style_id)
        if num_id is None:
            return "", ""
        return self.numbering.next_label(num_id, ilvl or 0)

    def table(self, tbl) -> Iterator[str]:
        for row in _children(tbl, W + "tr"):
            cells = []
            for tc in _children(row, W + "tc"):
                reader = _Reader(self.numbering, self.styles)
                text = _join_inline(list(reader.cell(tc)))
                if text:
                    cells.append(text)
            if cells:
                yield " ".join(cells)

    def cell(self, tc) -> Iterator[str]:
        for child in tc:
            if child.tag == W + "tbl":
                yield " ".join(self.table(child))
            elif child.tag != W + "tcPr":
                yield from self.blocks([child])


def _children(parent, tag: str) -> Iterator:
    """Children with the tag, looking through content controls and tracked insertions that wrap them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo"):
            yield from _children(_content(child), tag)


def _content(element):
    content = element.find(W + "sdtContent")
    return content if content is not None else element


def _inline_text(p, boxes: list) -> str:
    """The paragraph's visible text; text boxes met on the way are collected, not inlined."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in DROPPED:
                continue
            if tag == W + "txbxContent":
                boxes.append(child)
            elif tag == W + "r" and _hidden(child):
                continue
            elif tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append(" ")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _hidden(run) -> bool:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _separator(label: tuple[str, str], text: str) -> str:
    """The label and what Word puts after it: a tab or a space (one space here) unless w:suff is nothing.

    No space either after a label that ends in a space or in Chinese punctuation ("一、", "（一）").
    """
    number, suffix = label
    if suffix == "nothing" or number[-1].isspace() or number[-1] in NO_SEPARATOR_AFTER or text[0] in NO_SEPARATOR_AFTER:
        return number
    return number + " "


def _join_inline(parts: list[str]) -> str:
    """A cell's paragraphs on one line: joined directly, with a space only between two Latin words."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and re.match(r"[A-Za-z0-9]", part) and re.search(r"[A-Za-z0-9.,;:]$", out):
            out += " "
        out += part
    return out


def _val(element) -> str | None:
    return element.get(W + "val") if element is not None else None


# --- numbering ------------------------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    restart: int | None = None  # w:lvlRestart: restart after a level above this 1-based level is used
    legal: bool = False
    style: str | None = None

    @classmethod
    def parse(cls, lvl) -> Level:
        def val(tag: str) -> str | None:
            return _val(lvl.find(W + tag))

        start = val("start")
        restart = val("lvlRestart")
        legal = lvl.find(W + "isLgl")
        return cls(start=_int(start, 1), fmt=val("numFmt") or "decimal", text=val("lvlText") or "",
                   suffix=val("suff") or "tab", restart=_int(restart, None) if restart is not None else None,
                   legal=legal is not None and _val(legal) not in ("0", "false", "off"), style=val("pStyle"))


@dataclass
class _Instance:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


class Numbering:
    """numbering.xml: abstract definitions, the nums that use them, and the running counters."""

    def __init__(self, root) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, Level | None], dict[int, int]]] = {}
        self.instances: dict[tuple, _Instance] = {}
        self.style_nums: dict[str, str] = {}
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            aid = abstract.get(W + "abstractNumId")
            self.abstract[aid] = {_int(lvl.get(W + "ilvl"), 0): Level.parse(lvl) for lvl in abstract.iter(W + "lvl")}
            link = _val(abstract.find(W + "numStyleLink"))
            if link:
                self.style_link[aid] = link
        for num in root.iter(W + "num"):
            aid = _val(num.find(W + "abstractNumId"))
            overrides: dict[int, Level | None] = {}
            starts: dict[int, int] = {}
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = override.find(W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(_val(start), 1)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = Level.parse(lvl)
                    if start is None and lvl.find(W + "start") is not None:
                        starts[ilvl] = overrides[ilvl].start
            self.nums[num.get(W + "numId")] = (aid, overrides, starts)

    @classmethod
    def from_document(cls, document) -> Numbering:
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError):
            return cls(None)
        numbering = cls(part.element)
        for style in document.styles.element.iter(W + "style"):
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            num_id = _val(numpr.find(W + "numId")) if numpr is not None else None
            if num_id:
                numbering.style_nums[style.get(W + "styleId")] = num_id
        return numbering

    def levels(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        aid, overrides, _ = entry
        levels = self.abstract.get(aid)
        if aid in self.style_link:  # a list style: the definition is the one its style's num points at
            linked = self.nums.get(self.style_nums.get(self.style_link[aid], ""))
            if linked is not None and linked[0] in self.abstract:
                aid, levels = linked[0], self.abstract[linked[0]]
        if levels is None:
            return None
        return aid, {**levels, **{k: v for k, v in overrides.items() if v is not None}}

    def level_of_style(self, num_id: str | None, style_id: str | None) -> int:
        found = self.levels(num_id) if num_id else None
        if found and style_id:
            for ilvl, level in found[1].items():
                if level.style == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """Advance the counter of this list at this level; the label Word prints and its w:suff."""
        if num_id == "0" or not 0 <= ilvl <= 8:
            return "", ""
        found = self.levels(num_id)
        if found is None:
            return "", ""
        aid, levels = found
        _, _, starts = self.nums[num_id]
        # nums of one abstract definition share one list, unless a num restarts it with startOverride
        key = ("num", num_id) if starts else ("abstract", aid)
        instance = self.instances.get(key)
        if instance is None:
            levels = {k: (_with_start(v, starts[k]) if k in starts else v) for k, v in levels.items()}
            instance = self.instances[key] = _Instance(levels)
        level = instance.levels.get(ilvl)
        if level is None:
            return "", ""
        counters = instance.counters
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = instance.levels[deeper].restart if deeper in instance.levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt in ("bullet", "none") and "%" not in level.text:
            return "", ""  # bullets are glyphs of a symbol font, not text a reader quotes
        label = re.sub(r"%([1-9])", lambda m: self._number(instance, int(m.group(1)) - 1, level.legal), level.text)
        return (label, level.suffix) if label.strip() else ("", "")

    @staticmethod
    def _number(instance: _Instance, ilvl: int, legal: bool) -> str:
        level = instance.levels.get(ilvl) or Level()
        value = instance.counters.get(ilvl, level.start)
        return format_number(value, "decimal" if legal and level.fmt != "decimalZero" else level.fmt)


def _with_start(level: Level, start: int) -> Level:
    return Level(start=start, fmt=level.fmt, text=level.text, suffix=level.suffix, restart=level.restart,
                 legal=level.legal, style=level.style)


class _StyleNumbering:
    """numPr a paragraph style gives its paragraphs, following basedOn."""

    def __init__(self, styles: dict[str, tuple[str | None, str | None, str | None]]) -> None:
        self.styles = styles  # styleId -> (numId, ilvl, basedOn)

    @classmethod
    def from_document(cls, document) -> _StyleNumbering:
        styles = {}
        for style in document.styles.element.iter(W + "style"):
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            num_id = _val(numpr.find(W + "numId")) if numpr is not None else None
            ilvl = _val(numpr.find(W + "ilvl")) if numpr is not None else None
            styles[style.get(W + "styleId")] = (num_id, ilvl, _val(style.find(W + "basedOn")))
        return cls(styles)

    def numpr(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            s_num, s_lvl, based_on = self.styles[style_id]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
            style_id = based_on
        return num_id, (_int(ilvl, 0) if ilvl is not None else None)


def _int(value: str | None, default):
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- number formats -------------------------------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(n: int, fmt: str) -> str:
    """A counter value in a Word numFmt.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 99)]
    ['一', '十', '十一', '二十', '九十九']
    >>> format_number(105, "chineseCountingThousand"), format_number(3, "upperRoman"), format_number(28, "lowerLetter")
    ('一百零五', 'III', 'bb')
    """
    if fmt in ("chineseCounting", "taiwaneseCounting"):
        return _chinese(n) if n < 100 else "".join(CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        text = _chinese(n)
        if fmt == "chineseLegalSimplified":
            text = text.translate(str.maketrans("〇一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟"))
        return text
    if fmt in ("japaneseCounting", "japaneseLegal", "koreanCounting"):
        return _japanese(n)
    if fmt == "ideographTraditional":
        return TIANGAN[(n - 1) % 10] if n >= 1 else str(n)
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12] if n >= 1 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        if n < 1:
            return str(n)
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal, ordinal and anything else: the number itself


def _chinese(n: int) -> str:
    """一 … 十 … 十一 … 一百零五 … 一千零一 …, the way Word counts in Chinese."""
    if n <= 0:
        return CN_DIGITS[0] if n == 0 else str(n)
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = _chinese(low) if low else ""
        return _chinese(high) + "万" + ("零" + rest if 0 < low < 1000 else rest)
    out, zero = "", False
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += CN_DIGITS[digit] + unit
            zero = False
        else:
            zero = bool(out)
    return out[1:] if out.startswith("一十") else out


def _japanese(n: int) -> str:
    """一 … 十 … 百一 …: no 零, no 一 before 十/百/千."""
    if n <= 0:
        return str(n)
    out = ""
    for unit, value in (("千", 1000), ("百", 100), ("十", 10)):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if digit == 1 else CN_DIGITS[digit]) + unit
    return out + (CN_DIGITS[n] if n else "")


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out
