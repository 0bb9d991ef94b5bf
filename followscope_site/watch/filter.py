"""Which file events matter: event kinds that mean "content changed", and paths that never do.

Rules follow Zola's `fs_utils.rs` and watchfiles' default filter (conventions.md §2.3–2.4, §6.5):
editor temporaries and the atomic-save dance are noise, but the rename that completes an atomic
save is a change; the output, the writer's staging folders and the cache are never watched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
)

from followscope_site.site.swap import is_writer_name

# Event kinds that can mean new content. Opened / closed-without-write come from our own reads and
# would make every build trigger the next one; a directory's "modified" repeats its children's events.
_CONTENT_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_DELETED,
                   EVENT_TYPE_CLOSED, EVENT_TYPE_ATTRIB}

# Folders that never hold an input.
_IGNORED_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".tox", ".mypy_cache",
                 ".pytest_cache", ".ruff_cache", ".idea", ".vscode", ".followscope-cache"}

_TEMP_NAME = re.compile(
    r"""(
        \.sw[a-p]$ | \.swx$          # vim swap files
      | ~$                           # vim / emacs / gedit backups
      | ^\.\# | ^\#.*\#$             # emacs lock links and autosaves
      | ___jb_(tmp|old|bak)___$      # JetBrains safe write
      | ^4913$                       # vim's writability probe (bevry/watchr#38)
      | ^\.goutputstream-            # gedit / GLib atomic save
      | \.tmp$ | \.temp$             # generic temporaries
      | \.crdownload$ | \.part$ | \.partial$ | \.download$   # browser downloads in progress
      | \.kate-swp$ | ^\.DS_Store$ | ^Thumbs\.db$ | ^\.~lock\..*\#$
    )""",
    re.VERBOSE | re.IGNORECASE,
)


def is_temp_name(name: str) -> bool:
    """An editor's or a browser's temporary file name (never an input; the final rename is)."""
    return _TEMP_NAME.search(name) is not None


def event_paths(event: FileSystemEvent) -> list[str]:
    """The paths a watchdog event says may have new content ([] for noise)."""
    if event.event_type not in _CONTENT_EVENTS:
        return []
    if event.is_directory and event.event_type in (EVENT_TYPE_MODIFIED, EVENT_TYPE_ATTRIB, EVENT_TYPE_CLOSED):
        return []
    paths = [os.fsdecode(event.src_path)]
    if event.event_type == EVENT_TYPE_MOVED and event.dest_path:
        paths.append(os.fsdecode(event.dest_path))  # the end of an atomic save (gedit, JetBrains, vim)
    return paths


class IgnoreFilter:
    """Decides whether a path is never an input: temp names, tool folders, output, scratch, cache."""

    def __init__(self, ignored_roots: Iterable[Path]) -> None:
        self.ignored_roots = tuple(Path(os.path.realpath(p)) for p in ignored_roots)

    def __call__(self, path: str | Path) -> bool:
        real = Path(os.path.realpath(path))
        if any(real == root or real.is_relative_to(root) for root in self.ignored_roots):
            return True
        if is_temp_name(real.name):
            return True
        return any(part in _IGNORED_DIRS or is_writer_name(part) for part in real.parts)

    def __repr__(self) -> str:
        return f"IgnoreFilter(ignored_roots={[str(p) for p in self.ignored_roots]})"
