"""One search over everything (search.html?q=), the `/` key on every page, and a list search that finds
nothing pointing there; from file:// and from http://127.0.0.1. Expectations come from report.json and from
the synthetic export (browserkit.big_lists), never from search.js."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from browserkit import BIG, Origin, Watch, fan

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

DEMO = "accounts/instagram-demo.account"


def _search(page: Any, origin: Origin, q: str) -> Any:
    page.goto(origin.url(f"search.html?q={quote(q)}"))
    root = page.locator("[data-search]")
    expect(root).to_have_attribute("data-state", "ready")
    return page.locator(".search-hit")


def test_search_finds_a_handle_in_every_account_and_links_its_lists(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    wanted = fan(12_345)  # a fan of the big account, far beyond any first page
    hits = _search(page, origin, wanted)
    expect(hits).to_have_count(1)
    hit = hits.first
    expect(hit.locator("h2")).to_have_text(wanted)
    expect(hit.locator(".search-account a")).to_have_text("@bigcat on Instagram")
    link = hit.get_by_role("link", name="Followers you don't follow back")
    expect(link).to_have_attribute("href", f"accounts/{BIG}/fans/index.html?q={wanted}")
    link.click()  # the list, narrowed to the account
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    assert page.locator(".list-table tbody th [data-field=handle]").all_inner_texts() == [wanted]
    assert watch.errors == [] and watch.outside == []


def test_search_shows_history_events_and_follow_dates(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    demo = report["accounts"][0]
    change = next(c for c in demo["changes"] if c["to"] == "2025-12-10")
    lost = change["lost_followers"][0]["handle"]
    hits = _search(page, origin, "@" + lost.upper())  # a leading @ and any case
    hit = hits.filter(has=page.locator(f"a[href='{DEMO}/index.html']"))  # the Instagram account's hit
    expect(hit.first.locator("h2")).to_have_text(lost)
    event = hit.first.get_by_role("link", name=f"between the exports of {change['from']} and {change['to']}")
    expect(event.first).to_have_attribute(
        "href", f"{DEMO}/changes/{change['from']}_{change['to']}/lost_followers/index.html?q={lost}")

    mutual = demo["categories"]["mutuals"][0]
    hit = _search(page, origin, mutual["handle"]).filter(has_text="Mutual followers").first
    for key in ("followed_at", "follows_you_since"):
        if mutual[key]:
            expect(hit).to_contain_text(mutual[key][:10])
    assert watch.errors == []


def test_part_of_a_handle_finds_every_account_holding_it(site_page: tuple[Any, Watch, Origin]) -> None:
    page, _, origin = site_page
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    part = "idol29"
    everywhere = {r["handle"] for a in report["accounts"] for rows in a["categories"].values() for r in rows
                  if part in r["handle"]}
    hits = _search(page, origin, part)
    expect(hits).to_have_count(len(everywhere))
    assert set(hits.locator("h2").all_inner_texts()) == everywhere
    expect(page.locator(".search-status")).to_contain_text(f"{len(everywhere)} accounts hold")
    page.locator("#search-q").fill("no-such-handle-anywhere")
    expect(hits).to_have_count(0)
    assert page.evaluate("location.search") == "?q=no-such-handle-anywhere"


def test_one_handle_on_two_platforms_is_two_named_accounts(site_page: tuple[Any, Watch, Origin]) -> None:
    """The example's @demo.account is on Instagram and on Threads: results and the list of lists name the
    platform, as every other page does."""
    page, watch, origin = site_page
    hits = _search(page, origin, "farid_bakes489")  # in a list of each account
    expect(hits).to_have_count(2)
    expect(hits.locator(".search-account a")).to_have_text(["@demo.account on Instagram", "@demo.account on Threads"])
    headings = page.locator(".search-lists h3").all_inner_texts()
    assert headings == ["@demo.account on Instagram", "@demo.account on Threads", "@bigcat on Instagram"]
    assert watch.errors == []


def test_a_deleted_placeholder_reads_as_words(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    hits = _search(page, origin, "__deleted__a1")
    expect(hits.locator("h2")).to_have_text(["deleted account (__deleted__a1b2c3)"])
    assert watch.errors == []


def test_the_slash_key_focuses_search_on_every_page(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    page.goto(origin.url("guides/follower-balance.html"))
    page.keyboard.press("/")
    expect(page.locator("#site-search-q")).to_be_focused()
    page.keyboard.type(fan(2))
    page.keyboard.press("Enter")  # the header box opens the search page
    expect(page.locator(".search-hit")).to_have_count(1)
    assert page.url.endswith(f"search.html?q={fan(2)}")
    expect(page.locator("#search-q")).to_have_value(fan(2))

    page.goto(origin.url(f"{DEMO}/fans/index.html"))  # a list: its own search
    page.keyboard.press("/")
    expect(page.locator("#list-search")).to_be_focused()
    page.keyboard.type("a/b")  # typing in a field, `/` is a character
    expect(page.locator("#list-search")).to_have_value("a/b")
    assert watch.errors == []


def test_a_list_search_that_finds_nothing_points_to_every_list(site_page: tuple[Any, Watch, Origin]) -> None:
    """A fan's handle typed into the not-following-back list: 0 of N, and a link that finds it elsewhere."""
    page, watch, origin = site_page
    page.goto(origin.url(f"accounts/{BIG}/not_following_back/index.html?q={fan(7)}"))
    expect(page.locator(".list-status")).to_contain_text("0 of")
    link = page.get_by_role("link", name="Search all lists")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator(".search-hit")).to_have_count(1)
    expect(page.locator(".search-hit").get_by_role("link", name="Followers you don't follow back")).to_be_visible()
    page.goto(origin.url(f"accounts/{BIG}/not_following_back/index.html?q=idol"))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    expect(page.locator(".list-elsewhere")).to_be_hidden()
    assert watch.errors == []
