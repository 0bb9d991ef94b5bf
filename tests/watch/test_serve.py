"""The dev server on a random 127.0.0.1 port: site_url mount, 404 page, no escapes, serve-time injection."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watch_helpers import DEADLINE_S, wait_until, write_config

from followscope_site.errors import FollowScopeError
from followscope_site.watch import inject
from followscope_site.watch.server import SiteServer, make_server, parse_address
from followscope_site.watch.state import SiteState, mount_path


@pytest.fixture
def serve_site() -> Iterator[Callable[..., SiteServer]]:
    servers: list[SiteServer] = []

    def start(state: SiteState, *, livereload: bool = True) -> SiteServer:
        server = make_server(state, ("127.0.0.1", 0), livereload=livereload)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def get(server: SiteServer, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=DEADLINE_S)
    conn.request("GET", path)  # sent as written: no client-side normalisation of `..`
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "accounts").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><html><body><h1>Home</h1></body></html>")
    (root / "accounts" / "index.html").write_text("<html><body>Accounts</body></html>")
    (root / "about.html").write_text("<html><body>About</body></html>")
    (root / "404.html").write_text("<html><body>Custom not found</body></html>")
    (root / "report.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("outside")
    (root / "leak").symlink_to(tmp_path / "secret.txt")
    return root


def test_mount_path_follows_site_url() -> None:
    assert mount_path(None) == "/"
    assert mount_path("https://alice.github.io/followers") == "/followers/"
    assert mount_path("https://alice.github.io/a/b/") == "/a/b/"
    assert mount_path("https://example.org") == "/"


def test_parse_address() -> None:
    assert parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_address("[::1]:0") == ("::1", 0)
    assert parse_address(":9000") == ("127.0.0.1", 9000)


@pytest.mark.parametrize("address", ["127.0.0.1:8²", "127.0.0.1:٨٠", "127.0.0.1:70000", "127.0.0.1:"])
def test_parse_address_refuses_what_is_not_an_ascii_port(address: str) -> None:
    with pytest.raises(FollowScopeError):
        parse_address(address)


def test_site_url_subpath_index_directories_and_redirects(site: Path, serve_site) -> None:
    server = serve_site(SiteState(site, "/followers/"))
    assert server.url.endswith("/followers/")
    status, headers, _ = get(server, "/")
    assert status == 302 and headers["location"] == "/followers/"
    status, _, body = get(server, "/followers/")
    assert status == 200 and b"<h1>Home</h1>" in body
    status, headers, _ = get(server, "/followers/accounts")
    assert status == 301 and headers["location"] == "/followers/accounts/"
    status, _, body = get(server, "/followers/accounts/")
    assert status == 200 and b"Accounts" in body
    status, _, body = get(server, "/followers/about")  # GitHub Pages serves about.html for /about
    assert status == 200 and b"About" in body
    status, headers, _ = get(server, "/followers/report.json")
    assert status == 200 and headers["content-type"] == "application/json"
    assert headers["cache-control"] == "no-store"


def test_missing_pages_get_the_site_404_with_status_404(site: Path, serve_site) -> None:
    server = serve_site(SiteState(site, "/followers/"))
    for path in ("/followers/nope.html", "/followers/a/b/c/", "/elsewhere/page"):
        status, _, body = get(server, path)
        assert status == 404 and b"Custom not found" in body, path


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd", "/accounts/../../secret.txt",
    "/..%2fsecret.txt", "/leak", "/%5c..%5csecret.txt",
])
def test_no_path_escapes_the_site(site: Path, serve_site, path: str) -> None:
    server = serve_site(SiteState(site))
    status, _, body = get(server, path)
    assert status in (403, 404) and b"outside" not in body


def test_livereload_is_injected_only_when_serving(site: Path, serve_site) -> None:
    on_disk = (site / "index.html").read_bytes()
    server = serve_site(SiteState(site))
    status, _, body = get(server, "/")
    assert status == 200 and inject.SCRIPT_PATH.encode() in body
    assert body.index(inject.SCRIPT_PATH.encode()) < body.rindex(b"</body>")
    assert (site / "index.html").read_bytes() == on_disk  # the built file never carries dev code
    status, headers, script = get(server, inject.SCRIPT_PATH)
    assert status == 200 and headers["content-type"] == "text/javascript" and b"visibilitychange" in script
    _, _, data = get(server, "/report.json")
    assert inject.SCRIPT_PATH.encode() not in data
    quiet = serve_site(SiteState(site), livereload=False)
    _, _, body = get(quiet, "/")
    assert inject.SCRIPT_PATH.encode() not in body


def test_long_poll_answers_when_the_epoch_moves(site: Path, serve_site) -> None:
    state = SiteState(site)
    server = serve_site(state)
    result: list[bytes] = []
    poller = threading.Thread(target=lambda: result.append(get(server, f"{inject.POLL_PATH}?epoch=0")[2]))
    poller.start()
    assert wait_until(lambda: state.waiting == 1)  # the server holds the poll while nothing changes
    assert result == []
    state.finish(error=None)
    poller.join(DEADLINE_S)
    assert result == [b"1"]


def test_error_overlay_after_a_failed_build_until_the_next_good_one(site: Path, serve_site) -> None:
    state = SiteState(site)
    server = serve_site(state, livereload=False)
    state.finish(error="exports/ig.zip: <script>alert(1)</script> is not a zip")
    status, _, body = get(server, "/")
    assert status == 200 and b"followscope-build-error" in body and b"<h1>Home</h1>" in body
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body and b"<script>alert" not in body
    _, _, missing = get(server, "/nope")
    assert b"followscope-build-error" in missing
    state.finish(error=None)
    _, _, body = get(server, "/")
    assert b"followscope-build-error" not in body


def test_serve_session_end_to_end(project: Path, start_watch, serve_site) -> None:
    write_config(project, extra="site:\n  site_url: https://alice.github.io/followers/\n")
    running = start_watch()
    server = serve_site(running.session.state)
    status, _, body = get(server, "/followers/")
    assert status == 200 and inject.SCRIPT_PATH.encode() in body
    assert inject.SCRIPT_PATH.encode() not in (project / "site" / "index.html").read_bytes()
    status, _, _ = get(server, "/followers/report.json")
    assert status == 200
    write_config(project, "accounts: [\n")
    assert wait_until(lambda: running.session.failures >= 1)
    status, _, body = get(server, "/followers/")
    assert status == 200 and b"followscope-build-error" in body  # the old site, with the overlay
    write_config(project, extra="site:\n  site_url: https://alice.github.io/followers/\n")
    assert wait_until(lambda: running.session.state.error is None)
    _, _, body = get(server, "/followers/")
    assert b"followscope-build-error" not in body


def test_error_overlay_speaks_the_language_of_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def words(message: str) -> str:
        from followscope_site.site.locale import current_language

        seen.append(current_language())
        return f"[{message}]"

    monkeypatch.setattr(inject, "_", words)
    page = b'<!doctype html>\n<html lang="es" dir="ltr"><body><p>x</p></body></html>'
    body = inject.inject(page, epoch=None, error="config.yaml:3:1: <bad>")
    assert seen == ["es", "es"]
    assert b'lang="es"' in body and b"[FollowScope: the last rebuild failed]" in body
    assert b"&lt;bad&gt;" in body and b"<bad>" not in body  # the error stays escaped (and English)
    assert inject.page_language(b"<p>no html tag</p>") == "en"


def test_the_404_page_is_rooted_at_the_mount_before_its_csp() -> None:
    page = (b'<!doctype html><html><HEAD lang="x">\n'
            b'<meta http-equiv="Content-Security-Policy" content="base-uri \'none\'"><header>')
    assert inject.rooted(page, "/a b/") == page.replace(b'<HEAD lang="x">', b'<HEAD lang="x"><base href="/a b/">')
    assert inject.rooted(b"<p>no head</p>", "/") == b"<p>no head</p>"
    assert b'href="/&quot;x/"' in inject.rooted(b"<head>", '/"x/')
