"""Reading documents in worker processes, under a time and memory budget.

A document is read by `pipeline.run` in a worker process, never in the
driver: C code in a PDF library cannot be interrupted from inside, and a
runaway document must cost its worker, not the batch. Each worker runs in
its own session with `RLIMIT_AS` (memory) and `RLIMIT_CPU` (a backstop
if the driver dies), a scrubbed environment (no `CMAP_PATH`, no proxies)
and a temporary working folder. The driver (`Pool`) enforces the
wall-clock timeout and kills the worker's whole process group on expiry.

Workers are long-lived: start-up (imports, then a warm-up notice that fills
the stages' lazy caches) is paid once per worker, before it reports ready.
A worker is replaced when its resident memory has grown by more than
`RECYCLE_GROWTH_MB` (or a quarter of its memory cap) since it was ready,
after `RECYCLE_AFTER` documents as a backstop, after a memory error, and
when it dies or times out. Each worker has up to `PIPELINE_DEPTH` tasks in
flight, so the next one is waiting in its pipe while the driver commits the
last; a task not yet begun by a worker that is killed goes back to the queue.

Protocol. The driver writes one JSON request per line on the worker's
stdin: `{"path", "given", "doc_id", "cpu_seconds"}`. The worker answers
`{"ready": true, "rss_kb"}` once after start-up, then one reply per request
on its own copy of stdout, a JSON line `{"ok": false, "error": {"code",
"message", "hint", "cause", "stage"}, "rss_kb"}` or `{"ok": true, "sha256",
"clauses", "dropped", "content_key", "bytes", "line_bytes", "rss_kb"}` followed
by `bytes` bytes, the record file, and `line_bytes` bytes, the record as a
line of notices.jsonl: both serialized in the worker (in parallel) and written
by the driver as they are, with the store's `content_key` of the clauses.
`rss_kb` is the worker's resident memory after the document (absent where
/proc is not). EOF on stdin ends the worker. The driver reads the replies
through a pipe of REPLY_PIPE_BYTES where Linux allows it, so that a worker
goes on while the driver commits a group.

Test hook: with `POLICYX_TEST_HOOK=<action>:<text>[#<tag>]` in the
environment, the worker misbehaves on files whose name contains <text>;
<action> is `sleep` (hangs, holding the file open), `hog` (allocates until the memory limit),
`grow` (keeps 300 MB allocated, then reads the file), `spin` (burns CPU)
or `crash` (kills itself with SIGKILL). The tag lets a
test find its own workers. Only tests set it; the normal path only checks
that it is unset.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import math
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RECYCLE_AFTER = 1000  # documents; a backstop, memory growth decides first
RECYCLE_GROWTH_MB = 256
PIPELINE_DEPTH = 2
REPLY_PIPE_BYTES = 1 << 20
CPU_GRACE_SECONDS = 5
TEST_HOOK = "POLICYX_TEST_HOOK"
ENV_KEPT = ("PATH", "HOME", "LANG", "LANGUAGE", "TMPDIR", "TZ")
PR_SET_PDEATHSIG = 1
READ_CHUNK = 1 << 20
_HELD: list[bytearray] = []  # what the `grow` test hook keeps
# Read once by each worker before it reports ready: it touches every stage and fills their lazy caches
# (the segmenter, cn2an's patterns for the colloquial 一千五万元, rates, quantities, dates, bodies), so the first real
# document is read as fast as the others.
WARM_UP_NOTICE = ("关于印发支持科技创新若干措施的通知\n各有关单位：\n"
                  "第一条 对国家级和省级重点实验室分别给予100万元和50万元奖励，最高不超过一千五万元。（责任单位：市科技局）\n"
                  "第二条 按研发投入的10%给予补助，贷款贴息比例为百分之五十，厂房面积1,000平方米以上的，每年补贴３万元。\n"
                  "本措施自2024年1月1日起施行，有效期三年。\n")


@dataclass(frozen=True)
class Task:
    """One document to read: the path to open, the record id to use, and the path to record if not `path`."""

    path: Path
    doc_id: str
    given: str | None = None


@dataclass(frozen=True)
class Record:
    """A notice as a worker read it: its record file, and what the driver needs to know of it.

    `line` (the record as a line of notices.jsonl) and `content_key` (the store's identity of its clause
    texts) are made where the notice was read, in parallel; the driver makes them itself where they are not.
    """

    data: bytes
    sha256: str
    clauses: int
    dropped: int
    line: bytes | None = None
    content_key: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of a task: a record, or a typed error."""

    record: Record | None
    error: dict | None
    elapsed: float


