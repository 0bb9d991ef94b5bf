"""Every page reachable from index.html loads without a console error, and every internal link and asset resolves.

Run from file:// and from a /followers/ subpath on 127.0.0.1; the site was written to a nested `-o` path, so
links are checked at depth. Route interception aborts and records any request leaving the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import Origin, Watch

pytestmark = pytest.mark.browser

# The page's own targets (profile links and articles are never requested: route interception checks that) and ids.
TARGETS = """base => [
  Array.from(document.querySelectorAll("a[href], link[href], script[src], img[src]"))
    .map(e => e.href || e.src).filter(u => u && u.startsWith(base)),
  Array.from(document.querySelectorAll("[id]")).map(e => e.id)]"""


def _resolves(url: str, origin: Origin, page: Any) -> bool:
    """A non-HTML target exists: on disk for file://, with a 200 through the server for http."""
    if origin.kind == "file":
        return Path(unquote(urlsplit(url).path)).is_file()
    return page.context.request.get(url).status == 200


def crawl(page: Any, watch: Watch, origin: Origin) -> tuple[set[str], list[str]]:
    """Visit every internal HTML page from index.html and 404.html; return (pages, problems)."""
    queue = [origin.url("index.html"), origin.url("404.html")]
    seen: set[str] = set(queue)
    assets: set[str] = set()
    problems: list[str] = []
    while queue:
        url = queue.pop()
        response = page.goto(url)
        if origin.kind == "http":
            assert response is not None
            if not response.ok:
                problems.append(f"{url}: HTTP {response.status}")
                continue
        targets, ids = page.evaluate(TARGETS, origin.url())
        for target in targets:
            bare, _, fragment = target.partition("#")
            if bare == url.partition("#")[0] and fragment and fragment not in ids:
                problems.append(f"{url}: no element with id {fragment!r}")
            if bare.endswith("/"):
                bare += "index.html"  # GitHub Pages serves index.html for a folder
            if bare.endswith(".html"):
                if bare not in seen:
                    seen.add(bare)
                    queue.append(bare)
            elif bare not in assets:
                assets.add(bare)
                if not _resolves(bare, origin, page):
                    problems.append(f"{url}: {target} does not resolve")
    return seen, problems


def test_crawl_every_page_loads_and_links_resolve(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    pages, problems = crawl(page, watch, origin)
    assert problems == []
    html_files = {p.relative_to(origin.folder).as_posix() for p in origin.folder.rglob("*.html")}
    visited = {unquote(u[len(origin.url("")):]) for u in pages}
    assert visited == html_files  # every page written is reachable
    assert watch.errors == []
    assert watch.outside == []
