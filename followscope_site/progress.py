"""Build progress for builds that take more than a second: rich on a terminal, log lines otherwise, or nothing.

The pipeline knows nothing of this: the CLI creates a BuildProgress and passes its bound methods as the
build's callbacks (`on_export`, `on_file`). Callbacks only record the latest state (a few attribute writes, so
a million files cost nothing measurable); a timer thread shows that state once the build has run for
`delay` seconds, so a quick build prints nothing extra.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, Literal, TextIO

from followscope_site.log import get_logger

Mode = Literal["rich", "plain", "quiet"]
log = get_logger("progress")


def choose_mode(quiet: bool, stream: TextIO | None = None) -> Mode:
    """quiet with -q; rich on an interactive terminal; plain lines in CI, pipes and TERM=dumb."""
    if quiet:
        return "quiet"
    stream = stream if stream is not None else sys.stderr
    interactive = hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM", "") != "dumb"
    return "rich" if interactive else "plain"


class BuildProgress:
    """Exports read and files written, shown after `delay` s; use as a context manager around the build."""

    def __init__(self, mode: Mode, *, delay: float = 1.0, interval: float = 5.0, stream: TextIO | None = None,
                 console: Any = None) -> None:
        self.mode = mode
        self.delay = delay
        self.interval = interval  # plain mode: seconds between two log lines
        self.exports = 0
        self.files = 0
        self.current = ""
        self.stage = "starting"
        self._stream = stream
        self._console = console  # a rich Console, for tests; else one on `stream` (stderr)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    @classmethod
    def for_cli(cls, quiet: bool, stream: TextIO | None = None) -> BuildProgress:
        return cls(choose_mode(quiet, stream), stream=stream)

    # -- the callbacks the build calls -----------------------------------------------------------------

    def on_export(self, source: str) -> None:
        """An export is about to be read (commands.build.build's `on_export`); -v also logs it."""
        log.debug("reading %s", source)
        self.exports += 1
        self.current = source
        self.stage = "reading"

    def on_stage(self, stage: str) -> None:
        """The build moved on: "analysing", "writing" or "report.json" (commands.build.build's `on_stage`)."""
        self.stage = stage

    def on_file(self, path: str) -> None:
        """A site file was rendered and handed to the writer (commands.build.build's `on_file`)."""
        self.files += 1
        self.current = path
        if self.stage != "report.json":
            self.stage = "writing"

    # -- lifetime --------------------------------------------------------------------------------------

    def __enter__(self) -> BuildProgress:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        if self.mode == "quiet" or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="followscope-progress", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the display (a rich display disappears; the CLI's summary line follows)."""
        self._done.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

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

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return  # finished within the delay: show nothing
        self._shown = True
        if self.mode == "rich":
            self._run_rich()
        else:
            self._run_plain()

    def _run_plain(self) -> None:
        last = ""
        while True:
            line = self.status()
            if line != last:
                log.info("%s", line)
                last = line
            if self._done.wait(self.interval):
                return

    def _run_rich(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = self._console or Console(file=self._stream or sys.stderr)
        columns = (SpinnerColumn(), TextColumn("{task.description}"),
                   TextColumn("[dim]{task.fields[exports]} export(s) read · {task.fields[files]:,} file(s)"),
                   TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True, refresh_per_second=8) as progress:
            task = progress.add_task("building", exports=0, files=0)
            while not self._done.wait(0.125):
                description = {"reading": "reading exports", "analysing": "analysing",
                               "writing": "writing the site", "report.json": "writing report.json"
                               }.get(self.stage, "building")
                progress.update(task, description=description, exports=self.exports, files=self.files)

    @property
    def shown(self) -> bool:
        """Whether anything was displayed (the build took longer than the delay)."""
        return self._shown