def failure(code: str, message: str, *, hint: str | None = None, cause: str | None = None,
            stage: str = "worker", zh: str | None = None, zh_hint: str | None = None) -> dict:
    """A typed error as the worker protocol carries it, with its Chinese words where there are any."""
    return {"code": code, "message": message, "hint": hint, "cause": cause, "stage": stage, "zh": zh, "zh_hint": zh_hint}


# --- Driver side -------------------------------------------------------------------------------


class Pool:
    """A few long-lived workers reading tasks, with a wall-clock timeout per task."""

    def __init__(self, size: int, *, timeout: float, memory_mb: int, depth: int = PIPELINE_DEPTH,
                 settings: dict[str, str] | None = None) -> None:
        self.size = max(1, size)
        self.depth = max(1, depth)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.settings = settings or {}  # POLICYX_* values that override this process's own
        self.recycle_kb = min(RECYCLE_GROWTH_MB, memory_mb // 4) << 10
        self.workers: dict[int, _Worker] = {}  # by the fd of their replies
        self.selector = selectors.DefaultSelector()
        self.folder = working_folder()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every worker and remove the working folder."""
        for worker in self.workers.values():
            worker.kill()
        self.workers = {}
        self.selector.close()
        self.folder.cleanup()

    def map(self, tasks: Iterable[Task], on_idle: Callable[[], float | None] | None = None) -> Iterator[tuple[Task, Outcome]]:
        """Read the tasks, yielding each with its outcome as soon as it is known (not in order). `on_idle` is
        called whenever no reply is there yet, before waiting for one; it returns how many seconds it may wait
        before it wants to be called again (None: as long as the replies take)."""
        pending = deque(tasks)
        self._feed(pending)
        while any(worker.tasks for worker in self.workers.values()):
            yield from self._collect(pending, on_idle)

    def _feed(self, pending: deque[Task]) -> None:
        """Start workers up to the pool's size and fill their pipes, one task each before a second to any."""
        active = [worker for worker in self.workers.values() if not worker.retiring]
        while pending and len(active) < self.size:
            active.append(self._spawn())
        for depth in range(1, self.depth + 1):
            for worker in active:
                if pending and len(worker.tasks) < depth:
                    worker.send(pending.popleft())

    def _spawn(self) -> _Worker:
        worker = _Worker.spawn(self.memory_mb, self.timeout, self.folder.name, self.settings)
        self.workers[worker.fd] = worker
        self.selector.register(worker.fd, selectors.EVENT_READ, worker)
        return worker

    def _collect(self, pending: deque[Task], on_idle: Callable[[], float | None] | None = None) -> Iterator[tuple[Task, Outcome]]:
        """Wait for replies or the first deadline; refill the pipes before the caller commits anything."""
        ready = self.selector.select(0)
        if not ready:
            again = on_idle() if on_idle is not None else None
            wait = min(w.deadline for w in self.workers.values()) - time.monotonic()
            ready = self.selector.select(max(0.0, wait if again is None else min(wait, again)))
        settled = []
        for key, _ in ready:
            worker = key.data
            replies, ended = worker.receive()
            for reply in replies:
                if self.workers.get(worker.fd) is worker:  # not if an earlier reply had it replaced
                    settled.append(self._finish(worker, reply, pending))
            if ended and self.workers.get(worker.fd) is worker:
                if worker.tasks:
                    settled.append(self._lose(worker, worker.death(), pending))
                else:
                    self._drop(worker)
        now = time.monotonic()
        for worker in [w for w in self.workers.values() if w.deadline <= now]:
            error = failure("E_TIMEOUT", f"reading took longer than {self.timeout:g} s; the worker was stopped",
                            hint="raise --timeout if the file is just large",
                            zh=f"读取超过 {self.timeout:g} 秒，读取进程已被停止",
                            zh_hint="如果只是文件较大，请调高 --timeout")
            settled.append(self._lose(worker, error, pending))
        self._feed(pending)
        yield from settled

    def _finish(self, worker: _Worker, reply: dict, pending: deque[Task]) -> tuple[Task, Outcome]:
        """A reply: the task's outcome; the worker goes on, retires once its pipe is empty, or is replaced."""
        if (reply.get("error") or {}).get("code") == "E_RESOURCE_LIMIT":
            return self._lose(worker, reply["error"], pending)  # after a memory error, a worker is not trusted
        task, elapsed = worker.next_task()
        if worker.grown_by(self.recycle_kb) or worker.done >= RECYCLE_AFTER:
            worker.retiring = True
        if worker.retiring and not worker.tasks:
            self._drop(worker)
        record = None
        if reply["ok"]:
            record = Record(reply["body"], reply["sha256"], reply["clauses"], reply["dropped"], reply.get("line"),
                            reply.get("content_key"))
        return task, Outcome(record=record, error=reply.get("error"), elapsed=elapsed)

    def _lose(self, worker: _Worker, error: dict, pending: deque[Task]) -> tuple[Task, Outcome]:
        """The worker's current task failed with `error`: kill it; the tasks it had not begun go back first in line."""
        task, elapsed = worker.next_task()
        pending.extendleft(reversed(worker.tasks))
        worker.tasks.clear()
        self._drop(worker)
        return task, Outcome(record=None, error=error, elapsed=elapsed)

    def _drop(self, worker: _Worker) -> None:
        """Kill a worker (an idle one holds nothing) and forget it."""
        self.selector.unregister(worker.fd)
        del self.workers[worker.fd]
        worker.kill()


FOLDER_PREFIX = "policyx-worker-"


def working_folder() -> tempfile.TemporaryDirectory:
    """The workers' working folder, named after this process. The folders of processes that died without
    removing theirs (a driver killed with SIGKILL, a cluster worker stopped) are removed first."""
    remove_orphans(Path(tempfile.gettempdir()))
    return tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")


def remove_orphans(folder: Path) -> None:
    """Remove the working folders in `folder` whose process is gone (this user's only)."""
    for path in folder.glob(f"{FOLDER_PREFIX}*-*"):
        owner = path.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        with contextlib.suppress(OSError):
            if owner.isdigit() and path.is_dir() and path.stat().st_uid == os.getuid() and not _alive(int(owner)):
                shutil.rmtree(path)


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (a reused id counts as alive: its folder is kept)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's
    return True


@dataclass(eq=False)
class _Worker:
    """The driver's handle on one worker process, and the tasks in its pipe (the first one is being read)."""

    proc: subprocess.Popen
    timeout: float
    fd: int = -1
    tasks: deque[Task] = field(default_factory=deque)
    started: float = 0.0  # when the first task's clock started
    done: int = 0
    ready_kb: int | None = None
    rss_kb: int | None = None
    retiring: bool = False
    buffer: bytearray = field(default_factory=bytearray)
    header: dict | None = None  # a reply whose record bytes are still coming

    @classmethod
    def spawn(cls, memory_mb: int, timeout: float, folder: str, settings: dict[str, str] | None = None) -> _Worker:
        """Start a worker process in its own session."""
        command = [sys.executable, "-m", "extractor.batch.worker", "--memory-mb", str(memory_mb),
                   "--parent-pid", str(os.getpid())]
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=folder, env=_worker_env(settings), start_new_session=True)
        fd = proc.stdout.fileno()
        if hasattr(fcntl, "F_SETPIPE_SZ"):
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, REPLY_PIPE_BYTES)
        return cls(proc=proc, timeout=timeout, fd=fd)

    @property
    def deadline(self) -> float:
        return self.started + self.timeout if self.tasks else math.inf

    def send(self, task: Task) -> None:
        """Put a task in the worker's pipe; its clock starts now if it is the first."""
        request = {"path": os.path.abspath(task.path), "given": task.given or str(task.path), "doc_id": task.doc_id,
                   "cpu_seconds": math.ceil(self.timeout) + CPU_GRACE_SECONDS}
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        with contextlib.suppress(BrokenPipeError):  # a dead worker is noticed at EOF
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()

    def next_task(self) -> tuple[Task, float]:
        """The task just settled and the time it took; the next one's clock starts."""
        now = time.monotonic()
        task, elapsed = self.tasks.popleft(), now - self.started
        self.started, self.done = now, self.done + 1
        return task, elapsed

    def grown_by(self, limit_kb: int) -> bool:
        """Whether resident memory grew by more than `limit_kb` since the worker was ready."""
        return self.ready_kb is not None and self.rss_kb is not None and self.rss_kb - self.ready_kb > limit_kb

    def receive(self) -> tuple[list[dict], bool]:
        """Read what is ready: the whole replies in, and whether the worker's end of the pipe is closed."""
        chunk = os.read(self.fd, READ_CHUNK)
        self.buffer += chunk
        replies = []
        while (message := self._message()) is not None:
            self.rss_kb = message.get("rss_kb")
            if message.get("ready"):
                self.ready_kb = self.rss_kb
                self.started = time.monotonic()  # a document's clock starts once start-up is over
            else:
                replies.append(message)
        return replies, not chunk

    def _message(self) -> dict | None:
        """The next whole message in the buffer (a reply with its record bytes), or None."""
        if self.header is None:
            end = self.buffer.find(b"\n")
            if end < 0:
                return None
            self.header = json.loads(self.buffer[:end])
            del self.buffer[:end + 1]
        size, line = self.header.get("bytes", 0), self.header.get("line_bytes", 0)
        if len(self.buffer) < size + line:
            return None
        message, self.header = self.header, None
        message["body"] = bytes(self.buffer[:size])
        if line:
            message["line"] = bytes(self.buffer[size:size + line])
        del self.buffer[:size + line]
        return message

    def death(self) -> dict:
        """The error for the task a worker was reading when it died."""
        status = self.proc.wait()
        if status == -signal.SIGXCPU:
            return failure("E_RESOURCE_LIMIT", "the worker used up its CPU time", hint="raise --timeout",
                           cause="SIGXCPU", zh="读取进程用完了 CPU 时间", zh_hint="请调高 --timeout")
        if status < 0:
            name = signal.Signals(-status).name
            return failure("E_WORKER_CRASH", f"the worker was killed by {name} while reading",
                           hint="the file may crash a library; please report it", cause=name,
                           zh=f"读取进程在读取时被 {name} 信号终止", zh_hint="该文件可能使某个库崩溃，请报告")
        return failure("E_WORKER_CRASH", f"the worker exited with status {status} while reading",
                       hint="please report it", cause=f"exit status {status}",
                       zh=f"读取进程在读取时退出，状态码 {status}", zh_hint="请报告此问题")

    def kill(self) -> None:
        """Kill the worker's whole process group and reap it."""
        if self.proc.returncode is None:  # once reaped, the group id may belong to someone else
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


