"""Reading documents on a Dask cluster: the local pool's work, spread over machines.

    driver: plan → submit a window of tasks → settle each outcome as it comes (records, manifest, store)
    cluster worker thread: its own `worker.Pool(1)` → one isolated reader process → the outcome back

`policyx ingest --engine dask --scheduler tcp://HOST:8786` reads each document
as `--engine local` does: in a reader process of `extractor.batch.worker`, under
`--timeout` and `--memory-mb`, started by the Dask worker thread that got the
task and kept for its next ones. A document that hangs, crashes its reader or
runs out of memory gets the same error record (E_TIMEOUT, E_WORKER_CRASH,
E_RESOURCE_LIMIT) and the run goes on. A Dask worker that dies with a document
(killed, its machine lost) has it rescheduled by the scheduler on another
worker; after `distributed.scheduler.allowed-failures` deaths the document
fails with E_WORKER_LOST (`ClusterPool`). Workers send the record bytes back;
only the driver writes files, the manifest journal and the store, so resume
and idempotence are the batch's own (`batch.py`). A document still being read
when a run stops is read on to its end or its `--timeout` by its worker, and
read again by the next run.

Workers open inputs at the driver's absolute paths (a shared file system, or
the same files at the same paths on every machine) and must run the same
policyx: the pipeline version is checked on connecting and with every task.
Cluster problems stop the run with exit 69 (EX_UNAVAILABLE) and a code:
E_ENGINE_MISSING (the `cluster` extra is not installed), E_SCHEDULER_UNREACHABLE
(no answer within `CONNECT_TIMEOUT`, or the scheduler lost mid-run),
E_NO_WORKERS (none within `CONNECT_TIMEOUT` of connecting, or none for
`NO_WORKERS_GRACE` mid-run), E_ENGINE_VERSION (dask or distributed older than
`ENGINE_MINIMUM` here, on the scheduler or on a worker; a worker with another
pipeline version); an address without a port is a usage error (exit 2,
E_SCHEDULER_ADDRESS). What was committed before stays committed.

`local_cluster()` starts a scheduler and workers on this machine, for the tests
and the benchmark.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import EX_USAGE, PolicyxError
from ..version import PIPELINE_VERSION
from .worker import Outcome, Pool, Task, failure

EX_UNAVAILABLE = 69
EXTRA_HINT = "pip install 'policy-extractor[cluster]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler, and for a first worker to be there
HANDSHAKE_GRACE = 5.0  # seconds more for a scheduler that took the connection to answer it
NO_WORKERS_GRACE = 60.0  # seconds a run waits with tasks left and no worker before it stops
POLL_SECONDS = 1.0
CHUNK = 8  # documents per Dask task, at most
CHUNKS_PER_THREAD = 2  # in flight per worker thread: the next chunk waits on the worker while one is read
ENGINE_MINIMUM = {"dask": "2026.8.0", "distributed": "2026.8.0"}  # the cluster extra's pins in pyproject.toml
START_TIMEOUT = 60.0  # seconds `local_cluster` waits for its scheduler and workers


class EngineError(PolicyxError):
    """The cluster cannot be used: engine not installed, scheduler unreachable, no workers, another version."""

    code = "E_ENGINE"
    stage = "engine"
    exit_code = EX_UNAVAILABLE


class VersionMismatch(RuntimeError):
    """Raised on a worker whose pipeline version is not the driver's (sent back to the driver)."""


