"""Reading documents in worker processes, under a time and memory budget.

A document is read by `pipeline.run` in a worker process, never in the
driver: C code in a PDF library cannot be interrupted from inside, and a
runaway document must cost its worker, not the batch. Each worker runs in
its own session with `RLIMIT_AS` (memory) and `RLIMIT_CPU` (a backstop
if the driver dies), a scrubbed environment (no `CMAP_PATH`, no proxies)
and a temporary working folder. The driver (`Pool`) enforces the
wall-clock timeout and kills the worker's whole process group on expiry.

Workers are long-lived (start-up will import spaCy and jieba) and are
replaced after `RECYCLE_AFTER` documents, after a memory error, and when
they die or time out.

Protocol, one JSON object per line. The driver writes requests on the
worker's stdin: `{"path", "given", "doc_id", "cpu_seconds"}`. The worker
answers `{"ready": true}` once after start-up, then one reply per request
on its own copy of stdout: `{"ok": true, "record": {...}}` or
`{"ok": false, "error": {"code", "message", "hint", "cause", "stage"}}`.
EOF on stdin ends the worker.

Test hook: with `POLICYX_TEST_HOOK=<action>:<text>[#<tag>]` in the
environment, the worker misbehaves on files whose name contains <text>;
<action> is `sleep` (hangs), `hog` (allocates until the memory limit),
`spin` (burns CPU) or `crash` (kills itself with SIGKILL). The tag lets a
test find its own workers. Only tests set it; the normal path only checks
that it is unset.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RECYCLE_AFTER = 40
CPU_GRACE_SECONDS = 5
TEST_HOOK = "POLICYX_TEST_HOOK"
ENV_KEPT = ("PATH", "HOME", "LANG", "LANGUAGE", "TMPDIR", "TZ")
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Task:
    """One document to read: the path as given, and the record id to use."""

    path: Path
    doc_id: str


@dataclass(frozen=True)
class Outcome:
    """What became of a task: a record, or a typed error."""

    record: dict | None
    error: dict | None
    elapsed: float


def failure(code: str, message: str, *, hint: str | None = None, cause: str | None = None,
            stage: str = "worker") -> dict:
    """A typed error as the worker protocol carries it."""
    return {"code": code, "message": message, "hint": hint, "cause": cause, "stage": stage}


# --- Driver side -------------------------------------------------------------------------------


class Pool:
    """A few long-lived workers reading tasks, with a wall-clock timeout per task."""

    def __init__(self, size: int, *, timeout: float, memory_mb: int) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.idle: list[_Worker] = []
        self.busy: dict[int, _Worker] = {}
        self.selector = selectors.DefaultSelector()
        self.folder = tempfile.TemporaryDirectory(prefix="policyx-worker-")

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every worker and remove the working folder."""
        for worker in [*self.idle, *self.busy.values()]:
            worker.kill()
        self.idle, self.busy = [], {}
        self.selector.close()
        self.folder.cleanup()

    def map(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        """Read the tasks, yielding each with its outcome as soon as it is known."""
        pending = deque(tasks)
        while pending or self.busy:
            while pending and len(self.busy) < self.size:
                self._start(pending.popleft())
            yield from self._collect()

    def _start(self, task: Task) -> None:
        worker = self.idle.pop() if self.idle else _Worker.spawn(self.memory_mb, self.folder.name)
        worker.send(task, self.timeout)
        self.busy[worker.fd] = worker
        self.selector.register(worker.fd, selectors.EVENT_READ, worker)

    def _collect(self) -> Iterator[tuple[Task, Outcome]]:
        wait = min(w.deadline for w in self.busy.values()) - time.monotonic()
        for key, _ in self.selector.select(max(0.0, wait)):
            worker = key.data
            reply = worker.receive(self.timeout)
            if reply is not None:
                yield self._finish(worker, reply)
        now = time.monotonic()
        for worker in [w for w in self.busy.values() if w.deadline <= now]:
            worker.kill()
            error = failure("E_TIMEOUT", f"reading took longer than {self.timeout:g} s; the worker was stopped",
                            hint="raise --timeout if the file is just large")
            yield self._finish(worker, {"ok": False, "error": error})

    def _finish(self, worker: _Worker, reply: dict) -> tuple[Task, Outcome]:
        task, elapsed = worker.task, time.monotonic() - worker.sent
        self.selector.unregister(worker.fd)
        del self.busy[worker.fd]
        worker.task = None
        code = (reply.get("error") or {}).get("code")
        if worker.alive() and worker.done < RECYCLE_AFTER and code != "E_RESOURCE_LIMIT":
            self.idle.append(worker)
        else:
            worker.stop()
        return task, Outcome(record=reply.get("record"), error=reply.get("error"), elapsed=elapsed)


@dataclass(eq=False)
class _Worker:
    """The driver's handle on one worker process."""

    proc: subprocess.Popen
    fd: int = -1
    task: Task | None = None
    sent: float = 0.0
    deadline: float = math.inf
    done: int = 0
    buffer: bytearray = field(default_factory=bytearray)

    @classmethod
    def spawn(cls, memory_mb: int, folder: str) -> _Worker:
        """Start a worker process in its own session."""
        command = [sys.executable, "-m", "extractor.worker", "--memory-mb", str(memory_mb),
                   "--parent-pid", str(os.getpid())]
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=folder, env=_worker_env(), start_new_session=True)
        return cls(proc=proc, fd=proc.stdout.fileno())

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, task: Task, timeout: float) -> None:
        """Hand a task to the worker and start its clock."""
        request = {"path": os.path.abspath(task.path), "given": str(task.path), "doc_id": task.doc_id,
                   "cpu_seconds": math.ceil(timeout) + CPU_GRACE_SECONDS}
        self.task, self.sent, self.deadline = task, time.monotonic(), time.monotonic() + timeout
        self.done += 1
        with contextlib.suppress(BrokenPipeError):  # a dead worker is noticed at EOF
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        """Read what is ready; return the reply once a whole line is in, or an error at EOF."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return {"ok": False, "error": self._death()}
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, _, rest = bytes(self.buffer).partition(b"\n")
            self.buffer = bytearray(rest)
            message = json.loads(line)
            if not message.get("ready"):
                return message
            # The document's clock starts once start-up (imports) is over.
            self.sent, self.deadline = time.monotonic(), time.monotonic() + timeout
        return None

    def _death(self) -> dict:
        status = self.proc.wait()
        if status == -signal.SIGXCPU:
            return failure("E_RESOURCE_LIMIT", "the worker used up its CPU time", hint="raise --timeout",
                           cause="SIGXCPU")
        if status < 0:
            name = signal.Signals(-status).name
            return failure("E_WORKER_CRASH", f"the worker was killed by {name} while reading",
                           hint="the file may crash a library; please report it", cause=name)
        return failure("E_WORKER_CRASH", f"the worker exited with status {status} while reading",
                       hint="please report it", cause=f"exit status {status}")

    def stop(self) -> None:
        """Let an idle worker end on EOF; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def kill(self) -> None:
        """Kill the worker's whole process group and reap it."""
        if self.proc.returncode is None:  # once reaped, the group id may belong to someone else
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