def _worker_env(settings: dict[str, str] | None = None) -> dict[str, str]:
    """A scrubbed environment: locale, paths and policyx's own settings only (no CMAP_PATH, no proxies)."""
    env = {k: v for k, v in os.environ.items() if k in ENV_KEPT or k.startswith(("LC_", "POLICYX_"))}
    env.update({k: v for k, v in (settings or {}).items() if k.startswith("POLICYX_")})
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


# --- Worker side -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Serve requests from stdin until EOF."""
    parser = argparse.ArgumentParser(prog="python -m extractor.batch.worker")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, required=True)
    args = parser.parse_args(argv)
    _die_with_parent(args.parent_pid)
    replies = _private_stdout()
    resource.setrlimit(resource.RLIMIT_AS, (args.memory_mb << 20, args.memory_mb << 20))
    from .. import pipeline  # imported once per worker, before the first document's clock starts

    _warm_up(pipeline)
    _send(replies, {"ready": True, "rss_kb": _rss_kb()})
    for line in sys.stdin:
        request = json.loads(line)
        header, body = _read(pipeline.run, request, args.memory_mb)
        _send(replies, {**header, "rss_kb": _rss_kb()}, body)


def _warm_up(pipeline) -> None:
    """Read the warm-up notice, so that start-up is over when the worker says it is ready."""
    with contextlib.suppress(Exception):  # a stage that fails here fails the first document, with its message
        pipeline.run_bytes(WARM_UP_NOTICE.encode(), "warm-up.txt")


