"""A disk that fills under `policyx ingest`: the run stops with a code, what was written stays whole, the next run goes on.

BAD_INPUTS #65: exit 74 (EX_IOERR) mid-run, documents already committed intact,
no temporary file left. The disk fills either by a fault put into the driver's
writes and syncs (on any machine), or for real on a small tmpfs mounted for the
test (root).
In every case the second run adds `a-new.txt` and changes `b-notice.txt`, whose
record is then rewritten: the disk fills after a-new is committed, while the new
b-notice record (or the store) is written.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from extractor.batch.driver import ingest_paths

from .conftest import TEXTS
from .test_batch import snapshot

FIRST = {"b-notice.txt": "sx-jinchuanggu-plan-2024", "z-old.txt": "jz-jinchuanggu-2025"}
SECOND = {"a-new.txt": "yq-draft-2024", "b-notice.txt": "sx-kjcxc-4-2016"}
TABLES = ("notices", "sources", "clauses", "facts", "terms", "units", "links")


def put(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, seed in files.items():
        shutil.copy(TEXTS / f"{seed}.txt", folder / name)


def run(inputs: Path, out: Path, db: Path | None = None) -> tuple[int, str]:
    """`policyx ingest inputs --out out [--db db]` in this process: the exit code and what it said."""
    stream = io.StringIO()
    code = ingest_paths([inputs], out=out, db=db, stream=stream)
    return code, stream.getvalue()


def outputs(out: Path) -> dict[str, bytes]:
    """Records, manifest (journal included) and dataset, byte for byte."""
    return {name: data for name, data in snapshot(out).items() if name not in ("errors.jsonl", "policyx.db")}


def store_content(db: Path) -> dict[str, list[tuple]]:
    """Every row of the store's tables, sorted (the order rows were written in differs between runs)."""
    with closing(sqlite3.connect(db)) as store:
        return {table: sorted(store.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}


def journal(out: Path) -> list[tuple[str, bool]]:
    return [(line["entry"]["id"], line["entry"]["ok"])
            for line in map(json.loads, (out / "manifest.jsonl").read_bytes().splitlines())]


def test_a_disk_that_fills_mid_run_stops_it_with_a_code_and_the_next_run_goes_on(tmp_path, monkeypatch):
    inputs, out = tmp_path / "in", tmp_path / "out"
    put(inputs, FIRST)
    assert run(inputs, out)[0] == 0
    before = snapshot(out)
    put(inputs, SECOND)
    real_write, real_fsync, full = os.write, os.fsync, []

    def refused(fd: int) -> bool:  # the disk fills as b-notice's new record is written, and stays full
        name = os.readlink(f"/proc/self/fd/{fd}")
        if name.startswith(str(out)) and (full or (".tmp-" in name and name.endswith("-b-notice.json"))):
            full.append(name)
            return True
        return False

    def write(fd: int, data) -> int:
        if refused(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        if refused(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    with monkeypatch.context() as patched:
        patched.setattr(os, "write", write)
        patched.setattr(os, "fsync", fsync)
        code, said = run(inputs, out)
    assert code == 74, said
    assert f"ERROR [E_OUTPUT_FULL] {out / 'b-notice.json'}: 磁盘空间已满" in said
    assert "E_INTERNAL" not in said and (out / "errors.jsonl").read_bytes() == b""  # not blamed on the document
    after = snapshot(out)
    assert after["b-notice.json"] == before["b-notice.json"]  # the record it was replacing: the old one, whole
    assert after["manifest.json"] == before["manifest.json"]  # folding the journal in failed too: the old one, whole
    assert after["z-old.json"] == before["z-old.json"]
    # a-new is committed with its group: when the driver waited for b-notice (the usual case), or, if b-notice
    # came first, not at all (its journal line could not be written on the full disk): then it is read again
    committed = journal(out) if (out / "manifest.jsonl").exists() else []
    assert committed in ([("a-new", True)], [])
    if committed:
        assert json.loads(after["a-new.json"])["id"] == "a-new"
    assert not list(out.glob(".tmp-*"))

    code, said = run(inputs, out)  # space again
    assert code == 0, said
    assert f"汇总：完成 {2 - len(committed)}，跳过 {1 + len(committed)}，失败 0" in said  # what the journal named is not read
    assert run(inputs, tmp_path / "clean")[0] == 0
    assert outputs(out) == outputs(tmp_path / "clean")
    assert store_content(out / "policyx.db") == store_content(tmp_path / "clean" / "policyx.db")


# On a real tmpfs ---------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB tmpfs mounted for the test (root only), unmounted after it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Take the free space of `disk` but `leave` bytes; the file that holds it."""
    ballast = disk / "ballast"
    free = os.statvfs(disk)
    ballast.write_bytes(bytes(free.f_bavail * free.f_frsize - leave))
    return ballast


def test_records_on_a_disk_that_fills_for_real(tmp_path, small_disk):
    inputs, out, db = tmp_path / "in", small_disk / "out", tmp_path / "store.db"  # the store elsewhere: records only
    put(inputs, FIRST)
    assert run(inputs, out, db)[0] == 0
    before = snapshot(out)
    put(inputs, SECOND)
    assert run(inputs, tmp_path / "clean", tmp_path / "clean.db")[0] == 0
    clean = outputs(tmp_path / "clean")
    assert len(clean["b-notice.json"]) > 64 * 1024  # more than the room left beside a-new's record
    ballast = fill(small_disk, leave=len(clean["a-new.json"]) + 32 * 1024)

    code, said = run(inputs, out, db)
    assert code == 74, said
    assert f"ERROR [E_OUTPUT_FULL] {out / 'b-notice.json'}: 磁盘空间已满" in said
    assert "E_INTERNAL" not in said
    after = snapshot(out)
    assert after["b-notice.json"] == before["b-notice.json"]
    assert after["z-old.json"] == before["z-old.json"]
    assert after["a-new.json"] == clean["a-new.json"]  # written whole before the disk filled
    assert not list(out.glob(".tmp-*"))
    entries = json.loads(after["manifest.json"]) if "manifest.jsonl" not in after else None
    if entries is not None:  # the journal was folded in with the room its failed record gave back
        assert {e["id"] for e in entries["documents"].values()} == {"a-new", "b-notice", "z-old"}
    else:
        assert journal(out) == [("a-new", True)]

    ballast.unlink()
    code, said = run(inputs, out, db)
    assert code == 0, said
    assert "汇总：完成 1，跳过 2，失败 0" in said
    assert outputs(out) == clean
    assert store_content(db) == store_content(tmp_path / "clean.db")


@pytest.mark.parametrize("leave, code", [(64 * 1024, "E_STORE_FULL"), (0, "E_STORE_IO")], ids=["full-on-commit", "full-on-open"])
def test_a_store_on_a_disk_that_fills_for_real(tmp_path, small_disk, leave, code):
    inputs, out, db = tmp_path / "in", tmp_path / "out", small_disk / "policyx.db"
    put(inputs, FIRST)
    assert run(inputs, out, db)[0] == 0
    held = store_content(db)
    put(inputs, SECOND)
    ballast = fill(small_disk, leave=leave)

    done, said = run(inputs, out, db)
    assert done == 74, said
    assert f"ERROR [{code}] {db}: " in said and "the records are written, run again to fill the store" in said
    assert "E_STORE_CORRUPT" not in said and "move it away" not in said  # the store is whole: never to be thrown away
    assert "Traceback" not in said
    assert {p.name for p in out.glob("*.json")} == {"a-new.json", "b-notice.json", "z-old.json", "manifest.json"}

    ballast.unlink()  # (reading the store needs room too, for SQLite's shared-memory file)
    assert store_content(db) == held  # what it held before, whole
    with closing(sqlite3.connect(db)) as store:
        assert store.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    done, said = run(inputs, out, db)
    assert done == 0, said
    assert "汇总：完成 0，跳过 3，失败 0" in said  # nothing read again: the store filled from the records
    assert run(inputs, tmp_path / "clean", tmp_path / "clean.db")[0] == 0
    assert store_content(db) == store_content(tmp_path / "clean.db")
