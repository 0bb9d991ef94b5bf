"""Build progress on stdout for builds that run past a delay: rich on a terminal, log lines otherwise.

Where output goes (README, "Scripts and CI"): progress and the closing summary go to stdout; stderr holds
only `followscope: warning: …` lines and, when a build fails, the one `followscope: error: …` line. So a
wrapper script reads the error from stderr however long the build took and whatever was shown before it.

The pipeline knows nothing of this: the CLI creates a BuildProgress and passes its bound methods as the
build's callbacks. The display is driven by those callbacks, not by a timer of its own: a callback records
the state and, once the build has run for `delay` seconds, shows it (a plain line at most every `interval`
seconds, or a rich display that rich itself keeps animated). A quick build prints nothing extra.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any, Literal, TextIO

from followscope_site.log import get_logger

Mode = Literal["rich", "plain", "quiet"]
log = get_logger("progress")

# Seconds before progress appears; 0 shows it from the first step (a CI log that wants every stage).
DELAY_VARIABLE = "FOLLOWSCOPE_PROGRESS_DELAY"
DEFAULT_DELAY = 1.0
_RICH_LABELS = {"reading": "reading exports", "analysing": "analysing", "writing": "writing the site",
                "report.json": "writing report.json"}


def choose_mode(quiet: bool, stream: TextIO | None = None) -> Mode:
    """quiet with -q; rich when stdout is an interactive terminal; plain lines in CI, pipes and TERM=dumb."""
    if quiet:
        return "quiet"
    stream = stream if stream is not None else sys.stdout
    interactive = hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM", "") != "dumb"
    return "rich" if interactive else "plain"


def delay_from_environment() -> float:
    """FOLLOWSCOPE_PROGRESS_DELAY when it is a number of seconds ≥ 0, else the default."""
    raw = os.environ.get(DELAY_VARIABLE, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_DELAY
    return value if 0 <= value < float("inf") else DEFAULT_DELAY


class BuildProgress:
    """Exports read and files written, shown once the build has run for `delay` s; a context manager."""

    def __init__(self, mode: Mode, *, delay: float = DEFAULT_DELAY, interval: float = 5.0,
                 stream: TextIO | None = None, console: Any = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.mode = mode
        self.delay = delay
        self.interval = interval  # plain mode: the least time between two lines
        self.exports = 0
        self.files = 0
        self.current = ""
        self.stage = "starting"
        self._stream = stream
        self._console = console  # a rich Console, for tests; else one on `stream` (stdout)
        self._clock = clock
        self._started = clock()
        self._last_line = ""
        self._last_time = float("-inf")
        self._rich: Any = None  # (rich Progress, task id) once shown
        self._shown = False

    @classmethod
    def for_cli(cls, quiet: bool, stream: TextIO | None = None) -> BuildProgress:
        return cls(choose_mode(quiet, stream), delay=delay_from_environment(), stream=stream)

    # -- the callbacks the build calls -----------------------------------------------------------------

    def on_export(self, source: str) -> None:
        """An export is about to be read (commands.build.build's `on_export`); -v also logs it."""
        log.debug("reading %s", source)
        self.exports += 1
        self.current = source
        self.stage = "reading"
        self._tick()

    def on_stage(self, stage: str) -> None:
        """The build moved on: "analysing", "writing" or "report.json" (commands.build.build's `on_stage`)."""
        self.stage = stage
        self._tick()

    def on_file(self, path: str) -> None:
        """A site file was rendered and handed to the writer (commands.build.build's `on_file`)."""
        self.files += 1
        self.current = path
        if self.stage != "report.json":
            self.stage = "writing"
        self._tick()

    # -- lifetime --------------------------------------------------------------------------------------

    def __enter__(self) -> BuildProgress:
        self._started = self._clock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the display before anything else is printed (a rich display disappears)."""
        if self._rich is not None:
            self._rich[0].stop()
            self._rich = None

    def status(self) -> str:
        if self.stage == "reading":
            return f"reading export {self.exports}: {self.current}"
        if self.stage == "analysing":
            return f"analysing {self.exports} export(s)"
        if self.stage == "writing":
            return f"writing the site: {self.files:,} file(s) so far ({self.current})"
        if self.stage == "report.json":
            return f"writing report.json ({self.files:,} file(s) written)"
        return "starting"

    @property
    def shown(self) -> bool:
        """Whether anything was displayed (the build took longer than the delay)."""
        return self._shown

    # -- showing ---------------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.mode == "quiet":
            return
        now = self._clock()
        if now - self._started < self.delay:
            return
        if self.mode == "rich":
            self._show_rich()
            return
        line = self.status()
        if line != self._last_line and now - self._last_time >= self.interval:
            self._shown = True
            self._last_line, self._last_time = line, now
            log.info("%s", line)

    def _show_rich(self) -> None:
        if self._rich is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            console = self._console or Console(file=self._stream or sys.stdout)
            columns = (SpinnerColumn(), TextColumn("{task.description}"),
                       TextColumn("[dim]{task.fields[exports]} export(s) read · {task.fields[files]:,} file(s)"),
                       TimeElapsedColumn())
            progress = Progress(*columns, console=console, transient=True, refresh_per_second=8)
            progress.start()
            self._rich = (progress, progress.add_task("building", exports=0, files=0))
            self._shown = True
        progress, task = self._rich
        progress.update(task, description=_RICH_LABELS.get(self.stage, "building"), exports=self.exports,
                        files=self.files)
