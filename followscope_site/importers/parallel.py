"""Read ahead in two processes: Meta splits a 1M-follower list into 100 `followers_N.json` parts.

An importer gives a `look` function that reads one member and returns a compact, picklable summary of it
(or None to decline: anything unusual, any error). The parent looks at the first half of the members while a
forked child looks at the rest; the importer then takes the summaries in member order and adds them itself,
one member at a time, falling back to its normal reader wherever a look was declined. Everything that
decides the result (merging, limits, errors, their order) stays in that sequential step, so the snapshot
is the one a single process makes; the second core only does the decoding and checking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from followscope_site import forking
from followscope_site.importers.archive import ExportFiles

# Below this many bytes of members one process is as fast: the fork and the pipe cost a few hundredths.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024

T = TypeVar("T")
_WHAT = "reading the export"


def look_in_two(files: ExportFiles, members: list[str], look: Callable[[ExportFiles, str], T | None]
                ) -> list[T | None] | None:
    """look(copy of files, member) for every member, the later half in a forked child, in member order.

    None when it would not pay (small members, no fork allowed, a replaced zip): the caller reads normally.
    The copies count no bytes against the export (ExportFiles.look_ahead); the caller counts what it uses.
    """
    split = _split(files, members)
    if split is None:
        return None
    mine, theirs = files.look_ahead(), files.look_ahead(own_descriptor=True)
    if mine is None or theirs is None:
        return None
    pid, pipe = forking.start_child(
        lambda fd: forking.send(fd, [_declining(look, theirs, m) for m in members[split:]]))
    theirs.close()  # the parent's copy of the child's descriptor
    finished = False
    try:
        with pipe:
            found = [_declining(look, mine, m) for m in members[:split]]
            found += forking.receive(pipe, _WHAT)
        finished = True
    finally:
        forking.stop_child(pid, kill=not finished)  # interrupted: the child's work is no longer wanted
    return found


def _declining(look: Callable[[ExportFiles, str], T | None], files: ExportFiles, member: str) -> T | None:
    """look(), with any error turned into a decline: the normal reader meets it again and reports it."""
    try:
        return look(files, member)
    except Exception:  # read again by the normal path, which raises the precise error
        return None


def _split(files: ExportFiles, members: list[str]) -> int | None:
    """Where the child's members start (half of the bytes), or None to read in one process."""
    if len(members) < 2 or not forking.can_fork():
        return None
    sizes = [files.size(m) for m in members]
    total = sum(sizes)
    if total < PARALLEL_MIN_BYTES:
        return None
    running = 0
    for index, size in enumerate(sizes):
        running += size
        if running * 2 >= total:
            return min(index + 1, len(members) - 1)
    return None  # pragma: no cover  # the loop always reaches half
