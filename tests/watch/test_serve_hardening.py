"""The dev server against hostile clients: foreign Host headers, bursts, slow headers, bad encodings."""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from followscope_site.watch import inject
from followscope_site.watch import server as server_module
from followscope_site.watch.hosts import HostPolicy, is_private, split_host
from followscope_site.watch.server import SiteServer, make_server
from followscope_site.watch.state import SiteState


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<html><body>Home</body></html>")
    (root / "report.json").write_text('{"private": true}')
    return root


@pytest.fixture
def serve(site: Path) -> Iterator[Callable[..., SiteServer]]:
    servers: list[SiteServer] = []

    def start(host: str = "127.0.0.1") -> SiteServer:
        server = make_server(SiteState(site), (host, 0))
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def request(server: SiteServer, path: str, host: str | None = None, *, method: str = "GET") -> tuple[int, bytes]:
    """A request with exactly this Host header (None: the address the client connected to)."""
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_foreign_host_headers_are_refused(serve) -> None:
    server = serve()
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"localhost.:{port}"):
        assert request(server, "/report.json", host)[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", "localhost",
                 f"localhost:{port + 1}", f"[::1]:{port}", f"10.0.0.1:{port}", f"127.0.0.1:{port}@evil", "",
                 f"localhost:{port}:{port}", "[::1"):
        status, body = request(server, "/report.json", host)
        assert status == 421 and b"private" not in body, host
    for first, second in ((f"127.0.0.1:{port}", "evil.example"), ("evil.example", f"127.0.0.1:{port}")):
        with socket.create_connection(("127.0.0.1", port)) as sock:  # two Host headers: which one is meant?
            sock.sendall(f"GET /report.json HTTP/1.1\r\nHost: {first}\r\nHost: {second}\r\n\r\n".encode())
            assert sock.recv(100).startswith(b"HTTP/1.0 421")
    status, _ = request(server, f"{inject.POLL_PATH}?epoch=0", f"evil.example:{port}")
    assert status == 421  # the live-reload endpoints too
    assert request(server, "/", f"evil.example:{port}", method="HEAD")[0] == 421


def test_host_policy_of_an_all_interfaces_server() -> None:
    policy = HostPolicy("0.0.0.0", 8000)
    assert policy.allows("192.168.1.7:8000") and policy.allows("[fe80::1]:8000") and policy.allows("localhost:8000")
    assert policy.allows(f"{socket.gethostname()}:8000")
    assert not policy.allows("evil.example:8000") and not policy.allows("192.168.1.7:8001")
    assert split_host("[::1]:80") == ("::1", 80) and split_host("a:b") is None and split_host("[::1]x") is None
    assert HostPolicy("example.lan", 80).allows("example.lan")  # the name given with -a, default port


def test_serving_on_every_interface_warns(serve, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="followscope")
    serve("127.0.0.1")
    assert not caplog.records
    server = serve("0.0.0.0")
    assert any("every device" in r.getMessage() for r in caplog.records)
    assert request(server, "/", f"127.0.0.1:{server.server_address[1]}")[0] == 200
    assert is_private("localhost") and is_private("::1") and is_private("127.0.0.2")
    assert not is_private("0.0.0.0") and not is_private("::") and not is_private("192.168.1.7")


def test_a_burst_of_200_requests_is_all_answered(serve) -> None:
    server = serve()
    port = server.server_address[1]
    start = threading.Barrier(200)

    def one(_: int) -> int:
        start.wait()  # every connection opens at once: they queue in the listen backlog
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/report.json")
        status = conn.getresponse().status
        conn.close()
        return status

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses == [200] * 200


def _closed_within(sock: socket.socket, seconds: float, trickle: bool) -> bool:
    """Whether the server closes the connection before `seconds` pass (sending a byte now and then)."""
    deadline = time.monotonic() + seconds
    sock.settimeout(0.2)
    while time.monotonic() < deadline:
        try:
            if trickle:
                sock.sendall(b"X")
            data = sock.recv(4096)
            if not data or b"408" in data or data.startswith(b"HTTP/"):
                return True
        except TimeoutError:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


@pytest.mark.parametrize("trickle", [False, True])
def test_a_client_that_never_finishes_its_headers_is_dropped(serve, monkeypatch: pytest.MonkeyPatch,
                                                            trickle: bool) -> None:
    monkeypatch.setattr(server_module, "HEADER_TIMEOUT_S", 0.5)
    server = serve()
    port = server.server_address[1]
    slow = socket.create_connection(("127.0.0.1", port))
    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    try:
        assert _closed_within(slow, 30.0, trickle)
    finally:
        slow.close()
    assert request(server, "/")[0] == 200  # and the others were served all along


@pytest.mark.parametrize(("path", "status"), [
    ("/%ff", 400), ("/%C3%28.html", 400), ("/%E2%82", 400), ("/" + "a" * 5000, 404), ("/a/" * 3000, 404),
    ("/%zz", 404), ("/index.html%00", 403), ("/__followscope__/poll?epoch=" + "9" * 5000, 400),
    ("/__followscope__/poll?epoch=%C2%B2", 400),
])
def test_odd_paths_get_an_answer_not_a_closed_connection(serve, path: str, status: int) -> None:
    server = serve()
    assert request(server, path)[0] == status


def test_big_files_are_streamed_whole(serve, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "WHOLE_FILE_BYTES", 1024)
    data = bytes(range(256)) * 4096  # 1 MiB
    (site / "big.json").write_bytes(data)
    server = serve()
    status, body = request(server, "/big.json")
    assert status == 200 and body == data
    assert request(server, "/big.json", method="HEAD") == (200, b"")


def test_connections_beyond_the_limit_get_a_503_and_the_server_recovers(serve, monkeypatch) -> None:
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 3)
    server = serve()
    port = server.server_address[1]
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]  # three slow clients
    try:
        for sock in held:
            sock.sendall(b"GET / HTTP/1.1\r\n")
        extra = socket.create_connection(("127.0.0.1", port))
        extra.settimeout(30)
        assert extra.recv(100).startswith(b"HTTP/1.0 503")
        extra.close()
    finally:
        for sock in held:
            sock.close()
    # the held connections' threads end once they read the close; a busy machine may take a while to run them
    deadline = time.monotonic() + 60
    status = 0
    while time.monotonic() < deadline and (status := request(server, "/")[0]) != 200:
        time.sleep(0.05)
    threads = sorted(t.name for t in threading.enumerate())
    assert status == 200, f"free slots {server._slots._value}, threads {threads}"  # type: ignore[attr-defined]


def test_the_url_of_an_all_interfaces_server_opens_on_this_machine(serve) -> None:
    server = serve("0.0.0.0")
    assert server.url.startswith("http://127.0.0.1:")