def _read(run, request: dict, memory_mb: int) -> tuple[dict, bytes]:
    """Read one document into a reply and the record file's bytes; every failure becomes a typed error."""
    from ..db import clauses_key
    from ..errors import PolicyxError, printable

    _limit_cpu(request["cpu_seconds"])
    try:
        if os.environ.get(TEST_HOOK):
            _test_hook(os.environ[TEST_HOOK], request["path"])
        notice = run(Path(request["path"]), request["doc_id"])
        given = printable(request["given"])  # a name whose bytes are not UTF-8 is written with \\x escapes
        notice = notice.model_copy(update={"source": notice.source.model_copy(update={"path": given})})
        body, line = _record_json(notice, 2), _record_json(notice, None)
        clauses = notice.clauses()
        return {"ok": True, "sha256": notice.source.sha256, "clauses": len(clauses), "dropped": len(notice.dropped),
                "content_key": clauses_key(clause.text for clause in clauses), "bytes": len(body),
                "line_bytes": len(line)}, body + line
    except PolicyxError as exc:
        cause = exc.cause or (type(exc.__cause__).__name__ if exc.__cause__ else None)
        return {"ok": False, "error": failure(exc.code, exc.message, hint=exc.hint, cause=cause, stage=exc.stage,
                                              zh=exc.zh, zh_hint=exc.zh_hint)}, b""
    except MemoryError:
        return {"ok": False, "error": failure("E_RESOURCE_LIMIT", f"reading needed more than {memory_mb} MiB",
                                              hint="raise --memory-mb", cause="MemoryError",
                                              zh=f"读取所需内存超过 {memory_mb} MiB",
                                              zh_hint="请调高 --memory-mb")}, b""
    except Exception as exc:  # a bug in a stage: this document fails, the batch goes on
        where = exc.__traceback__
        while where.tb_next:
            where = where.tb_next
        cause = f"{type(exc).__name__}: {exc} ({where.tb_frame.f_code.co_filename}:{where.tb_lineno})"
        return {"ok": False, "error": failure("E_INTERNAL", f"unexpected {type(exc).__name__} while reading",
                                              hint="this is a bug in policyx; please report it with the file",
                                              cause=cause, zh=f"读取时发生意外错误（{type(exc).__name__}）",
                                              zh_hint="这是 policyx 的缺陷，请附上该文件报告")}, b""