def require_engine(scheduler: str) -> None:
    """Raise EngineError for an address without a port, or unless Dask's distributed scheduler can be
    imported (it is not imported here).

    >>> require_engine("127.0.0.1")
    Traceback (most recent call last):
    extractor.batch.cluster.EngineError: [E_SCHEDULER_ADDRESS] 127.0.0.1: not a scheduler address (write tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786)
    """
    try:
        port = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}").port
    except ValueError:
        port = None
    if port is None:
        error = EngineError("not a scheduler address", path=scheduler, code="E_SCHEDULER_ADDRESS",
                            hint="write tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786", zh="不是调度器地址",
                            zh_hint="请写成 tcp://主机:端口，例如 tcp://127.0.0.1:8786")
        error.exit_code = EX_USAGE
        raise error
    if find_spec("distributed") is None or find_spec("dask") is None:
        raise EngineError("--engine dask needs Dask's distributed scheduler, which is not installed",
                          code="E_ENGINE_MISSING", hint=f"install the cluster extra: {EXTRA_HINT}",
                          zh="--engine dask 需要 Dask 的 distributed 调度器，但未安装", zh_hint=f"请安装集群组件：{EXTRA_HINT}")
    old = too_old(engine_versions())
    if old:
        raise EngineError(f"this machine has {', '.join(old)}; --engine dask needs {_minimum()}", code="E_ENGINE_VERSION",
                          hint=f"upgrade them: {EXTRA_HINT}",
                          zh=f"本机的 {', '.join(old)} 版本过旧，--engine dask 需要 {_minimum()}",
                          zh_hint=f"请升级：{EXTRA_HINT}")


def engine_versions() -> dict[str, str | None]:
    """The installed versions of dask and distributed, read from their metadata (neither is imported)."""
    found = {}
    for name in ENGINE_MINIMUM:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # importable without metadata (a source tree on the path): not judged
            found[name] = None
    return found


def too_old(versions: dict[str, str | None]) -> list[str]:
    """'dask 2024.1.0' for each package of `versions` older than its ENGINE_MINIMUM; unknown versions pass.

    >>> too_old({"dask": "2024.1.0", "distributed": "2026.10.1+3.gabc"})
    ['dask 2024.1.0']
    """
    return [f"{name} {version}" for name, version in versions.items()
            if name in ENGINE_MINIMUM and _release(version) and _release(version) < _release(ENGINE_MINIMUM[name])]


def _release(version: str | None) -> tuple[int, ...]:
    """The leading numbers of a version ('2026.8.0rc1' → (2026, 8, 0)); () when there are none."""
    found = re.match(r"\d+(?:\.\d+)*", version or "")
    return tuple(int(part) for part in found.group().split(".")) if found else ()


def _minimum() -> str:
    return " and ".join(f"{name}>={version}" for name, version in ENGINE_MINIMUM.items())


def _machine_zh(machine: str) -> str:
    """"the scheduler" or "worker ADDRESS" as a Chinese reader names it."""
    return "调度器" if machine == "the scheduler" else machine.replace("worker ", "工作节点 ", 1)


