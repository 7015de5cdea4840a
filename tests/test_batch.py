"""`policyx ingest` as a batch: bad inputs fail one by one, workers are isolated, outputs stay whole.

Most tests run the real command in a subprocess. Misbehaving documents use
the worker's test hook (`POLICYX_TEST_HOOK`, see extractor/batch/worker.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import commit, driver
from extractor.batch.driver import discover, safe_id

from .conftest import SEED_IDS, TEXTS

GOOD = ("yq-draft-2024", "jz-jinchuanggu-2025")
HOOK = "POLICYX_TEST_HOOK"


def ingest(cwd: Path, *args: str, hook: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m extractor ingest ARGS` in `cwd`."""
    env = {k: v for k, v in os.environ.items() if k != HOOK}
    if hook:
        env[HOOK] = hook
    command = [sys.executable, "-m", "extractor", "ingest", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def add_good(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or GOOD:
        shutil.copy(TEXTS / f"{name}.txt", folder / f"{name}.txt")


def errors(out: Path) -> dict[str, str]:
    """errors.jsonl as file → error code."""
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {(rec := json.loads(line))["file"]: rec["error_code"] for line in lines}


def dataset_ids(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".lock"}


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def workers_with(marker: str) -> list[int]:
    """Live worker processes whose environment carries `marker`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            ours = b"extractor.batch.worker" in (proc / "cmdline").read_bytes()
            if ours and marker.encode() in (proc / "environ").read_bytes():
                status = (proc / "status").read_text()
                if "State:\tZ" not in status:
                    found.append(int(proc.name))
        except (OSError, ValueError):
            continue
    return found


# Bad inputs next to good ones (BAD_INPUTS #47–#52, #67) ----------------------------------------

BAD_FILES = {
    "empty.txt": (b"", "E_EMPTY_FILE"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E_UNSUPPORTED_TYPE"),  # a PNG, whatever its name
    "undecodable.txt": (b"\x81\x30\xff\xfe\x80" * 4, "E_DECODE"),
    "mixed.txt": ("第一条 给予补贴100".encode() + "万元".encode("gbk"), "E_DECODE"),
    "page.pdf": ("<html><body>补贴100万元</body></html>".encode(), "E_TYPE_MISMATCH"),
    "truncated.pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "E_PDF_MALFORMED"),
}
UNREADABLE = ("fifo.txt", "dangling.txt")


def make_bad_folder(folder: Path) -> None:
    add_good(folder)
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "fifo.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    (folder / "folder.pdf").mkdir()
    (folder / "manifest.json").write_text("{}")  # not a notice: skipped silently
    (folder / "gold").mkdir()
    (folder / "gold" / "clauses.jsonl").write_text("{}\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_inputs_fail_one_by_one_and_good_ones_are_committed(tmp_path, jobs):
    make_bad_folder(tmp_path / "in")
    done = ingest(tmp_path, "in", "--out", "out", "--jobs", jobs)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    out = tmp_path / "out"
    expected = {f"in/{name}": code for name, (_, code) in BAD_FILES.items()}
    expected |= {f"in/{name}": "E_INPUT_UNREADABLE" for name in UNREADABLE}
    assert errors(out) == expected
    for file, code in expected.items():
        assert f"ERROR [{code}] {file}: " in done.stderr
    assert dataset_ids(out) == sorted(GOOD)
    for name in GOOD:
        record = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert record["id"] == name and record["source"]["path"] == f"in/{name}.txt"
    assert "汇总：完成 2，跳过 0，失败 8" in done.stderr
    assert "条款数" in done.stderr and "剔除段落" in done.stderr


def test_every_document_bad_is_65(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(BAD_FILES["binary.txt"][0])
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 65, done.stderr
    assert set(errors(tmp_path / "out").values()) == {"E_EMPTY_FILE", "E_UNSUPPORTED_TYPE"}


def test_files_that_are_no_notices_are_failed_documents_not_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (folder / "notes").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 65, done.stderr
    assert errors(tmp_path / "out") == {"in/photo.jpg": "E_UNSUPPORTED_TYPE", "in/notes": "E_UNSUPPORTED_TYPE"}
    assert "已略过 1 个数据文件" in done.stderr  # manifest.json: data about notices, said, not read


@pytest.mark.parametrize("setup", ["empty-folder", "only-unreadable", "missing-path"])
def test_no_input_is_66(tmp_path, setup):
    folder = tmp_path / "in"
    folder.mkdir()
    if setup == "only-unreadable":
        os.mkfifo(folder / "fifo.txt")
        (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    args = ["in/missing.txt"] if setup == "missing-path" else ["in"]
    done = ingest(tmp_path, *args, "--out", "out")
    assert done.returncode == 66, done.stderr


def test_discovery_takes_every_visible_file_and_sorts(tmp_path):
    make_bad_folder(tmp_path)
    (tmp_path / ".hidden.txt").write_text("x")
    add_good(tmp_path / "sub", "sx-kjcxc-4-2016")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path, tmp_path / "empty.txt"])]
    assert found == ["binary.txt", "dangling.txt", "empty.txt", "fifo.txt",
                     "jz-jinchuanggu-2025.txt", "mixed.txt", "page.pdf", "sub/sx-kjcxc-4-2016.txt",
                     "truncated.pdf", "undecodable.txt", "yq-draft-2024.txt"]


# Re-runs (BAD_INPUTS #62) -----------------------------------------------------------------------


def test_rerun_skips_everything_and_leaves_outputs_byte_identical(tmp_path):
    add_good(tmp_path / "in")
    first = ingest(tmp_path, "in", "--out", "out")
    assert first.returncode == 0, first.stderr
    before = snapshot(tmp_path / "out")
    assert set(before) == {"errors.jsonl", "manifest.json", "notices.jsonl", "policyx.db", *(f"{n}.json" for n in GOOD)}
    again = ingest(tmp_path, "in", "--out", "out")
    assert again.returncode == 0
    assert "汇总：完成 0，跳过 2，失败 0" in again.stderr
    assert snapshot(tmp_path / "out") == before
    forced = ingest(tmp_path, "in", "--out", "out", "--force")
    assert "汇总：完成 2，跳过 0，失败 0" in forced.stderr
    assert snapshot(tmp_path / "out") == before


def test_manifest_marks_documents_by_hash_and_version(tmp_path):
    add_good(tmp_path / "in")
    ingest(tmp_path, "in", "--out", "out")
    entries = json.loads((tmp_path / "out" / "manifest.json").read_text())["documents"]
    assert {e["output"] for e in entries.values()} == {f"{n}.json" for n in GOOD}
    assert all(key.endswith(":0.1.0") and len(key.split(":")[0]) == 64 and e["ok"] for key, e in entries.items())


def test_a_deleted_record_is_read_again(tmp_path):
    add_good(tmp_path / "in")
    ingest(tmp_path, "in", "--out", "out")
    (tmp_path / "out" / f"{GOOD[0]}.json").unlink()
    again = ingest(tmp_path, "in", "--out", "out")
    assert "汇总：完成 1，跳过 1，失败 0" in again.stderr
    assert (tmp_path / "out" / f"{GOOD[0]}.json").is_file()


def test_a_document_that_failed_is_listed_again_unread_until_retried(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "in" / "b-crash.txt").write_text("第一条 对新认定的企业给予10万元奖励。\n", encoding="utf-8")
    first = ingest(tmp_path, "in", "--out", "out", hook="crash:b-crash")
    assert first.returncode == 1 and errors(tmp_path / "out") == {"in/b-crash.txt": "E_WORKER_CRASH"}
    # without the hook the file would now be read: listed as failed again shows it was not
    again = ingest(tmp_path, "in", "--out", "out")
    assert again.returncode == 1
    assert "汇总：完成 0，跳过 1，失败 1" in again.stderr and "--retry-failed" in again.stderr
    assert errors(tmp_path / "out") == {"in/b-crash.txt": "E_WORKER_CRASH"}
    retried = ingest(tmp_path, "in", "--out", "out", "--retry-failed")
    assert retried.returncode == 0, retried.stderr
    assert "汇总：完成 1，跳过 1，失败 0" in retried.stderr
    assert errors(tmp_path / "out") == {} and dataset_ids(tmp_path / "out") == sorted([GOOD[0], "b-crash"])


# Misbehaving documents (BAD_INPUTS #64) ---------------------------------------------------------


def test_a_hanging_document_times_out_and_the_next_one_is_read(tmp_path):
    add_good(tmp_path / "in")
    (tmp_path / "in" / "a-hang.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    started = time.monotonic()
    done = ingest(tmp_path, "in", "--out", "out", "--timeout", "2", hook=f"sleep:a-hang.txt#{tmp_path}")
    assert time.monotonic() - started < 15
    assert done.returncode == 1, done.stderr
    assert errors(tmp_path / "out") == {"in/a-hang.txt": "E_TIMEOUT"}
    assert dataset_ids(tmp_path / "out") == sorted(GOOD)
    assert workers_with(str(tmp_path)) == []


def test_a_memory_hog_hits_the_limit(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "in" / "a-hog.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    done = ingest(tmp_path, "in", "--out", "out", "--memory-mb", "300", hook="hog:a-hog")
    assert done.returncode == 1, done.stderr
    assert errors(tmp_path / "out") == {"in/a-hog.txt": "E_RESOURCE_LIMIT"}
    assert dataset_ids(tmp_path / "out") == [GOOD[0]]


def test_a_crashing_worker_is_replaced(tmp_path):
    add_good(tmp_path / "in")
    (tmp_path / "in" / "b-crash.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    done = ingest(tmp_path, "in", "--out", "out", hook="crash:b-crash")
    assert done.returncode == 1, done.stderr
    assert errors(tmp_path / "out") == {"in/b-crash.txt": "E_WORKER_CRASH"}
    assert "SIGKILL" in done.stderr
    assert dataset_ids(tmp_path / "out") == sorted(GOOD)


# Crashes of the driver and the output folder (BAD_INPUTS #63, #65, #66) -----------------------------


def test_killing_the_driver_leaves_whole_files_and_no_orphans(tmp_path):
    add_good(tmp_path / "in")
    (tmp_path / "in" / "z-hang.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    env = {**os.environ, HOOK: f"sleep:z-hang.txt#{tmp_path}"}
    command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out"]
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = tmp_path / "out" / "manifest.jsonl"  # while a run goes on, the manifest grows by journal lines
    assert wait_until(lambda: journal.exists() and journal.read_bytes().count(b'"ok":true') == 2, 20)
    assert workers_with(str(tmp_path)), "the hanging worker should be running"
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    for path in (tmp_path / "out").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    assert wait_until(lambda: workers_with(str(tmp_path)) == [], 5)
    (tmp_path / "in" / "z-hang.txt").unlink()
    again = ingest(tmp_path, "in", "--out", "out")
    assert again.returncode == 0
    assert "汇总：完成 0，跳过 2，失败 0" in again.stderr
    assert list((tmp_path / "out").glob(".tmp-*")) == []
    assert not journal.exists()  # folded into manifest.json


def test_ctrl_c_while_a_record_is_committed_waits_for_its_manifest_line(tmp_path, monkeypatch):
    """The record is written, then Ctrl-C, then the manifest line: the run stops only after the line."""
    add_good(tmp_path / "in")
    written = commit.write_staged

    def write_then_interrupt(path, data):
        staged = written(path, data)
        os.kill(os.getpid(), signal.SIGINT)
        return staged

    monkeypatch.setattr(commit, "write_staged", write_then_interrupt)
    code = driver.ingest_paths([tmp_path / "in"], out=tmp_path / "out", stream=io.StringIO())
    assert code == 130
    records = {p.name for p in (tmp_path / "out").glob("*.json")} - {"manifest.json"}
    named = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["documents"].values()
    assert len(records) == 1
    assert records == {entry["output"] for entry in named if entry["ok"]}


def store_rows(db: Path) -> list[str]:
    """The whole store as SQL, row by row in the order it was written."""
    with contextlib.closing(sqlite3.connect(db)) as store:
        return list(store.iterdump())


def test_the_store_filled_while_reading_is_the_store_filled_from_the_records(tmp_path):
    """Documents settle out of order (two workers; the first in order hangs until its timeout, the second is long;
    one record is from
    an earlier run; a copy of a notice under another name): the store filled as they settle is the store that
    filling it afterwards from the records gives, row for row."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    add_good(inputs, "yq-draft-2024")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    earlier = (out / "policyx.db").read_bytes()  # the store as the earlier run left it (closed: no WAL beside it)
    assert not (out / "policyx.db-wal").exists()
    add_good(inputs, "jz-jinchuanggu-2025", "sx-kjcxc-4-2016", "sx-jinchuanggu-5-2023", "sx-jinchuanggu-plan-2024")
    (inputs / "a-hang.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    (inputs / "b-long.txt").write_bytes(b"".join((TEXTS / f"{name}.txt").read_bytes() for name in SEED_IDS) * 8)  # slow
    (inputs / "z-copy.txt").write_bytes((TEXTS / "jz-jinchuanggu-2025.txt").read_bytes() + b"\n")  # other bytes, same text
    done = ingest(tmp_path, "in", "--out", "out", "-j", "2", "--timeout", "3", hook="sleep:a-hang")
    assert done.returncode == 1, done.stderr
    assert "汇总：完成 6，跳过 1，失败 1" in done.stderr
    assert "内容同 jz-jinchuanggu-2025" in done.stderr
    filled = store_rows(out / "policyx.db")
    (out / "policyx.db").write_bytes(earlier)  # back to the earlier store: this run's notices go in at the end
    again = ingest(tmp_path, "in", "--out", "out")
    assert "汇总：完成 0，跳过 7，失败 1" in again.stderr  # nothing read again: the store filled from the records
    assert store_rows(out / "policyx.db") == filled


@pytest.mark.parametrize("order", ["reversed", "middle-first"])
def test_filling_puts_records_in_the_order_of_their_names_whatever_order_they_settle_in(tmp_path, order):
    from extractor.batch.commit import Filling
    from extractor.batch.manifest import Manifest
    from extractor.db import clauses_key, connect, put_notice
    from extractor.pipeline import run

    lines = {f"{name}.json": run(TEXTS / f"{name}.txt").model_dump_json().encode() + b"\n" for name in SEED_IDS}
    records = {output: json.loads(line) for output, line in lines.items()}
    manifest = Manifest.load(tmp_path)
    for output, record in records.items():
        manifest.mark_ok(record["source"]["sha256"], {"id": record["id"], "output": output, "source": record["id"],
                                                       "clauses": 1, "dropped": 0})
    names = sorted(records)
    settling = names[::-1] if order == "reversed" else [names[2], names[0], names[4], names[1], names[3]]
    filling = Filling(manifest, tmp_path / "filled.db", names)
    for output in settling:
        filling.settled(output, lines[output], clauses_key(c["text"] for sub in records[output]["subdocuments"]
                                                           for c in sub["clauses"]) if output != names[1] else None)
    filling.close()
    with contextlib.closing(connect(tmp_path / "sorted.db")) as store:
        for output in names:
            put_notice(store, records[output])
    assert store_rows(tmp_path / "filled.db") == store_rows(tmp_path / "sorted.db")


HOSTILE_STEMS = {
    "..": "notice",
    "...evil": "evil",
    "CON": "CON_",
    "a b\tc": "a_b_c",
    "晋政办发〔2023〕95号": "晋政办发_2023_95号",
    "补" * 83: "补" * 66,
}


def test_hostile_file_names_stay_under_out(tmp_path):
    folder = tmp_path / "in"
    paths = []
    for n, stem in enumerate(HOSTILE_STEMS):
        (folder / str(n)).mkdir(parents=True)
        path = folder / str(n) / f"{stem}.txt"
        path.write_text(f"第一条 给予补贴{n}万元。\n", encoding="utf-8")
        paths.append(f"in/{n}/../{n}/{stem}.txt")
    done = ingest(tmp_path, *paths, "--out", "out")
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "out").resolve()
    written = [p for p in out.rglob("*") if p.name != ".lock"]
    assert all(p.resolve().is_relative_to(out) and p.parent == out for p in written)
    assert {p.stem for p in written if p.suffix == ".json"} - {"manifest"} == set(HOSTILE_STEMS.values())
    assert all(len(p.name.encode()) <= 255 for p in written)


def test_same_stem_in_two_folders_gets_two_records(tmp_path):
    add_good(tmp_path / "in" / "a", GOOD[0])
    add_good(tmp_path / "in" / "b", GOOD[1])
    os.rename(tmp_path / "in" / "b" / f"{GOOD[1]}.txt", tmp_path / "in" / "b" / f"{GOOD[0]}.txt")
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 0, done.stderr
    records = {json.loads(line)["source"]["path"]: json.loads(line)["id"]
               for line in (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()}
    assert records[f"in/a/{GOOD[0]}.txt"] == GOOD[0]
    suffixed = records[f"in/b/{GOOD[0]}.txt"]
    assert suffixed.startswith(f"{GOOD[0]}-") and len(suffixed) == len(GOOD[0]) + 9
    again = ingest(tmp_path, "in", "--out", "out")
    assert "完成 0，跳过 2" in again.stderr


def test_same_content_twice_is_read_once(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    shutil.copy(tmp_path / "in" / f"{GOOD[0]}.txt", tmp_path / "in" / "z-copy.txt")
    done = ingest(tmp_path, "in", "--out", "out")
    assert "汇总：完成 1，跳过 1，失败 0" in done.stderr
    assert f"内容同 in/{GOOD[0]}.txt" in done.stderr
    assert dataset_ids(tmp_path / "out") == [GOOD[0]]


@pytest.mark.parametrize("out", ["a-file/out", "a-file"])
def test_unwritable_output_folder_is_73(tmp_path, out):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "a-file").write_text("not a folder")
    done = ingest(tmp_path, "in", "--out", out)
    assert done.returncode == 73
    assert "E_OUTPUT_UNWRITABLE" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_73(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "out").mkdir(mode=0o555)
    assert ingest(tmp_path, "in", "--out", "out").returncode == 73


def test_a_second_run_on_the_same_outputs_is_75(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 75
    assert "E_OUTPUT_LOCKED" in done.stderr


def test_safe_id_keeps_chinese_and_drops_path_parts():
    assert safe_id("沪府办〔2024〕12号/../x") == "沪府办_2024_12号_.._x"
    assert safe_id("补" * 100) == "补" * 66
    assert safe_id("Ａ-1_b.v2") == "Ａ-1_b.v2"


def test_a_file_name_that_is_not_utf8_is_read_and_the_batch_writes_everything(tmp_path):
    # a name made on another system: its bytes are not UTF-8 (it killed the whole batch before)
    add_good(tmp_path / "in", GOOD[0])
    odd = os.fsencode(tmp_path / "in") + b"/\xb9\xd8\xd3\xda.txt"  # 关于 in GBK
    Path(os.fsdecode(odd)).write_bytes((TEXTS / f"{GOOD[1]}.txt").read_bytes())
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    records = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(record["source"]["path"] for record in records) == ["in/\\xb9\\xd8\\xd3\\xda.txt", f"in/{GOOD[0]}.txt"]
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_a_failure_while_committing_one_record_fails_that_document_only(tmp_path, monkeypatch):
    import io

    from extractor.batch import driver as batch
    from extractor.render.ingest import Reporter

    add_good(tmp_path / "in")
    real_settle = batch.settle

    def settle(planned, outcome, manifest):
        if planned.doc_id == GOOD[0]:
            raise OSError("disk full")
        return real_settle(planned, outcome, manifest)

    monkeypatch.setattr(batch, "settle", settle)
    rows = batch.run_batch(sorted((tmp_path / "in").iterdir()), tmp_path / "out", force=False, timeout=60,
                           memory_mb=2048, jobs=1, report=Reporter(io.StringIO(), total=2))
    outcome = {row.path.stem: (row.status, row.failure.error_code if row.failure else None) for row in rows}
    assert outcome == {GOOD[0]: ("failed", "E_INTERNAL"), GOOD[1]: ("ok", None)}
    assert errors(tmp_path / "out") == {str(tmp_path / "in" / f"{GOOD[0]}.txt"): "E_INTERNAL"}


# Costs that stay the same per document: workers kept, manifest and errors appended -------------------


def journal_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]


def test_marking_a_document_appends_one_line_and_rewrites_nothing(tmp_path, monkeypatch):
    from extractor.batch import manifest as batch

    writes = []
    monkeypatch.setattr(batch, "atomic_write_bytes", lambda path, data: writes.append(path.name))
    manifest = batch.Manifest.load(tmp_path)
    sizes = []
    for n in range(200):
        manifest.mark_ok(f"{n:064x}", {"id": f"d{n:03}", "output": f"d{n:03}.json", "source": f"in/d{n:03}.txt",
                                       "clauses": 1, "dropped": 0})
        sizes.append((tmp_path / "manifest.jsonl").stat().st_size)
    assert writes == [] and not (tmp_path / "manifest.json").exists()
    assert len(journal_lines(tmp_path)) == 200
    assert sizes[-1] - sizes[-2] == sizes[1] - sizes[0]  # the 200th mark costs what the 2nd did
    manifest.compact()
    assert writes == ["manifest.json"]
    assert not (tmp_path / "manifest.jsonl").exists()


def test_the_journal_replays_to_the_same_manifest(tmp_path):
    from extractor.batch import driver as batch

    manifest = batch.Manifest.load(tmp_path)
    for n, sha in enumerate(["a" * 64, "b" * 64, "a" * 64]):  # the same file named by a changed input: superseded
        manifest.mark_ok(sha, {"id": "x", "output": "x.json", "source": "in/x.txt", "clauses": n, "dropped": 0})
    failure = batch.failed_row(Path("in/y.txt"), "c" * 64, {"code": "E_DECODE", "message": "m"}, 0.1).failure
    manifest.mark_failed("c" * 64, failure)
    journal = (tmp_path / "manifest.jsonl").read_bytes()
    replayed = batch.Manifest.load(tmp_path)  # what a run killed now would leave to the next one
    assert replayed.entries == manifest.entries and list(replayed.entries) == [f"{'a' * 64}:0.1.0", f"{'c' * 64}:0.1.0"]
    assert replayed.entries[f"{'a' * 64}:0.1.0"]["clauses"] == 2
    folded = (tmp_path / "manifest.json").read_bytes()
    (tmp_path / "manifest.jsonl").write_bytes(journal)  # killed after folding, before removing the journal
    assert batch.Manifest.load(tmp_path).entries == manifest.entries
    assert (tmp_path / "manifest.json").read_bytes() == folded


def journal_of(out: Path) -> bytes:
    """The committed manifest turned back into the journal a killed run would have left."""
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return b"".join(json.dumps({"key": k, "entry": e}, ensure_ascii=False).encode() + b"\n" for k, e in entries.items())


def test_a_torn_last_journal_line_is_dropped_and_that_document_read_again(tmp_path):
    add_good(tmp_path / "in")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    out = tmp_path / "out"
    before = snapshot(out)
    journal = journal_of(out)
    (out / "manifest.json").unlink()
    (out / "manifest.jsonl").write_bytes(journal[:-len(journal.splitlines()[-1]) // 2 - 1])  # killed mid-line
    again = ingest(tmp_path, "in", "--out", "out")
    assert again.returncode == 0, again.stderr
    assert "汇总：完成 1，跳过 1，失败 0" in again.stderr
    assert snapshot(out) == before  # journal folded in and removed; every file as it was


def test_a_corrupt_journal_line_before_others_stops_the_run(tmp_path):
    add_good(tmp_path / "in")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    out = tmp_path / "out"
    (out / "manifest.jsonl").write_bytes(b'{"key": "x", "ent\n' + journal_of(out))
    done = ingest(tmp_path, "in", "--out", "out")
    assert done.returncode == 73
    assert "[E_MANIFEST]" in done.stderr and "manifest.jsonl: 第 1 行已损坏" in done.stderr


def test_failures_are_appended_to_errors_as_they_happen(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    (tmp_path / "in" / "a-page.pdf").write_bytes(BAD_FILES["page.pdf"][0])  # fails in its worker
    (tmp_path / "in" / "empty.txt").write_bytes(b"")  # fails when planned
    (tmp_path / "in" / "z-hang.txt").write_text("第一条 给予补贴。\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "errors.jsonl").write_text('{"file": "from an earlier run"}\n', encoding="utf-8")
    env = {**os.environ, HOOK: f"sleep:z-hang.txt#{tmp_path}"}
    command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out", "-j", "1"]
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    errors_file = tmp_path / "out" / "errors.jsonl"
    try:
        assert wait_until(lambda: b"a-page.pdf" in errors_file.read_bytes(), 20)
        assert errors(tmp_path / "out") == {"in/empty.txt": "E_EMPTY_FILE", "in/a-page.pdf": "E_TYPE_MISMATCH"}
        assert errors_file.read_bytes().endswith(b"\n")
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait()
    assert wait_until(lambda: workers_with(str(tmp_path)) == [], 5)


def test_workers_are_kept_until_their_memory_grows(tmp_path, monkeypatch):
    from extractor.batch import worker

    spawned = []
    spawn = worker._Worker.spawn.__func__

    def counted(cls, *args):
        spawned.append(spawn(cls, *args))
        return spawned[-1]

    monkeypatch.setattr(worker._Worker, "spawn", classmethod(counted))
    for n in range(6):
        (tmp_path / f"n{n}.txt").write_text(f"第一条 对新认定的企业给予{n + 1}万元奖励。\n", encoding="utf-8")
    tasks = [worker.Task(tmp_path / f"n{n}.txt", f"n{n}") for n in range(6)]

    def read_all() -> list[str]:
        with worker.Pool(1, timeout=60, memory_mb=1024) as pool:
            return sorted(task.doc_id for task, outcome in pool.map(tasks) if outcome.record is not None)

    assert read_all() == [f"n{n}" for n in range(6)] and len(spawned) == 1  # one start-up for every document
    assert spawned[0].ready_kb is not None and spawned[0].done == 6
    spawned.clear()
    monkeypatch.setenv(HOOK, "grow:n1.txt")  # the worker keeps 300 MB from n1 on: more than the 256 MB allowed
    assert read_all() == [f"n{n}" for n in range(6)] and len(spawned) == 2
    assert spawned[0].retiring and spawned[0].done == 3  # n2 was waiting in its pipe: read before it retired


def test_the_warm_up_fills_the_stages_lazy_parts():
    import subprocess as sp

    probe = ("import sys; from extractor import pipeline; from extractor.batch import worker; from extractor.extract import nlp; "
             "worker._warm_up(pipeline); print(nlp.segmenter.cache_info().currsize, 'cn2an' in sys.modules)")
    done = sp.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.split() == ["1", "True"], done.stderr


def test_records_are_written_as_json_dumps_would_write_them():
    # the worker serializes with pydantic for speed; the bytes must stay those of json.dumps(indent=2)
    from extractor.batch import worker
    from extractor.batch.manifest import json_bytes
    from extractor.models import Notice
    from extractor.pipeline import run, run_bytes

    odd = "第一条 对\u0085\u2028𠀀😀\\\"</script>\u200b\ue000企业给予100万元奖励。\t\n第二条 给予５０万元。\r\n"
    notices = [run(path) for path in sorted(TEXTS.glob("*.txt"))] + [run_bytes(odd.encode(), "odd.txt")]
    for notice in notices:
        expected = json.dumps(notice.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        assert worker._record_json(notice, 2) == expected.encode()
        # the line of notices.jsonl, made in the worker, is the one the driver would make from the record file
        assert worker._record_json(notice, None) == json_bytes(json.loads(expected), separators=(",", ":"))
    assert '"type": "number"' not in json.dumps(Notice.model_json_schema(mode="serialization"))  # no float anywhere
    lone = notices[-1].model_copy(update={"id": "odd\udcb9"})
    assert json.loads(worker._record_json(lone, 2))["id"] == "odd\udcb9"
    assert worker._record_json(lone, None) == json_bytes(json.loads(worker._record_json(lone, 2)), separators=(",", ":"))
    assert worker._record_json(lone, None).isascii() and b"\\udcb9" in worker._record_json(lone, None)


def test_the_content_key_a_worker_sends_is_the_one_the_store_makes_of_the_record():
    from extractor.db import clauses_key, content_key
    from extractor.pipeline import run, run_bytes

    full_width = run_bytes("第一条　对企业给予１００万元奖励。\n第二条　给予50万元。\n".encode(), "full.txt")
    half_width = run_bytes("第一条 对企业给予100万元奖励。\n第二条 给予50万元。\n".encode(), "half.txt")
    for notice in (run(TEXTS / "yq-draft-2024.txt"), full_width):
        record = json.loads(notice.model_dump_json())
        assert clauses_key(clause.text for clause in notice.clauses()) == content_key(record)
    # the key is of the content: the same clauses printed in other widths and spaces are the same notice
    assert clauses_key(c.text for c in full_width.clauses()) == clauses_key(c.text for c in half_width.clauses())


def test_the_working_folders_of_processes_that_died_are_removed(tmp_path, monkeypatch):
    import subprocess as sp
    import tempfile

    from extractor.batch import worker

    gone = sp.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its id now names no process (a driver killed with SIGKILL leaves its folder so)
    orphan = tmp_path / f"policyx-worker-{gone.pid}-abc123"
    (orphan / "lo").mkdir(parents=True)
    (orphan / "lo" / "conversion.docx").write_bytes(b"left behind")
    living = tmp_path / f"policyx-worker-{os.getpid()}-def456"  # this process: alive
    living.mkdir()
    legacy = tmp_path / "policyx-worker-q1w2e3r4"  # no owner in its name: not ours to judge
    legacy.mkdir()
    other = tmp_path / "unrelated-folder"
    other.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with worker.Pool(1, timeout=60, memory_mb=1024) as pool:
        own = Path(pool.folder.name)
        assert own.parent == tmp_path and own.name.startswith(f"policyx-worker-{os.getpid()}-")
        assert not orphan.exists() and living.is_dir() and legacy.is_dir() and other.is_dir()
    assert not own.exists()
