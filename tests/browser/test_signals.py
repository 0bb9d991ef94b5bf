"""Engagement signals in the browser: a finding about one of them opens its whole list (search, sort, downloads),
the account page previews each list and links to it, and the possible-renames finding opens its section of the
history page.

Expectations come from the site's own report.json, never from the templates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browserkit import Origin, Sites, Watch, watch_context

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

INSTA = "accounts/instagram-demo.account"


def _account(sites: Sites) -> dict[str, Any]:
    report = json.loads((sites.main / "report.json").read_text(encoding="utf-8"))
    return next(a for a in report["accounts"] if a["id"] == "instagram:demo.account")


@pytest.fixture
def page(browser: Any, sites: Sites) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watch = watch_context(context, Origin("file", sites.main).inside)
    try:
        yield context.new_page(), watch
    finally:
        context.close()


def test_the_mutuals_never_interact_finding_opens_the_whole_list(page: tuple[Any, Watch], sites: Sites) -> None:
    tab, watch = page
    account = _account(sites)
    never = account["engagement"]["mutuals_never_interact"]
    mutuals = {r["handle"]: r for r in account["categories"]["mutuals"]}
    assert len(never) > 100  # more than one page of rows
    tab.goto(Origin("file", sites.main).url("findings.html"))
    finding = tab.locator(".finding").filter(has_text="never show up in your likes, comments or messages")
    finding.locator("a.next-step").click()
    listing = tab.locator("[data-list]")
    expect(listing).to_have_attribute("data-state", "ready")
    assert "/engagement/mutuals_never_interact/" in tab.url
    expect(listing).to_have_attribute("data-count", str(len(never)))
    expect(tab.locator("h1")).to_contain_text("Mutuals you never interact with")
    wanted = never[-1]
    tab.locator("#list-search").fill(wanted)
    expect(tab.locator(".list-table tbody tr")).to_have_count(1)
    expect(tab.locator(".list-table tbody th [data-field=handle]")).to_have_text(wanted)
    tab.locator("#list-search").fill("")
    tab.locator("th[data-column=follows_you_since] button").click()
    expect(tab.locator("th[data-column=follows_you_since]")).to_have_attribute("aria-sort", "ascending")
    with tab.expect_download() as caught:
        tab.locator("button[data-download=json]").click()
    download = caught.value
    assert download.suggested_filename == "instagram-demo.account-mutuals_never_interact-2025-12-10.json"
    rows = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert sorted(r["handle"] for r in rows) == never
    assert all(r == mutuals[r["handle"]] for r in rows)  # a mutual's row, as the mutuals list has it
    assert watch.errors == [] and watch.outside == []


def test_the_account_page_previews_each_engagement_list_and_links_to_it(page: tuple[Any, Watch],
                                                                         sites: Sites) -> None:
    tab, watch = page
    engagement = _account(sites)["engagement"]
    tab.goto(Origin("file", sites.main).url(f"{INSTA}/index.html"))
    section = tab.locator("section.engagement")
    expect(section).not_to_contain_text("report.json")
    for key in ("mutuals_never_interact", "one_sided_high_interaction", "followers_who_message_you"):
        count = len(engagement[key])
        heading = section.locator(f"#signals-{key}")
        expect(heading).to_contain_text(str(count))
        preview = section.locator(f"#signals-{key} + p + ul li")
        assert 0 < preview.count() <= min(count, 10)
        link = section.locator(f"a[href$='/engagement/{key}/index.html']")
        expect(link).to_have_count(1)
    section.locator("a[href$='/engagement/one_sided_high_interaction/index.html']").click()
    expect(tab.locator("[data-list]")).to_have_attribute("data-state", "ready")
    handles = tab.locator(".list-table tbody th [data-field=handle]").all_inner_texts()
    assert handles == sorted(h for h, _count in engagement["one_sided_high_interaction"])
    assert watch.errors == []


def test_the_possible_renames_finding_opens_its_section_of_the_history(page: tuple[Any, Watch],
                                                                       sites: Sites) -> None:
    tab, _watch = page
    changes = _account(sites)["changes"]
    newest = max((c for c in changes if c["possible_renames"]), key=lambda c: c["to"])
    tab.goto(Origin("file", sites.main).url("findings.html"))
    finding = tab.locator(".finding").filter(has_text="rather than left")
    finding.locator("a.next-step").click()
    assert "/history.html#change-" in tab.url and tab.url.endswith("-possible_renames")
    section = tab.locator(tab.url.rsplit("#", 1)[1].join(["[id='", "']"]))
    expect(section).to_be_in_viewport()
    expect(section.locator("summary")).to_contain_text("Possible renames")
    for pair in newest["possible_renames"]:
        expect(section).to_contain_text(f"{pair['old']} → {pair['new']}")
    # the section is the one of the newest change that has renames
    heading = tab.locator("section.change").filter(has=section).locator("h2")
    expect(heading).to_have_text(f"{newest['from']} → {newest['to']}")
