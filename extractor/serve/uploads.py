"""Uploads: a file saved under a safe name, read in the worker sandbox as `policyx ingest` reads it, then committed.

    browser file → temp folder (bounded, hashed) → worker.Pool (timeout, memory cap, scrubbed env) → record
                 → records/uploads/<id>.json, then the store (one transaction), as batch.settle and write_dataset do

The file's own name never becomes a path: it is cut to its base name and made an id by
`batch.safe_id`; an id the store or the records folder holds already gets the file's sha256
prefix. A file whose clause texts the store holds already is filed as a source of that notice.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..batch.driver import safe_id
from ..batch.worker import Outcome, Pool, Task
from ..db import connect, put_notice
from ..errors import printable
from ..store import atomic_write_bytes
from . import ServeError
from .library import UPLOADS, Records, holds, reading
from .security import too_large, upload_name

COPY_CHUNK = 1 << 20


class Reader:
    """The worker sandbox for uploads: one long-lived worker, started on first use, one document at a time.

    The worker is started and driven from one thread of its own that lives as long as the Reader:
    a worker dies with the thread that started it (PR_SET_PDEATHSIG is per thread), and the
    request threads come and go.
    """

    def __init__(self, *, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._pool: Pool | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policyx-reader")

    async def read(self, path: Path, doc_id: str, given: str) -> Outcome:
        """Read one file in the worker; its outcome (a record, or the worker's typed error)."""
        return await asyncio.wrap_future(self._thread.submit(self._read, path, doc_id, given))

    def _read(self, path: Path, doc_id: str, given: str) -> Outcome:
        if self._pool is None:
            self._pool = Pool(1, timeout=self.timeout, memory_mb=self.memory_mb)
        [(_, outcome)] = list(self._pool.map([Task(path, doc_id, given)]))
        return outcome

    def close(self) -> None:
        """Stop the worker and its thread."""
        self._thread.submit(self._close).result()
        self._thread.shutdown()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


@dataclass(frozen=True)
class Saved:
    """An uploaded file on disk: where, the name the browser gave (base name only), and its bytes' hash."""

    path: Path
    name: str
    sha256: str


async def save(upload: UploadFile | str | None, folder: Path, limit: int) -> Saved:
    """Write an uploaded file into `folder` under a name made from its base name; E_TOO_LARGE above `limit` bytes."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ServeError("没有选择文件", code="E_NO_INPUT", hint="选择一个文本、PDF、网页或 Word 文件")
    if upload.size is not None and upload.size > limit:
        raise too_large(upload.size, limit)
    name, suffix = upload_name(upload.filename)
    path = folder / f"{safe_id(printable(PurePosixPath(name).stem))}{suffix}"
    sha = await run_in_threadpool(_copy, upload, path, limit)
    return Saved(path, printable(name), sha)


def _copy(upload: UploadFile, path: Path, limit: int) -> str:
    digest, size = hashlib.sha256(), 0
    upload.file.seek(0)
    with open(path, "wb") as out:
        while chunk := upload.file.read(COPY_CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(size, limit)
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def record_of(outcome: Outcome) -> bytes:
    """The record bytes of a read, or the worker's error (its code, message and hint) raised as a ServeError."""
    if outcome.record is None:
        error = outcome.error or {"code": "E_INTERNAL", "message": "no outcome"}
        raise ServeError(error["message"], code=error["code"], hint=error.get("hint"), cause=error.get("cause"))
    return outcome.record.data


def new_id(db: Path, records: Records, saved: Saved) -> str:
    """An id for the uploaded notice: its name's, or with its sha256 prefix when that one is taken."""
    base = safe_id(printable(PurePosixPath(saved.name).stem))
    with reading(db) as conn:
        taken = holds(conn, base) or records.path(base) is not None
    return f"{base}-{saved.sha256[:8]}" if taken else base


def commit(db: Path, records: Records, data: bytes) -> str:
    """Write the record, then store it; the id it is stored under (another notice's, for the same clause texts)."""
    record = json.loads(data)
    path = records.folder / UPLOADS / f"{record['id']}.json"
    atomic_write_bytes(path, data)  # the record first, as ingest: a store lost is filled again from the records
    try:
        conn = connect(db)
        try:
            stored = put_notice(conn, record, path=db)
        finally:
            conn.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if stored != record["id"]:
        path.unlink(missing_ok=True)  # the store filed the file under the notice of the same text
    return stored


def discard(folder: Path) -> None:
    """Remove an upload's temp folder."""
    shutil.rmtree(folder, ignore_errors=True)
