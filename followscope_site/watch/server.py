"""The local web server: the site under its site_url path as GitHub Pages serves it, plus live reload.

Stdlib `ThreadingHTTPServer`; every request reads the current site folder from the shared
`SiteState`, so a rebuild swaps the site under a running server. No request path leaves the site
folder (`..`, encoded or not, and symbolic links pointing out are refused); only Host headers that name
the server are answered (watch/hosts.py); a client gets HEADER_TIMEOUT_S to send its request line and
headers, and a deep listen backlog, so neither slow nor many clients lock others out.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import shutil
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from followscope_site.errors import FollowScopeError
from followscope_site.log import get_logger
from followscope_site.watch import inject
from followscope_site.watch.hosts import HostPolicy, is_private
from followscope_site.watch.state import SiteState

log = get_logger("watch")

DEFAULT_ADDRESS = "127.0.0.1:8000"
HEADER_TIMEOUT_S = 10.0  # to send the request line and every header, however slowly the bytes come
IDLE_TIMEOUT_S = 30.0  # for any one read or write afterwards (a long-poll waits on the build, not the socket)
BACKLOG = 1024  # connections the kernel queues before accept (the stdlib's 5 drops a page's burst of requests)
MAX_CONNECTIONS = 256  # handler threads at once
WHOLE_FILE_BYTES = 8 * 1024 * 1024  # bigger files are streamed
CHUNK_BYTES = 256 * 1024
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
    if not (port_text.isascii() and port_text.isdigit()) or int(port_text) > 65535:
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
    try:
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
    except (OSError, ValueError):  # a name too long for the file system, or one it cannot hold
        return "missing", None


class SiteServer(ThreadingHTTPServer):
    """The dev server; `state` says where the site is, its epoch and the last build error."""

    daemon_threads = True  # long-polls must not keep the process alive on Ctrl-C
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], state: SiteState, *, livereload: bool = True) -> None:
        self.state = state
        self.livereload = livereload
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, SiteRequestHandler)
        self.hosts = HostPolicy(address[0], self.server_address[1])  # the port it got, when asked for 0

    @property
    def url(self) -> str:
        """Where a browser on this machine opens the site (a wildcard address is no place to open)."""
        host, port = self.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(str(host), str(host))
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.state.mount}"

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A thread per connection, up to MAX_CONNECTIONS at once; beyond that a short 503, never a stall of
        the accept loop (which would also hold up shutdown)."""
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n\r\n")
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

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
        server = SiteServer(address, state, livereload=livereload)
    except OSError as exc:
        raise FollowScopeError(f"{address[0]}:{address[1]}", f"cannot listen there ({exc.strerror or exc})",
                               "pick another port with -a HOST:PORT (port 0 picks a free one)") from None
    if not is_private(address[0]):
        log.warning("serving on %s: every device that can reach this machine can read the site, which shows "
                    "the handles of your followers (serve on 127.0.0.1 to keep it private)", server.url)
    return server


class _HeaderDeadline(io.RawIOBase):
    """The connection's reads, each given only the time left until the handler's header deadline.

    A per-read timeout alone lets a client that sends a byte now and then hold a thread for ever.
    """

    def __init__(self, handler: SiteRequestHandler) -> None:
        self.handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        connection = self.handler.connection
        deadline = self.handler.header_deadline
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request headers took too long")
            connection.settimeout(min(left, IDLE_TIMEOUT_S))
        else:
            connection.settimeout(IDLE_TIMEOUT_S)
        return connection.recv_into(buffer)


class SiteRequestHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "followscope-serve"
    timeout = IDLE_TIMEOUT_S
    header_deadline: float | None = None
    _sent = False  # a response was started: an error found later can no longer answer

    def setup(self) -> None:
        super().setup()
        self.header_deadline = time.monotonic() + HEADER_TIMEOUT_S
        self.rfile = io.BufferedReader(_HeaderDeadline(self))

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.header_deadline = None  # the headers are in (or refused): the idle timeout applies from here
        return parsed

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def _handle(self, *, head: bool) -> None:
        hosts = self.headers.get_all("Host") or [None]
        if len(hosts) > 1 or not self.server.hosts.allows(hosts[0]):
            # DNS rebinding: a page of another site that named this server by its own domain (watch/hosts.py)
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"421 Misdirected Request: unknown Host\n",
                       "text/plain; charset=utf-8", head, raw=True)
            return
        self._sent = False
        try:
            self._respond(head=head)
        except (UnicodeDecodeError, ValueError):  # bad percent-encoding (`%ff`), a malformed path
            if not self._sent:
                self._send(HTTPStatus.BAD_REQUEST, b"400 Bad Request\n", "text/plain; charset=utf-8", head,
                           raw=True)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            raise
        except Exception:  # a bug answers 500, not a closed connection
            log.debug("request %r failed", self.path, exc_info=True)
            if not self._sent:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"500 Internal Server Error\n",
                           "text/plain; charset=utf-8", head, raw=True)

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
                    self._send_file(target, head)
                except OSError:
                    if self._sent:
                        return  # failed halfway through the body: the client sees a short response
                    time.sleep(0.05)
                    continue
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

    def _send_file(self, path: Path, head: bool) -> None:
        """Send a site file: read whole when small or HTML (the live-reload script goes in), else in chunks, so
        that many clients fetching a big report.json at once cost a chunk each, not the file each."""
        ctype = content_type(path)
        with path.open("rb") as source:
            size = os.fstat(source.fileno()).st_size
            if size <= WHOLE_FILE_BYTES or ctype.startswith("text/html"):
                self._send(HTTPStatus.OK, source.read(), ctype, head)
                return
            self._sent = True
            try:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(size))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                self.end_headers()
                if not head:
                    shutil.copyfileobj(source, self.wfile, CHUNK_BYTES)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _not_found(self, root: Path, head: bool) -> None:
        kind, page = locate(root, ["404.html"], False)
        if kind == "file" and page is not None:
            try:
                body = inject.rooted(page.read_bytes(), self.server.state.mount)
                self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head)
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
            if not (values[0].isascii() and values[0].isdigit() and len(values[0]) <= 18):
                self._send(HTTPStatus.BAD_REQUEST, b"epoch?\n", "text/plain", head, raw=True)
                return
            epoch = self.server.state.wait_for_change(int(values[0]), inject.POLL_TIMEOUT_S)
            self._send(HTTPStatus.OK, str(epoch).encode(), "text/plain", head, raw=True)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain", head, raw=True)

    # -- responses --------------------------------------------------------------------------------

    def _redirect(self, location: str, status: HTTPStatus) -> None:
        self._sent = True
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, head: bool, *, raw: bool = False) -> None:
        if not raw and ctype.startswith("text/html"):
            state = self.server.state
            data = inject.inject(data, epoch=state.epoch if self.server.livereload else None, error=state.error)
        self._sent = True
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
