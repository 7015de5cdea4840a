"""Compiled patterns (and tables made from data files) kept between runs, as Python keeps compiled
modules in `__pycache__`.

The reading compiles a few hundred patterns when its modules are imported, most of them long
alternations of cue words; compiling them is a good part of the start-up of every `policyx`
command that reads a notice. `compiled(pattern, flags)` returns the same `re.Pattern` as
`re.compile`, built from the regular-expression engine's code kept in
`extractor/__pycache__/patterns.<module>.<python>-<engine>.marshal` (or in `$POLICYX_CACHE_DIR`),
a file for each module's patterns: compiled once, loaded in about a millisecond afterwards. The
file is keyed by the interpreter and the engine's version, and each entry by its pattern text and
flags, so an edited pattern is compiled again and a new Python starts a file of its own. The
engine checks the code it is given (as it does for every pattern); a file that cannot be read is
ignored and one that cannot be written is not written: the patterns are then compiled in every
run, as without it.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

try:  # the engine's own compiler, as `re.compile` calls it; without it every pattern is compiled as usual
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

T = TypeVar("T")
MAX_ENTRIES = 4_000  # a file grown past this (patterns edited many times over) starts again from the current ones


def _store_path(group: str) -> Path | None:
    """The file of one module's patterns: a command loads the patterns of the modules it imports, no others."""
    if _sre is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
    folder = os.environ.get("POLICYX_CACHE_DIR") or Path(__file__).resolve().parent / "__pycache__"
    return Path(folder) / f"patterns.{group}.{tag}.marshal"


class _Store:
    """The kept code of every pattern, loaded on first use and written back at exit if it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict | None = None
        self.added = 0

    def load(self) -> dict:
        if self.entries is None:
            self.entries = {}
            if self.path is not None:
                try:
                    entries = marshal.loads(self.path.read_bytes())
                except (OSError, EOFError, ValueError, TypeError):
                    entries = None
                if isinstance(entries, dict):
                    self.entries = entries
        return self.entries

    def add(self, key: tuple, entry: object) -> None:
        entries = self.load()
        if not self.added:
            atexit.register(self.save)
        entries[key] = entry
        self.added += 1

    def save(self) -> None:
        if not self.added or self.path is None:
            return
        import tempfile

        entries = self.entries if len(self.entries) <= MAX_ENTRIES else {}
        try:
            self.path.parent.mkdir(exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".patterns-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(marshal.dumps(entries))
                os.chmod(temporary, 0o644)  # readable by every user of the installation, as bytecode is
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:  # a read-only installation: every run compiles, as before
            pass


_STORES: dict[str, _Store] = {}


def _store(group: str | None) -> _Store:
    """The store of the module that asks (`group`, or the caller's caller's module)."""
    if group is None:
        group = sys._getframe(2).f_globals.get("__name__", "main")
    store = _STORES.get(group)
    if store is None:
        store = _STORES[group] = _Store(_store_path(group))
    return store


def compiled(pattern: str, flags: int = 0, group: str | None = None) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the kept code when this pattern was compiled before (kept in the file of
    `group`, by default the calling module).

    >>> compiled(r"(?P<n>\\d+)万元").search("给予30万元").group("n")
    '30'
    """
    flags = int(flags)
    if _sre is None or flags & re.DEBUG or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key, store = (pattern, flags), _store(group)
    entry = store.load().get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except (TypeError, ValueError, RuntimeError):  # not this engine's code after all: compile it again
            pass
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, groupindex,
             tuple(indexgroup))
    made = _sre.compile(pattern, *entry)
    store.add(key, entry)
    return made


def remembered(key: tuple, make: Callable[[], T], kind: type = str, group: str | None = None) -> T:
    """A value derived once and kept beside the compiled code: a pattern's lookahead form (`scanning`), a
    table built from Unicode data or a dictionary file (`normalize`). `key` names everything the value
    depends on; a kept value of another `kind` than asked is made again."""
    store = _store(group)
    value = store.load().get(key)
    if not isinstance(value, kind):
        value = make()
        store.add(key, value)
    return value
