"""`policyx ingest`: read many files into records, one worker-isolated document at a time.

    discover → plan (hash, skip what is done, assign ids) → read in workers → commit → dataset

Outputs, all under `out`, written whole (`store.py`): `<id>.json` per
notice (atomically); `manifest.json` (input sha256 + pipeline version →
status and output file) with its journal `manifest.jsonl`, a line a
document, appended for a group of settled documents at once (an entry is
`ok` only after its record is written, synced and in place: `Commits`; the
store is filled as records are committed, in their names' order: `Filling`),
folded into manifest.json when the run ends or, after
a killed run, when the next one starts; `notices.jsonl` (every committed
notice, by id, rebuilt at the end) and `errors.jsonl` (the failures of this
run: reset when it starts, a line appended per failure as it happens,
rewritten in input order at the end). Exit codes follow sysexits:
0 all done (skips count), 1 some failed, 65 all failed, 66 no input
found or none readable, 69 the cluster cannot be used (`cluster.py`),
70 a bug in the driver, 73 `out` not writable, 74 write error mid-run
(E_OUTPUT_FULL when the disk is full: the run stops, as every next write
would fail, and the next one goes on from what was committed), 75 another
run holds `out/.lock`, 130 interrupted (a Ctrl-C while a document is
committed waits for its manifest line). Documents are read by the local
`worker.Pool` or, given a scheduler address, by `cluster.ClusterPool` on a
Dask cluster: the same work, outcomes and outputs, written by this process
alone. An input with the bytes of an earlier one is listed as its copy
(`内容同 …`), not read, and named in the manifest entry of those bytes; a
record whose clause texts the store holds already under another notice is
stored as a file of that notice, and listed as `内容同 <its id>`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TextIO

from ..db import StoreError, connect, put_notice, stored_sources
from ..errors import InputError, printable
from ..ingest import MAX_PDF_BYTES, read_regular
from ..models import FailedDocument
from ..render.labels import say
from ..store import LineLog, atomic_write_bytes
from .cluster import ClusterPool, EngineError, require_engine
from .commit import Commits, interrupts_deferred
from .manifest import (
    EX_CANTCREAT,
    EX_DATAERR,
    EX_INTERRUPTED,
    EX_IOERR,
    EX_NOINPUT,
    EX_OK,
    EX_PARTIAL,
    EX_SOFTWARE,
    EX_TEMPFAIL,
    MAX_ID_CHARS,
    Abort,
    Manifest,
    json_bytes,
)
from .worker import Outcome, Pool, Task

STORE_NAME = "policyx.db"  # the store beside the records, unless --db names another
MAX_ID_BYTES = 200  # file names are limited to 255 bytes; room for "-<sha8>.json"
WINDOWS_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                              *(f"LPT{i}" for i in range(1, 10))])
UNSAFE_ID_CHARS = re.compile(r"[^\w.\-]+")  # \w keeps CJK, letters and digits of every script
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
DEVICE_ERRNOS = DISK_FULL | {errno.EROFS, errno.EIO}  # the disk failing, not the document: every next write would too


@dataclass(frozen=True)
class Row:
    """How one input fared in this run."""

    path: Path
    status: Literal["ok", "skipped", "failed"]
    doc_id: str | None = None
    clauses: int | None = None
    dropped: int | None = None
    note: str = ""
    failure: FailedDocument | None = None


@dataclass(frozen=True)
class Planned:
    """An input to read: its bytes' hash, the record id it will get, the other inputs with these bytes."""

    path: Path
    sha256: str
    doc_id: str
    copies: tuple[str, ...] = ()




