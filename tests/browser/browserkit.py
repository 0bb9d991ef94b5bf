"""Helpers of the browser suite: synthetic exports, the CLI build, a subpath server and a request/console watch."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "examples"))
from instagram_export import InstagramExport  # noqa: E402

SUBPATH = "/followers/"
BIG = "instagram-bigcat"  # the big account's folder under accounts/
BIG_FOLLOWERS = 25_000
T0 = 1_600_000_000  # 2020-09-13
DAY = 86_400
FORMULA = '=HYPERLINK("https://evil.example/","x")'  # a note a spreadsheet would run, left unneutralised
LONG = "a.brand.handle.as.long.as.ig.1"  # Instagram's longest (30): one-sided, not following back
EVIL = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ 7*7 }}"]


def fan(i: int) -> str:
    return f"fan{i:05d}"


def big_lists() -> tuple[dict[str, int], dict[str, int]]:
    """(followers, following) as handle -> timestamp: 25,000 followers, every 10th followed back (mutuals),
    plus 301 one-way follows (one with a handle as long as Instagram allows) and 2 deleted accounts.

    Timestamps are shuffled by fixed strides, so handle, followed-date and follows-you-date orders all differ.
    """
    followers = {fan(i): T0 + ((i * 7919) % BIG_FOLLOWERS) * 600 for i in range(BIG_FOLLOWERS)}
    following = {fan(i): T0 + ((i * 104_729) % BIG_FOLLOWERS) * 900 for i in range(0, BIG_FOLLOWERS, 10)}
    following.update({f"idol{i:03d}": T0 + i * DAY for i in range(300)})
    following.update({"__deleted__a1b2c3": T0, "__deleted__d4e5f6": T0 + DAY})
    following[LONG] = T0 + 400 * DAY
    return followers, following


def big_export(folder: Path) -> Path:
    """big_lists() written as an unzipped Instagram export, newest first like Meta's."""
    followers, following = (sorted(d.items(), key=lambda pair: -pair[1]) for d in big_lists())
    return InstagramExport(followers=followers, following=following).write_folder(folder)


def hostile_facebook_export(folder: Path) -> Path:
    """A Facebook export whose display names (Facebook's identifiers, formats.md §3) are the payloads."""
    people = [{"name": text, "timestamp": T0 + i * DAY} for i, text in enumerate(EVIL)]
    plain = {"name": "Plain Friend", "timestamp": T0}
    files = {
        "connections/followers/people_who_followed_you.json": {"followers_v3": people[:3]},
        "connections/followers/who_you've_followed.json": {"following_v3": [*people[1:], plain]},
        "connections/friends/your_friends.json": {"friends_v2": [{"name": f"{EVIL[0]} pal", "timestamp": T0}]},
    }
    for name, value in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return folder


def build(config: dict[str, Any], workdir: Path, output: Path) -> Path:
    """Run `followscope build` on a config written into workdir; the site lands in output."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "followscope.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "followscope_site", "build", "-q", "-c", str(path), "-o", str(output)],
                          capture_output=True, text=True, cwd=workdir, timeout=120)
    assert done.returncode == 0, done.stderr
    return output


def demo_account() -> dict[str, Any]:
    sample = yaml.safe_load((ROOT / "sample_config.yaml").read_text(encoding="utf-8"))
    account = dict(sample["accounts"][0])
    account["exports"] = str(ROOT / account["exports"])
    return account


def big_account(folder: Path | None) -> dict[str, Any]:
    """The big account's config entry; with a folder, its export is written there first."""
    return {
        "exports": str(big_export(folder / "instagram-bigcat-2025-12-10")) if folder else "",
        "platform": "instagram", "handle": "bigcat", "label": "@bigcat",
        "allowlist": [f"idol{i:03d}" for i in range(0, 300, 3)],
        "tags": {fan(2502): ["+1", "@x", "-2"],
                 **{fan(i): ["close"] for i in range(1, BIG_FOLLOWERS, 997)},
                 **{fan(i): ["work"] for i in range(2, 3000, 101)},
                 **{f"idol{i:03d}": ["brand"] for i in range(0, 300, 7)}},
        "notes": {fan(2500): "Met at the conference.", fan(2501): FORMULA},
    }


