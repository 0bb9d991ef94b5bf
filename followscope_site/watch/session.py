"""The watch loop: build, then rebuild on each quiet batch of changes; a failure keeps the last good site.

Every build runs in a child process (watch/child.py), so a build that crashes or is killed cannot take the
watching process, or the server, down with it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError, FollowScopeError, InputError, OutputError, os_error
from followscope_site.log import get_logger
from followscope_site.watch.child import BuildStopped, ChildBuilder
from followscope_site.watch.plan import plan_for
from followscope_site.watch.state import SiteState, mount_path
from followscope_site.watch.watcher import ChangeQueue, Watcher, file_state

log = get_logger("watch")

_RETRIES = 4  # builds tried again while an export is still being written
# A failing file modified this recently may still be being written. Generous, because on a busy machine the
# build that reads it may start seconds after the last write; a truly broken file is reported after the retries.
_RECENT_S = 10.0


def _load_config(path: Path) -> LoadedConfig:
    from followscope_site.config.loader import load_config

    return load_config(path)


def describe(paths: list[str], base: Path) -> str:
    """Up to five changed paths, relative to the config folder, for the log line."""
    shown = []
    for raw in sorted(paths)[:5]:
        p = Path(raw)
        shown.append(p.relative_to(base).as_posix() if p.is_relative_to(base) else str(p))
    more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
    return ", ".join(shown) + more


class WatchSession:
    """One config watched: the observer, the change queue, the build loop and the state it publishes.

    Test hooks: `build_fn` runs builds in this process instead of a child (unit tests of the loop);
    `prepare`, a module-level callable, runs in the build's child process before the build.
    """

    def __init__(self, loaded: LoadedConfig, *, output: Path | None = None, poll: bool = False,
                 force: bool = False, state: SiteState | None = None,
                 build_fn: Callable[..., Any] | None = None) -> None:
        self.loaded = loaded
        self.output = output
        self.force = force
        self.state = state or SiteState(self.site_dir(), mount_path(loaded.config.site.site_url))
        self.queue = ChangeQueue()
        settings = loaded.config.watch
        self.watcher = Watcher(self.queue, poll=poll or settings.poll, poll_interval_s=settings.poll_interval_s)
        self.builds = 0  # build attempts that finished (good or failed, retries not counted)
        self.failures = 0
        self.retries = 0  # builds tried again because an export was still being written
        self.last_batch: list[str] = []  # the changed paths behind the latest rebuild
        self.last_result: Any = None  # the BuildResult of the latest good build
        self._building = False
        self._build_fn = build_fn
        self.builder = ChildBuilder()
        self.prepare: Callable[[], None] | None = None

    @property
    def build_process(self) -> Any:
        """The multiprocessing.Process of the build under way (None between builds or with build_fn)."""
        return self.builder.process

    def site_dir(self) -> Path:
        return self.loaded.output_dir(self.output)

    # -- the loop ---------------------------------------------------------------------------------

    def start(self, *, fail_on_output_error: bool = True) -> bool:
        """Start watching, then build once; an unusable output folder stops here (exit 1)."""
        self.watcher.watch(plan_for(self.loaded, self.output))
        mode = "polling" if self.watcher.polling else "file events"
        log.info("watching %s and its inputs (%s)", self.loaded.path.name, mode)
        try:
            return self._build([], raise_output_error=fail_on_output_error)
        except OutputError:
            self.stop()
            raise

    def run(self) -> None:
        """Rebuild after every batch of changes until stop() (from another thread) or Ctrl-C."""
        while True:
            quiet = self.loaded.config.watch.quiet_ms / 1000  # re-read: the config may have changed
            batch = self.queue.wait_batch(quiet, settle_s=max(0.1, min(quiet, 1.0)))
            if batch is None:
                return
            log.info("%s changed; rebuilding", describe(batch, self.loaded.base_dir))
            self.last_batch, self._building = batch, True
            try:
                self.rebuild(batch)
            finally:
                self._building = False

    @property
    def busy(self) -> bool:
        """A rebuild runs or changes wait for one (what a caller waits on before it looks at the site)."""
        return self._building or self.queue.has_pending()

    def stop(self) -> None:
        """Stop watching and end the build under way and the spare build process (callable from any thread)."""
        self.queue.close()
        self.watcher.stop()
        self.builder.close()

    def rebuild(self, changed: list[str]) -> bool:
        """Reload the config (it may have changed), adjust the watches, and build."""
        try:
            loaded = _load_config(self.loaded.path)
        except FollowScopeError as exc:
            self._failed(exc)
            return False
        self.loaded = loaded
        self.watcher.watch(plan_for(loaded, self.output))
        return self._build(changed)

    # -- one build --------------------------------------------------------------------------------

    def _build(self, changed: list[str], *, raise_output_error: bool = False) -> bool:
        try:
            return self._build_with_retries(changed, raise_output_error)
        except BuildStopped:
            return False  # stop() ended it: not a failure
        finally:
            if self._build_fn is not None:
                # An in-process build runs with the cyclic collector off and freezes what it reads
                # (commands/build.py), so the reference cycles it leaves (its Jinja environment, ...) would be
                # frozen by the next build and kept for good. Free them now, while watch waits for changes.
                gc.collect()

    def _run_build(self) -> Any:
        """One build: in a child process, or in this one through the build_fn test hook."""
        if self._build_fn is not None:
            return self._build_fn(self.loaded, output=self.output, force=self.force)
        return self.builder.build(self.loaded, output=self.output, force=self.force, prepare=self.prepare)

    def _build_with_retries(self, changed: list[str], raise_output_error: bool) -> bool:
        watched = list(changed)
        before = {p: file_state(p) for p in watched}
        for attempt in range(_RETRIES + 1):
            started = time.monotonic()
            try:
                result = self._run_build()
            except InputError as exc:
                if attempt < _RETRIES and self._still_being_written(exc, watched, before):
                    log.info("%s looks half-written; reading it again shortly", exc.path)
                    self.retries += 1
                    before = {p: file_state(p) for p in watched}
                    if not self.queue.pause(0.5 * (attempt + 1)):
                        return False
                    continue
                self._failed(exc)
                return False
            except FollowScopeError as exc:
                self._failed(exc)
                if raise_output_error and isinstance(exc, OutputError):
                    raise
                return False
            except OSError as exc:  # the file system refused something: a line naming the path
                log.debug("build failed", exc_info=True)
                self._failed(os_error(exc))
                return False
            except BuildStopped:
                raise
            except Exception as exc:  # a bug (an in-process build, a job that cannot be sent) must not end watch
                log.debug("build crashed", exc_info=True)
                self._failed(FollowScopeError(None, f"unexpected {type(exc).__name__}: {exc}",
                                              "run with -v for the traceback, and please report it"))
                return False
            self.builds += 1
            self.last_result = result
            log.info("site built in %.2fs: %s (%d written, %d unchanged)%s", time.monotonic() - started,
                     result.output, result.files_written, result.files_unchanged,
                     " from the last build's data" if getattr(result, "reused", False) else "")
            self.state.finish(error=None, site_dir=Path(result.output),
                              mount=mount_path(self.loaded.config.site.site_url))
            return True
        return False

    def _still_being_written(self, exc: InputError, watched: list[str],
                             before: dict[str, tuple[int, int] | None]) -> bool:
        """Whether the failing export changed during the build or was written moments ago."""
        if exc.path:
            member = exc.path.split("!", 1)[0]
            path = str(self.loaded.resolve(member))
            if path not in watched:
                watched.append(path)
                before[path] = None
        now_ns = time.time_ns()
        for path in watched:
            state = file_state(path)
            if state is None:
                continue
            if state != before.get(path) and before.get(path) is not None:
                return True
            if now_ns - state[1] < _RECENT_S * 1e9:
                return True
        return False

    def _failed(self, exc: FollowScopeError) -> None:
        self.builds += 1
        self.failures += 1
        details = exc.details if isinstance(exc, ConfigError) else []
        lines = details if len(details) == 1 else [exc.line(), *details]
        for line in lines:  # one record per line: the log handler escapes line breaks inside a record
            log.error("%s", line)  # the CLI's log handler adds the `followscope: error: ` prefix (log.py)
        self.state.finish(error="\n".join(lines))
        if self.builds > self.failures:
            log.info("keeping the last good site; waiting for changes")
        else:
            log.info("waiting for changes")
