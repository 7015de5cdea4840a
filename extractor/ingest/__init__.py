"""Reading files into text: sniff the content type, then hand over to a loader.

The type is decided by the bytes, never by the extension alone (an HTML page
saved as .pdf is an HTML page), and each type's size limit is applied before
any parsing. Each loader returns a `Loaded`; `load` adds, for every format,
the issues of what the text holds: invisible and private-use characters,
digit runs too long to be figures.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from collections.abc import Callable
from importlib import import_module
from typing import get_args

from ..patterns import compiled
from ..errors import InputError
from ..models import Dropped, Issue, SourceKind

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_PDF_BYTES = 100 * 1024 * 1024

Kind = SourceKind


@dataclass(frozen=True)
class Loaded:
    """A file read into text, one paragraph a line, before any segmentation."""

    text: str
    kind: Kind
    encoding: str | None = None
    pages: int | None = None
    page_starts: tuple[int, ...] = ()
    engine: str | None = None
    dropped: tuple[Dropped, ...] = ()
    issues: tuple[Issue, ...] = ()
    meta: dict = field(default_factory=dict)  # what the container says of itself (HTML title, 索引号 box, links)


@dataclass(frozen=True)
class RawFile:
    """The bytes of an input file with what is known before reading it."""

    path: Path
    data: bytes
    sha256: str
    kind: Kind
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    """One kind of input: how its bytes are recognised, its usual suffixes, and its loader."""

    kind: Kind
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    loader: str  # "module:function" inside this package, imported on first use
    limit: int = MAX_PDF_BYTES

    def load(self, raw: RawFile) -> Loaded:
        """Read the bytes with this format's loader; the kind recorded is the one sniffed."""
        module, function = self.loader.split(":")
        loaded = getattr(import_module(f".{module}", __name__), function)(raw.data, raw.path)
        return loaded if loaded.kind == self.kind else replace(loaded, kind=self.kind)


def _zip_has(data: bytes, member: bytes) -> bool:
    # the central directory names every member; a DOCX always has word/document.xml
    return data.startswith(b"PK\x03\x04") and member in data[-65536:] + data[:4096]