@dataclass(frozen=True)
class Sites:
    main: Path  # demo + big account, default theme, built at a nested -o path
    paper: Path  # demo only, paper theme
    hostile: Path  # payloads in names, notes, tags and the title


class _SubpathHandler(SimpleHTTPRequestHandler):
    """Serves `directory` under SUBPATH only, as GitHub Pages serves a project site; everything else is 404."""

    def translate_path(self, path: str) -> str:
        url_path = unquote(urlsplit(path).path)
        if not url_path.startswith(SUBPATH):
            return str(Path(self.directory) / "\0missing")  # type: ignore[arg-type]
        return super().translate_path("/" + url_path[len(SUBPATH):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Server:
    origin: str  # http://127.0.0.1:PORT

    def url(self, relative: str = "") -> str:
        return self.origin + SUBPATH + relative


def serve(folder: Path) -> Iterator[Server]:
    handler = functools.partial(_SubpathHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Origin:
    """Where a site is opened from: `url(rel)` gives the address of a file of the site."""

    kind: str  # "file" or "http"
    folder: Path
    server: Server | None = None

    def url(self, relative: str = "") -> str:
        if self.server is not None:
            return self.server.url(relative)
        return self.folder.as_uri() + "/" + relative

    def inside(self, url: str) -> bool:
        """Is url a file of this site (the folder on disk, or origin + subpath)?"""
        return url.split("#")[0].startswith(self.url(""))


@dataclass
class Watch:
    """What a page did: console errors, page errors, dialogs, and requests aborted for leaving the site."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.errors.clear()
        self.outside.clear()
        self.dialogs.clear()


def _is_favicon(url: str) -> bool:
    return urlsplit(url).path == "/favicon.ico"


def watch_context(context: Any, inside: Callable[[str], bool]) -> Watch:
    """Abort and record every request that leaves the site; record console errors, page errors and dialogs."""
    watch = Watch()

    def route(r: Any) -> None:
        url = r.request.url
        if inside(url) or url.startswith("data:"):
            r.continue_()
        elif _is_favicon(url):
            r.abort()  # Chromium asks for /favicon.ico at the origin's root on its own (§3.2 pitfall 8)
        else:
            watch.outside.append(url)
            r.abort()

    context.route("**/*", route)

    def on_page(page: Any) -> None:
        def on_console(msg: Any) -> None:
            if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
                watch.errors.append(f"{page.url}: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: watch.errors.append(f"{page.url}: {exc}"))

        def on_dialog(dialog: Any) -> None:
            watch.dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    context.on("page", on_page)
    return watch


def static_rows(browser: Any, url: str) -> list[dict[str, str]]:
    """The rows of a list page as its HTML holds them (JavaScript off: the renderer's first page, not list.js's),
    each as column key (th[data-column]) -> the cell's text."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate("""() => {
          const keys = [...document.querySelectorAll(".list-table thead th[data-column]")]
            .map(th => th.getAttribute("data-column"));
          const text = cell => (cell.querySelector("[data-field=handle]") || cell).textContent.trim();
          return [...document.querySelectorAll(".list-table tbody tr")].map(tr => Object.fromEntries(
            [...tr.children].filter(cell => !cell.classList.contains("pick")).map((cell, i) => [keys[i], text(cell)])));
        }""")
    finally:
        context.close()


def by_words(page: Any, rows: list[dict[str, str]], key: str, desc: bool) -> list[str]:
    """The handles of rows (in handle order) in the order list.js promises for a text column: by the words the
    cells show, as the page's language orders them (the page's Intl.Collator), empty cells last either way, ties
    in handle order."""
    words = sorted({r[key] for r in rows if r[key]})
    ordered = page.evaluate("words => words.slice().sort(new Intl.Collator(document.documentElement.lang).compare)",
                            words)
    rank = {w: (-i if desc else i) for i, w in enumerate(ordered)}
    filled = sorted((rank[r[key]], i) for i, r in enumerate(rows) if r[key])
    return [rows[i]["handle"] for _, i in filled] + [r["handle"] for r in rows if not r[key]]