class ClusterPool:
    """Tasks read on a Dask cluster, yielded with their outcomes as they finish, like `worker.Pool`.

    Documents go out in chunks of up to CHUNK (a Dask task costs the scheduler, the worker and this
    client about as much CPU as reading a short notice). A chunk that keeps killing workers is split,
    and its documents are tried one by one, one task at a time so that none waits behind another on a
    worker that dies: the document that kills them gets E_WORKER_LOST, the others are read.
    """

    def __init__(self, scheduler: str, *, timeout: float, memory_mb: int) -> None:
        self.scheduler = scheduler
        self.request = {"timeout": timeout, "memory_mb": memory_mb, "version": PIPELINE_VERSION,
                        "settings": {k: v for k, v in os.environ.items() if k.startswith("POLICYX_")}}
        self.client = None
        self.threads = 1

    def __enter__(self) -> ClusterPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what is still queued and disconnect; the cluster itself is left running."""
        if self.client is not None:
            self.client.close(timeout=CONNECT_TIMEOUT)
            self.client = None

    def map(self, tasks: Iterable[Task], on_idle: Callable[[], float | None] | None = None) -> Iterator[tuple[Task, Outcome]]:
        """Read the tasks on the cluster, yielding each with its outcome as soon as it is known (not in order);
        `on_idle` is called whenever a wait ends with nothing done (waits are short: what it returns is not needed)."""
        pending = deque(tasks)
        if not pending:
            return
        self._connect()
        alone: deque[Task] = deque()  # documents of a split chunk, sent one per task, one task at a time
        flight: dict = {}  # future → (its chunk of tasks, whether it is a document of a split chunk)
        self._submit(pending, alone, flight)
        idle_since = None
        while flight:
            done = self._wait(flight)
            if not done:
                if on_idle is not None:
                    on_idle()
                idle_since = self._check(idle_since)
                continue
            idle_since = None
            outcomes, error = self._outcomes([(flight.pop(future), future) for future in done], alone)
            if error is None:
                self._submit(pending, alone, flight)  # the cluster reads on while the driver commits
            yield from outcomes
            if error is not None:  # after what was read is committed
                raise error

    def _submit(self, pending: deque[Task], alone: deque[Task], flight: dict) -> None:
        """Keep CHUNKS_PER_THREAD chunks in flight per worker thread (chunks shrink so that every thread has work),
        and one document of a split chunk if there are any."""
        slots = max(2, CHUNKS_PER_THREAD * self.threads)
        size = max(1, min(CHUNK, -(-len(pending) // slots)))
        chunks = []
        if alone and not any(lone for _, lone in flight.values()):
            chunks.append(([alone.popleft()], True))
        while slots > len(flight) + len(chunks) and pending:
            chunks.append(([pending.popleft() for _ in range(min(size, len(pending)))], False))
        documents = [{**self.request, "documents": [{"path": os.path.abspath(task.path), "given": str(task.path),
                                                      "doc_id": task.doc_id} for task in chunk]} for chunk, _ in chunks]
        for item, future in zip(chunks, self.client.map(read_on_worker, documents, pure=False) if chunks else [],
                                strict=True):
            flight[future] = item

    def _wait(self, flight: dict) -> set:
        """The futures done within POLL_SECONDS (none if nothing finished)."""
        from distributed import wait
        from distributed.client import FuturesCancelledError

        try:
            with self.client.as_current():
                return wait(list(flight), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return set()
        except FuturesCancelledError:  # the client cancels its futures when it loses the scheduler
            return {future for future in flight if future.status != "pending"}

    def _outcomes(self, settled: list, alone: deque[Task]) -> tuple[list[tuple[Task, Outcome]], EngineError | None]:
        """The finished chunks' outcomes, fetched in one round trip; a chunk that raised fails its documents or
        goes back to be read one document per task; and the error that stops the run, if one came."""
        from distributed.scheduler import KilledWorker

        finished = [future for _, future in settled if future.status == "finished"]
        try:
            results = dict(zip(finished, self.client.gather(finished), strict=True)) if finished else {}
        except (OSError, CancelledError) as exc:  # the scheduler went away with the records
            raise self._lost() from exc
        outcomes, stop = [], None
        for (chunk, _), future in settled:
            if future in results:
                outcomes.extend(zip(chunk, results[future], strict=True))
                continue
            if future.status == "cancelled":
                stop = self._lost()
                continue
            exc = future.exception()
            if isinstance(exc, VersionMismatch):
                stop = EngineError(str(exc), code="E_ENGINE_VERSION", hint=f"install policyx {PIPELINE_VERSION} on every worker",
                                   zh=f"集群节点的 policyx 版本不符：{exc}",
                                   zh_hint=f"请在每个工作节点上安装 policyx {PIPELINE_VERSION}")
            elif isinstance(exc, KilledWorker) and len(chunk) > 1:
                alone.extend(chunk)
            else:
                outcomes.extend((task, Outcome(record=None, error=_task_error(exc), elapsed=0.0)) for task in chunk)
        return outcomes, stop

    def _connect(self) -> None:
        """Connect within CONNECT_TIMEOUT, wait for a worker, and check every worker's pipeline version."""
        self.client = self._client()
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"the scheduler at {self.scheduler} has no worker", code="E_NO_WORKERS",
                              hint=f"start workers: dask worker {self.scheduler}",
                              zh=f"调度器 {self.scheduler} 没有工作节点",
                              zh_hint=f"请启动工作节点：dask worker {self.scheduler}") from exc
        self._check_versions()
        self.threads = self._threads()

    def _client(self):
        """A client of the scheduler, or EngineError within CONNECT_TIMEOUT (and a little more).

        The client is made in a thread of its own: its timeout covers the connection, not the handshake,
        so a port that accepts and never answers (a dashboard's, another service's) would hold it forever.
        """
        from distributed import Client

        made: dict = {}

        def connect() -> None:
            try:
                made["client"] = Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except Exception as exc:  # OSError, TimeoutError, ValueError for an address that is none
                made["error"] = exc

        thread = threading.Thread(target=connect, name="policyx-connect", daemon=True)
        thread.start()
        thread.join(CONNECT_TIMEOUT + HANDSHAKE_GRACE)
        if "client" in made:
            return made["client"]
        cause = f"{type(made['error']).__name__}: {made['error']}" if "error" in made else "no handshake"
        raise EngineError(f"no scheduler answered at {self.scheduler} within {CONNECT_TIMEOUT:g} s",
                          code="E_SCHEDULER_UNREACHABLE", cause=cause[:200],
                          hint="start it (dask scheduler) or check --scheduler; run again to go on",
                          zh=f"{CONNECT_TIMEOUT:g} 秒内 {self.scheduler} 没有调度器应答",
                          zh_hint="请启动调度器（dask scheduler）或检查 --scheduler，然后再运行以继续")

    def _check_versions(self) -> None:
        """The scheduler and every worker must run dask and distributed of ENGINE_MINIMUM or later, and every
        worker this driver's pipeline version (and be able to import policyx at all)."""
        found = self.client.get_versions()
        machines = [("the scheduler", found["scheduler"])] + [(f"worker {a}", v) for a, v in sorted(found["workers"].items())]
        for machine, versions in machines:
            old = too_old(versions.get("packages", {}))
            if old:
                raise EngineError(f"{machine} runs {', '.join(old)}; --engine dask needs {_minimum()}", code="E_ENGINE_VERSION",
                                  hint=f"upgrade them on every machine of the cluster: {EXTRA_HINT}",
                                  zh=f"{_machine_zh(machine)}的 {', '.join(old)} 版本过旧，--engine dask 需要 {_minimum()}",
                                  zh_hint=f"请在集群的每台机器上升级：{EXTRA_HINT}")
        try:
            versions = self.client.run(worker_version)
        except Exception as exc:  # a worker that cannot import policyx fails to unpickle the function
            raise EngineError("a worker cannot run policyx", code="E_ENGINE_VERSION", cause=f"{type(exc).__name__}: {exc}"[:200],
                              hint=f"install policyx {PIPELINE_VERSION} on every worker",
                              zh="有工作节点无法运行 policyx",
                              zh_hint=f"请在每个工作节点上安装 policyx {PIPELINE_VERSION}") from exc
        for address, version in sorted(versions.items()):
            if version != PIPELINE_VERSION:
                raise EngineError(f"worker {address} runs policyx {version}, this driver {PIPELINE_VERSION}",
                                  code="E_ENGINE_VERSION", hint=f"install policyx {PIPELINE_VERSION} on every worker",
                                  zh=f"工作节点 {address} 运行 policyx {version}，本机为 {PIPELINE_VERSION}",
                                  zh_hint=f"请在每个工作节点上安装 policyx {PIPELINE_VERSION}")

    def _threads(self) -> int:
        """Worker threads in the cluster now (0 when it has none)."""
        return sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())

    def _check(self, idle_since: float | None) -> float | None:
        """Between replies: the scheduler must still be there and have workers; returns since when it has none."""
        if self.client.status not in ("running", "connecting"):
            raise self._lost()
        self.threads = self._threads()
        if self.threads:
            return None
        now = time.monotonic()
        if idle_since is not None and now - idle_since > NO_WORKERS_GRACE:
            raise EngineError(f"the scheduler at {self.scheduler} has had no worker for {NO_WORKERS_GRACE:g} s",
                              code="E_NO_WORKERS", hint="documents committed so far are kept; start workers and run again",
                              zh=f"调度器 {self.scheduler} 已有 {NO_WORKERS_GRACE:g} 秒没有工作节点",
                              zh_hint="已完成的文件都已保存；请启动工作节点后再运行")
        return idle_since or now

    def _lost(self) -> EngineError:
        return EngineError(f"lost the scheduler at {self.scheduler}", code="E_SCHEDULER_UNREACHABLE",
                           hint="documents committed so far are kept; run again to go on",
                           zh=f"与调度器 {self.scheduler} 失去连接", zh_hint="已完成的文件都已保存；请再运行以继续")


