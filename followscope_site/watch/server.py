"""The local web server: the site under its site_url path as GitHub Pages serves it, plus live reload.

Stdlib `ThreadingHTTPServer`; every request reads the current site folder from the shared
`SiteState`, so a rebuild swaps the site under a running server. No request path leaves the site
folder (`..`, encoded or not, and symbolic links pointing out are refused).
"""

from __future__ import annotations

import mimetypes
import os
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from followscope_site.errors import FollowScopeError
from followscope_site.log import get_logger
from followscope_site.watch import inject
from followscope_site.watch.state import SiteState

log = get_logger("watch")

DEFAULT_ADDRESS = "127.0.0.1:8000"
_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".js": "text/javascript",
          ".mjs": "text/javascript", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
          ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".webmanifest": "application/manifest+json"}


def parse_address(address: str) -> tuple[str, int]:
    """"HOST:PORT" (or "[::1]:PORT", ":PORT", "PORT") as (host, port); port 0 picks a free one."""
    text = address.strip()
    host, sep, port_text = text.rpartition(":")
    if not sep:
        host, port_text = "", text
    host = host.strip("[]") or "127.0.0.1"
    if not port_text.isdigit() or int(port_text) > 65535:
        raise FollowScopeError(None, f"bad server address {address!r}", "use HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port_text)


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def locate(root: Path, parts: list[str], trailing_slash: bool) -> tuple[str, Path | None]:
    """Map URL path parts to ("file", path) | ("redirect", None) | ("forbidden"|"missing"|"nosite", None)."""
    try:
        real_root = root.resolve(strict=True)
    except OSError:
        return "nosite", None
    if not real_root.is_dir():
        return "nosite", None
    candidate = Path(os.path.realpath(real_root.joinpath(*parts)))
    if not _inside(candidate, real_root):
        return "forbidden", None  # a symbolic link that points out of the site
    if candidate.is_dir():
        if parts and not trailing_slash:
            return "redirect", None
        candidate = Path(os.path.realpath(candidate / "index.html"))
    elif not candidate.exists() and parts and not trailing_slash:
        candidate = Path(os.path.realpath(real_root.joinpath(*parts[:-1], parts[-1] + ".html")))  # /about
    if not _inside(candidate, real_root):
        return "forbidden", None
    return ("file", candidate) if candidate.is_file() else ("missing", None)


class SiteServer(ThreadingHTTPServer):
    """The dev server; `state` says where the site is, its epoch and the last build error."""

    daemon_threads = True  # long-polls must not keep the process alive on Ctrl-C

    def __init__(self, address: tuple[str, int], state: SiteState, *, livereload: bool = True) -> None:
        self.state = state
        self.livereload = livereload
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SiteRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}{self.state.mount}"

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        log.debug("request from %s failed", client_address, exc_info=True)

    def shutdown(self) -> None:
        self.state.close()  # wakes every pending long-poll
        super().shutdown()


def make_server(state: SiteState, address: tuple[str, int] | str = DEFAULT_ADDRESS, *,
                livereload: bool = True) -> SiteServer:
    """The server, bound but not yet serving (call serve_forever in a thread); tests use port 0."""
    if isinstance(address, str):
        address = parse_address(address)
    try:
        return SiteServer(address, state, livereload=livereload)
    except OSError as exc:
        raise FollowScopeError(f"{address[0]}:{address[1]}", f"cannot listen there ({exc.strerror or exc})",
                               "pick another port with -a HOST:PORT (port 0 picks a free one)") from None


class SiteRequestHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "followscope-serve"

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    # -- routing ----------------------------------------------------------------------------------

    def _respond(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        path = split.path or "/"
        if path.startswith(inject.PREFIX):
            self._dev_endpoint(path, split.query, head)
            return
        state = self.server.state
        mount = state.mount
        if not path.startswith(mount):
            if path == "/" or path == mount.rstrip("/"):
                self._redirect(mount, HTTPStatus.FOUND)
            else:
                self._not_found(state.site_dir, head)
            return
        rel = unquote(path[len(mount):], errors="strict") if "%" in path else path[len(mount):]
        raw_parts = rel.split("/")
        if ".." in raw_parts or "\x00" in rel or "\\" in rel:
            self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden\n", "text/plain; charset=utf-8", head)
            return
        parts = [p for p in raw_parts if p not in ("", ".")]
        for attempt in range(3):  # the swap of a rebuilt site can race a request: look again, briefly
            kind, target = locate(state.site_dir, parts, path.endswith("/"))
            if kind == "file" and target is not None:
                try:
                    data = target.read_bytes()
                except OSError:
                    time.sleep(0.05)
                    continue
                self._send(HTTPStatus.OK, data, content_type(target), head)
                return
            if kind in ("missing", "nosite") and attempt == 0:
                time.sleep(0.05)
                continue
            break
        if kind == "redirect":
            self._redirect(mount + "".join(quote(p) + "/" for p in parts), HTTPStatus.MOVED_PERMANENTLY)
        elif kind == "forbidden":
            self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden\n", "text/plain; charset=utf-8", head)
        elif kind == "nosite":
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, inject.placeholder_page(state.error),
                       "text/html; charset=utf-8", head)
        else:
            self._not_found(state.site_dir, head)

    def _not_found(self, root: Path, head: bool) -> None:
        kind, page = locate(root, ["404.html"], False)
        if kind == "file" and page is not None:
            try:
                self._send(HTTPStatus.NOT_FOUND, page.read_bytes(), "text/html; charset=utf-8", head)
                return
            except OSError:
                pass
        self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain; charset=utf-8", head)

    def _dev_endpoint(self, path: str, query: str, head: bool) -> None:
        if path == inject.SCRIPT_PATH:
            self._send(HTTPStatus.OK, inject.LIVERELOAD_JS.encode(), "text/javascript", head, raw=True)
        elif path == inject.OVERLAY_CSS_PATH:
            self._send(HTTPStatus.OK, inject.OVERLAY_CSS.encode(), "text/css; charset=utf-8", head, raw=True)
        elif path == inject.POLL_PATH:
            values = parse_qs(query).get("epoch", [""])
            if not values[0].isdigit():
                self._send(HTTPStatus.BAD_REQUEST, b"epoch?\n", "text/plain", head, raw=True)
                return
            epoch = self.server.state.wait_for_change(int(values[0]), inject.POLL_TIMEOUT_S)
            self._send(HTTPStatus.OK, str(epoch).encode(), "text/plain", head, raw=True)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain", head, raw=True)

    # -- responses --------------------------------------------------------------------------------

    def _redirect(self, location: str, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, head: bool, *, raw: bool = False) -> None:
        if not raw and ctype.startswith("text/html"):
            state = self.server.state
            data = inject.inject(data, epoch=state.epoch if self.server.livereload else None, error=state.error)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")  # a reload must fetch the new build
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser left (a long-poll aborted when its tab was hidden)
