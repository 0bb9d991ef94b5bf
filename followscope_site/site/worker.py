"""The second core: a forked process renders the downloads and search data of the big categories.

At 1M followers those files are about half of the render (docs/performance.md). They depend only on the
report, never on templates, so a child forked once the report exists renders them while the parent renders
pages. The child writes each file into a private scratch folder and tells the parent, category by category,
through a pipe; the parent reads the bytes back and hands them to the one writer as usual, so the writer's
accounting (unchanged-file links, WriterMemory digests) and the output bytes are those of a single process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from followscope_site import forking
from followscope_site.analysis.report import AccountReport
from followscope_site.site.tables import CategoryTables
from followscope_site.site.writer import OutputFile

# Below this many rows a category's files take a few milliseconds: forking would cost more than it saves.
FORK_MIN_ROWS = 100_000

Job = tuple[AccountReport, str]
Render = Callable[[CategoryTables, AccountReport, str], Iterable[OutputFile]]

can_fork = forking.can_fork  # the renderer asks here (tests switch threads off through this module)
_WHAT = "rendering the downloads"


class DataWorker:
    """One forked child that renders `render(tables, account, key)` for each job, in order.

    `tables` is the parent's: the child works on its own copy (rows computed before the fork are shared).

    take(account, key) returns that job's files (and fills the parent's tables.encoded); jobs must be
    taken in the order given. close() ends the child and removes the scratch folder (also on errors).
    """

    def __init__(self, jobs: list[Job], render: Render, tables: CategoryTables, scratch: Path | None = None
                 ) -> None:
        self.jobs = [(a.id, k) for a, k in jobs]
        # In `scratch` (the writer's, on the site's filesystem) the child's files are handed over as they
        # are (OutputFile.source: a rename), not read back and written again (~280 MB at 1M).
        self.hand_over = scratch is not None
        self.folder = Path(tempfile.mkdtemp(prefix="followscope-data-", dir=scratch))
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns, never runs the parent's cleanup (os._exit)
            status = 1
            try:
                os.close(read_fd)
                _child(jobs, render, tables, self.folder, write_fd)
                status = 0
            finally:
                os._exit(status)
        os.close(write_fd)
        self.pid: int | None = pid
        self.pipe = os.fdopen(read_fd, "rb")

    def take(self, account: AccountReport, key: str, tables: CategoryTables) -> Iterator[OutputFile]:
        if not self.jobs or self.jobs[0] != (account.id, key):
            raise RuntimeError(f"data worker: {account.id}/{key} taken out of order")
        self.jobs.pop(0)
        kept: dict[str, bytes] = {}  # files whose bytes report.json embeds (the JSON downloads)
        while True:  # file by file as the child finishes them: the parent writes while the child renders
            message = self._receive()
            if message[0] == "file":
                _, path, name, keep = message
                if self.hand_over:
                    data = Path(name).read_bytes() if keep else b""
                    item = OutputFile(path, data, source=Path(name))
                else:
                    data = _read_once(name)
                    item = OutputFile(path, data)
                if keep:
                    kept[path] = data
                yield item
            elif message[0] == "done":  # the child's parts are the first ones: before any the parent made
                tables.encoded[(account.id, key)] = [
                    memoryview(kept[source])[:size] if kind == "file" else _read_once(source)
                    for kind, source, size in message[1]] + tables.encoded.get((account.id, key), [])
                return
            else:
                forking.raise_error(message, _WHAT)

    def _receive(self) -> tuple:  # type: ignore[type-arg]
        return forking.receive(self.pipe, _WHAT)  # type: ignore[no-any-return]

    def close(self) -> None:
        if self.pid is not None:
            if self.jobs:  # stopped early (an error elsewhere): the child's work is no longer wanted
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        self.pipe.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _read_once(name: str) -> bytes:
    data = Path(name).read_bytes()
    os.unlink(name)
    return data


def _source(part: bytes | memoryview, kept: list[tuple[bytes, str]], spill: Callable[[bytes], str]
            ) -> tuple[str, str, int]:
    """How the parent gets one encoded part: ("file", a kept file's path, length) or ("spill", file, 0)."""
    if isinstance(part, memoryview):
        for data, path in kept:
            if part.obj is data:
                return "file", path, len(part)
    return "spill", spill(bytes(part)), 0


def _child(jobs: list[Job], render: Render, tables: CategoryTables, folder: Path, fd: int) -> None:
    count = 0
    kept: list[tuple[bytes, str]] = []

    def spill(data: bytes) -> str:
        nonlocal count
        name = str(folder / str(count))
        count += 1
        with open(name, "wb") as out:
            out.write(data)
        return name

    for account, key in jobs:
        try:
            for item in render(tables, account, key):
                # A download whose bytes report.json embeds (tables.encoded, filled as the parts are made):
                # the parent keeps it rather than receive the same 35 MB again.
                parts = tables.encoded.get((account.id, key), ())
                keep = any(isinstance(p, memoryview) and p.obj is item.data for p in parts)
                if keep:
                    kept.append((item.data, item.path))
                forking.send(fd, ("file", item.path, spill(item.data), keep))
            encoded = [_source(part, kept, spill) for part in tables.encoded.pop((account.id, key), [])]
            kept.clear()
            tables.release_rows(account, key)
        except Exception as exc:  # a FollowScopeError is raised again in the parent; a bug, with its text
            forking.send(fd, forking.error_message(exc))
            return
        forking.send(fd, ("done", encoded))
