"""What `policyx ingest` tells the person at the terminal, on a stream (stderr).

One `ERROR [E_CODE] path: message (hint)` line per failure as it happens,
a progress bar for longer runs on a terminal, and at the end a table with
Chinese column labels and a one-line summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import printable

PROGRESS_FROM = 5
STATUS = {"ok": "完成", "skipped": "跳过", "failed": "失败"}


class Reporter:
    """Failure lines and progress while a batch runs, a summary table at its end."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.console = Console(file=stream, highlight=False, emoji=False)
        self.progress = None
        if total >= PROGRESS_FROM and stream.isatty():
            self.progress = Progress(TextColumn("读取"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                     console=self.console, transient=True)
            self.task = self.progress.add_task("ingest", total=total)

    def __enter__(self) -> Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress:
            self.progress.stop()

    def row(self, row) -> None:
        """One input is settled: print its failure, if any, and advance the bar."""
        if row.failure:
            failed = row.failure
            hint = f" ({failed.hint})" if failed.hint else ""
            self.console.print(f"ERROR [{failed.error_code}] {failed.file}: {failed.message}{hint}",
                               markup=False, soft_wrap=True)
        if self.progress:
            self.progress.advance(self.task)

    def summary(self, rows: list, errors: Path) -> None:
        """The per-notice table and the summary line."""
        if self.progress:
            self.progress.stop()
            self.progress = None
        self.console.print(summary_table(rows))
        counts = {status: sum(1 for row in rows if row.status == status) for status in STATUS}
        self.console.print(f"summary: {counts['ok']} ok, {counts['skipped']} skipped, {counts['failed']} failed"
                           f" — see {errors}", markup=False, soft_wrap=True)


def summary_table(rows: list) -> Table:
    """Per notice: id (or file), clauses, dropped paragraphs, status; then the totals."""
    table = Table(show_footer=True, box=None, pad_edge=False)
    clauses = sum(row.clauses or 0 for row in rows)
    dropped = sum(row.dropped or 0 for row in rows)
    counts = "，".join(f"{STATUS[s]} {n}" for s in STATUS if (n := sum(1 for r in rows if r.status == s)))
    table.add_column("文件/公告", footer=f"合计 {len(rows)} 份", overflow="fold")
    table.add_column("条款数", justify="right", footer=str(clauses))
    table.add_column("剔除段落", justify="right", footer=str(dropped))
    table.add_column("状态", footer=counts, overflow="fold")
    for row in rows:
        status = STATUS[row.status] + (f" {row.note}" if row.note else "")
        table.add_row(row.doc_id or printable(row.path), _count(row.clauses), _count(row.dropped), status)
    return table


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)
