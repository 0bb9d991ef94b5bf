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


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Running:
    """A WatchSession started and run in a thread; stopped when the test ends."""

    def __init__(self, session: WatchSession) -> None:
        self.session = session
        self.thread = threading.Thread(target=session.run, name="watch-loop", daemon=True)

    @property
    def builds(self) -> int:
        return self.session.builds

    def settle(self, seconds: float = 0.6) -> int:
        """Wait until no build happened for `seconds`; return the build count."""
        count = self.session.builds
        while True:
            time.sleep(seconds)
            if self.session.builds == count:
                return count
            count = self.session.builds