def _task_error(exc: BaseException) -> dict:
    """The error of a document whose Dask task raised: its workers died, or a bug."""
    from distributed.scheduler import KilledWorker

    if isinstance(exc, KilledWorker):
        return failure("E_WORKER_LOST", "cluster workers died while reading this document",
                       hint="the file may crash a library, or the workers' machines were lost; please report it",
                       cause=str(exc)[:200], zh="读取该文件时集群工作节点失效",
                       zh_hint="该文件可能使某个库崩溃，或工作节点所在机器失联；请报告")
    return failure("E_INTERNAL", f"unexpected {type(exc).__name__} on a cluster worker",
                   hint="this is a bug in policyx; please report it with the file", cause=str(exc)[:200],
                   zh=f"集群工作节点上发生意外错误（{type(exc).__name__}）", zh_hint="这是 policyx 的缺陷，请附上该文件报告")


# --- Worker side -------------------------------------------------------------------------------

_readers = threading.local()  # each Dask worker thread keeps its own reader process between tasks


def worker_version() -> str:
    """The pipeline version this worker reads with."""
    return PIPELINE_VERSION


def read_on_worker(chunk: dict) -> list[Outcome]:
    """Read a chunk of documents on a cluster worker, in this thread's isolated reader process; outcomes in order."""
    if chunk["version"] != PIPELINE_VERSION:
        raise VersionMismatch(f"a worker runs policyx {PIPELINE_VERSION}, the driver {chunk['version']}")
    key = (chunk["timeout"], chunk["memory_mb"], tuple(sorted(chunk["settings"].items())))
    if getattr(_readers, "key", None) != key:
        if getattr(_readers, "pool", None) is not None:
            _readers.pool.close()
        _readers.pool = Pool(1, timeout=chunk["timeout"], memory_mb=chunk["memory_mb"], settings=chunk["settings"])
        _readers.key = key
    tasks = [Task(Path(d["path"]), d["doc_id"], d["given"]) for d in chunk["documents"]]
    outcomes = dict(_readers.pool.map(tasks))
    return [outcomes[task] for task in tasks]


