"""`followscope serve`: watch, plus a local web server with live reload on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import webbrowser
from pathlib import Path

from followscope_site.config.schema import LoadedConfig
from followscope_site.log import get_logger
from followscope_site.watch.server import make_server, parse_address
from followscope_site.watch.session import WatchSession

log = get_logger("watch")


def serve(loaded: LoadedConfig, *, output: Path | None, address: str, open_browser: bool,
          livereload: bool, poll: bool, force: bool) -> None:
    """Build, serve the site as GitHub Pages would, and rebuild + reload on changes until Ctrl-C."""
    host_port = parse_address(address or "127.0.0.1:8000")
    session = WatchSession(loaded, output=output, poll=poll, force=force)
    server = make_server(session.state, host_port, livereload=livereload)  # bind first: a busy port fails fast
    thread: threading.Thread | None = None
    try:
        session.start()
        thread = threading.Thread(target=server.serve_forever, name="followscope-serve", daemon=True)
        thread.start()
        log.info("serving on %s%s", server.url, "" if livereload else " (live reload off)")
        if open_browser:
            webbrowser.open(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            session.run()
    finally:
        session.stop()
        if thread is not None:
            server.shutdown()
        server.server_close()
