"""The `policyx` command: thin commands over the library (`commands.py`), and how they speak (`frame.py`).

`main` bounds the commands that read documents in this process as ingest's workers are bounded:
memory (address space) and wall time, from the environment, ending with the codes a worker gives.
"""

from __future__ import annotations

import os
import sys

# pydantic looks for plugins among all installed distributions on its first model (about 5 ms of every
# start); the command has none. Set before pydantic is imported; an explicit setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from ..errors import EX_DATAERR  # noqa: E402 - after the setting above
from .commands import app  # noqa: E402

GUARDED = frozenset({"show", "extract", "calc", "diff", "match", "eval", "eval-conditions", "profile"})
LIMITS = {"POLICYX_MEMORY_MB": 4096, "POLICYX_TIMEOUT": 900}  # MiB of address space, seconds of wall time
NOTICE_LIMITS = {"POLICYX_MAX_CHARS": 10_000_000, "POLICYX_MAX_CLAUSES": 20_000}  # read by pipeline.Limits

__all__ = ["app", "main"]


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException, so no stage's `except Exception` swallows it."""


def _limits(limits: dict[str, int]) -> list[int]:
    """Limits from the environment; a value that is no positive number is a usage error."""
    values = []
    for name, default in limits.items():
        raw = os.environ.get(name, str(default))
        if not raw.isdigit() or int(raw) == 0:
            sys.stderr.write(f"ERROR [E_USAGE] {name}={raw!r}: give a positive whole number (default {default})\n")
            sys.exit(2)
        values.append(int(raw))
    return values


def _guard(memory_mb: int, seconds: int) -> None:
    import resource
    import signal

    limit = memory_mb << 20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    def out_of_time(signum, frame):
        raise _OutOfTime()

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(seconds)


def main() -> None:
    """Entry point of the console script."""
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    memory_mb, seconds = LIMITS["POLICYX_MEMORY_MB"], LIMITS["POLICYX_TIMEOUT"]
    _limits(NOTICE_LIMITS)
    if command in GUARDED:
        memory_mb, seconds = _limits(LIMITS)
        _guard(memory_mb, seconds)
    try:
        app(prog_name="policyx")
    except MemoryError:
        sys.stderr.write(f"ERROR [E_RESOURCE_LIMIT] {command}: reading needed more than {memory_mb} MiB "
                         "(set POLICYX_MEMORY_MB to allow more)\n")
        sys.exit(EX_DATAERR)
    except _OutOfTime:
        sys.stderr.write(f"ERROR [E_TIMEOUT] {command}: still reading after {seconds} s "
                         "(set POLICYX_TIMEOUT to allow more)\n")
        sys.exit(EX_DATAERR)