# --- A cluster on this machine (the tests, the benchmark) ----------------------------------------


@dataclass(frozen=True)
class LocalCluster:
    """A scheduler and its workers started by `local_cluster`, on loopback."""

    address: str
    scheduler: subprocess.Popen
    workers: tuple[subprocess.Popen, ...]

    def wait_for_workers(self, timeout: float = START_TIMEOUT) -> None:
        """Until every worker is up (again, once the nannies have restarted those that were killed)."""
        from distributed import Client

        if not self.workers:
            return
        with Client(self.address, set_as_default=False) as client:
            client.wait_for_workers(len(self.workers), timeout=timeout)


@contextlib.contextmanager
def local_cluster(folder: Path, workers: int = 2, *, env: dict[str, str] | None = None,
                  host: str = "127.0.0.1") -> Iterator[LocalCluster]:
    """A scheduler and `workers` one-thread workers, each under a nanny, started as `dask scheduler` and
    `dask worker` start them (with `env`, default this process's); logs in `folder/cluster.log`; all stopped on exit."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    file = folder / "scheduler.json"
    file.unlink(missing_ok=True)  # one an earlier cluster left would name its address
    procs: list[subprocess.Popen] = []
    with open(folder / "cluster.log", "ab") as log:
        try:
            procs.append(subprocess.Popen([dask, "scheduler", "--host", host, "--port", "0", "--dashboard-address",
                                           f"{host}:0", "--scheduler-file", str(file)], env=env, stdout=log, stderr=log))
            deadline = time.monotonic() + START_TIMEOUT
            while not file.exists():
                if procs[0].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the Dask scheduler did not start; see {folder / 'cluster.log'}")
                time.sleep(0.05)
            for _ in range(workers):
                procs.append(subprocess.Popen([dask, "worker", "--scheduler-file", str(file), "--host", host,
                                               "--nthreads", "1", "--no-dashboard"], env=env, stdout=log, stderr=log))
            with Client(scheduler_file=str(file), set_as_default=False) as client:
                if workers:
                    client.wait_for_workers(workers, timeout=START_TIMEOUT)
                address = client.scheduler.address
            yield LocalCluster(address, procs[0], tuple(procs[1:]))
        finally:
            _stop(procs)


def _stop(procs: list[subprocess.Popen]) -> None:
    """Workers first, then the scheduler: asked to stop, then killed after 20 s."""
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
