"""When the Instagram importer may read ahead in a forked child, and how that child sends its results back.

Its one user is importers/parallel.py, which keeps the snapshot exactly that of one process: forking only
changes who does the work. (The site and the build run in one process on every OS.)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from typing import IO, Any

from followscope_site.errors import FollowScopeError

_HEADER = struct.Struct("<Q")

# Threads that may run during a fork: the CLI's progress display only waits and prints, and a child
# never prints, so no lock it could hold is one the child needs.
FORK_SAFE_THREADS = {"followscope-progress"}


def can_fork() -> bool:
    """os.fork exists (not on Windows), FOLLOWSCOPE_NO_FORK is unset (tests compare both ways), and no
    other thread runs but the progress display: a fork copies locks that another thread (watch's observer,
    serve's server) may hold, which could hang the child, so watch and serve build in one process."""
    if not hasattr(os, "fork") or os.environ.get("FOLLOWSCOPE_NO_FORK"):
        return False
    current = threading.current_thread()
    return all(t is current or t.name in FORK_SAFE_THREADS for t in threading.enumerate())


def start_child(work: Callable[[int], None]) -> tuple[int, IO[bytes]]:
    """Fork a child that runs work(fd) and exits; the parent gets its pid and the pipe that fd writes to.

    The child never returns into the caller's code and never runs the parent's cleanup (os._exit): status 0
    when work returned, 1 otherwise (the parent learns what went wrong from the messages, or their end).
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_fd)
            work(write_fd)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, os.fdopen(read_fd, "rb")


def stop_child(pid: int, kill: bool) -> None:
    """Reap a child of start_child, killing it first when its work is no longer wanted (an error, a stop)."""
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def send(fd: int, message: object) -> None:
    """One message from a child to its parent: length, then the pickle."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(_HEADER.pack(len(body)) + body)
    while data:
        data = data[os.write(fd, data):]


def receive(pipe: IO[bytes], what: str) -> Any:
    """The next message from our own child; a FollowScopeError naming `what` when the child is gone."""
    head = pipe.read(_HEADER.size)
    size = _HEADER.unpack(head)[0] if len(head) == _HEADER.size else -1
    body = pipe.read(size) if size >= 0 else b""
    if size < 0 or len(body) < size:
        raise FollowScopeError(None, f"the process {what} stopped unexpectedly",
                               "build again; if it happens again, set FOLLOWSCOPE_NO_FORK=1")
    return pickle.loads(body)  # our own child's messages


def error_message(exc: BaseException) -> tuple[str, object, object]:
    """How a child reports an exception: a FollowScopeError by class and fields, anything else by text."""
    if isinstance(exc, FollowScopeError):
        return "error", type(exc), (exc.path, exc.problem, exc.hint)
    return "error", None, f"{type(exc).__name__}: {exc}"


def raise_error(message: tuple[str, object, object], what: str) -> None:
    """Raise in the parent what error_message() described in the child."""
    _, kind, args = message
    if isinstance(kind, type) and issubclass(kind, FollowScopeError):
        raise kind(*args)  # type: ignore[misc]
    raise RuntimeError(f"{what} failed in the second process: {args}")
