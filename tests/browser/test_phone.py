"""Phones (390 px): no page of the site scrolls sideways, no cell runs off the screen, handles stay whole;
and a list shows only the columns its rows fill, so it sorts only by those."""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import BIG, LONG, Origin, Sites

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTH = 390
DEMO = "accounts/instagram-demo.account"

# Elements whose right edge passes the screen (outside a box of their own that scrolls), and handle links drawn
# on more than one line or cut short.
PROBLEMS = """width => {
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (p.scrollWidth > p.clientWidth && getComputedStyle(p).overflowX !== "visible") return true; } return false; };
  const off = Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5 && !scrolls(e))
    .map(e => e.tagName + "." + e.className);
  const broken = Array.from(document.querySelectorAll(".list-table [data-field=handle]"))
    .filter(a => a.getClientRects().length !== 1 || a.scrollWidth > a.clientWidth).map(a => a.textContent);
  return {off: off.slice(0, 5), broken: broken.slice(0, 5)};
}"""


def test_no_page_scrolls_sideways_at_390_px(browser: Any, sites: Sites) -> None:
    """Every page of the site, as written (lists with their data in, search with results)."""
    origin = Origin("file", sites.main)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    found = {}
    pages = sorted(p.relative_to(origin.folder).as_posix() for p in origin.folder.rglob("*.html"))
    for relative in [*pages, "search.html?q=anna", f"accounts/{BIG}/not_following_back/index.html?sort=followed_at"]:
        page.goto(origin.url(relative))
        for state in ("[data-list]", "[data-search]"):
            if page.locator(state).count():
                expect(page.locator(state)).to_have_attribute("data-state", "ready")
        width = page.evaluate("document.documentElement.scrollWidth")
        problems = page.evaluate(PROBLEMS, WIDTH)
        if width > WIDTH or problems["off"] or problems["broken"]:
            found[relative] = (width, problems)
    context.close()
    assert len(pages) > 50 and found == {}


def test_the_longest_handle_stays_whole_on_a_phone(browser: Any, sites: Sites) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(Origin("file", sites.main).url(f"accounts/{BIG}/not_following_back/index.html?q={LONG}"))
    link = page.locator(".list-table [data-field=handle]")
    expect(link).to_have_text([LONG])
    assert link.evaluate("a => a.getClientRects().length") == 1
    expect(link).to_have_attribute("title", LONG)  # the whole handle, also where a theme cuts it short
    context.close()


@pytest.mark.parametrize(("relative", "empty", "kept"), [
    (f"{DEMO}/not_following_back/index.html", "follows_you_since", "followed_at"),  # nobody follows you
    (f"{DEMO}/fans/index.html", "followed_at", "follows_you_since"),  # you follow nobody
])
def test_a_column_no_row_fills_is_not_drawn_nor_sorted_by(browser: Any, sites: Sites, relative: str, empty: str,
                                                          kept: str) -> None:
    page = browser.new_page()
    origin = Origin("file", sites.main)
    page.goto(origin.url(f"{relative}?sort={empty}"))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    expect(page.locator(f"th[data-column={empty}]")).to_have_count(0)
    expect(page.locator(f"td[data-label] time[data-field={empty}]")).to_have_count(0)
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "ascending")  # not a sort here
    expect(page.locator(f"th[data-column={kept}]")).to_have_count(1)
    page.close()
