"""Allow-listing from the page: rows of the not-following-back list are picked (one by one, or every row of
the view across its pages) into a YAML snippet for the config that the config loader accepts as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from browserkit import BIG, Origin, Sites, Watch, big_account, big_lists

from followscope_site.config.loader import load_config

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect


def _one_sided() -> list[str]:
    followers, following = big_lists()
    allowed = set(big_account(None)["allowlist"])
    return sorted(h for h in following if h not in followers and h not in allowed and not h.startswith("__"))


def _open(page: Any, origin: Origin, query: str = "") -> None:
    page.goto(origin.url(f"accounts/{BIG}/not_following_back/index.html{query}"))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")


def _snippet(page: Any) -> list[str]:
    text = page.locator("#pick-yaml").input_value()
    return yaml.safe_load(text)["allowlist"]


def test_picked_rows_make_a_snippet_the_config_accepts(site_page: tuple[Any, Watch, Origin], tmp_path: Path) -> None:
    page, watch, origin = site_page
    rows = _one_sided()
    _open(page, origin)
    expect(page.locator(".pick-output")).to_be_hidden()
    page.get_by_role("checkbox", name=f"Select {rows[1]}").check()
    page.get_by_role("checkbox", name=f"Select {rows[0]}").check()
    expect(page.locator(".pick-count")).to_have_text("2 accounts selected.")
    assert _snippet(page) == [rows[0], rows[1]]
    page.get_by_role("button", name="2", exact=True).click()  # the choice stays across pages and sorts
    page.get_by_role("checkbox", name=f"Select {rows[100]}").check()
    page.locator("th[data-column=followed_at] button").click()
    expect(page.locator(".pick-count")).to_have_text("3 accounts selected.")
    text = page.locator("#pick-yaml").input_value()
    assert text == "".join(["    allowlist:\n", *(f'      - "{h}"\n' for h in (rows[0], rows[1], rows[100]))])

    config = tmp_path / "followscope.yaml"  # pasted into an account's entry, as the page says
    config.write_text("accounts:\n  - exports: e\n" + text, encoding="utf-8")
    assert load_config(config).config.accounts[0].allowlist == [rows[0], rows[1], rows[100]]

    page.get_by_role("button", name="Copy YAML").click()  # copied, or left selected for a manual copy
    expect(page.locator(".pick-copied")).not_to_be_empty()
    page.get_by_role("button", name="Clear the selection").click()
    expect(page.locator(".pick-output")).to_be_hidden()
    assert watch.errors == []


def test_select_all_takes_every_row_of_the_view(site_page: tuple[Any, Watch, Origin]) -> None:
    page, watch, origin = site_page
    idols = [h for h in _one_sided() if h.startswith("idol")]
    assert len(idols) > 100  # more than a page
    _open(page, origin, "?q=idol")
    page.locator("[data-pick-all]").check()
    expect(page.locator(".pick-count")).to_have_text(f"{len(idols)} accounts selected.")
    assert _snippet(page) == idols
    assert page.locator("tbody [data-pick-row]:checked").count() == 100
    page.locator("[data-pick-all]").uncheck()
    expect(page.locator(".pick-count")).to_have_text("No account selected.")
    assert watch.errors == []


def test_no_picking_where_handles_are_pseudonyms_or_the_list_is_another(browser: Any, sites: Sites) -> None:
    origin = Origin("file", sites.main)
    page = browser.new_page()
    page.goto(origin.url(f"accounts/{BIG}/fans/index.html"))
    expect(page.locator("[data-list]")).to_have_attribute("data-state", "ready")
    assert page.locator("[data-pick-row], [data-pick]").count() == 0
    page.close()
