"""The list engine in the browser (list.js): pages, sorting by any column both ways, filters, search, the
view in the address, and downloads of the current view, from file:// and from http://127.0.0.1.

Expectations come from the synthetic export the site was built from (browserkit.big_lists) and from the
site's own report.json, never from list.js.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from browserkit import BIG, DAY, FORMULA, Origin, Watch, big_account, big_lists, by_words, fan, static_rows

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

PAGE = 100  # site.page_size (the default)
DEMO = "accounts/instagram-demo.account"
CHANGE = f"{DEMO}/changes/2025-09-01_2025-12-10"


def _open(page: Any, origin: Origin, relative: str) -> None:
    """Open a list page and wait until list.js has its data and shows the view the address asks for."""
    page.goto(origin.url(relative))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")


def _handles(page: Any) -> list[str]:
    return page.locator(".list-table tbody th [data-field=handle]").all_inner_texts()


def _query(page: Any) -> str:
    return page.evaluate("location.search")


def _lists() -> tuple[dict[str, int], dict[str, int], list[str], list[str]]:
    followers, following = big_lists()
    fans = sorted(set(followers) - set(following))
    allowed = set(big_account(None)["allowlist"])
    one_sided = sorted(h for h in following if h not in followers and h not in allowed and not h.startswith("__"))
    return followers, following, fans, one_sided


def _by_date(dates: dict[str, int], handles: list[str], newest: bool) -> list[str]:
    """The order list.js promises: by time (seconds), then by handle; unknown times last either way."""
    return sorted(handles, key=lambda h: ((-1 if newest else 1) * dates[h], h))


def test_the_first_page_is_static_and_the_pager_walks_the_whole_list(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    _, _, fans, _ = _lists()
    page.goto(origin.url(f"accounts/{BIG}/fans/index.html"))
    rows = page.locator(".list-table tbody tr")
    expect(rows).to_have_count(PAGE)
    assert _handles(page) == fans[:PAGE]  # in the HTML itself, before any data arrives
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    pager = page.get_by_role("navigation", name="Pages of this list")
    expect(pager).to_be_visible()
    pager.get_by_role("button", name="2", exact=True).click()
    expect(page.locator(".list-status")).to_contain_text(f"Showing 101\u2013200 of {len(fans):,}")
    assert _query(page) == "?page=2" and _handles(page) == fans[PAGE:2 * PAGE]
    last = -(-len(fans) // PAGE)
    pager.get_by_role("button", name=f"{last:,}", exact=True).click()
    expect(pager.get_by_role("button", name="Next")).to_be_disabled()
    assert _handles(page) == fans[(last - 1) * PAGE:]
    page.go_back()  # page changes are history entries
    expect(page.locator(".list-status")).to_contain_text("Showing 101\u2013200")
    assert _handles(page) == fans[PAGE:2 * PAGE]
    assert watch.errors == [] and watch.outside == []


@pytest.mark.parametrize("newest", [False, True])
def test_sort_by_follow_date_from_the_address(site_page: tuple[Any, Watch, Origin], newest: bool) -> None:
    """?sort=followed_at starts with the oldest follow, ?sort=-followed_at with the newest."""
    page, watch, origin = site_page
    _, following, _, one_sided = _lists()
    _open(page, origin, f"accounts/{BIG}/not_following_back/index.html?sort={'-' if newest else ''}followed_at")
    expected = _by_date(following, one_sided, newest)
    assert _handles(page)[:5] == expected[:5]
    header = page.locator("th[data-column=followed_at]")
    expect(header).to_have_attribute("aria-sort", "descending" if newest else "ascending")
    expect(page.locator(".list-status")).to_contain_text("newest first" if newest else "oldest first")
    assert watch.errors == []


@pytest.mark.parametrize("newest", [False, True])
def test_the_example_not_following_back_list_sorts_by_follow_date(site_page: tuple[Any, Watch, Origin],
                                                                 newest: bool) -> None:
    """The example's account, as the auditing guide asks: oldest first (or newest first) from the address."""
    page, watch, origin = site_page
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    rows = report["accounts"][0]["categories"]["not_following_back"]
    dated = sorted((r["followed_at"], r["handle"]) for r in rows if r["followed_at"])
    first = dated[-1] if newest else dated[0]
    if newest:  # newest first, ties still in handle order
        first = min((r for r in dated if r[0] == dated[-1][0]), key=lambda r: r[1])
    _open(page, origin, f"{DEMO}/not_following_back/index.html?sort={'-' if newest else ''}followed_at")
    assert _handles(page)[0] == first[1]
    assert watch.errors == []


