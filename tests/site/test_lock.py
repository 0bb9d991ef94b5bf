"""The output folder's lock: exclusive between open files (so between processes too), waits with a callback,
released when its holder lets go or dies."""

from __future__ import annotations

import errno
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.site import lock as lock_module
from followscope_site.site.lock import FileLock
from followscope_site.site.writer import OutputFile, SiteWriter


def test_a_second_holder_waits_until_the_first_lets_go(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    first.acquire()
    waiting = threading.Event()
    acquired = threading.Event()

    def take() -> None:
        second.acquire(on_wait=waiting.set)
        acquired.set()

    thread = threading.Thread(target=take)
    thread.start()
    assert waiting.wait(30) and not acquired.is_set()
    first.release()
    assert acquired.wait(30)
    thread.join(30)
    second.release()
    assert (tmp_path / "x.lock").exists()  # kept: deleting it would let a third process lock another file


def test_the_lock_of_a_killed_process_is_free(tmp_path: Path) -> None:
    child = ("import os, sys; from pathlib import Path; from followscope_site.site.lock import FileLock; "
             "FileLock(Path(sys.argv[1])).acquire(); os._exit(9)")
    done = subprocess.run([sys.executable, "-c", child, str(tmp_path / "x.lock")], timeout=60)
    assert done.returncode == 9
    lock = FileLock(tmp_path / "x.lock")
    lock.acquire(on_wait=lambda: pytest.fail("the dead process's lock was still held"))
    lock.release()


def test_a_file_system_that_cannot_lock_builds_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """Some network and FUSE mounts refuse flock (ENOLCK); there is none here to run, so the refusal is made."""
    def refuse(fd: int) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock_module, "_try_lock", refuse)
    (tmp_path / "exports").mkdir()
    loaded = LoadedConfig(path=tmp_path / "followscope.yaml",
                          config=Config.model_validate({"accounts": [{"exports": "exports"}]}))
    caplog.set_level(logging.WARNING, logger="followscope")
    SiteWriter(tmp_path / "site", loaded).write([OutputFile("index.html", b"x")])
    assert (tmp_path / "site" / "index.html").read_bytes() == b"x"
    assert any("cannot lock files" in r.getMessage() for r in caplog.records)
