"""File events in, quiet and stable batches of changed inputs out (observer + debounce + settle).

The observer thread only records paths and notifies a condition; the build loop blocks on that
condition (no polling loop of its own), waits for a quiet period after the last event (mkdocs'
`_build_loop`, conventions.md §2.2), then waits until the changed files' size and mtime hold still
across two checks, so an export that a browser or `cp` is still writing is not read half-written.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from followscope_site.log import get_logger
from followscope_site.watch.filter import event_paths
from followscope_site.watch.plan import WatchPlan

log = get_logger("watch")

_IDLE_WAIT_S = 5.0  # an idle loop wakes this often (only to notice a close); no event means no work


def file_state(path: str | Path) -> tuple[int, int] | None:
    """(size, mtime in ns) of a path, or None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class ChangeQueue:
    """Changed input paths from the observer thread, handed out in quiet, stable batches."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: dict[str, float] = {}  # path -> monotonic time of its last event
        self._closed = False

    def put(self, path: str) -> None:
        with self._cond:
            self._pending[path] = time.monotonic()
            self._cond.notify_all()

    def has_pending(self) -> bool:
        with self._cond:
            return bool(self._pending)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def pause(self, seconds: float) -> bool:
        """Sleep without spinning; False when the queue was closed meanwhile."""
        deadline = time.monotonic() + seconds
        with self._cond:
            while not self._closed and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            return not self._closed

    def wait_batch(self, quiet_s: float, settle_s: float) -> list[str] | None:
        """Block until inputs changed, no event came for `quiet_s`, and the files held still.

        Returns the changed paths (each once), or None once the queue is closed. Events that arrive
        while the caller builds stay pending, so they make exactly one more batch.
        """
        with self._cond:
            while True:
                while not self._pending and not self._closed:
                    self._cond.wait(_IDLE_WAIT_S)
                if self._closed:
                    return None
                left = max(self._pending.values()) + quiet_s - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                paths = list(self._pending)
                last_event = max(self._pending.values())
                before = {p: file_state(p) for p in paths}
                self._cond.wait(settle_s)  # a new event wakes us early and restarts the quiet period
                if self._closed:
                    return None
                if max(self._pending.values()) != last_event:
                    continue
                if any(file_state(p) != state for p, state in before.items()):
                    continue  # still being written, without events (network drives, polling)
                self._pending.clear()
                return paths


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        plan = self.watcher.plan
        if plan is None:
            return
        for path in event_paths(event):
            if plan.is_input(path):
                log.debug("%s: %s", event.event_type, path)
                self.watcher.queue.put(path)


class Watcher:
    """A watchdog observer kept in step with a WatchPlan; native events, else polling."""

    def __init__(self, queue: ChangeQueue, *, poll: bool = False, poll_interval_s: float = 1.0) -> None:
        self.queue = queue
        self.poll = poll
        self.poll_interval_s = poll_interval_s
        self.plan: WatchPlan | None = None
        self._observer: BaseObserver | None = None
        self._watches: dict[tuple[Path, bool], ObservedWatch] = {}
        self._handler = _Handler(self)

    @property
    def polling(self) -> bool:
        return isinstance(self._observer, PollingObserver)

    def watch(self, plan: WatchPlan) -> None:
        """Start observing (first call) or adjust the watched folders to a new plan."""
        self.plan = plan
        if self._observer is None:
            self._start()
            return
        try:
            self._reschedule()
        except OSError as exc:
            self._fall_back(exc)

    def _start(self) -> None:
        if self.poll:
            self._observer = PollingObserver(timeout=self.poll_interval_s)
            self._reschedule()
            self._observer.start()
            log.info("watching by polling every %ss", self.poll_interval_s)
            return
        try:
            self._observer = Observer()
            self._reschedule()
            self._observer.start()
        except OSError as exc:  # e.g. "inotify watch limit reached" (watchdog#673)
            self._fall_back(exc)

    def _fall_back(self, exc: OSError) -> None:
        log.warning("file events are not available (%s); polling every %ss instead "
                    "(on Linux, raising fs.inotify.max_user_watches may help)", exc, self.poll_interval_s)
        self._stop_observer()
        self._observer = PollingObserver(timeout=self.poll_interval_s)
        self._reschedule()
        self._observer.start()

    def _reschedule(self) -> None:
        assert self._observer is not None and self.plan is not None
        wanted = set(self.plan.schedules())
        for key in [k for k in self._watches if k not in wanted]:
            self._observer.unschedule(self._watches.pop(key))
        for folder, recursive in sorted(wanted - set(self._watches)):
            try:
                self._watches[(folder, recursive)] = self._observer.schedule(
                    self._handler, str(folder), recursive=recursive)
            except FileNotFoundError:
                log.debug("not watching %s: it vanished", folder)
            log.debug("watching %s%s", folder, " (and below)" if recursive else "")

    def _stop_observer(self) -> None:
        if self._observer is not None:
            try:
                self._observer.stop()
                if self._observer.is_alive():
                    self._observer.join(timeout=5)
            except RuntimeError:
                pass
        self._observer = None
        self._watches = {}

    def stop(self) -> None:
        self._stop_observer()
