"""`followscope serve` answers a missing URL at any depth with the site's 404 page, styled and with working
links (the page is built with links relative to the site's root)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from browserkit import Sites, watch_context

from followscope_site.watch.server import SiteServer, make_server
from followscope_site.watch.state import SiteState

pytestmark = pytest.mark.browser


@pytest.fixture(params=["/", "/followers/"])
def served(request: pytest.FixtureRequest, sites: Sites) -> Iterator[SiteServer]:
    server = make_server(SiteState(sites.main, request.param), ("127.0.0.1", 0), livereload=False)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_deep_missing_url_gets_a_working_404_page(browser: Any, served: SiteServer) -> None:
    context = browser.new_context()
    root = served.url  # http://127.0.0.1:PORT/ or …/followers/
    watch = watch_context(context, lambda url: url.startswith(root) or url.startswith(root.rstrip("/")))
    page = context.new_page()
    missing = root + "accounts/instagram-demo.account/nope/deeper/x.html"
    response = page.goto(missing)
    assert response is not None and response.status == 404
    assert page.evaluate("() => [...document.styleSheets].some(s => s.href && s.cssRules.length > 0)")
    links = page.locator("header a[href]").evaluate_all("links => links.map(a => a.href)")
    assert links and all(link.startswith(root) for link in links), links
    assert root + "index.html" in links or root in links
    for link in links:
        assert context.request.get(link).status == 200, link
    context.close()
    # the document's own 404 is the only error the console reports
    assert [e for e in watch.errors if "404" not in e] == []
    assert watch.outside == []