def test_a_header_click_sorts_its_column_both_ways(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    followers, following, _, _ = _lists()
    mutuals = sorted(set(followers) & set(following))
    _open(page, origin, f"accounts/{BIG}/mutuals/index.html")
    for column, dates in (("follows_you_since", followers), ("followed_at", following)):
        button = page.locator(f"th[data-column={column}] button")
        button.click()
        expect(page.locator(f"th[data-column={column}]")).to_have_attribute("aria-sort", "ascending")
        assert _query(page) == f"?sort={column}" and _handles(page)[:5] == _by_date(dates, mutuals, False)[:5]
        button.click()
        expect(page.locator(f"th[data-column={column}]")).to_have_attribute("aria-sort", "descending")
        assert _query(page) == f"?sort=-{column}" and _handles(page)[:5] == _by_date(dates, mutuals, True)[:5]
    handle = page.locator("th[data-column=handle] button")
    handle.click()
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "ascending")
    assert _query(page) == "" and _handles(page)[:3] == mutuals[:3]
    handle.click()
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "descending")
    assert _handles(page)[:3] == mutuals[::-1][:3]
    page.reload()  # the view survives a reload: it lives in the address
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "descending")
    assert _handles(page)[:3] == mutuals[::-1][:3]
    assert watch.errors == []


