"""Accessibility in the browser: axe-core (bundled with axe-playwright-python, offline) finds no serious or
critical violation on the main page types in every theme, and the keyboard reaches the tools with visible focus.
"""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import BIG, Origin, Sites, watch_context

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

DEMO = "accounts/instagram-demo.account"
PAGES = ["index.html", f"{DEMO}/index.html", f"{DEMO}/not_following_back/index.html", f"{DEMO}/history.html",
         "findings.html", "guides/follower-balance.html", "about.html", "search.html?q=anna"]
# every page kind: the pages above, plus a change list, the guides index, the overlaps, the 404 page and the
# one-export history of the big account
ALL_KINDS = [*PAGES, f"{DEMO}/changes/2025-09-01_2025-12-10/lost_followers/index.html", "guides/index.html",
             "overlap.html", "overlap/instagram-demo.account_threads-demo.account/followers_both/index.html",
             "404.html", f"accounts/{BIG}/history.html"]
# theme -> (site, system colour scheme, the toggle's remembered choice)
THEMES = {"light": ("main", "light", ""), "dark": ("main", "dark", ""), "toggled-dark": ("main", "light", "dark"),
          "paper": ("paper", "light", ""), "paper-dark": ("paper", "dark", "")}


@pytest.fixture(scope="module")
def axe() -> Any:
    return Axe()


def _serious(result: Any) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_no_serious_axe_violation(browser: Any, sites: Sites, axe: Any, theme: str) -> None:
    site_name, scheme, toggled = THEMES[theme]
    origin = Origin("file", getattr(sites, site_name))
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    if toggled:  # the theme toggle's choice, as theme.js remembers it
        context.add_init_script(f"localStorage.setItem('followscope-theme', '{toggled}')")
    watch = watch_context(context, origin.inside)  # console errors are not checked here: axe's own XHR
    page = context.new_page()                      # probes fail on file://; test_crawl checks the pages
    found = {}
    for relative in [p for p in ALL_KINDS if site_name == "main" or BIG not in p]:
        page.goto(origin.url(relative))
        problems = _serious(axe.run(page))
        if problems:
            found[relative] = problems
    context.close()
    assert found == {}
    assert watch.outside == []


def _focused(page: Any) -> dict[str, str]:
    return page.evaluate("""() => {
      const e = document.activeElement, s = getComputedStyle(e);
      return {id: e.id, toggle: e.hasAttribute("data-theme-toggle") ? "yes" : "",
              outline: s.outlineStyle + " " + s.outlineWidth, shadow: s.boxShadow};
    }""")


def test_keyboard_reaches_search_and_theme_toggle_with_visible_focus(browser: Any, sites: Sites) -> None:
    origin = Origin("file", sites.main)
    context = browser.new_context()
    page = context.new_page()
    page.goto(origin.url(f"{DEMO}/fans/index.html"))
    expect(page.locator("#list-search")).to_be_visible()
    reached: dict[str, dict[str, str]] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        state = _focused(page)
        if state["toggle"]:
            reached["toggle"] = state
        if state["id"] == "list-search":
            reached["search"] = state
            break
    context.close()
    assert set(reached) == {"toggle", "search"}
    for name, state in reached.items():
        visible = not state["outline"].startswith("none") and not state["outline"].endswith(" 0px")
        assert visible or state["shadow"] != "none", (name, state)


@pytest.mark.parametrize("site_name", ["main", "paper"])
def test_no_sideways_scrolling_on_a_phone(browser: Any, sites: Sites, site_name: str) -> None:
    """At 390 px wide only the tables' own scroll boxes may scroll sideways, never the page."""
    origin = Origin("file", getattr(sites, site_name))
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = {}
    for relative in [*PAGES, f"{DEMO}/fans/index.html"]:
        page.goto(origin.url(relative))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[relative] = width
    context.close()
    assert wide == {}
