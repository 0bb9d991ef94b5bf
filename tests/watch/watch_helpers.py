"""Helpers for the watch and serve tests: small Instagram exports, configs, a session run in a thread."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from followscope_site.watch.session import WatchSession


def entry(handle: str, ts: int = 1700000000) -> dict:
    return {"title": "", "media_list_data": [],
            "string_list_data": [{"href": f"https://www.instagram.com/{handle}", "value": handle, "timestamp": ts}]}


def write_export(folder: Path, followers: list[str], following: list[str]) -> Path:
    """An unzipped Instagram export with the 2024+ layout (formats.md §1)."""
    lists = folder / "connections" / "followers_and_following"
    lists.mkdir(parents=True, exist_ok=True)
    (lists / "followers_1.json").write_text(json.dumps([entry(h) for h in followers]), encoding="utf-8")
    (lists / "following.json").write_text(
        json.dumps({"relationships_following": [entry(h) for h in following]}), encoding="utf-8")
    return folder


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, for byte-for-byte comparisons."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def write_config(base: Path, text: str | None = None, *, quiet_ms: int = 300, extra: str = "") -> Path:
    path = base / "followscope.yaml"
    path.write_text(text if text is not None else
                    f"accounts:\n  - exports: exports/ig\nwatch:\n  quiet_ms: {quiet_ms}\n{extra}", encoding="utf-8")
    return path


# How long a test waits for an event before it gives up. Generous on purpose: a busy 2-core machine may take
# seconds for one build, and a passing test returns as soon as its condition holds, never waiting this out.
DEADLINE_S = 60.0


def wait_until(condition: Callable[[], bool], timeout: float = DEADLINE_S) -> bool:
    """Poll `condition` until it holds (True) or the deadline passes (False).

    A condition that reads the site may find no file for a moment: a rebuild swaps the whole site folder with
    two renames (site/swap.py), and between them the folder is absent. That reads as "not yet".
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _holds(condition):
            return True
        time.sleep(0.02)
    return _holds(condition)


def site_text(path: Path) -> str:
    """A file of the built site, read once it is there: a rebuild that is swapping the site in has it absent."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _holds(condition: Callable[[], bool]) -> bool:
    try:
        return condition()
    except FileNotFoundError:
        return False


class Running:
    """A WatchSession started and run in a thread; stopped when the test ends."""

    def __init__(self, session: WatchSession) -> None:
        self.session = session
        self.thread = threading.Thread(target=session.run, name="watch-loop", daemon=True)

    @property
    def builds(self) -> int:
        return self.session.builds

    def wait_builds(self, count: int) -> bool:
        """Wait until `count` builds have finished and nothing is pending."""
        return wait_until(lambda: self.session.builds >= count and not self.session.busy)

    def barrier(self) -> int:
        """The number of builds once every earlier change has been handled, without guessing a time.

        Appends a comment to the config (always watched) and waits for the build it causes; that build must
        have seen the config alone and be the only one since: a change still on its way would have joined
        it or made a build of its own.
        """
        assert wait_until(lambda: not self.session.busy)
        before = self.session.builds
        config = self.session.loaded.path
        with config.open("a", encoding="utf-8") as out:
            out.write(f"\n# barrier {before}\n")
        assert wait_until(lambda: self.session.builds > before and not self.session.busy)
        assert (self.session.builds, self.session.last_batch) == (before + 1, [str(config)]), \
            (before, self.session.builds, self.session.last_batch)
        return before


# Hooks run in a build's child process (WatchSession.prepare, before the build): module-level, so that they
# pickle by name; the child imports this module from the test folder, which spawn puts on its sys.path too.


def hold_mid_write(marker: str) -> None:
    """Let the writer stage one file of the new site, then say so (create `marker`) and hang until killed."""
    from followscope_site.site import writer

    staged = writer._create

    def create(path: Path, data: bytes) -> None:
        staged(path, data)
        Path(marker).write_text(str(path), encoding="utf-8")
        threading.Event().wait()  # until the test kills this process

    writer._create = create  # type: ignore[assignment]


def exit_hard() -> None:
    """A build that ends its process without a word, as a crash in a C extension would."""
    import os

    os._exit(70)
