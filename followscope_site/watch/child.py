"""Builds for watch and serve in a child process, so that nothing a build does can take the server down.

Each build runs `commands.build.build()`, the function `followscope build` calls, in a process of its own
started with the spawn method (the same on Linux, macOS and Windows; no fork), as sphinx-autobuild does. If
the child dies (a crash in a C extension, `os._exit`, the OOM killer, a kill), the watching process reports
one error line and keeps serving the last good site: the writer swaps a whole site in atomically under a
lock the OS releases on death (site/writer.py), so a killed build leaves the old site complete.

A fresh interpreter that imports the build costs a few hundred milliseconds, more than a template-only
rebuild itself. So after each build a *spare* child is started at once and imports the build while watch
waits for changes; the next build hands its job to that spare. Every build still gets a fresh process.

The pipe between the two, one message a tuple:
- parent → child: ("build", job) with the config, output, force flag, log level, working folder, environment
  and an optional `prepare` callable (a test hook, run in the child before the build; module-level so that
  it pickles by name).
- child → parent: ("ready", seconds since the child started, its imports done); ("log", LogRecord) for each
  record of the build's loggers; then ("done", BuildResult) or ("failed", the error's parts).
The child ignores SIGINT: Ctrl-C belongs to the watching process, which ends its children on the way out.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError, FollowScopeError, InputError, OutputError, os_error
from followscope_site.log import LOGGER_NAME, get_logger

log = get_logger("watch")

_CONTEXT = multiprocessing.get_context("spawn")
_POLL_S = 0.25  # how often a waiting parent wakes: Ctrl-C is seen only between waits (on Windows above all)
_END_S = 10.0  # how long a terminated child may take to go before it is killed
_ERRORS: dict[str, type[FollowScopeError]] = {cls.__name__: cls for cls in (
    FollowScopeError, ConfigError, InputError, OutputError)}


class BuildCrashed(FollowScopeError):
    """The build process ended without a result."""


class BuildStopped(Exception):
    """stop() ended the build under way (not a failure of the build)."""


@dataclass(frozen=True)
class BuildJob:
    """What one build needs, pickled to the child."""

    loaded: LoadedConfig
    output: Path | None
    force: bool
    level: int
    cwd: str
    environ: dict[str, str]
    prepare: Callable[[], None] | None = None


# -- the child ------------------------------------------------------------------------------------


class _PipeHandler(logging.Handler):
    """Sends each record to the parent, its message formatted (arguments may not pickle)."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            record = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None, "exc_info": None,
                                            "exc_text": None, "stack_info": None})
            self.conn.send(("log", record))
        except Exception:  # the parent is gone: nothing left to tell
            self.handleError(record)


def _error_parts(exc: FollowScopeError) -> tuple[str, str | None, str, str | None, list[str]]:
    kind = next(c.__name__ for c in type(exc).__mro__ if c.__name__ in _ERRORS)
    return kind, exc.path, exc.problem, exc.hint, list(getattr(exc, "details", []))


def _error_from(parts: tuple[str, str | None, str, str | None, list[str]]) -> FollowScopeError:
    kind, path, problem, hint, details = parts
    if kind == "ConfigError":
        return ConfigError(path, problem, hint, details)
    return _ERRORS.get(kind, FollowScopeError)(path, problem, hint)


def child_main(conn: Connection, started: float) -> None:
    """The child: import the build, say so, wait for one job, run it and send back the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from followscope_site.commands.build import build

    _warm_up()
    _send(conn, ("ready", time.time() - started))
    try:
        _kind, job = conn.recv()
    except (EOFError, OSError):
        return  # a spare that was not needed: the parent closed the pipe or went away
    os.environ.clear()
    os.environ.update(job.environ)
    os.chdir(job.cwd)
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers[:] = [_PipeHandler(conn)]
    logger.setLevel(job.level)
    logger.propagate = False
    if job.prepare is not None:
        job.prepare()
    try:
        result = build(job.loaded, output=job.output, force=job.force)
    except FollowScopeError as exc:
        _send(conn, ("failed", _error_parts(exc)))
    except OSError as exc:  # the file system refused something: a line naming the path
        _debug_traceback()
        _send(conn, ("failed", _error_parts(os_error(exc))))
    except Exception as exc:  # a bug: show it, the watching process keeps the last good site
        _debug_traceback()
        error = FollowScopeError(None, f"unexpected {type(exc).__name__}: {exc}",
                                 "run with -v for the traceback, and please report it")
        _send(conn, ("failed", _error_parts(error)))
    else:
        _send(conn, ("done", result))
    conn.close()
    # Leave at once, as the CLI does (cli._leave): freeing what the build left one object at a time would
    # only keep the watching process waiting for this one to end. Everything was sent; flush what was printed.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError):  # the watching process is gone: nobody is waiting for the outcome
        conn.send(message)


def _warm_up() -> None:
    """Import what every build imports, so that a spare child has it ready before the job comes."""
    for name in ("incremental", "site.privacy", "site.render", "site.writer"):
        importlib.import_module(f"followscope_site.{name}")


def _debug_traceback() -> None:
    for line in traceback.format_exc().rstrip().splitlines():  # one record per line (log.py)
        log.debug("%s", line)


# -- the parent -----------------------------------------------------------------------------------


class _Child:
    """One build process and the parent's end of its pipe."""

    def __init__(self) -> None:
        here, there = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(target=child_main, args=(there, time.time()), name="followscope-build",
                                        daemon=True)
        self.process.start()
        there.close()
        self.conn = here
        self.start_up_s: float | None = None  # spawn + imports, from the child's "ready"

    def end(self, *, finished: bool = False) -> None:
        """Terminate the process (if it still runs) and wait for it: no orphan is left behind.

        finished: it sent its outcome and is on its way out, so it gets a moment to exit on its own."""
        if finished:
            self.process.join(_END_S)
        if self.process.exitcode is None:
            self.process.terminate()
            self.process.join(_END_S)
            if self.process.exitcode is None:
                self.process.kill()
                self.process.join()
        self.conn.close()


