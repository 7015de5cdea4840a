"""What `policyx ingest` tells the person at the terminal, on a stream (stderr).

One `ERROR [E_CODE] path: message (hint)` line per failure as it happens; progress for
longer runs: a bar on a terminal, and elsewhere (a pipe, CI) a line every EVERY documents
or every SECONDS seconds, whichever comes first; at the end a table and a one-line summary
in the language in use, naming errors.jsonl only when something failed. `quiet` keeps the
failure lines and the summary line only; `verbose` adds a line per document.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import printable
from .labels import BATCH_STATUSES, error_line, label, say

PROGRESS_FROM = 5  # documents: fewer are read before a bar would show
EVERY = 50  # documents between two progress lines off a terminal
SECONDS = 10.0  # and at most this long between two


class Reporter:
    """Failure lines and progress while a batch runs, a summary table at its end."""

    def __init__(self, stream: TextIO, total: int, *, quiet: bool = False, verbose: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.console = Console(file=stream, highlight=False, emoji=False)
        self.total, self.done, self.failed = total, 0, 0
        self.quiet, self.verbose, self.clock = quiet, verbose, clock
        self.last = clock()
        self.progress = None
        self.lines = not quiet and total >= PROGRESS_FROM and not stream.isatty()
        if not quiet and total >= PROGRESS_FROM and stream.isatty():
            self.progress = Progress(TextColumn(say("读取", "reading")), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=self.console, transient=True)
            self.task = self.progress.add_task("ingest", total=total)

    def __enter__(self) -> Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress:
            self.progress.stop()

    def row(self, row) -> None:
        """One input is settled: print its failure, if any, and advance the progress."""
        self.done += 1
        if row.failure:
            self.failed += 1
            failed = row.failure
            self.console.print(error_line(failed.error_code, failed.message, path=failed.file, hint=failed.hint,
                                          zh=failed.message_zh, zh_hint=failed.hint_zh),
                               markup=False, soft_wrap=True)
        elif self.verbose:
            where = row.doc_id or printable(row.path)
            self.console.print(f"{label(BATCH_STATUSES, row.status)} {printable(row.path)} → {where}"
                               + (f" {row.note}" if row.note else ""), markup=False, soft_wrap=True)
        if self.progress:
            self.progress.advance(self.task)
        elif self.lines and self.done < self.total and (self.done % EVERY == 0 or self.clock() - self.last >= SECONDS):
            self.last = self.clock()
            self.console.print(say(f"已读 {self.done}/{self.total}（失败 {self.failed}）",
                                   f"read {self.done}/{self.total} ({self.failed} failed)"), markup=False)

    def summary(self, rows: list, errors: Path) -> None:
        """The per-notice table and the summary line."""
        if self.progress:
            self.progress.stop()
            self.progress = None
        if not self.quiet:
            self.console.print(summary_table(rows))
        self.console.print(summary_line(rows, errors), markup=False, soft_wrap=True)


def summary_line(rows: list, errors: Path) -> str:
    """汇总：完成 2，跳过 0，失败 1；失败的文件见 out/errors.jsonl (the file named only when something failed)."""
    ok, skipped, failed = (sum(1 for row in rows if row.status == s) for s in BATCH_STATUSES)
    if failed:
        return say(f"汇总：完成 {ok}，跳过 {skipped}，失败 {failed}；失败的文件见 {errors}",
                   f"summary: {ok} ok, {skipped} skipped, {failed} failed — see {errors}")
    return say(f"汇总：完成 {ok}，跳过 {skipped}，失败 0", f"summary: {ok} ok, {skipped} skipped, 0 failed")


def summary_table(rows: list) -> Table:
    """Per notice: id (or file), clauses, dropped paragraphs, status; then the totals."""
    table = Table(show_footer=True, box=None, pad_edge=False)
    clauses = sum(row.clauses or 0 for row in rows)
    dropped = sum(row.dropped or 0 for row in rows)
    counts = "，".join(f"{label(BATCH_STATUSES, s)} {n}" for s in BATCH_STATUSES
                      if (n := sum(1 for r in rows if r.status == s)))
    table.add_column(say("文件/公告", "file/notice"), footer=say(f"合计 {len(rows)} 份", f"{len(rows)} in all"), overflow="fold")
    table.add_column(say("条款数", "clauses"), justify="right", footer=str(clauses))
    table.add_column(say("剔除段落", "dropped"), justify="right", footer=str(dropped))
    table.add_column(say("状态", "status"), footer=counts, overflow="fold")
    for row in rows:
        status = label(BATCH_STATUSES, row.status) + (f" {row.note}" if row.note else "")
        table.add_row(row.doc_id or printable(row.path), _count(row.clauses), _count(row.dropped), status)
    return table


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


class Ticker:
    """Progress of work counted in items (notices scored): a bar on a terminal, elsewhere a line every
    EVERY items or SECONDS seconds, nothing with `quiet` or for fewer than PROGRESS_FROM items."""

    def __init__(self, stream: TextIO, what: str, *, quiet: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.what, self.quiet, self.clock = stream, what, quiet, clock
        self.console = Console(file=stream, highlight=False, emoji=False)
        self.progress, self.last = None, clock()

    def __enter__(self) -> Ticker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress:
            self.progress.stop()

    def update(self, done: int, total: int) -> None:
        """`done` of `total` items are finished."""
        if self.quiet or total < PROGRESS_FROM:
            return
        if self.stream.isatty():
            if self.progress is None:
                self.progress = Progress(TextColumn(self.what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                         console=self.console, transient=True)
                self.task = self.progress.add_task(self.what, total=total)
                self.progress.start()
            self.progress.update(self.task, completed=done)
        elif done < total and (done % EVERY == 0 or self.clock() - self.last >= SECONDS):
            self.last = self.clock()
            self.console.print(f"{self.what} {done}/{total}", markup=False)