def ingest_paths(paths: list[Path], *, out: Path, force: bool = False, retry_failed: bool = False, timeout: float = 120.0,
                 memory_mb: int = 2048, jobs: int = 1, stream: TextIO | None = None, db: Path | None = None,
                 scheduler: str | None = None, quiet: bool = False, verbose: bool = False) -> int:
    """Read files and folders into `out` (on the Dask cluster at `scheduler` if given); report on `stream`
    (stderr: `quiet` leaves only failures and the summary line, `verbose` adds a line per document);
    return the exit code."""
    from ..render.ingest import Reporter

    stream = stream or sys.stderr
    try:
        if scheduler is not None:
            require_engine(scheduler)  # before anything is touched
        with open_output(out):
            inputs, passed = discover_all(paths)
            if passed:
                suffixes = ", ".join(sorted({p.suffix for p in passed}))
                stream.write(say(f"已略过 {len(passed)} 个数据文件（非公告: {suffixes}），单独指定即按公告读取\n",
                                 f"passed over {len(passed)} data files ({suffixes}); name one to read it as a notice\n"))
            if not inputs:
                where = " ".join(map(str, paths))
                raise Abort(EX_NOINPUT, say(f"[E_NO_INPUT] {where}: 没有找到输入文件",
                                            f"[E_NO_INPUT] no input files found in {where}"))
            with Reporter(stream, total=len(inputs), quiet=quiet, verbose=verbose) as report:
                rows = run_batch(inputs, out, force=force, retry_failed=retry_failed, timeout=timeout,
                                 memory_mb=memory_mb, jobs=jobs, report=report, db=db or out / STORE_NAME,
                                 scheduler=scheduler)
                report.summary(rows, out / "errors.jsonl")
            return exit_code(rows)
    except Abort as exc:
        stream.write(f"ERROR {exc}\n")
        return exc.code
    except OSError as exc:  # opening and probing `out` is checked first: this is mid-run
        stream.write(f"ERROR {_write_error(out, exc)}\n")
        return EX_IOERR
    except EngineError as exc:  # committed documents stay valid, and the next run goes on from them
        stream.write(f"ERROR {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        stream.write(say("已中断：读完的文件已保存；再次运行即可继续\n",
                         "interrupted: finished documents are committed; run again to resume\n"))
        return EX_INTERRUPTED
    except StoreError as exc:  # the records are written: the next run fills the store from them
        stream.write(f"ERROR {exc}; the records are written, run again to fill the store\n")
        return EX_IOERR
    except Exception:  # a bug in the driver: committed documents stay valid
        traceback.print_exc(file=stream)
        stream.write(say("ERROR [E_INTERNAL] policyx ingest 出错（程序缺陷），请附上面的回溯信息报告\n",
                         "ERROR [E_INTERNAL] policyx ingest failed; please report this with the traceback above\n"))
        return EX_SOFTWARE


def _write_error(out: Path, exc: OSError) -> str:
    """The message for outputs that could not be written mid-run; a full disk has a code of its own."""
    if exc.errno in DISK_FULL:
        where = printable(exc.filename or out)
        return say(f"[E_OUTPUT_FULL] {where}: 磁盘空间已满（{exc.strerror}）"
                   "（腾出空间后再次运行：已完成的文件保留，其余的届时读取）",
                   f"[E_OUTPUT_FULL] {where}: no space left on the device ({exc.strerror})"
                   " (free space, then run again: committed documents are kept, the others are read then)")
    return say(f"[E_OUTPUT] {out}: 无法写入输出（{exc}）；已完成的文件仍然有效",
               f"[E_OUTPUT] {out}: cannot write outputs ({exc}); committed documents stay valid")


# 1. Discover --------------------------------------------------------------------------------------


def discover(paths: list[Path]) -> list[Path]:
    """Files named on the command line, and every file found in named folders (sniffed when read), sorted."""
    return discover_all(paths)[0]


# Files in a folder that hold data about notices (gold labels, manifests, profiles, code), not notices:
# passed over in a folder walk and counted in the summary; named on the command line they are read.
DATA_SUFFIXES = frozenset({".json", ".jsonl", ".yaml", ".yml", ".csv", ".tsv", ".parquet", ".py", ".md", ".lock", ".db"})