def _ole_has(data: bytes, stream: str) -> bool:
    # OLE2 directory entries hold stream names in UTF-16LE
    return data.startswith(OLE2_MAGIC) and stream.encode("utf-16-le") in data


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML_START = compiled(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(data: bytes) -> bool:
    """A page: starts with a document tag, or is text with many block tags.

    >>> looks_like_html(b"<!DOCTYPE html><html>"), looks_like_html("补贴<p>".encode())
    (True, False)
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(head):
        return True
    return len(re.findall(rb"</?(?:p|div|span|br|td|tr|table)\b[^>]*>", head, re.IGNORECASE)) >= 8


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _is_wps(data: bytes) -> bool:
    # WPS Office files in its own format (no WordDocument stream; Word-format .wps files read as doc)
    return data.startswith(OLE2_MAGIC) and any(_ole_has(data, name) for name in ("WpsContent", "WPS"))


# The order is the sniffing order: the first format whose test accepts the bytes reads them.
FORMATS: tuple[Format, ...] = (
    Format("pdf", (".pdf",), _is_pdf, "pdf:load_pdf"),
    Format("docx", (".docx", ".docm", ".wpsx"), lambda d: _zip_has(d, b"word/document.xml"), "docx:load_docx"),
    Format("xlsx", (".xlsx", ".xlsm"), lambda d: _zip_has(d, b"xl/workbook.xml"), "xlsx:load_xlsx"),
    Format("doc", (".doc", ".dot"), lambda d: _ole_has(d, "WordDocument"), "legacy:load_legacy"),
    Format("wps", (".wps",), _is_wps, "legacy:load_legacy"),
    Format("html", (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"), looks_like_html,
           "html:load_html", limit=MAX_TEXT_BYTES),
    Format("text", (".txt", ".text", ".md"), lambda d: True, "text:load_text", limit=MAX_TEXT_BYTES),
)
FORMAT_BY_KIND = {fmt.kind: fmt for fmt in FORMATS}
SUPPORTED_SUFFIXES = tuple(sorted({suffix for fmt in FORMATS for suffix in fmt.suffixes}))
assert set(FORMAT_BY_KIND) == set(get_args(SourceKind)), "SourceInfo.kind must list every format"

CONTAINERS = tuple(fmt for fmt in FORMATS if fmt.kind in ("pdf", "docx", "xlsx", "doc", "wps"))  # recognised by magic bytes
REFUSED_HINTS = {  # code: (English, 中文)
    "E_ENCRYPTED": ("remove the password in Word or WPS (文件 → 信息 → 保护文档) and save again",
                    "请在 Word 或 WPS 中取消密码（文件 → 信息 → 保护文档）后重新保存"),
    "E_UNSUPPORTED_TYPE": ("save the notice as PDF, Word, Excel, HTML or text",
                           "请把通知另存为 PDF、Word、Excel、网页或文本文件"),
}
# Containers recognised by their bytes that no loader reads: refused with what they are (English, 中文).
REFUSED = (
    (lambda d: _ole_has(d, "EncryptedPackage"), "a password-protected Office document", "设有密码的 Office 文件",
     "E_ENCRYPTED"),
    (lambda d: _zip_has(d, b"ppt/presentation.xml"), "a PowerPoint file (.pptx)", "PowerPoint 演示文稿（.pptx）",
     "E_UNSUPPORTED_TYPE"),
    (lambda d: _zip_has(d, b"mimetypeapplication/ofd") or _zip_has(d, b"OFD.xml"), "an OFD document", "OFD 版式文件",
     "E_UNSUPPORTED_TYPE"),
    (lambda d: _ole_has(d, "Workbook") or _ole_has(d, "Book"), "a legacy Excel workbook (.xls)", "旧版 Excel 表格（.xls）",
     "E_UNSUPPORTED_TYPE"),
    (lambda d: _ole_has(d, "PowerPoint Document"), "a legacy PowerPoint file (.ppt)", "旧版 PowerPoint 演示文稿（.ppt）",
     "E_UNSUPPORTED_TYPE"),
    (lambda d: d.startswith(OLE2_MAGIC), "an OLE2 container that is neither a Word nor a WPS document",
     "既不是 Word 也不是 WPS 文档的 OLE2 复合文件", "E_UNSUPPORTED_TYPE"),
    (lambda d: d.startswith(b"PK\x03\x04"), "a ZIP archive that is neither a Word document nor an Excel workbook",
     "既不是 Word 文档也不是 Excel 表格的 ZIP 压缩包", "E_UNSUPPORTED_TYPE"),
    (lambda d: d[:8] == b"\x89PNG\r\n\x1a\n" or d[:3] == b"\xff\xd8\xff" or d[:4] in (b"GIF8", b"II*\x00", b"MM\x00*"),
     "an image", "图片", "E_UNSUPPORTED_TYPE"),
    (lambda d: d.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")), "a compressed archive", "压缩包", "E_UNSUPPORTED_TYPE"),
    (lambda d: d.startswith((b"\x7fELF", b"MZ")), "an executable", "可执行程序", "E_UNSUPPORTED_TYPE"),
)


def sniff(data: bytes, path: Path) -> Kind:
    """Decide how to read the bytes; raise for types that cannot be read.

    >>> sniff(b"%PDF-1.7 ...", Path("a.txt"))
    'pdf'
    >>> sniff(b"<!DOCTYPE html><html><body>", Path("a.txt"))
    'html'
    >>> sniff("补贴".encode(), Path("a.pdf"))
    Traceback (most recent call last):
    ...
    extractor.errors.InputError: [E_TYPE_MISMATCH] a.pdf: content is text, extension is .pdf (rename the file or check what was downloaded)
    """
    for refused, what, what_zh, code in REFUSED:
        if refused(data) and not any(fmt.sniff(data) for fmt in CONTAINERS):
            hint, zh_hint = REFUSED_HINTS[code]
            raise InputError(f"content is {what}, which policyx cannot read", path=path, code=code, hint=hint,
                             zh=f"文件内容是{what_zh}，policyx 无法读取", zh_hint=zh_hint)
    kind = next(fmt.kind for fmt in FORMATS if fmt.sniff(data))
    if kind in ("html", "text") and path.suffix.lower() in (".pdf", ".docx", ".doc"):
        what = "HTML" if kind == "html" else "text"
        raise InputError(f"content is {what}, extension is {path.suffix.lower()}", path=path, code="E_TYPE_MISMATCH",
                         hint="rename the file or check what was downloaded",
                         zh=f"文件内容是{'网页' if kind == 'html' else '文本'}，扩展名却是 {path.suffix.lower()}",
                         zh_hint="请改正扩展名，或检查下载到的是否是通知原件")
    return kind


def read_file(path: Path) -> RawFile:
    """Read a regular file's bytes after checking it is safe and small enough to read."""
    data = read_regular(path, MAX_PDF_BYTES)
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=_kind_within_limit(data, path))


