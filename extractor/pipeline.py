"""The whole reading of one notice, stage by stage.

    path → ingest → normalize → paragraphs → boilerplate → segment → extract → metadata → Notice
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import strip_boilerplate
from .errors import InputError, printable
from .extract import extract, role_issues
from .extract.numbers import overlong_numbers
from .ingest import RawFile, load, raw_from_bytes, read_file
from .lexicon import HAN
from .metadata import read_metadata, with_container
from .models import Dropped, Notice, SourceInfo, Span
from .normalize import character_issues, normalize
from .paragraphs import rejoin_wrapped, text_to_paragraphs
from .segment import segment
from .spans import Locator


PAGE_MIN_HAN = 20  # a web page whose kept text holds fewer Chinese characters, and no clause, holds no notice


@dataclass(frozen=True)
class Limits:
    """How much one notice may hold: characters of text read, and clauses (cost is linear up to both).

    From POLICYX_MAX_CHARS and POLICYX_MAX_CLAUSES (`policyx --max-chars/--max-clauses` set them for
    every command and every batch worker); a notice over a limit is refused, never cut short.
    """

    chars: int = 10_000_000
    clauses: int = 20_000

    @classmethod
    def from_env(cls) -> Limits:
        return cls(chars=int(os.environ.get("POLICYX_MAX_CHARS") or cls.chars),
                   clauses=int(os.environ.get("POLICYX_MAX_CLAUSES") or cls.clauses))


def _han(paragraphs) -> int:
    return sum(len(HAN.findall(p.text)) for p in paragraphs)


def run(path: Path, doc_id: str | None = None) -> Notice:
    """Read one file into a Notice record (raises a PolicyxError on bad input)."""
    # 1. Read the bytes and decide the type by content.
    return read_notice(read_file(Path(path)), doc_id)


def run_bytes(data: bytes, name: str = "stdin") -> Notice:
    """Read a notice given as bytes (standard input); `name` stands for the file in messages and ids."""
    return read_notice(raw_from_bytes(data, Path(name)), Path(name).stem)


def read_notice(raw: RawFile, doc_id: str | None = None, limits: Limits | None = None) -> Notice:
    """The stages after the bytes are in hand."""
    path, limits = raw.path, limits or Limits.from_env()
    # 2. Decode the text, or extract it from the page, Word file or PDF (container furniture removed there).
    loaded = load(raw)
    if len(loaded.text) > limits.chars:
        raise InputError(f"the text read holds {len(loaded.text):,} characters, more than {limits.chars:,}", path=path,
                         code="E_TOO_LARGE", hint="raise the limit with policyx --max-chars N, or split the file",
                         zh=f"读出的文字有 {len(loaded.text):,} 字，超过上限 {limits.chars:,} 字",
                         zh_hint="请用 policyx --max-chars N 调高上限，或拆分文件")
    # 3. Fold width, spaces and dashes for matching, keeping a map to the original; rejoin hard wraps.
    #    Invisible and private-use characters and digit runs no figure has are noted where they stand.
    noted = [*character_issues(loaded.text), *overlong_numbers(loaded.text)]
    norm, page_numbers = rejoin_wrapped(normalize(loaded.text), copied_text=loaded.kind == "text")
    loc = Locator(norm, loaded.page_starts)
    printed_pages = [Dropped(reason=reason, text=loaded.text[start:end], span=Span(start=start, end=end))
                     for start, end, reason in page_numbers]
    # 4. Paragraphs: one a line.
    paragraphs = text_to_paragraphs(norm)
    # 5. Drop web navigation, advertisements and other furniture.
    kept, dropped = strip_boilerplate(paragraphs, loc)
    # 6. Sub-documents and their clause trees.
    subdocuments, segment_issues = segment(kept, loc)
    if (clauses := sum(len(sub.clauses) for sub in subdocuments)) > limits.clauses:
        raise InputError(f"the notice holds {clauses:,} clauses, more than {limits.clauses:,}", path=path,
                         code="E_TOO_MANY_CLAUSES", hint="raise the limit with policyx --max-clauses N, or split the file",
                         zh=f"通知有 {clauses:,} 个条款，超过上限 {limits.clauses:,} 个",
                         zh_hint="请用 policyx --max-clauses N 调高上限，或拆分文件")
    if loaded.kind == "html" and not any(sub.clauses for sub in subdocuments) and _han(kept) < PAGE_MIN_HAN:
        raise InputError("the page holds nothing but its furniture (navigation, toolbars, site footer)", path=path,
                         code="E_NO_CONTENT", hint="the notice may be an attachment of this page; open it instead",
                         zh="网页只有导航、工具栏和页脚，没有通知正文", zh_hint="通知可能是该页面的附件，请改读附件")
    # 7. Figures of each clause: money, rates, quantities, with their roles.
    subdocuments = extract(subdocuments, loc)
    # 8. What the notice says about itself.
    metadata = with_container(read_metadata(kept, paragraphs, subdocuments, loc), loaded.meta)
    return Notice(
        id=doc_id or printable(path.stem),
        source=SourceInfo(
            path=printable(path), file_name=printable(path.name), sha256=raw.sha256, size=len(raw.data), kind=loaded.kind,
            encoding=loaded.encoding, pages=loaded.pages, page_starts=list(loaded.page_starts), engine=loaded.engine,
            container=loaded.meta,
        ),
        metadata=metadata,
        subdocuments=subdocuments,
        dropped=[*loaded.dropped, *printed_pages, *dropped],
        issues=[*loaded.issues, *noted, *segment_issues, *role_issues(subdocuments)],
        text=loaded.text,
    )