def discover_all(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to read, and the data files the folder walk passed over, in one walk."""
    found: dict[str, Path] = {}
    passed: list[Path] = []
    for given in paths:
        for path in _walk(given) if given.is_dir() else [given]:
            if given.is_dir() and path.suffix.lower() in DATA_SUFFIXES and path != given:
                passed.append(path)
            else:
                found.setdefault(os.path.abspath(path), path)
    return list(found.values()), passed


def _walk(folder: Path) -> Iterator[Path]:
    """Every file under a folder; hidden entries and symlinked folders are not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # reported as unreadable when it is read
        return
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        else:
            yield path  # every other entry is sniffed; FIFOs, dangling links and unknown types fail one by one


# 2. Plan ------------------------------------------------------------------------------------------


def safe_id(stem: str) -> str:
    """A record id from a file stem, safe as a file name anywhere.

    >>> safe_id("晋政办发〔2023〕95号 通知")
    '晋政办发_2023_95号_通知'
    >>> safe_id("..%2F..%2Fetc")
    '2F.._2Fetc'
    >>> safe_id("CON"), safe_id("///")
    ('CON_', 'notice')
    """
    name = UNSAFE_ID_CHARS.sub("_", stem).strip("._")[:MAX_ID_CHARS]
    while len(name.encode()) > MAX_ID_BYTES:
        name = name[:-1]
    name = name.rstrip("._") or "notice"
    return f"{name}_" if name.split(".")[0].upper() in WINDOWS_RESERVED else name


def plan(inputs: list[Path], manifest: Manifest, force: bool, retry_failed: bool = False) -> tuple[list[Planned], list[Row]]:
    """Hash every input; decide what to read, what is already done, what cannot be read.

    A document that failed before fails again without being read (its failure is listed again),
    unless `retry_failed` or `force`: no run repeats a deterministic failure on its own. An input
    with the bytes of an earlier one is skipped as its copy, and named in the manifest entry of those
    bytes (`copies`, as this run found them).
    """
    todo: list[Planned] = []
    done: list[Row] = []
    first_seen: dict[str, Path] = {}
    copies: dict[str, list[str]] = {}
    for path in inputs:
        try:
            sha = hashlib.sha256(read_regular(path, MAX_PDF_BYTES)).hexdigest()
        except InputError as exc:
            done.append(failed_row(path, None, _error_of(exc), 0.0))
            continue
        entry = manifest.entry(sha)
        if sha in first_seen:
            done.append(Row(path, "skipped", note=f"内容同 {printable(first_seen[sha])}"))
            copies.setdefault(sha, []).append(printable(path))
        elif entry and entry["ok"] and not force and (manifest.folder / entry["output"]).is_file():
            done.append(Row(path, "skipped", entry["id"], entry["clauses"], entry["dropped"], note="未变"))
        elif entry and not entry["ok"] and "failure" in entry and not (force or retry_failed):
            failure = FailedDocument.model_validate({**entry["failure"], "file": printable(path)})
            done.append(Row(path, "failed", note=f"{failure.error_code}（上次失败；--retry-failed 重读）", failure=failure))
        else:
            todo.append(Planned(path, sha, manifest.claim_id(safe_id(printable(path.stem)), sha, printable(path))))
        first_seen.setdefault(sha, path)
    reading = {task.sha256 for task in todo}
    for sha in first_seen:
        if sha not in reading:  # settled before: only its copies can have changed
            manifest.note_copies(sha, copies.get(sha, []))
    return [replace(task, copies=tuple(copies.get(task.sha256, ()))) for task in todo], done


def _error_of(exc: InputError) -> dict:
    return {"code": exc.code, "message": exc.message, "hint": exc.hint, "cause": exc.cause, "stage": exc.stage,
            "zh": exc.zh, "zh_hint": exc.zh_hint}


# 3. Read and commit -------------------------------------------------------------------------------


def run_batch(inputs: list[Path], out: Path, *, force: bool, timeout: float, memory_mb: int, jobs: int,
              report, retry_failed: bool = False, db: Path | None = None, scheduler: str | None = None) -> list[Row]:
    """Plan, read the documents in workers, commit each one; rows in input order."""
    manifest = Manifest.load(out)
    commits = Commits(manifest, db)
    try:
        rows = read_planned(inputs, manifest, force=force, retry_failed=retry_failed, timeout=timeout,
                            memory_mb=memory_mb, jobs=jobs, report=report, scheduler=scheduler, commits=commits)
    except BaseException:  # interrupted or failing: the manifest is folded still, if it can be
        commits.close()
        with contextlib.suppress(OSError):
            manifest.compact()  # if it cannot, the next run folds the journal in
        raise
    commits.close()
    manifest.compact()
    order = {path: n for n, path in enumerate(inputs)}
    rows.sort(key=lambda row: order[row.path])
    same = (commits.filling.same if commits.filling else {}) | write_dataset(manifest, db, lines=commits.lines)
    rows = [replace(row, note="，".join(filter(None, [row.note, f"内容同 {same[row.doc_id]}"]))) if row.doc_id in same
            else row for row in rows]
    write_errors(out, [row.failure for row in rows if row.failure])
    return rows


def read_planned(inputs: list[Path], manifest: Manifest, *, force: bool, retry_failed: bool, timeout: float,
                 memory_mb: int, jobs: int, report, commits: Commits, scheduler: str | None = None) -> list[Row]:
    """Plan, then read and settle each document as its worker is done with it; rows as they come."""
    todo, rows = plan(inputs, manifest, force, retry_failed)
    for row in rows:
        report.row(row)
    write_errors(manifest.folder, [row.failure for row in rows if row.failure])  # this run's failures only
    planned = {task.path: task for task in todo}
    commits.expect([f"{task.doc_id}.json" for task in todo])
    with open_pool(jobs, timeout, memory_mb, scheduler) as pool, LineLog(manifest.folder / "errors.jsonl") as errors:
        try:
            for task, outcome in pool.map((Task(p.path, p.doc_id) for p in todo), on_idle=commits.idle):
                try:
                    with interrupts_deferred():
                        row = settle(planned[task.path], outcome, commits)
                except Abort:
                    raise
                except Exception as exc:  # a bug while committing: this document fails, the batch goes on
                    if isinstance(exc, OSError) and exc.errno in DEVICE_ERRNOS:
                        raise  # the disk is full or failing: stop, and leave this document to the next run
                    error = {"code": "E_INTERNAL", "message": f"unexpected {type(exc).__name__} while writing the record",
                             "hint": "this is a bug in policyx; please report it with the file", "cause": str(exc)[:200],
                             "stage": "ingest"}
                    row = failed_row(task.path, planned[task.path].sha256, error, outcome.elapsed)
                    commits.failed(f"{task.doc_id}.json")
                report.row(row)
                rows.append(row)
                if row.failure:  # written as failures happen, so an interrupted batch keeps them
                    errors.append(_error_line(row.failure))
                if commits.due():
                    commits.flush_deferring()
            commits.flush_deferring()
        except BaseException:  # interrupted, the cluster lost or the disk full: what was settled before is kept
            with interrupts_deferred(), contextlib.suppress(OSError):
                commits.flush()
            raise
    return rows


def open_pool(jobs: int, timeout: float, memory_mb: int, scheduler: str | None) -> Pool | ClusterPool:
    """The local pool of `jobs` workers, or the Dask cluster at `scheduler`."""
    if scheduler is None:
        return Pool(jobs, timeout=timeout, memory_mb=memory_mb)
    return ClusterPool(scheduler, timeout=timeout, memory_mb=memory_mb)


def settle(planned: Planned, outcome: Outcome, commits: Commits) -> Row:
    """Stage a record and its manifest entry (its group makes them durable), or the failure's entry."""
    record, error = outcome.record, outcome.error
    if record is not None and record.sha256 != planned.sha256:
        record, error = None, {"code": "E_INPUT_CHANGED", "message": "the file changed while it was being read",
                               "hint": "run again", "cause": None, "stage": "ingest"}
    copies = {"copies": list(planned.copies)} if planned.copies else {}
    if record is None:
        row = failed_row(planned.path, planned.sha256, error, outcome.elapsed)
        commits.hold().mark_failed(planned.sha256, row.failure, copies)
        commits.failed(f"{planned.doc_id}.json")
        return row
    output = f"{planned.doc_id}.json"
    commits.stage(output, record.data, record.line, record.content_key)  # synced and in place before the journal line
    commits.hold().mark_ok(planned.sha256, {"id": planned.doc_id, "output": output, "source": printable(planned.path),
                                            "clauses": record.clauses, "dropped": record.dropped, **copies})
    return Row(planned.path, "ok", planned.doc_id, record.clauses, record.dropped)


def failed_row(path: Path, sha: str | None, error: dict, elapsed: float) -> Row:
    """A failure as a row and as the FailedDocument of errors.jsonl."""
    failure = FailedDocument(file=printable(path), sha256=sha, error_code=error["code"], message=error["message"],
                             hint=error.get("hint"), cause=error.get("cause"), stage=error.get("stage") or "worker",
                             message_zh=error.get("zh"), hint_zh=error.get("zh_hint"), elapsed=round(elapsed, 3))
    return Row(path, "failed", note=error["code"], failure=failure)


def exit_code(rows: list[Row]) -> int:
    """0 if nothing failed, 1 if some did, 65 if all did, 66 if no input could even be opened."""
    failed = [row for row in rows if row.status == "failed"]
    if not failed:
        return EX_OK
    if len(failed) < len(rows):
        return EX_PARTIAL
    if all(row.failure.error_code == "E_INPUT_UNREADABLE" for row in failed):
        return EX_NOINPUT
    return EX_DATAERR


# 4. Outputs ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def open_output(out: Path) -> Iterator[None]:
    """Check `out` is writable, hold its lock, and remove temp files a killed run left."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = open(out / ".lock", "a")  # noqa: SIM115 - held for the whole run
        fd, probe = tempfile.mkstemp(dir=out, prefix=".tmp-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise Abort(EX_CANTCREAT, say(f"[E_OUTPUT_UNWRITABLE] {out}: 无法写入输出文件夹（{exc.strerror}）"
                                      "（换一个 --out 或修改权限）",
                                      f"[E_OUTPUT_UNWRITABLE] {out}: cannot write the output folder ({exc.strerror})"
                                      " (choose another --out or fix its permissions)")) from exc
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise Abort(EX_TEMPFAIL, say(f"[E_OUTPUT_LOCKED] {out}: 另一次运行正在使用 {out / '.lock'}（请等它结束）",
                                         f"[E_OUTPUT_LOCKED] {out}: another run holds {out / '.lock'}"
                                         " (wait for it to finish)")) from exc
        for stale in out.glob(".tmp-*"):
            stale.unlink(missing_ok=True)
        yield


def _error_line(failure: FailedDocument) -> bytes:
    return (failure.model_dump_json() + "\n").encode("utf-8")


def write_dataset(manifest: Manifest, db: Path | None = None, lines: dict[str, bytes] | None = None) -> dict[str, str]:
    """`notices.jsonl`: every committed notice, one per line, by id; and into the store at `db`, each record
    whose file the store does not hold yet (one transaction per notice: a store deleted or older is filled
    again from the records, without reading any document again). `lines` holds the lines made already,
    by output file (`Commits.to_dataset`). Returns, for each record the store took as a file of another
    notice (the same clause texts), that notice's id."""
    made, lines = lines or {}, []
    same: dict[str, str] = {}
    store = connect(db) if db is not None else None
    held = stored_sources(store) if store is not None else set()
    try:
        for sha, entry in manifest.committed_items():
            line = made.get(entry["output"])
            if line is not None and (store is None or sha in held):
                lines.append(line)  # made while the workers read, and held by the store
                continue
            with contextlib.suppress(FileNotFoundError):
                record = json.loads(line or (manifest.folder / entry["output"]).read_bytes())
                lines.append(line or json_bytes(record, separators=(",", ":")))
                if store is not None and record["source"]["sha256"] not in held:
                    stored = put_notice(store, record, path=db)
                    if stored != record["id"]:
                        same[record["id"]] = stored
    finally:
        if store is not None:
            store.close()
    atomic_write_bytes(manifest.folder / "notices.jsonl", b"".join(lines))
    return same


def write_errors(out: Path, failures: list[FailedDocument]) -> None:
    """`errors.jsonl`: the failures of this run, in input order."""
    atomic_write_bytes(out / "errors.jsonl", b"".join(map(_error_line, failures)))
