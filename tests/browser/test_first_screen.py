"""Issue #16, problems 1, 2, 4 and 9 in the browser: each account named with its platform, the answer on the first
screen (the latest lost followers one click away and never collapsed), findings that lead to the exact view,
account pages without repeated tiles, platform lists explained, and the Atom feed of changes.

Expectations come from the site's own report.json, never from the templates.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from browserkit import Origin, Sites

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

INSTA = "accounts/instagram-demo.account"
THREADS = "accounts/threads-demo.account"
ATOM = "{http://www.w3.org/2005/Atom}"


def _report(sites: Sites) -> dict[str, Any]:
    return json.loads((sites.main / "report.json").read_text(encoding="utf-8"))


def _account(sites: Sites, account_id: str) -> dict[str, Any]:
    return next(a for a in _report(sites)["accounts"] if a["id"] == account_id)


@pytest.fixture
def page(browser: Any, sites: Sites) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def _file(sites: Sites) -> Origin:
    return Origin("file", sites.main)


def test_each_account_carries_its_platform_in_its_name_and_a_mark_of_its_own(page: Any, sites: Sites) -> None:
    origin = _file(sites)
    seen = {}
    for folder, platform in ((INSTA, "Instagram"), (THREADS, "Threads")):
        page.goto(origin.url(f"{folder}/index.html"))
        heading = page.locator("h1")
        expect(heading).to_contain_text(f"@demo.account on {platform}")
        expect(heading.locator(".platform-mark")).to_have_count(1)
        crumb = page.locator(".breadcrumbs [aria-current=page]").inner_text()
        seen[platform] = (page.title(), crumb, heading.locator(".platform-mark").inner_text())
    assert len({s[0] for s in seen.values()}) == 2, seen  # different titles
    assert len({s[1] for s in seen.values()}) == 2, seen  # different breadcrumbs
    assert len({s[2] for s in seen.values()}) == 2, seen  # different marks
    page.goto(origin.url("index.html"))
    cards = page.locator(".cards > article h2").all_inner_texts()
    assert any("on Instagram" in c for c in cards) and any("on Threads" in c for c in cards)
    captions = page.locator(".cards figcaption").all_inner_texts()
    assert len(captions) == len(set(captions)), captions  # chart captions name their account too


def test_no_two_landmarks_share_a_name(page: Any, sites: Sites) -> None:
    origin, axe = _file(sites), Axe()
    found = {}
    for relative in ("index.html", f"{INSTA}/index.html", f"{THREADS}/index.html", "findings.html",
                     "history.html", f"{INSTA}/history.html", "guides/follower-balance.html"):
        page.goto(origin.url(relative))
        result = axe.run(page, options={"runOnly": ["landmark-unique"]})
        if result.response["violations"]:
            found[relative] = [n["target"] for v in result.response["violations"] for n in v["nodes"]]
    assert found == {}


def test_one_click_from_the_overview_shows_the_latest_lost_followers_open(page: Any, sites: Sites) -> None:
    origin = _file(sites)
    latest = _account(sites, "instagram:demo.account")["changes"][-1]
    lost = sorted(x["handle"] for x in latest["lost_followers"])
    page.goto(origin.url("index.html"))
    card = page.locator(".cards > article").filter(has_text="@demo.account on Instagram")
    expect(card).to_contain_text(f"{latest['from']} and {latest['to']}")  # says which pair of exports
    for handle in lost[:3]:  # the first few, with reason and certainty, visible on the first screen
        item = card.locator(".change-lost li").filter(has_text=handle)
        expect(item).to_be_visible()
        expect(item.locator(".certainty")).to_be_visible()
    card.locator(".change-lost .change-more a").click()
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    assert "lost_followers" in page.url and f"{latest['from']}_{latest['to']}" in page.url
    for handle in lost[:5]:
        expect(page.locator(".list-table tbody th").filter(has_text=handle)).to_be_visible()
    expect(page.locator("button[data-download=csv]")).to_be_visible()
    # the account page shows them open too, and the history page no longer starts them collapsed
    page.goto(origin.url(f"{INSTA}/index.html"))
    for handle in lost[:10]:
        expect(page.locator(".latest-change .change-lost li").filter(has_text=handle)).to_be_visible()
    page.goto(origin.url(f"{INSTA}/history.html"))
    expect(page.locator(".change").first.locator("details[id$=lost_followers] li").first).to_be_visible()


def test_history_is_in_the_menu_and_a_one_export_account_says_when_changes_come(page: Any, sites: Sites) -> None:
    origin = _file(sites)
    page.goto(origin.url(f"{INSTA}/fans/index.html"))
    page.locator(".site-nav a", has_text="History").click()
    expect(page).to_have_url(re.compile(r"/history\.html$"))  # a click does not wait for the new page
    expect(page.locator("main h2").filter(has_text="@demo.account on Instagram")).to_be_visible()
    page.goto(origin.url(f"{THREADS}/index.html"))
    expect(page.locator(".latest-change .one-export")).to_contain_text("next export")


def test_a_findings_next_step_opens_the_exact_view(page: Any, sites: Sites) -> None:
    """Not following back, oldest follow first: list.js sorts by the column the finding names."""
    origin = _file(sites)
    rows = _account(sites, "instagram:demo.account")["categories"]["not_following_back"]
    oldest = min((r for r in rows if r.get("followed_at")), key=lambda r: (r["followed_at"], r["handle"]))
    page.goto(origin.url("index.html"))
    card = page.locator(".cards > article").filter(has_text="@demo.account on Instagram")
    finding = card.locator(".finding").filter(has_text="don't follow you back")
    expect(finding.locator(".severity")).to_be_visible()  # severity in words, not colour alone
    finding.locator("a.next-step").click()
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    assert "sort=followed_at" in page.url
    first = page.locator(".list-table tbody th [data-field=handle]").first
    expect(first).to_have_text(oldest["handle"])


def test_findings_are_sentences_and_the_overview_shows_the_top_few(page: Any, sites: Sites) -> None:
    origin = _file(sites)
    total = len(_account(sites, "instagram:demo.account")["findings"])
    page.goto(origin.url("index.html"))
    card = page.locator(".cards > article").filter(has_text="@demo.account on Instagram")
    shown = card.locator(".finding").count()
    assert 0 < shown < total
    more = card.locator(".card-findings p > a").filter(has_text=f"All {total} findings")
    more.click()
    expect(page).to_have_url(re.compile(r"findings\.html#findings-"))
    texts = page.locator("section").filter(has_text="@demo.account on Instagram").locator(".finding-text")
    expect(texts).to_have_count(total)  # waits for the new page (count() would read it half loaded)
    for text in texts.all_inner_texts():  # one sentence, not a title run into "key: value · key: value"
        assert text.rstrip().endswith(".") and " · " not in text, text


def test_account_pages_repeat_no_tile_and_explain_the_platforms_lists(page: Any, sites: Sites) -> None:
    origin = _file(sites)
    page.goto(origin.url(f"{INSTA}/index.html"))
    for key in ("followers", "following", "mutuals", "fans", "not_following_back", "follow_ratio"):
        tiles = page.locator(f"main .count-{key}, main .fact-{key}, main .metric-{key}")
        assert tiles.count() == 1, key
    for key in ("close_friends", "blocked", "restricted", "hidden_story"):
        explanation = page.locator(f".category-{key} dd")
        expect(explanation).to_be_visible()
        assert len(explanation.inner_text()) > 20


def test_the_feed_is_atom_with_an_entry_per_change(page: Any, sites: Sites) -> None:
    report = _report(sites)
    root = ET.fromstring((sites.main / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == sum(len(a["changes"]) for a in report["accounts"])
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    for account in report["accounts"]:
        for change in account["changes"]:
            assert any(change["from"] in t and change["to"] in t and account["handle"] in t for t in titles)
    page.goto(_file(sites).url("index.html"))
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert href == "feed.xml"


def test_a_guide_shows_the_readers_own_figures(page: Any, sites: Sites) -> None:
    page.goto(_file(sites).url("guides/follower-balance.html"))
    figure = page.locator(".your-figure.figure-follow_ratio")
    expect(figure).to_contain_text("@demo.account on Instagram")
    expect(figure).to_contain_text("@demo.account on Threads")
    ratio = _account(sites, "instagram:demo.account")["metrics"]["follow_ratio"]
    expect(figure).to_contain_text(f"{ratio:.2f}")
