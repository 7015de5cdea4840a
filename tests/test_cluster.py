"""`policyx ingest --engine dask`: the local pool's work, outcomes and outputs, on a Dask cluster.

The cluster is started with `cluster.local_cluster` on 127.0.0.1: a scheduler
and two workers of one thread each, under nannies that restart a worker that
dies, with `allowed-failures` 1 (a document is given up after two worker deaths).
Misbehaving documents use the worker's test hook (`POLICYX_TEST_HOOK`, see
extractor/batch/worker.py), sent by the driver with every task.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from importlib.util import find_spec
from pathlib import Path

import pytest

from extractor.batch import cluster
from extractor.batch.driver import ingest_paths

from .conftest import TEXTS
from .test_batch import GOOD, HOOK, add_good, errors, ingest, snapshot, wait_until

HAS_ENGINE = find_spec("distributed") is not None
needs_engine = pytest.mark.skipif(not HAS_ENGINE, reason="the cluster extra is not installed: pip install -e '.[cluster]'")
HOST = "127.0.0.1"
SEEDS = ("yq-draft-2024", "jz-jinchuanggu-2025", "sx-kjcxc-4-2016", "sx-jinchuanggu-5-2023", "sx-jinchuanggu-plan-2024")


def cluster_env() -> dict[str, str]:
    """The cluster's environment: no test hook of its own (the driver sends it), a document given up after two deaths."""
    return {k: v for k, v in os.environ.items() if k != HOOK} | {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}