def _worker_env() -> dict[str, str]:
    """A scrubbed environment: locale, paths and policyx's own settings only (no CMAP_PATH, no proxies)."""
    env = {k: v for k, v in os.environ.items() if k in ENV_KEPT or k.startswith(("LC_", "POLICYX_"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


# --- Worker side -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Serve requests from stdin until EOF."""
    parser = argparse.ArgumentParser(prog="python -m extractor.worker")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, required=True)
    args = parser.parse_args(argv)
    _die_with_parent(args.parent_pid)
    replies = _private_stdout()
    resource.setrlimit(resource.RLIMIT_AS, (args.memory_mb << 20, args.memory_mb << 20))
    from . import pipeline  # imported once per worker, before the first document's clock starts

    _send(replies, {"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        _send(replies, _read(pipeline.run, request, args.memory_mb))


def _read(run, request: dict, memory_mb: int) -> dict:
    """Read one document; every failure becomes a typed error."""
    from .errors import PolicyxError, printable

    _limit_cpu(request["cpu_seconds"])
    try:
        if os.environ.get(TEST_HOOK):
            _test_hook(os.environ[TEST_HOOK], request["path"])
        notice = run(Path(request["path"]), request["doc_id"])
        given = printable(request["given"])  # a name whose bytes are not UTF-8 is written with \\x escapes
        notice = notice.model_copy(update={"source": notice.source.model_copy(update={"path": given})})
        return {"ok": True, "record": notice.model_dump(mode="json")}
    except PolicyxError as exc:
        cause = exc.cause or (type(exc.__cause__).__name__ if exc.__cause__ else None)
        return {"ok": False, "error": failure(exc.code, exc.message, hint=exc.hint, cause=cause, stage=exc.stage)}
    except MemoryError:
        return {"ok": False, "error": failure("E_RESOURCE_LIMIT", f"reading needed more than {memory_mb} MiB",
                                              hint="raise --memory-mb", cause="MemoryError")}
    except Exception as exc:  # a bug in a stage: this document fails, the batch goes on
        where = exc.__traceback__
        while where.tb_next:
            where = where.tb_next
        cause = f"{type(exc).__name__}: {exc} ({where.tb_frame.f_code.co_filename}:{where.tb_lineno})"
        return {"ok": False, "error": failure("E_INTERNAL", f"unexpected {type(exc).__name__} while reading",
                                              hint="this is a bug in policyx; please report it with the file",
                                              cause=cause)}


def _send(replies, message: dict) -> None:
    try:
        line = json.dumps(message, ensure_ascii=False)
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate left anywhere in the record: escaped, never a lost reply
        line = json.dumps(message, ensure_ascii=True)
    except MemoryError:
        line = json.dumps({"ok": False, "error": failure("E_RESOURCE_LIMIT", "the record did not fit in memory",
                                                         hint="raise --memory-mb", cause="MemoryError")})
    replies.write(line + "\n")
    replies.flush()


def _private_stdout():
    """Keep stdout for replies; anything a library prints goes to stderr instead."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return replies


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
        time.sleep(3600)
    elif action == "hog":
        hog = []
        while True:
            hog.append(bytearray(16 << 20))
    elif action == "spin":
        while True:
            pass
    elif action == "crash":
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
