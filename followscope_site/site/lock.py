"""An exclusive, advisory lock on a file, the same on every OS: `msvcrt.locking` on Windows, `fcntl.flock` elsewhere.

Written here rather than taken from a library: the writer needs one exclusive lock with a non-blocking try,
held by an open file, released by the OS when the process dies (so a killed build never leaves a stale
lock), and nothing else (no thread-local or reentrant semantics, no lock files deleted on release).

The lock file is never deleted: deleting it would let a third process lock a new file of the same name
while a second one still waits on the old one.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Lock the file's first byte without waiting; False when another process holds it."""
        os.lseek(fd, 0, os.SEEK_SET)  # msvcrt locks from the current position; locking past the end is allowed
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLOCK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Lock the whole file without waiting; False when another process (or open file) holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# File systems that cannot lock at all (some network and FUSE mounts) say so with one of these.
UNSUPPORTED = frozenset({errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL})


class FileLock:
    """An exclusive lock held through an open file; `acquire` waits for another holder to let go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, on_wait: Callable[[], None] | None = None, poll_s: float = 0.05) -> None:
        """Take the lock; while another process holds it, call `on_wait` once and keep trying.

        Raises OSError when the lock file cannot be opened or the file system cannot lock.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            waited = False
            while not _try_lock(fd):
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                time.sleep(poll_s)
                poll_s = min(poll_s * 1.5, 0.5)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)  # closing alone would release it too; unlocking first is explicit
