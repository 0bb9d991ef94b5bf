"""Builds in a child process: whatever a build does (crash, get killed mid-write, hang), the server lives on.

The hooks that make a child misbehave (watch_helpers.hold_mid_write, exit_hard) run in the child only, through
WatchSession.prepare; the test kills a held child itself through the process the session exposes. Every wait
is for an event with a generous deadline.
"""

from __future__ import annotations

import _thread
import http.client
import json
import multiprocessing
import signal
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from watch_helpers import DEADLINE_S, Running, exit_hard, hold_mid_write, site_files, wait_until, write_export

from followscope_site.config.loader import load_config
from followscope_site.watch.server import SiteServer, make_server
from followscope_site.watch.session import WatchSession
from followscope_site.watch.state import SiteState


@pytest.fixture
def serve() -> Iterator[object]:
    servers: list[SiteServer] = []

    def start(state: SiteState) -> SiteServer:
        server = make_server(state, ("127.0.0.1", 0), livereload=False)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def get(server: SiteServer, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=DEADLINE_S)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def _followers(project: Path) -> list[str]:
    report = json.loads((project / "site" / "report.json").read_text(encoding="utf-8"))
    return sorted(e["handle"] for a in report["accounts"] for e in a["categories"].get("mutuals", []) +
                  a["categories"].get("fans", []))


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]


def test_a_build_killed_while_writing_leaves_the_old_site_served(project: Path, start_watch, serve, caplog,
                                                                  tmp_path: Path) -> None:
    running: Running = start_watch()
    session = running.session
    server = serve(session.state)
    before = site_files(project / "site")
    status, home = get(server, "/")
    assert status == 200 and home == before["index.html"]
    caplog.set_level("INFO", logger="followscope.watch")
    marker = tmp_path / "staged"
    session.prepare = partial(hold_mid_write, str(marker))
    write_export(project / "exports" / "ig", ["ann", "bob", "new"], ["bob", "cid"])
    assert wait_until(marker.exists)  # the child has staged a file of the new site and hangs there
    child = session.build_process
    assert child is not None and child.pid != multiprocessing.current_process().pid
    assert get(server, "/") == (200, home) and site_files(project / "site") == before
    child.kill()
    assert wait_until(lambda: session.failures == 1 and not session.busy)
    crashed = [e for e in _errors(caplog) if "build crashed" in e]
    assert len(crashed) == 1 and ("signal" in crashed[0] or "exit code" in crashed[0])
    assert session.state.error and "build crashed" in session.state.error
    assert running.thread.is_alive()
    assert site_files(project / "site") == before  # complete, unchanged
    assert get(server, "/report.json") == (200, before["report.json"])
    status, body = get(server, "/")
    assert status == 200 and b"followscope-build-error" in body  # the old site, with the error overlay
    session.prepare = None
    write_export(project / "exports" / "ig", ["ann", "bob", "newer"], ["bob", "cid"])
    assert wait_until(lambda: session.state.error is None and "newer" in _followers(project))
    assert session.failures == 1
    status, body = get(server, "/report.json")
    assert status == 200 and b"newer" in body


def test_a_build_that_ends_its_process_is_one_error_line(project: Path, start_watch, caplog) -> None:
    running: Running = start_watch()
    session = running.session
    before = site_files(project / "site")
    caplog.set_level("INFO", logger="followscope.watch")
    session.prepare = exit_hard
    write_export(project / "exports" / "ig", ["ann", "bob", "dee"], ["bob", "cid"])
    assert wait_until(lambda: session.failures == 1 and not session.busy)
    assert [e for e in _errors(caplog) if "build crashed" in e] == [
        "build crashed: exit code 70 (the build process ended without a result; the next change builds again)"]
    assert site_files(project / "site") == before
    session.prepare = None
    running.barrier()  # a change (the config) builds again, in a new child
    assert session.state.error is None and "dee" in _followers(project)


def test_stop_ends_the_build_under_way_and_the_spare(project: Path, tmp_path: Path) -> None:
    session = WatchSession(load_config(project / "followscope.yaml"))
    session.start()
    running = Running(session)
    running.thread.start()
    marker = tmp_path / "staged"
    session.prepare = partial(hold_mid_write, str(marker))
    write_export(project / "exports" / "ig", ["ann", "eve"], ["bob"])
    assert wait_until(marker.exists)
    children = session.builder.processes
    assert children and all(p.is_alive() for p in children)
    session.stop()
    running.thread.join(DEADLINE_S)
    assert not running.thread.is_alive()
    assert all(p.exitcode is not None for p in children)  # ended and reaped: no orphan
    assert not set(multiprocessing.active_children()) & set(children)
    assert session.builder.processes == []
    assert session.failures == 0  # stopping is not a failed build


def test_ctrl_c_during_a_build_ends_its_process(project: Path, tmp_path: Path) -> None:
    """Ctrl-C reaches the thread that waits for the build (the main thread of `followscope watch`)."""
    session = WatchSession(load_config(project / "followscope.yaml"))
    session.start()
    marker = tmp_path / "staged"
    session.prepare = partial(hold_mid_write, str(marker))
    write_export(project / "exports" / "ig", ["ann", "fay"], ["bob"])
    seen: list[object] = []

    def interrupt() -> None:
        if wait_until(marker.exists):
            seen.extend(session.builder.processes)
        _thread.interrupt_main()  # what Ctrl-C does to the main thread (also when the marker never came)

    # A process started in the background by a shell ignores SIGINT, and interrupt_main() then does nothing:
    # give this test Python's own handler, as a terminal's `followscope watch` has.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    threading.Thread(target=interrupt, daemon=True).start()
    try:
        with pytest.raises(KeyboardInterrupt):
            session.rebuild([str(project / "exports")])
        assert seen and all(p.exitcode is not None for p in seen)  # the held build was ended on the way out
        assert session.builder.processes == []  # and no spare was started for a watch that is ending
    finally:
        signal.signal(signal.SIGINT, previous)
        session.stop()


def test_child_log_records_reach_the_watch_log(project: Path, start_watch, caplog) -> None:
    """What the build logs in its child (here the writer, waiting for the output folder's lock) is logged here."""
    from followscope_site.site.lock import FileLock
    from followscope_site.site.swap import Siblings

    running: Running = start_watch()
    caplog.set_level("INFO", logger="followscope")
    lock = FileLock(Siblings((project / "site").resolve()).lock)
    lock.acquire()
    try:
        write_export(project / "exports" / "ig", ["ann", "gil"], ["bob"])
        assert wait_until(lambda: any(r.name == "followscope.writer" and "another build" in r.getMessage()
                                      for r in caplog.records))
        assert running.session.build_process is not None  # still waiting for the lock, in its child
    finally:
        lock.release()
    assert wait_until(lambda: "gil" in _followers(project) and not running.session.busy)
    assert running.session.failures == 0