def _kind_within_limit(data: bytes, path: Path) -> Kind:
    """The sniffed kind, if the bytes are within that kind's limit: refused before any parsing otherwise."""
    kind = sniff(data, path)
    limit = FORMAT_BY_KIND[kind].limit
    if len(data) > limit:
        raise InputError(f"{kind} file is too large ({len(data)} bytes > {limit})", path=path, code="E_TOO_LARGE",
                         zh=f"{kind} 文件过大（{len(data):,} 字节，上限 {limit:,} 字节）", zh_hint="请拆分文件后再读")
    return kind


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular, non-empty file of at most `limit` bytes.

    The file is opened non-blocking and checked with fstat on the open
    descriptor, so a FIFO or device never blocks the reader, even if it
    replaced the file after a first look.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"cannot open file ({exc.strerror})", path=path, code="E_INPUT_UNREADABLE",
                         hint="check that it exists and is readable", cause=type(exc).__name__,
                         zh=f"无法打开文件（{_os_error_zh(exc)}）", zh_hint="请确认文件存在且有读取权限") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind, kind_zh = _file_type(info.st_mode)
        raise InputError(f"not a regular file ({kind})", path=path, code="E_INPUT_UNREADABLE",
                         hint="give a text or PDF file", zh=f"这不是普通文件，而是{kind_zh}",
                         zh_hint="请给出文本、PDF 或 Word 文件")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size == 0:
            raise InputError("file is empty (0 bytes)", path=path, code="E_EMPTY_FILE",
                             zh="文件为空（0 字节）", zh_hint="请重新下载或另存通知原件")
        if info.st_size > limit:
            raise InputError(f"file is too large ({info.st_size} bytes > {limit})", path=path, code="E_TOO_LARGE",
                             zh=f"文件过大（{info.st_size:,} 字节，上限 {limit:,} 字节）", zh_hint="请拆分文件后再读")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=path, code="E_INPUT_UNREADABLE",
                             cause=type(exc).__name__, zh=f"读取文件失败（{_os_error_zh(exc)}）",
                             zh_hint="请检查文件所在磁盘后重试") from exc
    if len(data) > limit:
        raise InputError(f"file grew beyond {limit} bytes while being read", path=path, code="E_TOO_LARGE",
                         zh=f"文件在读取时增大，超过 {limit:,} 字节", zh_hint="请等文件写完后再读")
    return data


def _file_type(mode: int) -> tuple[str, str]:
    """What a file that is not a regular one is, in English and in Chinese."""
    kinds = ((stat.S_ISDIR, "a directory", "目录"), (stat.S_ISFIFO, "a FIFO", "命名管道"), (stat.S_ISSOCK, "a socket", "套接字"),
             (stat.S_ISCHR, "a character device", "字符设备"), (stat.S_ISBLK, "a block device", "块设备"))
    return next(((name, zh) for test, name, zh in kinds if test(mode)), ("not a regular file", "特殊文件"))


# The reasons an open or a read fails that users meet, as a Chinese reader says them; others keep the system's words.
OS_ERRORS_ZH = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
                errno.ELOOP: "符号链接层数过多", errno.ENAMETOOLONG: "文件名过长", errno.EIO: "磁盘读写出错",
                errno.EISDIR: "这是一个目录"}


def _os_error_zh(exc: OSError) -> str:
    return OS_ERRORS_ZH.get(exc.errno, exc.strerror or type(exc).__name__)


def raw_from_bytes(data: bytes, path: Path) -> RawFile:
    """Bytes that did not come from a file (standard input), checked like a file's."""
    if not data:
        raise InputError("input is empty (0 bytes)", path=path, code="E_EMPTY_FILE",
                         zh="输入为空（0 字节）", zh_hint="请用管道送入通知内容")
    if len(data) > MAX_PDF_BYTES:
        raise InputError(f"input is too large ({len(data)} bytes)", path=path, code="E_TOO_LARGE",
                         zh=f"输入过大（{len(data):,} 字节）", zh_hint="请拆分文件后再读")
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=_kind_within_limit(data, path))


def load(raw: RawFile) -> Loaded:
    """Read a sniffed file into text with the loader for its kind."""
    return FORMAT_BY_KIND[raw.kind].load(raw)
