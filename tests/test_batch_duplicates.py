"""Inputs with the same content: read once, said in the summary (内容同 …), recorded in the manifest.

Two kinds: the same bytes under another name (the batch reads the first, lists the
others as its copies, the manifest entry of those bytes names them), and the same
clause texts in other bytes (another encoding, another format: both read, the store
keeps one notice with both files as its sources).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from extractor.batch import driver as batch
from extractor.version import PIPELINE_VERSION

from .conftest import TEXTS
from .test_batch import dataset_ids, ingest, snapshot

SEED = TEXTS / "sx-kjcxc-4-2016.txt"
KEY = f"{hashlib.sha256(SEED.read_bytes()).hexdigest()}:{PIPELINE_VERSION}"


def table_row(stderr: str, label: str) -> list[str]:
    """The words of the summary table's row for `label` (a record id, or the file of an input without one)."""
    (row,) = [line.split() for line in stderr.splitlines() if line.split()[:1] == [label]]
    return row


def manifest(out: Path) -> dict[str, dict]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]


def test_a_copy_under_another_name_is_read_once_said_and_recorded(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "a-notice.txt")
    shutil.copy(SEED, tmp_path / "in" / "b-copy.txt")
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 0, done.stderr
    assert "汇总：完成 1，跳过 1，失败 0" in done.stderr
    assert table_row(done.stderr, "in/b-copy.txt") == ["in/b-copy.txt", "—", "—", "跳过", "内容同", "in/a-notice.txt"]
    assert table_row(done.stderr, "a-notice")[-1] == "完成"
    out = tmp_path / "out"
    assert dataset_ids(out) == ["a-notice"] and not (out / "b-copy.json").exists()
    entries = manifest(out)
    assert list(entries) == [KEY]
    assert entries[KEY]["source"] == "in/a-notice.txt" and entries[KEY]["copies"] == ["in/b-copy.txt"]

    before = snapshot(out)
    again = ingest(tmp_path, "in", "--out", "out")
    assert "汇总：完成 0，跳过 2，失败 0" in again.stderr
    assert table_row(again.stderr, "in/b-copy.txt")[-2:] == ["内容同", "in/a-notice.txt"]
    assert snapshot(out) == before  # nothing changed, nothing written: not even a journal line

    (tmp_path / "in" / "b-copy.txt").unlink()
    ingest(tmp_path, "in", "--out", "out")
    assert "copies" not in manifest(out)[KEY]  # the manifest names the copies the last run found


def test_a_copy_that_comes_later_is_journaled_on_the_entry_of_its_bytes(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEED, folder / "a-notice.txt")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    entry = manifest(out)[KEY]
    shutil.copy(SEED, folder / "c-copy.txt")
    shutil.copy(SEED, folder / "b-copy.txt")
    book = batch.Manifest.load(out)
    todo, rows = batch.plan(sorted(folder.iterdir()), book, force=False)
    assert todo == []  # nothing to read: the copies are known by their bytes
    assert [(row.path.name, row.status, row.note) for row in rows] == [
        ("a-notice.txt", "skipped", "未变"),
        ("b-copy.txt", "skipped", f"内容同 {folder / 'a-notice.txt'}"),
        ("c-copy.txt", "skipped", f"内容同 {folder / 'a-notice.txt'}")]
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]
    assert lines == [{"key": KEY, "entry": entry | {"copies": [str(folder / "b-copy.txt"), str(folder / "c-copy.txt")]}}]
    book.compact()
    assert manifest(out)[KEY]["copies"] == [str(folder / "b-copy.txt"), str(folder / "c-copy.txt")]


def test_the_same_notice_in_another_encoding_is_one_notice_in_the_store_and_said_so(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "in" / "b-gbk.txt").write_bytes(text.encode("gb18030"))  # other bytes, the same clause texts
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 0, done.stderr
    assert "汇总：完成 2，跳过 0，失败 0" in done.stderr
    assert table_row(done.stderr, "b-gbk")[-3:] == ["完成", "内容同", "a-utf8"]
    assert "内容同" not in " ".join(table_row(done.stderr, "a-utf8"))
    with closing(sqlite3.connect(tmp_path / "out" / "policyx.db")) as store:
        assert store.execute("SELECT id FROM notices").fetchall() == [("a-utf8",)]
        assert sorted(store.execute("SELECT notice, path FROM sources")) == [("a-utf8", "in/a-utf8.txt"),
                                                                              ("a-utf8", "in/b-gbk.txt")]
    assert dataset_ids(tmp_path / "out") == ["a-utf8", "b-gbk"]  # both files were read: each keeps its record
