"""The second core: a forked process renders the downloads of the big categories, then report.json.

At 1M followers those files are about half of the render (docs/performance.md). They depend only on the
report, never on templates, so a child forked once the report exists renders them while the parent renders
pages. The child writes each file into a private scratch folder and names it through a pipe, job by job;
the parent hands it to the one writer as usual (as its bytes, or, in the writer's scratch folder, as a file
to move into place), so the writer's accounting (unchanged-file links, WriterMemory digests) and the output
bytes are those of a single process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path

from followscope_site import forking
from followscope_site.site.tables import CategoryTables
from followscope_site.site.writer import OutputFile

# Below this many rows a category's files take a few milliseconds: forking would cost more than it saves.
FORK_MIN_ROWS = 100_000

Job = Hashable  # what the renderer calls a piece of the child's work, e.g. ("downloads", account id, key)
Render = Callable[[CategoryTables, Job], Iterable[OutputFile]]

can_fork = forking.can_fork  # the renderer asks here (tests switch threads off through this module)
_WHAT = "rendering the downloads"


class DataWorker:
    """One forked child that renders `render(tables, job)` for each job, in order.

    `tables` is the parent's: the child works on its own copy (rows computed before the fork are shared).

    take(job) yields that job's files; jobs must be taken in the order given. close() ends the child and
    removes the scratch folder (also on errors).
    """

    def __init__(self, jobs: list[Job], render: Render, tables: CategoryTables, scratch: Path | None = None
                 ) -> None:
        self.jobs = list(jobs)
        # In `scratch` (the writer's, on the site's filesystem) the child's files are handed over as they
        # are (OutputFile.source: a rename), not read back and written again (~280 MB at 1M).
        self.hand_over = scratch is not None
        self.folder = Path(tempfile.mkdtemp(prefix="followscope-data-", dir=scratch))
        folder = self.folder
        pid, self.pipe = forking.start_child(lambda fd: _child(jobs, render, tables, folder, fd))
        self.pid: int | None = pid

    def take(self, job: Job) -> Iterator[OutputFile]:
        if not self.jobs or self.jobs[0] != job:
            raise RuntimeError(f"data worker: {job} taken out of order")
        self.jobs.pop(0)
        while True:  # file by file as the child finishes them: the parent writes while the child renders
            message = forking.receive(self.pipe, _WHAT)
            if message[0] == "file":
                _, path, name = message
                if self.hand_over:
                    yield OutputFile(path, b"", source=Path(name))
                else:
                    yield OutputFile(path, _read_once(name))
            elif message[0] == "done":
                return
            else:
                forking.raise_error(message, _WHAT)

    def close(self) -> None:
        if self.pid is not None:
            forking.stop_child(self.pid, kill=bool(self.jobs))  # jobs left: stopped early by an error
            self.pid = None
        self.pipe.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _read_once(name: str) -> bytes:
    data = Path(name).read_bytes()
    os.unlink(name)
    return data


def _child(jobs: list[Job], render: Render, tables: CategoryTables, folder: Path, fd: int) -> None:
    count = 0

    def spill(data: bytes) -> str:
        nonlocal count
        name = str(folder / str(count))
        count += 1
        with open(name, "wb") as out:
            out.write(data)
        return name

    for job in jobs:
        try:
            for item in render(tables, job):
                forking.send(fd, ("file", item.path, spill(item.data)))
        except Exception as exc:  # a FollowScopeError is raised again in the parent; a bug, with its text
            forking.send(fd, forking.error_message(exc))
            return
        forking.send(fd, ("done",))
