"""What the server needs to know about the builds: where the site is, its epoch and the last error."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit


def mount_path(site_url: str | None) -> str:
    """The URL path a site is served under, as GitHub Pages would: `/followers/` for a project page."""
    path = urlsplit(site_url).path if site_url else "/"
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


class SiteState:
    """Shared by the build loop (writer) and the server threads (readers).

    `epoch` grows after every finished build attempt, good or failed, so browsers reload either to
    the new site or to the error overlay; `error` is the last failure until a good build clears it.
    """

    def __init__(self, site_dir: Path, mount: str = "/") -> None:
        self._cond = threading.Condition()
        self.site_dir = site_dir
        self.mount = mount
        self.epoch = 0
        self.error: str | None = None
        self.closed = False
        self.waiting = 0  # clients held in wait_for_change (live-reload polls)

    def finish(self, *, error: str | None, site_dir: Path | None = None, mount: str | None = None) -> None:
        with self._cond:
            self.error = error
            if site_dir is not None:
                self.site_dir = site_dir
            if mount is not None:
                self.mount = mount
            self.epoch += 1
            self._cond.notify_all()

    def wait_for_change(self, epoch: int, timeout: float) -> int:
        """Block until the epoch differs from `epoch` (or the timeout, or close); return the epoch."""
        with self._cond:
            self.waiting += 1
            try:
                self._cond.wait_for(lambda: self.epoch != epoch or self.closed, timeout=timeout)
            finally:
                self.waiting -= 1
            return self.epoch

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
