"""A real browser sees `followscope serve` reload the page after an export changes (under the pages' CSP)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from watch_helpers import DEADLINE_S, write_export

from followscope_site.watch.server import make_server

pytestmark = pytest.mark.browser


def test_page_reloads_after_a_change(project: Path, start_watch, page) -> None:  # type: ignore[no-untyped-def]
    running = start_watch()
    server = make_server(running.session.state, ("127.0.0.1", 0))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        with page.expect_request(lambda r: "/__followscope__/poll" in r.url, timeout=DEADLINE_S * 1000):
            page.goto(server.url)
        with page.expect_event("load", timeout=DEADLINE_S * 1000):
            write_export(project / "exports" / "ig", ["ann", "bob", "new.fan"], ["bob", "cid"])
        assert running.session.failures == 0
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        server.shutdown()
        server.server_close()