def _record_json(notice, indent: int | None) -> bytes:
    """The record as JSON and a newline, UTF-8: indented for the record file (2), compact for its line of
    notices.jsonl (None); a lone surrogate left anywhere is escaped (\\u throughout), never a lost record.

    pydantic's serializer writes the bytes `json.dumps(notice.model_dump(mode="json"), ensure_ascii=False,
    indent=indent)` would (compact: `json_bytes` of the record), five times faster: the same escapes, and a
    Notice holds no float (tests/test_batch.py checks both).
    """
    try:
        return notice.model_dump_json(indent=indent).encode("utf-8") + b"\n"
    except ValueError:  # PydanticSerializationError: a lone surrogate cannot be UTF-8
        separators = None if indent else (",", ":")
        return (json.dumps(notice.model_dump(mode="json"), indent=indent, separators=separators) + "\n").encode("ascii")


def _send(replies, message: dict, body: bytes = b"") -> None:
    try:
        line = json.dumps(message, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in a message: escaped, never a lost reply
        line = json.dumps(message, ensure_ascii=True).encode("ascii")
    replies.write(line + b"\n" + body)
    replies.flush()


def _private_stdout():
    """Keep stdout for replies; anything a library prints goes to stderr instead."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    return replies


def _rss_kb() -> int | None:
    """Resident memory of this process (Linux); None elsewhere."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") >> 10)
    except (OSError, ValueError, IndexError):
        return None


def _limit_cpu(seconds: int) -> None:
    """Allow this document `seconds` of CPU time on top of what the worker has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + seconds
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this worker when the driver dies (no orphans after kill -9)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(0)


def _test_hook(spec: str, path: str) -> None:
    """Misbehave on purpose (tests only; see the module docstring)."""
    action, _, part = spec.split("#")[0].partition(":")
    if part not in Path(path).name:
        return
    if action == "sleep":
        with open(path, "rb"):  # held open, so a test can tell which worker is stuck in the file
            time.sleep(3600)
    elif action == "hog":
        hog = []
        while True:
            hog.append(bytearray(16 << 20))
    elif action == "grow":
        _HELD.append(bytearray(b"\x01") * (300 << 20))
    elif action == "spin":
        while True:
            pass
    elif action == "crash":
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
