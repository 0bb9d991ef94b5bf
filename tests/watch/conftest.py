"""Fixtures for the watch and serve tests: a project on disk and watch sessions that stop themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watch_helpers import DEADLINE_S, Running, write_config, write_export

from followscope_site.config.loader import load_config
from followscope_site.watch.session import WatchSession


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/followscope.yaml + tmp/exports/ig (one export); the site goes to tmp/site."""
    write_export(tmp_path / "exports" / "ig", ["ann", "bob"], ["bob", "cid"])
    write_config(tmp_path)
    return tmp_path


@pytest.fixture
def start_watch(project: Path) -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(**kwargs: object) -> Running:
        loaded = load_config(project / "followscope.yaml")
        session = WatchSession(loaded, **kwargs)  # type: ignore[arg-type]
        session.start()
        running = Running(session)
        running.thread.start()
        started.append(running)
        return running

    yield start
    for running in started:
        running.session.stop()
        running.thread.join(timeout=DEADLINE_S)  # a build under way finishes first
        assert not running.thread.is_alive()
