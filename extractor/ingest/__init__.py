"""Reading files into text: sniff the content type, then hand over to a loader.

The type is decided by the bytes, never by the extension alone (an HTML page
saved as .pdf is an HTML page). Each loader returns a `Loaded`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..models import Dropped, Issue

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_PDF_BYTES = 100 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".text", ".pdf")

Kind = Literal["text", "pdf"]


@dataclass(frozen=True)
class Loaded:
    """A file read into text, before any segmentation."""

    text: str
    kind: Kind
    encoding: str | None = None
    pages: int | None = None
    page_starts: tuple[int, ...] = ()
    engine: str | None = None
    dropped: tuple[Dropped, ...] = ()
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class RawFile:
    """The bytes of an input file with what is known before reading it."""

    path: Path
    data: bytes
    sha256: str
    kind: Kind
    extra: dict = field(default_factory=dict)


def sniff(data: bytes, path: Path) -> Kind:
    """Decide how to read the bytes; raise for types that cannot be read.

    >>> sniff(b"%PDF-1.7 ...", Path("a.txt"))
    'pdf'
    >>> sniff("补贴".encode(), Path("a.pdf"))
    Traceback (most recent call last):
    ...
    extractor.errors.InputError: [E_TYPE_MISMATCH] a.pdf: content is text, extension is .pdf (rename the file or check what was downloaded)
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        raise InputError("content is a ZIP package (DOCX or similar); DOCX is not supported yet",
                         path=path, code="E_UNSUPPORTED_TYPE", hint="convert it to PDF or text")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("content is a legacy Office file (.doc)", path=path,
                         code="E_UNSUPPORTED_TYPE", hint="save it as PDF or text")
    if path.suffix.lower() == ".pdf":
        what = "HTML" if head.lstrip()[:1] == b"<" else "text"
        raise InputError(f"content is {what}, extension is .pdf", path=path, code="E_TYPE_MISMATCH",
                         hint="rename the file or check what was downloaded")
    return "text"


def read_file(path: Path) -> RawFile:
    """Read a regular file's bytes after checking it is safe and small enough to read."""
    data = read_regular(path, MAX_PDF_BYTES)
    kind = sniff(data, path)
    if kind == "text" and len(data) > MAX_TEXT_BYTES:
        raise InputError(f"text file is too large ({len(data)} bytes > {MAX_TEXT_BYTES})",
                         path=path, code="E_TOO_LARGE")
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind)


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
                         hint="check that it exists and is readable", cause=type(exc).__name__) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError(f"not a regular file ({_file_type(info.st_mode)})", path=path, code="E_INPUT_UNREADABLE",
                         hint="give a text or PDF file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size == 0:
            raise InputError("file is empty (0 bytes)", path=path, code="E_EMPTY_FILE")
        if info.st_size > limit:
            raise InputError(f"file is too large ({info.st_size} bytes > {limit})", path=path, code="E_TOO_LARGE")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror})", path=path, code="E_INPUT_UNREADABLE",
                             cause=type(exc).__name__) from exc
    if len(data) > limit:
        raise InputError(f"file grew beyond {limit} bytes while being read", path=path, code="E_TOO_LARGE")
    return data


def _file_type(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def raw_from_bytes(data: bytes, path: Path) -> RawFile:
    """Bytes that did not come from a file (standard input), checked like a file's."""
    if not data:
        raise InputError("input is empty (0 bytes)", path=path, code="E_EMPTY_FILE")
    if len(data) > MAX_PDF_BYTES:
        raise InputError(f"input is too large ({len(data)} bytes)", path=path, code="E_TOO_LARGE")
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=sniff(data, path))


def load(raw: RawFile) -> Loaded:
    """Read a sniffed file into text with the loader for its kind."""
    if raw.kind == "pdf":
        from .pdf import load_pdf  # pdfplumber and pdfium stay inside the PDF loader

        return load_pdf(raw.data, raw.path)
    from .text import load_text

    return load_text(raw.data, raw.path)
