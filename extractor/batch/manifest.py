"""The manifest of an output folder: which input (by its bytes' sha256 and the pipeline version)
became which record, or failed with which code.

`manifest.json` is a snapshot; `manifest.journal` gets a line, synced, for every document
committed since, so a run killed at any point leaves a manifest the next run replays and
continues from. The snapshot is rewritten atomically at the end of a run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..models import PIPELINE_VERSION, FailedDocument
from ..render.labels import say
from ..store import LineLog, atomic_write_bytes

# How a run ends (sysexits.h where one fits): done, some documents failed, a bad file, no input, a bug,
# outputs not writable, the disk failing, another run holding the folder, interrupted.
EX_OK, EX_PARTIAL, EX_DATAERR, EX_NOINPUT, EX_SOFTWARE, EX_CANTCREAT, EX_IOERR, EX_TEMPFAIL = (
    0, 1, 65, 66, 70, 73, 74, 75)
EX_INTERRUPTED = 130
MAX_ID_CHARS = 80


class Abort(Exception):
    """The run cannot go on; carries the exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class Manifest:
    """`manifest.json` and its journal: for each input sha256 and pipeline version, its status and output file.

    A run appends one line per settled document to `manifest.jsonl` (the same cost for the
    10,000th document as for the first) and folds the journal into `manifest.json` at its end.
    Loading reads the snapshot, then the journal a killed run left (its torn last line, if any,
    is dropped: that document is read again) and folds it in at once, so appends never follow a
    torn line. Replaying a line twice changes nothing, so a crash while folding loses nothing.
    """

    SNAPSHOT = "manifest.json"
    JOURNAL = "manifest.jsonl"

    def __init__(self, folder: Path, entries: dict[str, dict], journal: Iterable[tuple[str, dict]] = ()) -> None:
        self.folder = folder
        self.entries: dict[str, dict] = {}
        self.by_output: dict[str, set[str]] = {}  # output file → keys of the entries naming it
        for key, entry in [*entries.items(), *journal]:
            self._apply(key, entry)
        self.claimed = {e["id"]: key for key, e in self.entries.items() if _current(key, e)}
        self.log = LineLog(folder / self.JOURNAL)
        self.changed = False
        self.held: list[tuple[str, dict, bytes]] | None = None  # entries kept back by `hold`, for `release`

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of a folder, journal included; empty if there is none yet."""
        try:
            entries = json.loads((folder / cls.SNAPSHOT).read_text(encoding="utf-8"))["documents"]
        except FileNotFoundError:
            entries = {}
        except (ValueError, KeyError, OSError) as exc:
            raise Abort(EX_CANTCREAT, say(f"[E_MANIFEST] {folder / cls.SNAPSHOT}: 无法读取（{exc}）；移走它即可重新开始",
                                          f"[E_MANIFEST] {folder / cls.SNAPSHOT}: unreadable ({exc});"
                                          " move it away to start afresh")) from exc
        journal = _read_journal(folder / cls.JOURNAL)
        manifest = cls(folder, entries, journal or ())
        if journal is not None:
            manifest.changed = True
            manifest.compact()
        return manifest

    def entry(self, sha: str) -> dict | None:
        return self.entries.get(_key(sha))

    def claim_id(self, base: str, sha: str, source: str) -> str:
        """`base`, unless another input holds it; then `base-<sha256[:8]>`."""
        holder = self.claimed.get(base)
        taken = holder not in (None, _key(sha)) and self.entries.get(holder, {}).get("source") != source
        doc_id = f"{base[:MAX_ID_CHARS - 9]}-{sha[:8]}" if taken else base
        self.claimed[doc_id] = _key(sha)
        return doc_id

    def mark_ok(self, sha: str, entry: dict) -> None:
        """Record a committed document; entries that pointed at the same file are superseded."""
        self._record(_key(sha), {"ok": True, "pipeline_version": PIPELINE_VERSION, **entry})

    def mark_failed(self, sha: str, failure: FailedDocument, extra: dict | None = None) -> None:
        """Record a failure, whole: a later run lists it again without reading the file (--retry-failed reads it)."""
        self._record(_key(sha), {"ok": False, "pipeline_version": PIPELINE_VERSION, "error_code": failure.error_code,
                                 "failure": failure.model_dump(mode="json"), **(extra or {})})

    def note_copies(self, sha: str, copies: list[str]) -> None:
        """Name the other inputs that hold these bytes (listed, not read); a journal line only when they change."""
        entry = self.entry(sha)
        if entry is None or entry.get("copies", []) == copies:
            return
        rest = {k: v for k, v in entry.items() if k != "copies"}
        self._record(_key(sha), (rest | {"copies": copies}) if copies else rest)

    def hold(self) -> None:
        """Keep the next entries back, unapplied, until `release` journals and applies them together (what they
        name must be durable first) or `drop` forgets them."""
        if self.held is None:
            self.held = []

    def release(self) -> None:
        """Journal the entries kept back, in their order, with one write and one sync; then apply them."""
        held, self.held = self.held or [], None
        if held:
            self.log.append(b"".join(line for _, _, line in held))
            self.changed = True
        for key, entry, _ in held:
            self._apply(key, entry)

    def drop(self) -> None:
        """Forget the entries kept back: what they name was not made durable."""
        self.held = None

    def committed(self) -> list[dict]:
        """Entries of this pipeline version whose record is written, by output file name."""
        return [entry for _, entry in self.committed_items()]

    def committed_sha(self, output: str) -> str | None:
        """The input sha256 of the entry of this pipeline version whose record is `output`, if one is committed."""
        for key in self.by_output.get(output, ()):
            if _current(key, self.entries.get(key)):
                return key.split(":", 1)[0]
        return None

    def committed_items(self) -> list[tuple[str, dict]]:
        """(input sha256, entry) of `committed`."""
        current = [(k.split(":", 1)[0], e) for k, e in self.entries.items() if _current(k, e)]
        return sorted(current, key=lambda item: item[1]["output"])

    def compact(self) -> None:
        """Fold the journal into `manifest.json` and remove it; nothing to do if this run changed nothing."""
        self.log.close()
        if not self.changed:
            return
        atomic_write_bytes(self.folder / self.SNAPSHOT, json_bytes({"documents": self.entries}, indent=2, sort_keys=True))
        (self.folder / self.JOURNAL).unlink(missing_ok=True)
        self.changed = False

    def _record(self, key: str, entry: dict) -> None:
        """Journal an entry (one line, synced), then apply it; or keep it back while held."""
        line = json_bytes({"key": key, "entry": entry}, sort_keys=True, separators=(",", ":"))
        if self.held is not None:
            self.held.append((key, entry, line))
            return
        self.log.append(line)
        self.changed = True
        self._apply(key, entry)

    def _apply(self, key: str, entry: dict) -> None:
        """Set an entry; a committed one supersedes every other entry naming its output file."""
        old = self.entries.get(key)
        if old is not None and old.get("ok"):
            self.by_output.get(old["output"], set()).discard(key)
        if entry["ok"]:
            for other in self.by_output.pop(entry["output"], set()):
                del self.entries[other]
            self.by_output[entry["output"]] = {key}
        self.entries[key] = entry


def _read_journal(path: Path) -> list[tuple[str, dict]] | None:
    """The entries a journal holds, in order, without a torn last line; None if there is no journal."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Abort(EX_CANTCREAT, say(f"[E_MANIFEST] {path}: 无法读取（{exc.strerror}）",
                                      f"[E_MANIFEST] {path}: unreadable ({exc.strerror})")) from exc
    lines = raw.split(b"\n")[:-1]  # what follows the last newline is a line a kill cut short
    journal = []
    for number, line in enumerate(lines, start=1):
        try:
            item = json.loads(line)
            if not isinstance(item["key"], str) or not isinstance(item["entry"]["ok"], bool):
                raise ValueError("not a manifest entry")
            journal.append((item["key"], item["entry"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise Abort(EX_CANTCREAT, say(f"[E_MANIFEST] {path}: 第 {number} 行已损坏（{exc}）；"
                                          "移走该文件（其中列出的文件将重新读取）",
                                          f"[E_MANIFEST] {path}: line {number} is corrupt ({exc}); move the file away"
                                          " (the documents it lists are read again)")) from exc
    return journal


def _current(key: str, entry: dict | None) -> bool:
    """An entry whose record is written, by this pipeline version."""
    return entry is not None and entry["ok"] and key.endswith(f":{PIPELINE_VERSION}")


def _key(sha: str) -> str:
    return f"{sha}:{PIPELINE_VERSION}"


def json_bytes(value, **options) -> bytes:
    """One JSON document and a newline, UTF-8; with \\u escapes throughout if it holds a lone surrogate."""
    try:
        return (json.dumps(value, ensure_ascii=False, **options) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(value, **options) + "\n").encode("ascii")
