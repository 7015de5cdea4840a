"""Writing outputs so that a reader never sees a half-written file or line.

Whole files go through a temporary file and an atomic rename; files that grow
(a journal, a list of failures) grow by whole lines, one write each.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename; on failure `path` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix="-" + path.name[-40:])
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:  # a write or fsync that failed (disk full) names no file
            exc.filename = str(path)
        raise


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
        """Add one line (it ends with a newline) and make it durable."""
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
