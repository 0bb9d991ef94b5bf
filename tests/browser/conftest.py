"""Browser-suite fixtures: the sites built once per session, a subpath server, and a watched page.

Every site is built through the real CLI. The main one holds the bundled demo plus a synthetic Instagram
account with 25,000 followers, so its lists span many pages of rows. It is
written to a nested `-o` path and served under /followers/ (a GitHub Pages project site) by a real
http.server on 127.0.0.1; the same folder is also opened from file://.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browserkit import (
    EVIL,
    Origin,
    Server,
    Sites,
    Watch,
    big_account,
    build,
    demo_account,
    hostile_facebook_export,
    serve,
    watch_context,
)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    base = tmp_path_factory.mktemp("browser-sites")
    demo = demo_account()
    site = {"title": "FollowScope demo"}
    main = build({"site": site, "accounts": [demo, big_account(base / "exports")]}, base / "main",
                 base / "out" / "deep" / "er" / "site")
    paper = build({"site": {"title": "FollowScope paper", "theme": "paper"}, "accounts": [demo]},
                  base / "paper", base / "paper-site")
    hostile_export = hostile_facebook_export(base / "exports" / "facebook-2025-12-10")
    hostile = build({
        "site": {"title": f"Evil {EVIL[0]}"},
        "accounts": [{
            "exports": str(hostile_export), "platform": "facebook", "handle": "victim", "label": EVIL[1],
            "tags": {"plain friend": [EVIL[0], EVIL[3]], EVIL[1].casefold(): [EVIL[2]]},
            "notes": {"plain friend": EVIL[2], EVIL[3]: EVIL[0]},
        }],
    }, base / "hostile", base / "hostile-site")
    return Sites(main, paper, hostile)


@pytest.fixture(scope="session")
def main_server(sites: Sites) -> Iterator[Server]:
    yield from serve(sites.main)


@pytest.fixture(scope="session", params=["file", "http"])
def origin(request: pytest.FixtureRequest, sites: Sites) -> Origin:
    if request.param == "file":
        return Origin("file", sites.main)
    return Origin("http", sites.main, request.getfixturevalue("main_server"))


@pytest.fixture
def site_page(browser: Any, origin: Origin) -> Iterator[tuple[Any, Watch, Origin]]:
    """A page in a fresh context watching origin's site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = watch_context(context, origin.inside)
    page = context.new_page()
    try:
        yield page, watch, origin
    finally:
        context.close()
