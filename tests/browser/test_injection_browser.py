"""Hostile export text in a real browser (issue #8): no dialog fires, no request leaves, payloads show as text.

The site is built from a Facebook export whose display names (Facebook's identifiers) are the payloads,
with more payloads in the config's title, label, notes and tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browserkit import EVIL, Origin, Sites, serve, watch_context

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

ACCOUNT = "accounts/facebook-victim"


@pytest.fixture(scope="module", params=["file", "http"])
def hostile(request: pytest.FixtureRequest, sites: Sites) -> Iterator[Origin]:
    if request.param == "file":
        yield Origin("file", sites.hostile)
    else:
        for server in serve(sites.hostile):
            yield Origin("http", sites.hostile, server)


def test_payloads_stay_text_on_every_page(browser: Any, hostile: Origin) -> None:
    context = browser.new_context()
    watch = watch_context(context, hostile.inside)
    page = context.new_page()
    seen_text = ""
    for path in sorted(hostile.folder.rglob("*.html")):
        page.goto(hostile.url(path.relative_to(hostile.folder).as_posix()))
        assert page.locator("img[src=x], main script, [onerror]").count() == 0
        seen_text += page.locator("body").inner_text()
        for link in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert not link.lower().lstrip().startswith(("javascript:", "data:")), (path, link)

    # The list built by list.js from the data scripts: payloads as text there too.
    page.goto(hostile.url(f"{ACCOUNT}/mutuals/index.html"))
    page.locator("#list-search").fill("alert")
    expect(page.locator(".list-status")).to_contain_text("3 of")
    expect(page.locator(".list-table tbody tr")).to_have_count(3)
    results = page.locator(".list-table").inner_text()
    context.close()
    for text in EVIL:
        assert text in seen_text, text
    assert EVIL[0] in results and EVIL[1].casefold() in results and EVIL[2] in results
    # {{ 7*7 }} was never evaluated: no "49" standing alone (paths such as /tmp/pytest-49/ and years such as
    # 2049 are other text)
    assert re.search(r"(?<![\w-])49(?![\w/])", seen_text) is None
    assert watch.dialogs == []
    assert watch.outside == []
    assert watch.errors == []