def test_search_narrows_the_list_to_the_matching_account(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    _, _, fans, _ = _lists()
    wanted = fans[20 * PAGE + 7]  # far beyond the first page
    _open(page, origin, f"accounts/{BIG}/fans/index.html?q={wanted}")
    expect(page.locator(".list-table tbody tr")).to_have_count(1)
    assert _handles(page) == [wanted]
    expect(page.locator("#list-search")).to_have_value(wanted)
    expect(page.locator(".list-status")).to_contain_text(f"1 of {len(fans):,} match")
    part = wanted[-3:]  # typing: any part of the handle, the address follows
    page.locator("#list-search").fill(part)
    matching = [h for h in fans if part in h]
    expect(page.locator(".list-status")).to_contain_text(f"{len(matching):,} of {len(fans):,} match")
    assert _handles(page) == matching[:PAGE] and _query(page) == f"?q={part}"
    page.locator("#list-search").fill("")
    expect(page.locator(".list-status")).to_contain_text(f"Showing 1\u2013100 of {len(fans):,}")
    assert _query(page) == ""
    assert watch.errors == []


def test_filters_narrow_the_list_and_live_in_the_address(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    _, _, fans, _ = _lists()
    close = sorted(h for h, tags in big_account(None)["tags"].items() if "close" in tags and h in set(fans))
    _open(page, origin, f"accounts/{BIG}/fans/index.html")
    page.locator("#list-tag").select_option("close")
    expect(page.locator(".list-status")).to_contain_text(f"{len(close)} of {len(fans):,} match")
    assert _handles(page) == close and _query(page) == "?tag=close"
    assert all("close" in t for t in page.locator(".list-table tbody td[data-label=Tags]").all_inner_texts())

    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    change = next(c for c in report["accounts"][0]["changes"] if c["to"] == "2025-12-10")
    blocked = [r["handle"] for r in change["lost_followers"] if r["reason"] == "blocked"]
    _open(page, origin, f"{CHANGE}/lost_followers/index.html?reason=blocked")
    expect(page.locator("#list-reason")).to_have_value("blocked")
    assert _handles(page) == blocked
    expect(page.locator(".list-table tbody td[data-label=Reason]")).to_have_text(["you blocked them"])
    page.locator("#list-reason").select_option("")
    expect(page.locator(".list-table tbody tr")).to_have_count(len(change["lost_followers"]))
    assert watch.errors == []


@pytest.mark.parametrize("key", ["reason", "detail"])
def test_text_columns_sort_by_the_words_shown(browser: Any, site_page: tuple[Any, Watch, Origin], key: str) -> None:
    """Reason and Detail sort by the sentence in the cell (the page's language, Intl.Collator), not by
    report.json's codes ("blocked" would come before "deactivated" and "unfollowed")."""
    page, watch, origin = site_page
    relative = f"{CHANGE}/lost_followers/index.html"
    rows = static_rows(browser, origin.url(relative))
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    change = next(c for c in report["accounts"][0]["changes"] if c["to"] == "2025-12-10")
    assert [r["handle"] for r in rows] == [r["handle"] for r in change["lost_followers"]]  # the whole list
    assert len({r[key] for r in rows if r[key]}) > 2
    for desc in (False, True):
        _open(page, origin, f"{relative}?sort={'-' if desc else ''}{key}")
        assert _handles(page) == by_words(page, rows, key, desc)
    assert watch.errors == []


def test_deleted_placeholders_read_as_words(site_page: tuple[Any, Watch, Origin]) -> None:
    """`__deleted__…` reads "deleted account", its raw value the tooltip, on the first page as built and in the
    rows list.js draws (a row stays one line on a phone); the downloads keep report.json's raw handle."""
    page, watch, origin = site_page
    _, following, _, _ = _lists()
    placeholders = sorted(h for h in following if h.startswith("__deleted__"))
    html = (origin.folder / "accounts" / BIG / "deactivated" / "index.html").read_text(encoding="utf-8")
    assert all(f'title="{h}"' in html for h in placeholders) and f">{placeholders[0]}</a>" not in html
    assert html.count(">deleted account</a>") == len(placeholders)
    _open(page, origin, f"accounts/{BIG}/deactivated/index.html?sort=-handle")  # rows drawn by list.js
    assert _handles(page) == ["deleted account"] * len(placeholders)
    cells = page.locator(".list-table tbody th [data-field=handle]")
    assert cells.evaluate_all("cells => cells.map(c => c.title)") == placeholders[::-1]
    _, text = _download(page, "json")
    assert [r["handle"] for r in json.loads(text)] == placeholders[::-1]
    assert watch.errors == []


def test_parameters_that_make_no_sense_are_ignored(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    _, _, fans, _ = _lists()
    _open(page, origin, f"accounts/{BIG}/fans/index.html?sort=-nonsense&page=-4&tag=nobody&flag=x&reason=y")
    expect(page.locator(".list-status")).to_contain_text(f"Showing 1\u2013100 of {len(fans):,}")
    assert _handles(page) == fans[:PAGE]
    expect(page.locator("#list-tag")).to_have_value("")
    _open(page, origin, f"accounts/{BIG}/fans/index.html?page=99999")  # past the end: the last page
    assert _handles(page) == fans[-(len(fans) % PAGE or PAGE):]
    assert watch.errors == []


def _download(page: Any, format: str) -> tuple[str, str]:
    with page.expect_download() as caught:
        page.locator(f"button[data-download={format}]").click()
    download = caught.value
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


def test_downloads_hold_the_current_view_as_report_json_has_it(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    followers, _, fans, _ = _lists()
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    account = next(a for a in report["accounts"] if a["handle"] == "bigcat")
    rows = {r["handle"]: r for r in account["categories"]["fans"]}
    view = sorted((h for h in fans if h.startswith("fan000")), key=lambda h: (-followers[h], h))
    _open(page, origin, f"accounts/{BIG}/fans/index.html?q=fan000&sort=-follows_you_since")
    name, text = _download(page, "json")
    assert name == "instagram-bigcat-fans-2025-12-10.json"
    assert json.loads(text) == [rows[h] for h in view]  # the same keys, values and order as the view
    name, text = _download(page, "csv")
    assert name == "instagram-bigcat-fans-2025-12-10.csv" and text.startswith("\ufeffhandle,name,url,")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [r["handle"] for r in table] == view
    for got in table:
        want = rows[got["handle"]]
        assert got["url"] == want["url"] and got["follows_you_since"] == want["follows_you_since"]
        assert got["tags"] == "; ".join(want.get("tags", [])) and got["at"] == "" and got["followed_at"] == ""
    assert "\r\n" in text and text.endswith("\r\n")

    page.goto(origin.url(f"accounts/{BIG}/fans/index.html"))  # no view: the whole list, before its data is in
    _, text = _download(page, "json")
    assert json.loads(text) == account["categories"]["fans"]
    assert watch.errors == [] and watch.outside == []


def test_downloads_of_a_change_list_and_the_formula_guard(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    change = next(c for c in report["accounts"][0]["changes"] if c["to"] == "2025-12-10")
    _open(page, origin, f"{CHANGE}/lost_followers/index.html")
    name, text = _download(page, "json")
    assert name == "instagram-demo.account-lost_followers-2025-09-01-2025-12-10.json"
    assert json.loads(text) == change["lost_followers"]
    _, text = _download(page, "csv")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(table[0]) == ["handle", "url", "reason", "certainty", "detail"]
    assert [(r["handle"], r["reason"]) for r in table] == [(r["handle"], r["reason"]) for r in change["lost_followers"]]
    assert watch.errors == []


def test_csv_cells_never_start_a_formula(site_page: tuple[Any, Watch, Origin]) -> None:
    page, _, origin = site_page
    _open(page, origin, f"accounts/{BIG}/fans/index.html?q=fan0250")
    _, text = _download(page, "csv")
    table = {r["handle"]: r for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))}
    assert table[fan(2501)]["note"] == "'" + FORMULA
    assert table[fan(2502)]["tags"] == "'+1; '@x; '-2"  # a spreadsheet splitting on `;` sees three text cells
    raw = [line for line in text.splitlines() if line.startswith(fan(2501))]
    assert raw == [f'{fan(2501)},,https://www.instagram.com/{fan(2501)},,{_iso(fan(2501))},,,"\'=HYPERLINK(""https://'
                   'evil.example/"",""x"")"']  # quoted, because it holds a comma and quotes


def test_the_formula_guard_passes_the_shared_vectors(site_page: tuple[Any, Watch, Origin]) -> None:
    """list.js's rule on tests/fixtures/csv_formula_guard.json, and on random text against the rule as the
    docs write it (one character at a time)."""
    import random

    page, _, origin = site_page
    _open(page, origin, f"accounts/{BIG}/fans/index.html")
    vectors = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "csv_formula_guard.json")
                         .read_text(encoding="utf-8"))
    cells = [v["cell"] for v in vectors["vectors"]]
    rng = random.Random(12)
    cells += ["".join(rng.choice("ab =+-@\t\r\n,;|'\"é") for _ in range(rng.randrange(30))) for _ in range(500)]
    written = page.evaluate("cells => cells.map(c => window.FollowScopeCSV.neutralise(c))", cells)
    expected = [v["written"] for v in vectors["vectors"]]
    assert written[:len(expected)] == expected
    assert written[len(expected):] == [_rule_as_written(c, vectors) for c in cells[len(expected):]]


def _rule_as_written(cell: str, vectors: dict[str, Any]) -> str:
    out, at_piece_start = [], True
    for char in cell:
        if at_piece_start and char in vectors["triggers"]:
            out.append("'")
        out.append(char)
        if char in vectors["separators"]:
            at_piece_start = True
        elif char != " ":
            at_piece_start = False
    return "".join(out)


@pytest.mark.parametrize("relative", [f"accounts/{BIG}/fans/index.html?tag=close",
                                      f"{CHANGE}/lost_followers/index.html", f"{DEMO}/close_friends/index.html"])
def test_lists_fit_a_phone(browser: Any, origin: Origin, relative: str) -> None:
    """At 390 px the rows are cards: nothing runs off the screen, and handles are whole."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _open(page, origin, relative)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = page.locator(".list-table tbody th [data-field=handle]").evaluate_all(
        "links => links.map(a => a.getClientRects().length)")
    assert widths and set(widths) == {1}  # each handle on one line: not broken mid-word
    context.close()


def test_dates_are_days_of_the_data(site_page: tuple[Any, Watch, Origin]) -> None:
    page, _, origin = site_page
    followers, _, fans, _ = _lists()
    _open(page, origin, f"accounts/{BIG}/fans/index.html?page=3")
    first = fans[2 * PAGE]
    cell = page.locator(".list-table tbody tr").first.locator("td[data-label='Follows you since'] time")
    expect(cell).to_have_attribute("datetime", _day(followers[first]))


def _day(seconds: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds // DAY * DAY, tz=UTC).date().isoformat()


def _iso(handle: str) -> str:
    from datetime import UTC, datetime

    followers, _ = big_lists()
    return datetime.fromtimestamp(followers[handle], tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_overlap_lists_are_whole_lists_with_search_sort_and_downloads(site_page: tuple[Any, Watch, Origin]) -> None:
    """Across platforms: the overlap page shows a part of each list and links to the whole one, which searches,
    sorts and downloads like every list, under a `<platform>-<handle>-…-<list>-<date>` name."""
    page, watch, origin = site_page
    report = json.loads((origin.folder / "report.json").read_text(encoding="utf-8"))
    threads = next(a for a in report["accounts"] if a["platform"] == "threads")
    followers = {r["handle"] for key in ("mutuals", "fans") for r in threads["categories"][key]}
    page.goto(origin.url("overlap.html"))
    group = page.locator("#overlap-1-followers_both")
    if group.get_attribute("open") is None:  # a long list starts collapsed
        group.locator("summary").click()
    group.get_by_role("link", name="search, sort and download").click()
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    both = _handles(page)
    assert both and set(both) <= followers
    wanted = both[-1]
    page.locator("#list-search").fill(wanted)
    expect(page.locator(".list-table tbody tr")).to_have_count(1)
    page.locator("th[data-column=handle] button").click()
    expect(page.locator("th[data-column=handle]")).to_have_attribute("aria-sort", "descending")
    name, text = _download(page, "csv")
    stem = "instagram-demo.account_threads-demo.account-followers_both-"
    assert name.startswith(stem) and name.endswith(".csv") and wanted in text
    assert watch.errors == []


def test_every_download_is_named_after_its_account_list_and_date(sites: Any) -> None:
    import re

    names = [re.search(r'data-download="([^"]+)"', p.read_text(encoding="utf-8")).group(1)
             for p in sites.main.rglob("index.html") if "data-list" in p.read_text(encoding="utf-8")]
    assert names and all(re.fullmatch(r"(instagram|threads)-[a-z0-9._-]+-\d{4}-\d\d-\d\d", n) for n in names), names
    assert len(set(names)) == len(names)  # no two lists download under one name (no `not_following_back.csv`)
