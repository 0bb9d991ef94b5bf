"""Category lists in the browser: search over the whole category, sort, filters and pagination.

The big account's fans span many pages and two data chunks; expectations are computed from the same
synthetic export the site was built from (browserkit.big_lists).
"""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import BIG, DAY, PAGE_SIZE, Origin, Watch, big_lists

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect


def _first_handles(page: Any, n: int) -> list[str]:
    return page.locator(".search-results tbody tr th").evaluate_all(
        f"cells => cells.slice(0, {n}).map(c => c.textContent)")


def _newest_first(dates: dict[str, int], handles: list[str], n: int = 5) -> list[str]:
    """list.js's order: newest day first, then by handle (its stable index order)."""
    return sorted(handles, key=lambda h: (-(dates[h] // DAY), h))[:n]


def test_search_sort_and_pages_of_a_big_category(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    followers, following = big_lists()
    fans = sorted(set(followers) - set(following))
    total = f"of {len(fans):,} accounts match"
    page.goto(origin.url(f"accounts/{BIG}/fans/index.html"))
    static = page.locator(".static-list")
    expect(static.locator("tbody tr")).to_have_count(PAGE_SIZE)

    # A handle from page 3 is not on this page, but search covers the whole category.
    wanted = fans[2 * PAGE_SIZE + 500]
    assert (origin.folder / f"accounts/{BIG}/fans/page-3.html").read_text(encoding="utf-8").count(f">{wanted}<") == 1
    expect(static.get_by_text(wanted, exact=True)).to_have_count(0)
    search = page.locator("#list-search")
    search.fill(wanted)
    expect(page.locator(".search-status")).to_contain_text(f"1 {total}")
    expect(page.locator(".search-results tbody tr")).to_have_count(1)
    expect(page.locator(".search-results tbody th a")).to_have_text(wanted)
    expect(static).to_be_hidden()

    part = wanted[-4:]  # a substring: matches anywhere in the handle
    matching = [h for h in fans if part in h]
    search.fill(part)
    expect(page.locator(".search-status")).to_contain_text(f"{len(matching):,} {total}")
    assert _first_handles(page, 3) == matching[:3]

    search.fill("")
    expect(static).to_be_visible()
    expect(page.locator(".search-results")).to_be_hidden()

    sort = page.locator("#list-sort")
    sort.select_option("follows")
    expect(page.locator(".search-status")).to_contain_text(f"{len(fans):,} {total}")
    expected = _newest_first(followers, fans)
    expect(page.locator(".search-results tbody tr").first.locator("th")).to_have_text(expected[0])
    assert _first_handles(page, 5) == expected
    sort.select_option("handle")
    expect(static).to_be_visible()

    close = sorted(h for h in fans if h in _tagged("close"))
    page.locator("#list-tag").select_option("close")
    expect(page.locator(".search-status")).to_contain_text(f"{len(close):,} {total}")
    assert _first_handles(page, len(close)) == close
    page.locator("#list-tag").select_option("")
    expect(static).to_be_visible()

    # Plain pagination: next to page 2, back to the first page.
    page.locator(".static-list .pager a[rel=next]").click()
    expect(page).to_have_url(origin.url(f"accounts/{BIG}/fans/page-2.html"))
    expect(static.locator("tbody tr").first.locator("th")).to_have_text(fans[PAGE_SIZE])
    page.locator(".static-list .pager a[rel=prev]").click()
    expect(page).to_have_url(origin.url(f"accounts/{BIG}/fans/index.html"))
    assert watch.errors == []
    assert watch.outside == []


def _tagged(tag: str) -> set[str]:
    from browserkit import big_account

    return {h for h, tags in big_account(None).get("tags", {}).items() if tag in tags}


def test_sort_by_either_date_and_result_pages(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    followers, following = big_lists()
    mutuals = sorted(set(followers) & set(following))
    page.goto(origin.url(f"accounts/{BIG}/mutuals/index.html"))
    sort = page.locator("#list-sort")
    orders = {}
    for kind, dates in (("followed", following), ("follows", followers)):
        sort.select_option(kind)
        expected = _newest_first(dates, mutuals)
        expect(page.locator(".search-results tbody tr").first.locator("th")).to_have_text(expected[0])
        orders[kind] = _first_handles(page, 5)
        assert orders[kind] == expected
    assert orders["followed"] != orders["follows"] != mutuals[:5]

    # Results are shown 100 at a time, with their own pager.
    expect(page.locator(".search-results tbody tr")).to_have_count(100)
    expect(page.locator(".results-page")).to_have_text(f"Page 1 of {-(-len(mutuals) // 100)}")
    page.locator("[data-results-next]").click()
    expect(page.locator(".results-page")).to_have_text(f"Page 2 of {-(-len(mutuals) // 100)}")
    expect(page.locator("[data-results-prev]")).to_be_enabled()
    assert watch.errors == []


@pytest.mark.parametrize(("category", "box", "count"), [("allowlisted", "#list-allowlisted", 100),
                                                        ("deactivated", "#list-deactivated", 2)])
def test_flag_filters(site_page: tuple[Any, Watch, Origin], category: str, box: str, count: int) -> None:
    page, watch, origin = site_page
    page.goto(origin.url(f"accounts/{BIG}/{category}/index.html"))
    page.locator(box).check()
    expect(page.locator(".search-status")).to_contain_text(f"{count} of {count} accounts match")
    expect(page.locator(".search-results tbody tr")).to_have_count(count)
    page.locator(box).uncheck()
    expect(page.locator(".static-list")).to_be_visible()
    assert watch.errors == []