def describe_exit(exitcode: int | None) -> str:
    """'exit code 70' or 'killed by signal 9 (SIGKILL)', as multiprocessing reports a child's end."""
    if exitcode is not None and exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
        return f"killed by signal {-exitcode}{name}"
    return f"exit code {exitcode}"


class ChildBuilder:
    """Runs each build in a fresh child process, with a spare one started ahead; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._spare: _Child | None = None
        self._running: _Child | None = None
        self._closed = False
        self.start_up_s: float | None = None  # the start-up of the last child that reported it

    @property
    def process(self) -> Any:
        """The multiprocessing.Process of the build under way, or None."""
        running = self._running
        return running.process if running is not None else None

    @property
    def processes(self) -> list[Any]:
        """The processes this builder holds now: the build under way and the spare."""
        return [c.process for c in (self._running, self._spare) if c is not None]

    def build(self, loaded: LoadedConfig, *, output: Path | None, force: bool,
              prepare: Callable[[], None] | None = None) -> Any:
        """The BuildResult of one build in a child; a FollowScopeError (BuildCrashed when the child died)."""
        with self._lock:
            if self._closed:
                raise BuildStopped
            child, self._spare = self._spare or _Child(), None
            self._running = child
        ended = "interrupted"  # or "crashed", or "finished": the child sent its outcome and is on its way out
        try:
            job = BuildJob(loaded, output, force, logging.getLogger(LOGGER_NAME).getEffectiveLevel(),
                           os.getcwd(), dict(os.environ), prepare)
            with contextlib.suppress(OSError):  # the child is already gone: the wait below says how
                child.conn.send(("build", job))
            try:
                result = self._outcome(child)
            except BuildCrashed:
                ended = "crashed"
                raise
            except FollowScopeError:  # the build failed and said so
                ended = "finished"
                raise
            ended = "finished"
            return result
        finally:
            child.end(finished=ended == "finished")
            with self._lock:
                self._running = None
                if ended != "interrupted" and not self._closed:  # not on Ctrl-C: the watch is ending
                    self._spare = _Child()

    def _outcome(self, child: _Child) -> Any:
        sentinel = child.process.sentinel
        while True:
            ready = wait([child.conn, sentinel], timeout=_POLL_S)
            if child.conn in ready:
                try:
                    message = child.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None:
                    outcome = self._handle(child, message)
                    if outcome is not None:
                        return outcome
                    continue
            elif sentinel not in ready:
                continue
            child.process.join(_END_S)  # the pipe closed or the process ended: it is going
            if self._closed:
                raise BuildStopped
            raise BuildCrashed(None, f"build crashed: {describe_exit(child.process.exitcode)}",
                               "the build process ended without a result; the next change builds again")

    def _handle(self, child: _Child, message: tuple[Any, ...]) -> Any:
        """Act on one message; the BuildResult when it is the last one (a failure raises)."""
        kind = message[0]
        if kind == "ready":
            child.start_up_s = self.start_up_s = float(message[1])
            log.debug("build process ready %.2fs after it was started", message[1])
        elif kind == "log":
            record: logging.LogRecord = message[1]
            logging.getLogger(record.name).handle(record)
        elif kind == "failed":
            raise _error_from(message[1])
        elif kind == "done":
            return message[1]
        return None

    def close(self) -> None:
        """End the build under way and the spare; no build starts after this."""
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
            if self._running is not None and self._running.process.exitcode is None:
                self._running.process.terminate()  # the thread waiting on it sees it end and cleans up
        if spare is not None:
            spare.end()