def transitions(address: str) -> int:
    """How many task state changes the scheduler has made: unchanged by a run that sends it nothing."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        return client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    if not HAS_ENGINE:
        pytest.skip("the cluster extra is not installed: pip install -e '.[cluster]'")
    with cluster.local_cluster(tmp_path_factory.mktemp("cluster"), env=cluster_env()) as running:
        yield running


def on_cluster(cwd: Path, address: str, *args: str, hook: str | None = None, timeout: float = 120):
    return ingest(cwd, *args, "--engine", "dask", "--scheduler", address, hook=hook, timeout=timeout)


def store_rows(db: Path) -> list[str]:
    """The whole store as SQL, so that two stores compare row by row."""
    with sqlite3.connect(db) as store:
        return list(store.iterdump())


def outputs(out: Path) -> dict[str, bytes]:
    """Records, manifest and dataset: what both engines must write byte for byte (but how long a failure took)."""
    found = {name: data for name, data in snapshot(out).items() if name not in ("errors.jsonl", "policyx.db")}
    manifest = json.loads(found["manifest.json"])
    for entry in manifest["documents"].values():
        entry.get("failure", {}).pop("elapsed", None)
    found["manifest.json"] = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    return found


def readers_of(path: Path) -> dict[int, int]:
    """Live reader processes that hold `path` open, with their parents (the Dask worker processes)."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            if b"extractor.batch.worker" not in (proc / "cmdline").read_bytes():
                continue
            if any(os.readlink(fd) == str(path) for fd in (proc / "fd").iterdir()):
                stat = (proc / "stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":
                    found[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def seed_folder(folder: Path, *extra: str) -> None:
    add_good(folder, *SEEDS)
    for name in extra:
        (folder / name).write_bytes((TEXTS / "sx-kjcxc-4-2016.txt").read_bytes() + f"\n（{name}）\n".encode())


# Same outputs as the local engine ---------------------------------------------------------------


@needs_engine
def test_outputs_are_the_local_engines_byte_for_byte(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", "extra-1.txt", "extra-2.txt")
    (tmp_path / "in" / "junk.txt").write_bytes(bytes(range(256)) * 8)
    local = ingest(tmp_path, "in", "--out", "local", "-j", "2")
    remote = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "remote")
    assert (local.returncode, remote.returncode) == (1, 1), remote.stderr
    assert "汇总：完成 7，跳过 0，失败 1" in remote.stderr
    assert outputs(tmp_path / "remote") == outputs(tmp_path / "local")
    assert len(outputs(tmp_path / "remote")) == 7 + 2  # the records, manifest.json, notices.jsonl
    assert errors(tmp_path / "remote") == errors(tmp_path / "local") == {"in/junk.txt": "E_NOT_TEXT"}
    assert store_rows(tmp_path / "remote" / "policyx.db") == store_rows(tmp_path / "local" / "policyx.db")
    rows = store_rows(tmp_path / "remote" / "policyx.db")
    assert len([row for row in rows if row.startswith('INSERT INTO "sources"')]) == 7  # the extras are sources of one notice


@needs_engine
def test_a_second_run_sends_the_cluster_nothing_and_changes_nothing(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in")
    first = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert first.returncode == 0, first.stderr
    before, changes = snapshot(tmp_path / "out"), transitions(dask_cluster.address)
    again = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert again.returncode == 0, again.stderr
    assert "汇总：完成 0，跳过 5，失败 0" in again.stderr
    assert snapshot(tmp_path / "out") == before
    assert transitions(dask_cluster.address) == changes


@needs_engine
def test_bad_documents_get_their_error_records_and_the_run_goes_on(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", "crash-me.txt", "hang-me.txt")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "undecodable.txt").write_bytes(b"\x81\x30\xff\xfe\x80" * 4)
    hooks = "crash:crash-me"
    done = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out", "--timeout", "4", hook=hooks)
    assert done.returncode == 1, done.stderr
    assert errors(tmp_path / "out") == {"in/crash-me.txt": "E_WORKER_CRASH", "in/empty.txt": "E_EMPTY_FILE",
                                        "in/undecodable.txt": "E_DECODE"}
    assert "ERROR [E_WORKER_CRASH] in/crash-me.txt: " in done.stderr
    hung = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "hung", "--timeout", "3", hook="sleep:hang-me")
    assert errors(tmp_path / "hung")["in/hang-me.txt"] == "E_TIMEOUT"
    assert "汇总：完成 6，跳过 0，失败 3" in hung.stderr


# Resume and cluster failures -------------------------------------------------------------------


@needs_engine
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", *(f"extra-{n}.txt" for n in range(6)), "zz-hang.txt")
    env = {k: v for k, v in os.environ.items() if k != HOOK} | {HOOK: "sleep:zz-hang"}
    command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out", "--engine", "dask",
               "--scheduler", dask_cluster.address, "--timeout", "10"]
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    assert wait_until(lambda: readers_of(tmp_path / "in" / "zz-hang.txt"), 60)
    assert wait_until(lambda: len(list((tmp_path / "out").glob("*.json"))) >= 3, 60)
    driver.send_signal(signal.SIGINT)
    assert driver.wait(timeout=30) == 130, driver.stderr.read()
    committed = {p.name for p in (tmp_path / "out").glob("*.json")} - {"manifest.json"}
    assert not (tmp_path / "out" / "manifest.jsonl").exists()  # folded into manifest.json on the way out
    assert 2 <= len(committed) < 12
    named = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["documents"].values()
    assert committed == {entry["output"] for entry in named if entry["ok"]}  # no record left unnamed
    resumed = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert resumed.returncode == 0, resumed.stderr
    assert f"汇总：完成 {12 - len(committed)}，跳过 {len(committed)}，失败 0" in resumed.stderr
    ingest(tmp_path, "in", "--out", "local")
    assert outputs(tmp_path / "out") == outputs(tmp_path / "local")


def silent_listener() -> tuple[socket.socket, int]:
    """A port on loopback that takes connections and never answers."""
    server = socket.create_server((HOST, 0))
    accepted = []
    threading.Thread(target=lambda: accepted.extend(server.accept() for _ in range(8)), daemon=True).start()
    return server, server.getsockname()[1]


def free_port() -> int:
    with socket.create_server((HOST, 0)) as probe:
        return probe.getsockname()[1]


@needs_engine
@pytest.mark.parametrize("scheduler", ["refused", "silent"])
def test_an_unreachable_scheduler_is_69_in_bounded_time_and_loses_nothing(tmp_path, dask_cluster, scheduler):
    seed_folder(tmp_path / "in")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    (tmp_path / "in" / "extra.txt").write_bytes((TEXTS / "yq-draft-2024.txt").read_bytes() + "\n（新）\n".encode())
    before = outputs(tmp_path / "out")
    server, port = silent_listener() if scheduler == "silent" else (None, free_port())
    started = time.monotonic()
    try:
        done = on_cluster(tmp_path, f"tcp://{HOST}:{port}", "in", "--out", "out")
    finally:
        if server is not None:
            server.close()
    assert done.returncode == 69, done.stderr
    assert f"ERROR [E_SCHEDULER_UNREACHABLE] no scheduler answered at tcp://{HOST}:{port}" in done.stderr
    assert time.monotonic() - started < cluster.CONNECT_TIMEOUT + cluster.HANDSHAKE_GRACE + 15
    assert "Traceback" not in done.stderr
    assert outputs(tmp_path / "out") == before
    resumed = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert "汇总：完成 1，跳过 5，失败 0" in resumed.stderr


@needs_engine
def test_losing_the_scheduler_mid_run_is_69_and_the_next_run_goes_on(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", "zz-hang.txt")
    with cluster.local_cluster(tmp_path, workers=1, env=cluster_env()) as doomed:
        command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out", "--engine", "dask",
                   "--scheduler", doomed.address, "--timeout", "30"]
        env = {k: v for k, v in os.environ.items() if k != HOOK} | {HOOK: "sleep:zz-hang"}
        driver = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        assert wait_until(lambda: readers_of(tmp_path / "in" / "zz-hang.txt"), 60)
        doomed.scheduler.kill()
        assert driver.wait(timeout=60) == 69
    stderr = driver.stderr.read()
    assert f"ERROR [E_SCHEDULER_UNREACHABLE] lost the scheduler at {doomed.address}" in stderr
    assert "Traceback" not in stderr
    committed = {p.name for p in (tmp_path / "out").glob("*.json")} - {"manifest.json"}
    resumed = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert resumed.returncode == 0, resumed.stderr
    assert f"汇总：完成 {6 - len(committed)}，跳过 {len(committed)}，失败 0" in resumed.stderr


@needs_engine
def test_a_worker_killed_mid_task_has_its_document_read_again(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", "zz-slow.txt")
    slow = tmp_path / "in" / "zz-slow.txt"
    command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out", "--engine", "dask",
               "--scheduler", dask_cluster.address, "--timeout", "6"]
    env = {k: v for k, v in os.environ.items() if k != HOOK} | {HOOK: "sleep:zz-slow"}
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    assert wait_until(lambda: readers_of(slow), 60)
    (reader, worker), = readers_of(slow).items()
    os.kill(worker, signal.SIGKILL)  # the Dask worker process, in the middle of the document
    assert wait_until(lambda: not alive(reader), 10)  # its reader goes with it
    assert wait_until(lambda: set(readers_of(slow).values()) - {worker}, 60)  # read again, by another worker
    assert driver.wait(timeout=60) == 1
    stderr = driver.stderr.read()
    assert errors(tmp_path / "out") == {"in/zz-slow.txt": "E_TIMEOUT"}  # read again, and hung again
    assert "汇总：完成 5，跳过 0，失败 1" in stderr
    dask_cluster.wait_for_workers()
    retried = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out", "--retry-failed")
    assert "汇总：完成 1，跳过 5，失败 0" in retried.stderr


@needs_engine
def test_a_document_that_keeps_killing_workers_fails_with_a_code(tmp_path, dask_cluster):
    seed_folder(tmp_path / "in", "zz-killer.txt")
    killer = tmp_path / "in" / "zz-killer.txt"
    command = [sys.executable, "-m", "extractor", "ingest", "in", "--out", "out", "--engine", "dask",
               "--scheduler", dask_cluster.address, "--timeout", "60"]
    env = {k: v for k, v in os.environ.items() if k != HOOK} | {HOOK: "sleep:zz-killer"}
    driver = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    killed = set()
    while driver.poll() is None and len(killed) < 6:  # each worker that reads it dies, as if the file crashed it
        for worker in set(readers_of(killer).values()) - killed:
            os.kill(worker, signal.SIGKILL)
            killed.add(worker)
        time.sleep(0.1)
    assert driver.wait(timeout=60) == 1
    stderr = driver.stderr.read()
    assert len(killed) == 4  # allowed-failures 1: its chunk given up after two deaths, then the document alone after two
    assert errors(tmp_path / "out") == {"in/zz-killer.txt": "E_WORKER_LOST"}
    assert "汇总：完成 5，跳过 0，失败 1" in stderr
    dask_cluster.wait_for_workers()
    again = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert "汇总：完成 0，跳过 5，失败 1" in again.stderr  # listed again, not read: no worker died
    assert errors(tmp_path / "out") == {"in/zz-killer.txt": "E_WORKER_LOST"}
    retried = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out", "--retry-failed")
    assert "汇总：完成 1，跳过 5，失败 0" in retried.stderr


# Cluster versions and workers ------------------------------------------------------------------


def fake_metadata(monkeypatch, **versions: str) -> None:
    """This machine's package metadata reports `versions` (e.g. dask="2026.7.1"); other packages as installed."""
    real = cluster.metadata.version
    monkeypatch.setattr(cluster.metadata, "version", lambda name: versions.get(name) or real(name))


@needs_engine
@pytest.mark.parametrize("package", ["dask", "distributed"])
def test_an_engine_older_than_the_pin_is_69_before_anything_is_touched(tmp_path, monkeypatch, package):
    import io

    add_good(tmp_path / "in")
    fake_metadata(monkeypatch, **{package: "2026.7.1"})
    stream = io.StringIO()
    started = time.monotonic()
    code = ingest_paths([tmp_path / "in"], out=tmp_path / "out", scheduler=f"tcp://{HOST}:{free_port()}", stream=stream)
    assert code == 69
    assert f"ERROR [E_ENGINE_VERSION] this machine has {package} 2026.7.1;" in stream.getvalue()
    assert "needs dask>=2026.8.0 and distributed>=2026.8.0" in stream.getvalue()
    assert time.monotonic() - started < 2  # refused before connecting: no scheduler is listening there
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("version, old", [("2026.7.9", True), ("2025.12.0", True), ("2026.8.0", False),
                                          ("2026.10.0", False), ("2027.1.0rc1", False), ("2026.8.0+12.g0123abc", False),
                                          (None, False)],
                         ids=["month-before", "year-before", "the-pin", "two-digit-month", "pre-release-later",
                              "local-build", "no-metadata"])
def test_engine_versions_are_compared_by_number(version, old):
    assert cluster.too_old({"dask": version}) == ([f"dask {version}"] if old else [])


def test_the_engine_minimum_is_the_cluster_extras_pin():
    import tomllib

    extra = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert sorted(extra["cluster"]) == sorted(f"{name}>={version}" for name, version in cluster.ENGINE_MINIMUM.items())


@needs_engine
def test_the_installed_engine_passes_its_own_pin():
    versions = cluster.engine_versions()
    assert set(versions) == {"dask", "distributed"} and all(versions.values())
    assert cluster.too_old(versions) == []


def start_worker(address: str, folder: Path, env: dict[str, str]) -> subprocess.Popen:
    dask = str(Path(sys.executable).parent / "dask")
    with open(folder / "worker.log", "ab") as log:
        return subprocess.Popen([dask, "worker", address, "--host", HOST, "--nthreads", "1", "--no-dashboard"],
                                env=env, stdout=log, stderr=log)


@needs_engine
@pytest.mark.filterwarnings("ignore:Mismatched versions found")  # distributed's own notice of it: the point here
def test_a_worker_with_an_older_dask_is_69_named_and_sent_nothing(tmp_path):
    add_good(tmp_path / "in")
    old = tmp_path / "old-site" / "dask-2024.1.0.dist-info"  # what an old install leaves for importlib.metadata
    old.mkdir(parents=True)
    (old / "METADATA").write_text("Metadata-Version: 2.1\nName: dask\nVersion: 2024.1.0\n")
    with cluster.local_cluster(tmp_path, workers=0, env=cluster_env()) as bare:
        worker = start_worker(bare.address, tmp_path, cluster_env() | {"PYTHONPATH": str(old.parent)})
        try:
            from distributed import Client

            with Client(bare.address, set_as_default=False) as client:
                client.wait_for_workers(1, timeout=60)
                (address,) = client.scheduler_info()["workers"]
            done = on_cluster(tmp_path, bare.address, "in", "--out", "out")
            assert transitions(bare.address) == 0  # no document was sent
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert done.returncode == 69, done.stderr
    assert f"ERROR [E_ENGINE_VERSION] worker {address} runs dask 2024.1.0; --engine dask needs dask>=2026.8.0" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list((tmp_path / "out").glob("*.json"))


@needs_engine
def test_a_scheduler_without_workers_is_69_in_bounded_time_and_loses_nothing(tmp_path, dask_cluster):
    add_good(tmp_path / "in")
    assert ingest(tmp_path, "in", "--out", "out").returncode == 0
    (tmp_path / "in" / "extra.txt").write_bytes((TEXTS / "yq-draft-2024.txt").read_bytes() + "\n（新）\n".encode())
    before = outputs(tmp_path / "out")
    with cluster.local_cluster(tmp_path, workers=0, env=cluster_env()) as bare:
        started = time.monotonic()
        done = on_cluster(tmp_path, bare.address, "in", "--out", "out")
        waited = time.monotonic() - started
        assert transitions(bare.address) == 0
    assert done.returncode == 69, done.stderr
    assert (f"ERROR [E_NO_WORKERS] the scheduler at {bare.address} has no worker (start workers: dask worker {bare.address})"
            in done.stderr)
    assert cluster.CONNECT_TIMEOUT <= waited < cluster.CONNECT_TIMEOUT + 15  # it waited for a first worker, then stopped
    assert "Traceback" not in done.stderr
    assert outputs(tmp_path / "out") == before
    resumed = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert "汇总：完成 1，跳过 2，失败 0" in resumed.stderr


@needs_engine
def test_losing_every_worker_mid_run_is_69_after_the_grace_and_keeps_what_was_read(tmp_path, dask_cluster, monkeypatch):
    import io

    add_good(tmp_path / "in")
    (tmp_path / "in" / "zz-hang.txt").write_bytes((TEXTS / "sx-kjcxc-4-2016.txt").read_bytes())
    monkeypatch.setattr(cluster, "NO_WORKERS_GRACE", 2.0)
    monkeypatch.setenv(HOOK, "sleep:zz-hang")  # sent to the workers with every task
    stream, ended = io.StringIO(), {}
    with cluster.local_cluster(tmp_path, workers=1, env=cluster_env()) as doomed:
        def drive() -> None:
            ended["code"] = ingest_paths([tmp_path / "in"], out=tmp_path / "out", scheduler=doomed.address,
                                         timeout=60, stream=stream)
            ended["at"] = time.monotonic()

        driver = threading.Thread(target=drive)
        driver.start()
        assert wait_until(lambda: readers_of(tmp_path / "in" / "zz-hang.txt"), 60), stream.getvalue()
        (nanny,) = doomed.workers
        stopped = time.monotonic()
        nanny.terminate()  # the worker and its nanny stop: no worker is left
        driver.join(timeout=60)
    assert ended["code"] == 69, stream.getvalue()
    assert f"ERROR [E_NO_WORKERS] the scheduler at {doomed.address} has had no worker for 2 s" in stream.getvalue()
    assert 2.0 <= ended["at"] - stopped < 2.0 + 10  # the grace, then a poll or two
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(entry["id"] for entry in manifest.values()) == sorted(GOOD)  # read before the workers went: kept
    monkeypatch.delenv(HOOK)
    resumed = on_cluster(tmp_path, dask_cluster.address, "in", "--out", "out")
    assert resumed.returncode == 0, resumed.stderr
    assert "汇总：完成 1，跳过 2，失败 0" in resumed.stderr


# Without the cluster -----------------------------------------------------------------------------


def test_without_the_extra_the_dask_engine_is_69_and_names_the_extra(tmp_path, monkeypatch, capsys):
    import io

    add_good(tmp_path / "in")
    monkeypatch.setattr(cluster, "find_spec", lambda name: None)
    stream = io.StringIO()
    code = ingest_paths([tmp_path / "in"], out=tmp_path / "out", scheduler=f"tcp://{HOST}:8786", stream=stream)
    assert code == 69
    assert "ERROR [E_ENGINE_MISSING]" in stream.getvalue()
    assert "pip install 'policy-extractor[cluster]'" in stream.getvalue()
    assert not (tmp_path / "out").exists()  # nothing touched


@pytest.mark.skipif(HAS_ENGINE, reason="the cluster extra is installed: the test above stands in for it")
def test_without_the_extra_the_command_says_so(tmp_path):
    add_good(tmp_path / "in")
    done = ingest(tmp_path, "in", "--out", "out", "--engine", "dask", "--scheduler", f"tcp://{HOST}:8786")
    assert done.returncode == 69 and "[E_ENGINE_MISSING]" in done.stderr


@pytest.mark.parametrize("args", [["--engine", "dask"], ["--scheduler", f"tcp://{HOST}:8786"],
                                  ["--engine", "dask", "--scheduler", "nowhere"]], ids=["no-scheduler", "no-engine", "no-port"])
def test_engine_options_used_wrongly_are_usage_errors(tmp_path, args):
    add_good(tmp_path / "in", GOOD[0])
    done = ingest(tmp_path, "in", "--out", "out", *args)
    assert done.returncode == 2, done.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_help_and_the_local_engine_do_not_import_the_engine(tmp_path):
    add_good(tmp_path / "in", GOOD[0])
    probe = ("import sys, runpy; sys.argv = ['policyx', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('extractor', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'ray')))")
    for args in (["--help"], ["ingest", "--help"], ["ingest", "in", "--out", "out"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.stdout.strip().splitlines()[-1] == "[]", (args, done.stdout[-500:], done.stderr[-500:])
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["documents"]
