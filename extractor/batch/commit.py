"""Committing what the workers read: records and manifest entries made durable in groups, the store filled
in the order of the records' names, a Ctrl-C held while either is half done.

`Commits` stages each settled document's record in a temporary file and holds its manifest entry back;
a group is synced at once, put in place and journaled with one write (an entry is `ok` only once its
record is whole and in place). `Filling` puts committed records into the store in the order the
end-of-run filling uses, so that the store is the same however documents come back.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..db import StoreError, connect, put_notice, stored_sources
from ..store import commit_staged, write_staged
from .manifest import Manifest, json_bytes

COMMIT_GROUP = 64  # documents made durable together: one sync of their files, one journal write
COMMIT_SECONDS = 1.0  # at most this long after the first of a group, when documents keep coming
COMMIT_IDLE_SECONDS = 0.2  # while the workers read on, a group this old is flushed


@dataclass(frozen=True)
class Staged:
    """A record written beside its place (`tmp`, to be renamed `final`), with its line of notices.jsonl and its
    content key when the worker made them."""

    output: str
    tmp: Path
    final: Path
    data: bytes
    line: bytes | None
    key: str | None


class Commits:
    """Records and their manifest entries, made durable in groups.

    A document's record is written to a temporary file as it settles and its entry held back. When the
    group is COMMIT_IDLE_SECONDS old and the workers have nothing new (the pool's `on_idle`), every
    COMMIT_GROUP documents, COMMIT_SECONDS after the first of a group, at the end, on a failure and on
    a Ctrl-C, the group's files are synced together and put in place, then its
    entries journaled with one write: an entry is `ok` only once its record is whole on disk, as it
    was with a sync per file, at a few syncs a group instead of three a document.
    """

    def __init__(self, manifest: Manifest, db: Path | None = None) -> None:
        self.manifest = manifest
        self.db = db
        self.staged: list[Staged] = []  # the group's records
        self.failures: list[str] = []  # outputs of the group's documents that failed
        self.since: float | None = None
        self.lines: dict[str, bytes] = {}  # output → the record as a line of notices.jsonl, made while idle
        self.filling: Filling | None = None

    def expect(self, outputs: list[str]) -> None:
        """The outputs this run may commit: the store is filled, in their order, while the workers read on."""
        if self.db is not None:
            self.filling = Filling(self.manifest, self.db, outputs)

    def failed(self, output: str) -> None:
        """A document of the group that failed: the store's filling goes past it with the group."""
        self.hold()
        self.failures.append(output)

    def hold(self) -> Manifest:
        """The manifest, holding back the entries of the group this document joins."""
        if self.since is None:
            self.since = time.monotonic()
            self.manifest.hold()
        return self.manifest

    def stage(self, output: str, data: bytes, line: bytes | None = None, key: str | None = None) -> None:
        """A record written beside its place, to be synced and put there with its group; its line of
        notices.jsonl and its content key, when the worker made them."""
        self.hold()
        final = self.manifest.folder / output
        self.staged.append(Staged(output, write_staged(final, data), final, data, line, key))

    def flush_deferring(self) -> None:
        """`flush`, with a Ctrl-C held until it is done."""
        with interrupts_deferred():
            self.flush()

    def idle(self) -> float | None:
        """What the pool calls while the workers read on: the group is flushed once it is COMMIT_IDLE_SECONDS
        old (so that syncs do not come a document at a time); otherwise, how long until it will be."""
        if self.since is None:
            return None
        left = self.since + COMMIT_IDLE_SECONDS - time.monotonic()
        if left > 0 and len(self.staged) < COMMIT_GROUP:
            return left
        self.flush_deferring()
        return None

    def due(self) -> bool:
        return self.since is not None and (len(self.staged) >= COMMIT_GROUP or time.monotonic() - self.since >= COMMIT_SECONDS)

    def flush(self) -> None:
        """Sync the group's files, put them in place, journal its entries; on failure its entries are dropped."""
        if self.since is None:
            return
        staged, failures = self.staged, self.failures
        self.staged, self.failures, self.since = [], [], None
        try:
            commit_staged([(record.tmp, record.final) for record in staged])
        except BaseException:
            self.manifest.drop()
            raise
        self.manifest.release()
        self.to_dataset(staged, failures)

    def to_dataset(self, records: list[Staged], failures: list[str]) -> None:
        """The committed records as lines of notices.jsonl, and into the store as far as their order allows
        (`Filling`), while the workers read on."""
        for record in records:
            line = record.line or json_bytes(json.loads(record.data), separators=(",", ":"))
            self.lines[record.output] = line
            if self.filling is not None:
                self.filling.settled(record.output, line, record.key)
        for output in failures:
            if self.filling is not None:
                self.filling.settled(output, None)

    def close(self) -> None:
        if self.filling is not None:
            self.filling.close()


MAX_WAITING = 256  # records kept while an earlier one is awaited; later ones are read again from disk


class Filling:
    """The store filled while the workers read on, in the order of the records' names: the order in which
    `write_dataset` fills it, so that the store comes out the same whatever order the documents are read in.

    A record goes in once every output before it in that order is settled (committed, or failed: then the
    entry the manifest still holds for that name, if any, is the one that counts); what cannot go in yet
    goes in at the end. A store error stops the filling: `write_dataset` tries again and says why.
    """

    def __init__(self, manifest: Manifest, db: Path, outputs: list[str]) -> None:
        self.manifest, self.db = manifest, db
        self.planned = set(outputs)
        self.order = sorted(self.planned | {entry["output"] for entry in manifest.committed()})
        self.next = 0
        self.done: set[str] = set()
        self.waiting: dict[str, tuple[bytes, str | None] | None] = {}  # output → (record as a line, its content key)
        self.store: sqlite3.Connection | None = None
        self.held: set[str] = set()
        self.stopped = False
        self.same: dict[str, str] = {}  # id → the stored notice it is a file of (as `write_dataset` returns)

    def settled(self, output: str, line: bytes | None, key: str | None = None) -> None:
        """A committed record (its line of notices.jsonl and content key), or a failed one (None)."""
        self.done.add(output)
        self.waiting[output] = (line, key) if line is not None and len(self.waiting) < MAX_WAITING else None
        try:
            self._advance()
        except StoreError:
            self.stopped = True
            self.close()

    def _advance(self) -> None:
        while not self.stopped and self.next < len(self.order):
            output = self.order[self.next]
            if output in self.planned and output not in self.done:
                return
            self.next += 1
            line, key = self.waiting.pop(output, None) or (None, None)
            sha = self.manifest.committed_sha(output)
            if sha is None:
                continue
            if self.store is None:
                self.store = connect(self.db)
                self.held = stored_sources(self.store)
            if sha in self.held:
                continue
            try:
                record = json.loads(line if line is not None else (self.manifest.folder / output).read_bytes())
            except FileNotFoundError:
                continue
            stored = put_notice(self.store, record, path=self.db, key=key)
            self.held.add(record["source"]["sha256"])
            if stored != record["id"]:
                self.same[record["id"]] = stored

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that arrives while a document is committed until its record and manifest line are
    both written, so that an interrupted run leaves no record the manifest does not name."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
