"""Phones (390 px): no page of the site scrolls sideways, no cell runs off the screen or out of its card, handles
stay whole; a list shows only the columns its rows fill, so it sorts only by those, with sort buttons and a
select-all box a finger can reach; no control the keyboard reaches is invisible; words in guides stay whole."""

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
  const boxes = Array.from(document.querySelectorAll(".card, .list-tools"));
  const outside = boxes.flatMap(box => { const b = box.getBoundingClientRect();
    return Array.from(box.querySelectorAll("*")).filter(e => { const r = e.getBoundingClientRect();
      return e.getClientRects().length && !scrolls(e) && (r.right > b.right + 0.5 || r.left < b.left - 0.5); })
    .map(e => box.className + " > " + e.tagName + "." + e.className); });
  return {off: off.slice(0, 5), broken: broken.slice(0, 5), outside: outside.slice(0, 5)};
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
        if width > WIDTH or problems["off"] or problems["broken"] or problems["outside"]:
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


# Every control the keyboard can reach that, once focused, is drawn 2 px or less or outside the screen's width.
HIDDEN_STOPS = """width => Array.from(document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"))
  .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .filter(e => { e.focus(); const r = e.getBoundingClientRect();
                 return r.width <= 2 || r.height <= 2 || r.left < 0 || r.right > width + 0.5; })
  .map(e => e.tagName + " " + (e.textContent.trim() || e.getAttribute("aria-label") || e.id).slice(0, 30))"""


@pytest.mark.parametrize("relative", [f"{DEMO}/not_following_back/index.html",
                                      f"{DEMO}/changes/2025-09-01_2025-12-10/lost_followers/index.html"])
def test_a_phone_sorts_and_selects_all_with_visible_controls(browser: Any, sites: Sites, relative: str) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(Origin("file", sites.main).url(relative))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    assert page.evaluate(HIDDEN_STOPS, WIDTH) == []
    account = page.locator("th[data-column=handle] button.sort")
    expect(account).to_be_visible()
    assert account.bounding_box()["height"] >= 24  # a target a finger can hit
    expect(account).to_have_text("Account")
    assert account.evaluate("b => getComputedStyle(b, '::after').content") == '" \u2191"'  # ↑: the direction shows
    account.click()
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "descending")
    expect(page.locator(".list-status")).to_contain_text("Z to A")
    if "not_following_back" in relative:  # the one list whose rows can be picked
        select_all = page.locator("label.pick-all")
        expect(select_all).to_be_visible()
        expect(select_all).to_contain_text("Select all")
        select_all.click()
        expect(page.locator("[data-pick-all]")).to_be_checked()
        expect(page.locator(".pick-count")).to_contain_text("accounts selected")
    context.close()


GUIDE_WORDS_SPLIT = """() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector(".guide"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest("th, td")) continue;
    for (const m of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) split.push(m[0]);
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_guide_tables_break_code_names_at_underscores_and_no_word(browser: Any, sites: Sites, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(Origin("file", sites.main).url("guides/follower-balance.html"))
    assert page.locator(".guide td code").count() >= 3
    assert page.evaluate(GUIDE_WORDS_SPLIT) == []  # a code name is split into text runs at its underscores
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
