"""Errors and issue codes.

Broken input raises a `PolicyxError` subclass carrying a stable code
(`E_PDF_ENCRYPTED`); a doubtful reading is recorded as an `Issue` with a
`W_*` code and processing goes on. Tests assert on codes, never on wording.
"""

from __future__ import annotations

import os
from pathlib import Path


def printable(path: Path | str) -> str:
    """A path as text that can be written anywhere: bytes of a file name that are not UTF-8
    (a name made on another system) are shown as \\xff escapes instead of failing the writer.

    >>> printable(os.fsdecode(b"bad\\xffname.txt"))
    'bad\\\\xffname.txt'
    """
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")

# Exit codes of a command stopped by an error (sysexits.h): a bad document or data file, no input at all.
EX_USAGE = 2
EX_DATAERR = 65
EX_NOINPUT = 66


class PolicyxError(Exception):
    """Base of every error the library raises on purpose."""

    code = "E_POLICYX"
    stage = "pipeline"
    exit_code = EX_DATAERR  # a command stopped by this error exits so; a bad question is a usage error

    def __init__(self, message: str, *, path: Path | str | None = None, code: str | None = None,
                 hint: str | None = None, cause: str | None = None, zh: str | None = None,
                 zh_hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = printable(path) if path is not None else None
        self.hint = hint
        self.cause = cause
        self.zh = zh  # the message and the hint in Chinese, where the raiser wrote them
        self.zh_hint = zh_hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


class UsageError(PolicyxError):
    """A question asked in a way that cannot be answered: a bad option value, a folder without what it needs."""

    code = "E_USAGE"
    stage = "cli"
    exit_code = EX_USAGE


class InputError(PolicyxError):
    """The file cannot be read at all: missing, empty, unreadable, wrong type, too large."""

    code = "E_INPUT"
    stage = "ingest"


class NoInputError(InputError):
    """No input document found where the command was pointed."""

    code = "E_NO_INPUT"
    exit_code = EX_NOINPUT


class DecodeError(PolicyxError):
    """Bytes that are not text in any supported Chinese encoding."""

    code = "E_DECODE"
    stage = "ingest"


class PdfError(PolicyxError):
    """A PDF that is encrypted, malformed, or has no usable text layer."""

    code = "E_PDF_MALFORMED"
    stage = "ingest"


class ResourceLimitError(PolicyxError):
    """A document that exceeded its time or memory budget."""

    code = "E_RESOURCE_LIMIT"
    stage = "worker"


class SegmentError(PolicyxError):
    """Text that was read but holds no notice (nothing left after boilerplate)."""

    code = "E_NO_CONTENT"
    stage = "segment"


class OutputError(PolicyxError):
    """Outputs that cannot be written."""

    code = "E_OUTPUT"
    stage = "output"


class ReportUnwritableError(OutputError):
    """The file a command was told to write its report to (-o) cannot be written: a usage error."""

    code = "E_OUTPUT_UNWRITABLE"
    exit_code = EX_USAGE


class GoldError(PolicyxError):
    """A gold file that cannot be read: bad JSON, a line off the SPEC, a wrong doc id."""

    code = "E_GOLD"
    stage = "evaluate"
