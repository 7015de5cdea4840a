"""What the pages read: the store, opened read-only, for lists, links and sources; the records for a notice's reading.

The store (`db.py`) holds what a list or a search needs; a notice's clause tree, headings,
conditions and terms as models come from its record, the `<id>.json` that `policyx ingest`
wrote beside the store (or `--records DIR`), or that an upload wrote to `uploads/` there.
A record path is built only from an id that `batch.safe_id` could have made, and only inside
the records folder.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..db import connect, notice_filters
from ..models import Notice
from . import ServeError

RECORD_ID = r"[\w\-][\w.\-]*"  # what batch.safe_id makes: no path separators, no leading dot
UPLOADS = "uploads"
CACHED_RECORDS = 64


@contextmanager
def reading(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the store for one request."""
    conn = connect(db, readonly=True)
    try:
        yield conn
    finally:
        conn.close()


def check_store(db: Path) -> None:
    """Refuse to start on a store that is missing, corrupt or newer than this policyx (the store's own codes)."""
    with reading(db):
        pass


@dataclass(frozen=True)
class NoticeRow:
    """A notice as the list shows it."""

    id: str
    title: str | None
    status: str
    doc_number: str | None
    date: str | None
    effective_from: str | None
    effective_until: str | None
    region: str
    clauses: int


ROW = ("SELECT n.id, n.title, n.status, n.doc_number, coalesce(n.date, n.published), n.effective_from, n.effective_until, "
       "trim(coalesce(n.province, '') || ' ' || coalesce(n.city, '') || ' ' || coalesce(n.county, '')), n.clauses "
       "FROM notices n")


def list_notices(conn: sqlite3.Connection, *, region: str | None = None, status: str | None = None,
                 valid_on: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[NoticeRow]]:
    """How many notices pass the filters, and one page of them, newest first (filters as `db.search` reads them)."""
    where, args = notice_filters(region, status, valid_on)
    clause = " WHERE " + " AND ".join(where) if where else ""
    total = conn.execute(f"SELECT count(*) FROM notices n{clause}", args).fetchone()[0]
    rows = conn.execute(f"{ROW}{clause} ORDER BY coalesce(n.date, n.published) DESC, n.id LIMIT ? OFFSET ?",
                        [*args, limit, offset]).fetchall()
    return total, [NoticeRow(*row) for row in rows]


def notice_row(conn: sqlite3.Connection, notice: str) -> NoticeRow | None:
    """One notice's row, or None."""
    row = conn.execute(f"{ROW} WHERE n.id = ?", (notice,)).fetchone()
    return NoticeRow(*row) if row else None


def rows_by_id(conn: sqlite3.Connection, ids: list[str]) -> dict[str, NoticeRow]:
    """The rows of these notices (the ones the store holds), by id."""
    found = {}
    for start in range(0, len(ids), 500):  # SQLite's bound on parameters
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        found.update((row[0], NoticeRow(*row)) for row in conn.execute(f"{ROW} WHERE n.id IN ({marks})", part))
    return found


@dataclass(frozen=True)
class Version:
    """Another version of the same policy, as the store links them."""

    id: str
    relation: str
    similarity: float
    title: str | None
    status: str


def versions(conn: sqlite3.Connection, notice: str) -> list[Version]:
    """The other versions the store links to a notice (draft_of, final_of, version)."""
    rows = conn.execute("SELECT l.other, l.relation, l.similarity, n.title, n.status FROM links l "
                        "JOIN notices n ON n.id = l.other WHERE l.notice = ? ORDER BY l.relation, l.other", (notice,)).fetchall()
    return [Version(*row) for row in rows]


def sources(conn: sqlite3.Connection, notice: str) -> list[dict]:
    """The files a notice was read from."""
    rows = conn.execute("SELECT path, file_name, sha256, kind, size FROM sources WHERE notice = ? ORDER BY path", (notice,))
    return [dict(zip(("path", "file_name", "sha256", "kind", "size"), row, strict=True)) for row in rows]


def places(conn: sqlite3.Connection) -> list[str]:
    """Provinces, cities and counties the store's notices are for (the region filter's suggestions)."""
    rows = conn.execute("SELECT province FROM notices UNION SELECT city FROM notices UNION SELECT county FROM notices")
    return sorted(name for (name,) in rows if name)


def holds(conn: sqlite3.Connection, notice: str) -> bool:
    """Whether the store holds a notice of this id."""
    return conn.execute("SELECT 1 FROM notices WHERE id = ?", (notice,)).fetchone() is not None


class Records:
    """The records folder: a notice's record by id, read once and kept while its file is unchanged."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: OrderedDict[str, tuple[tuple[int, int], Notice]] = OrderedDict()
        self._lock = threading.Lock()

    def path(self, notice: str) -> Path | None:
        """The record file of a notice id, or None; never a path outside the folder."""
        if not re.fullmatch(RECORD_ID, notice):
            return None
        for folder in (self.folder, self.folder / UPLOADS):
            path = folder / f"{notice}.json"
            if path.is_file() and path.resolve().parent == folder.resolve():
                return path
        return None

    def load(self, notice: str) -> Notice:
        """The notice's record as a model (E_NO_RECORD when its file is not in the folder)."""
        path = self.path(notice)
        if path is None:
            raise ServeError(f"找不到通知 {notice} 的记录文件", path=self.folder / f"{notice}.json", code="E_NO_RECORD",
                             hint="用 policyx serve --records DIR 指向 policyx ingest 的输出目录")
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(notice)
            if cached and cached[0] == key:
                self._cache.move_to_end(notice)
                return cached[1]
        try:
            record = Notice.model_validate_json(path.read_bytes())
        except ValueError as exc:  # not JSON, or not a record of this policyx
            raise ServeError(f"通知 {notice} 的记录文件无法读取（{type(exc).__name__}）", path=path, code="E_RECORD_CORRUPT",
                             hint="用 policyx ingest --force 重新读取这份通知") from exc
        with self._lock:
            self._cache[notice] = (key, record)
            while len(self._cache) > CACHED_RECORDS:
                self._cache.popitem(last=False)
        return record
