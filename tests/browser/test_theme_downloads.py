"""The theme toggle is remembered across pages and reloads; the paper theme renders; downloads parse."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from browserkit import BIG, Origin, Sites, Watch, watch_context

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect


def test_theme_toggle_is_remembered_after_navigation_and_reload(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    page.goto(origin.url("index.html"))
    html = page.locator("html")
    expect(html).not_to_have_attribute("data-theme", "dark")
    toggle = page.locator("[data-theme-toggle]")
    toggle.click()
    toggle.click()
    expect(html).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.get_by_role("navigation", name="Main").get_by_role("link").last.click()
    expect(html).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(html).to_have_attribute("data-theme", "dark")
    expect(page.locator("[data-theme-toggle]")).to_have_text("Theme: dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
    page.locator("[data-theme-toggle]").click()  # back to "system"
    expect(html).not_to_have_attribute("data-theme", "dark")
    assert watch.errors == []
    assert watch.outside == []


@pytest.mark.parametrize("relative", ["index.html", "accounts/instagram-demo.account/index.html",
                                      "accounts/instagram-demo.account/not_following_back/index.html",
                                      "accounts/instagram-demo.account/history.html", "guides/glossary.html"])
def test_paper_theme_renders_without_errors(browser: Any, sites: Sites, relative: str) -> None:
    origin = Origin("file", sites.paper)
    context = browser.new_context()
    watch = watch_context(context, origin.inside)
    page = context.new_page()
    page.goto(origin.url(relative))
    assert any("paper" in href for href in page.locator("link[rel=stylesheet]").evaluate_all(
        "links => links.map(l => l.href)"))
    expect(page.locator("main h1")).to_be_visible()
    context.close()
    assert watch.errors == []
    assert watch.outside == []


def _download(page: Any, format: str) -> str:
    with page.expect_download() as caught:
        page.locator(f"button[data-download={format}]").click()
    return Path(caught.value.path()).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("category", ["fans", "mutuals"])
def test_downloads_parse_and_hold_the_whole_category(site_page: tuple[Any, Watch, Origin], category: str) -> None:
    page, watch, origin = site_page
    page.goto(origin.url(f"accounts/{BIG}/{category}/index.html"))
    count = int(page.locator("h1 .badge").inner_text().replace(",", ""))
    rows = list(csv.DictReader(io.StringIO(_download(page, "csv"))))
    assert len(rows) == count
    assert rows[0]["handle"] and rows[0]["url"].startswith("https://www.instagram.com/")
    items = json.loads(_download(page, "json"))
    assert len(items) == count
    assert [r["handle"] for r in rows] == [i["handle"] for i in items]
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    assert items == next(a for a in report["accounts"] if a["handle"] == "bigcat")["categories"][category]
    assert watch.outside == []
