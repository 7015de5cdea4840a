"""Writing outputs so that a reader never sees a half-written file or line.

Whole files go through a temporary file and an atomic rename, one at a time
(`atomic_write_bytes`) or many made durable together (`write_staged`, then
`commit_staged`); files that grow (a journal, a list of failures) grow by whole
lines, one write each.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename; on failure `path` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = write_staged(path, data)
    try:
        _fsync_file(tmp)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:  # a write or fsync that failed (disk full) names no file
            exc.filename = str(path)
        raise


def write_staged(path: Path, data: bytes) -> Path:
    """`data` in a temporary file beside `path`, written but neither synced nor in place: `commit_staged` does both,
    for many files at once. On failure nothing is left behind."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix="-" + path.name[-40:])
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException as exc:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)
        raise
    os.close(fd)
    return Path(tmp)


def commit_staged(staged: list[tuple[Path, Path]]) -> None:
    """Put staged files (temporary, final path) in place, durably: their data synced first (one sync of the
    filesystem where Linux offers it, else each file's fsync), then the renames, then one fsync of each folder.
    On failure the temporaries not yet in place are removed; the files renamed before it are whole."""
    try:
        _sync_data([tmp for tmp, _ in staged])
        for k, (tmp, final) in enumerate(staged):
            os.replace(tmp, final)
            staged[k] = (final, final)
        for folder in dict.fromkeys(final.parent for _, final in staged):
            _fsync_folder(folder)
    except BaseException:
        for tmp, final in staged:
            if tmp != final:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        raise


def _sync_data(paths: list[Path]) -> None:
    if not paths:
        return
    syncfs = _syncfs()
    if syncfs is not None:
        fd = os.open(paths[0], os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
            import ctypes

            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(paths[0]))
        finally:
            os.close(fd)
    for path in paths:
        _fsync_file(path)


def _fsync_file(path: Path) -> None:
    """Make a file's data durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@functools.cache
def _syncfs():
    """Linux's syncfs(2): all dirty data of one filesystem written out at once; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


class LineLog:
    """A file grown by whole lines: one `os.write` per line on an O_APPEND descriptor, then fsync.

    Each append costs the same however long the file is. A write that comes out short (disk
    full) is cut off again and raises, so the file never ends in part of a line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> LineLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def append(self, line: bytes) -> None:
        """Add one line (it ends with a newline), or several joined, and make them durable."""
        if self.fd is None:
            created = not self.path.exists()
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            if created:
                _fsync_folder(self.path.parent)
        size = os.fstat(self.fd).st_size
        if os.write(self.fd, line) != len(line):
            os.ftruncate(self.fd, size)
            raise OSError(errno.ENOSPC, "short write; the line was taken back", str(self.path))
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable."""
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
