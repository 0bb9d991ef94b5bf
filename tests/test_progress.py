"""Build progress: silent for quick builds and with -q, log lines off a terminal, a rich display on one."""

from __future__ import annotations

import io
import logging
import time

import pytest
from rich.console import Console

from followscope_site.progress import BuildProgress, choose_mode


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_mode_follows_quiet_and_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    assert choose_mode(True, _Tty()) == "quiet"
    assert choose_mode(False, _Tty()) == "rich"
    assert choose_mode(False, io.StringIO()) == "plain"
    monkeypatch.setenv("TERM", "dumb")
    assert choose_mode(False, _Tty()) == "plain"


def test_quick_build_shows_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="followscope")
    with BuildProgress("plain", delay=5.0) as progress:
        progress.on_export("exports/a.zip")
        progress.on_file("index.html")
    assert not progress.shown and caplog.records == []


def test_plain_lines_after_the_delay(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="followscope")
    with BuildProgress("plain", delay=0.01, interval=0.02) as progress:
        progress.on_export("exports/instagram-x-2025-12-10-abc.zip")
        time.sleep(0.1)
        for i in range(3):
            progress.on_file(f"accounts/x/fans/page-{i}.html")
        time.sleep(0.1)
    messages = [r.getMessage() for r in caplog.records]
    assert progress.shown
    assert "reading export 1: exports/instagram-x-2025-12-10-abc.zip" in messages
    assert any(m.startswith("writing the site: 3 file(s)") for m in messages)
    assert len(messages) == len(set(messages))  # an unchanged state is not repeated


def test_rich_display_counts_and_quiet_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with BuildProgress("rich", delay=0.0, console=console) as progress:
        progress.on_export("exports/a.zip")
        progress.on_file("index.html")
        time.sleep(0.3)
    assert "1 export(s) read" in out.getvalue()
    caplog.set_level(logging.INFO, logger="followscope")  # -v debug lines are the logger's business
    with BuildProgress("quiet", delay=0.0) as quiet:
        quiet.on_export("exports/a.zip")
        time.sleep(0.05)
    assert not quiet.shown and caplog.records == []
