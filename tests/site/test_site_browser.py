"""A small real-browser smoke test of the built site, opened from disk (file://)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import big_report, loaded_config, render_to

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def built(tmp_path: Path, guides_folder: Path) -> Path:
    return render_to(tmp_path / "site", big_report(2500), loaded_config(tmp_path), guides_folder)


def test_index_loads_without_errors_and_search_filters(page, built: Path) -> None:
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: None if req.url.startswith("file://") else outside.append(req.url))
    page.goto((built / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("FollowScope")
    page.locator("a", has_text="Followers you don't follow back").first.click()
    rows = page.locator(".list-table tbody tr")
    expect(rows).to_have_count(100)
    search = page.locator("#list-search")
    expect(search).to_be_visible()
    search.fill("user00024")  # user0002400 … user0002499: 100 accounts, all beyond the first page
    expect(page.locator(".list-status")).to_contain_text("100 of 2,499 match")
    expect(rows).to_have_count(100)
    expect(rows.first.locator("a")).to_have_text("user0002400")
    search.fill("")
    expect(page.locator(".list-status")).to_contain_text("Showing 1–100 of 2,499")
    expect(rows.first.locator("a")).to_have_text("user0000000")
    assert errors == []
    assert outside == []


def test_theme_toggle_is_remembered(page, built: Path) -> None:
    page.goto((built / "index.html").as_uri())
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle).to_have_text("Theme: system")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.goto((built / "about.html").as_uri())
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("[data-theme-toggle]")).to_have_text("Theme: dark")
