"""Build progress: silent for quick builds and with -q, lines on stdout off a terminal, rich on one.

The display is driven by the build's callbacks and a clock, so these tests move a clock by hand instead of
sleeping: they do not depend on how fast the machine is.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from followscope_site.progress import DELAY_VARIABLE, BuildProgress, choose_mode, delay_from_environment

ROOT = Path(__file__).resolve().parent.parent


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_mode_follows_quiet_and_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    assert choose_mode(True, _Tty()) == "quiet"
    assert choose_mode(False, _Tty()) == "rich"
    assert choose_mode(False, io.StringIO()) == "plain"
    monkeypatch.setenv("TERM", "dumb")
    assert choose_mode(False, _Tty()) == "plain"


@pytest.mark.parametrize(("raw", "delay"), [("0", 0.0), ("2.5", 2.5), ("", 1.0), ("soon", 1.0), ("-1", 1.0),
                                            ("inf", 1.0), ("nan", 1.0)])
def test_delay_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, delay: float) -> None:
    monkeypatch.setenv(DELAY_VARIABLE, raw)
    assert delay_from_environment() == delay


def test_quick_build_shows_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="followscope")
    clock = _Clock()
    with BuildProgress("plain", delay=1.0, clock=clock) as progress:
        progress.on_export("exports/a.zip")
        clock.now += 0.5
        progress.on_file("index.html")
    assert not progress.shown and caplog.records == []


def test_plain_lines_after_the_delay_and_at_most_one_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="followscope")
    clock = _Clock()
    with BuildProgress("plain", delay=1.0, interval=5.0, clock=clock) as progress:
        progress.on_export("exports/instagram-x-2025-12-10-abc.zip")  # within the delay: nothing
        clock.now += 1.0
        progress.on_stage("analysing")  # past the delay: shown
        progress.on_file("accounts/x/fans/page-1.html")  # within the interval: not yet
        clock.now += 5.0
        for i in range(2, 4):
            progress.on_file(f"accounts/x/fans/page-{i}.html")  # the first of them is shown
        clock.now += 5.0
        progress.on_stage("writing")  # three files now: shown
        clock.now += 5.0
        progress.on_stage("writing")  # nothing new: not repeated
    messages = [r.getMessage() for r in caplog.records]
    assert progress.shown
    assert messages == ["analysing 1 export(s)",
                        "writing the site: 2 file(s) so far (accounts/x/fans/page-2.html)",
                        "writing the site: 3 file(s) so far (accounts/x/fans/page-3.html)"]


def test_rich_display_on_the_terminal_and_quiet_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with BuildProgress("rich", delay=0.0, console=console) as progress:
        progress.on_export("exports/a.zip")
        progress.on_file("index.html")
    assert progress.shown and "1 export(s) read" in out.getvalue()
    caplog.set_level(logging.INFO, logger="followscope")  # -v debug lines are the logger's business
    with BuildProgress("quiet", delay=0.0) as quiet:
        quiet.on_export("exports/a.zip")
    assert not quiet.shown and caplog.records == []


def test_progress_goes_to_stdout_and_the_error_alone_to_stderr(tmp_path: Path) -> None:
    """A failing build that shows progress from its first step: stderr is exactly the error line."""
    lists = tmp_path / "exports" / "ig" / "connections" / "followers_and_following"
    lists.mkdir(parents=True)
    (lists / "followers_1.json").write_text("[]", encoding="utf-8")
    (lists / "following.json").write_text('{"relationships_following": [', encoding="utf-8")
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports/ig\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), DELAY_VARIABLE: "0"}
    result = subprocess.run([sys.executable, "-m", "followscope_site", "build"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["reading export 1: exports/ig"]
    assert result.stderr.splitlines() == [
        "followscope: error: exports/ig/connections/followers_and_following/following.json: JSON ends too early "
        "(the file is cut off) (download the export again; the file may be cut off or edited)"]


def test_a_build_kept_waiting_then_failing_leaves_the_error_alone_on_stderr(tmp_path: Path) -> None:
    """A build slow on purpose: another build holds the output folder's lock, so this one waits (and says so
    on stdout) for as long as the test likes; then it reads a broken export and fails. Whatever was shown
    meanwhile, stderr is exactly the one error line."""
    from followscope_site.site.lock import FileLock
    from followscope_site.site.swap import Siblings

    lists = tmp_path / "exports" / "ig" / "connections" / "followers_and_following"
    lists.mkdir(parents=True)
    (lists / "followers_1.json").write_text("[]", encoding="utf-8")
    (lists / "following.json").write_text('{"relationships_following": [', encoding="utf-8")
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports/ig\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    lock = FileLock(Siblings((tmp_path / "site").resolve()).lock)
    lock.acquire()
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the default progress delay: the wait outlasts it
    with out.open("w") as stdout, err.open("w") as stderr:
        build = subprocess.Popen([sys.executable, "-m", "followscope_site", "build"], cwd=tmp_path, env=env,
                                 stdout=stdout, stderr=stderr)
        try:
            deadline = time.monotonic() + 60
            while "another build is writing" not in out.read_text() and time.monotonic() < deadline:
                assert build.poll() is None, err.read_text()
                time.sleep(0.05)
            assert "another build is writing" in out.read_text()
            assert err.read_text() == ""  # waiting is progress, never on stderr
        finally:
            lock.release()
        assert build.wait(timeout=120) == 1
    assert err.read_text().splitlines() == [
        "followscope: error: exports/ig/connections/followers_and_following/following.json: JSON ends too early "
        "(the file is cut off) (download the export again; the file may be cut off or edited)"]
