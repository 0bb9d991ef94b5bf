"""Lists: each stored once as data files beside one page, and in report.json (in parts when long)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from htmlcheck import crawl, parse
from sitekit import EVIL, big_report, loaded_config, render_to, small_report

from followscope_site.site.listdata import DATA_PREFIX
from followscope_site.site.report_json import DataLimits

FANS = "accounts/instagram-big/fans"


def chunks(folder: Path) -> list[dict]:
    """The data files of a list, in order, as the JSON each one pushes."""
    found = []
    for path in sorted(folder.glob("data-*.js"), key=lambda p: int(p.stem.split("-")[1])):
        text = path.read_text(encoding="ascii")
        assert text.startswith(DATA_PREFIX.decode()) and text.endswith(");\n"), text[:80]
        found.append(json.loads(text[len(DATA_PREFIX):-3]))
    return found


def _rows(page: Path) -> list[tuple[str, dict[str, str]]]:
    """The static rows of a list page (the <template> row aside)."""
    tags = parse(page).tags
    inside = [i for i, (t, a) in enumerate(tags) if t == "template" and "list-row" in a.get("class", "")]
    return [tag for i, tag in enumerate(tags) if tag[0] == "tr" and not (inside and i > inside[0])][1:]


def test_a_list_is_one_page_with_its_first_rows_and_its_data_files(tmp_path: Path) -> None:
    report = big_report(2500)
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path, page_size=100),
                     limits=DataLimits(list_rows=1000))
    folder = site / FANS
    fans = report.accounts[0].categories["fans"]
    assert len(fans) == 2499
    assert sorted(p.name for p in folder.iterdir()) == ["data-1.js", "data-2.js", "data-3.js", "fans-1.json",
                                                        "fans-2.json", "fans-3.json", "index.html"]
    page = parse(folder / "index.html")
    assert len(_rows(folder / "index.html")) == 100
    shown = [a["href"].rsplit("/", 1)[-1] for t, a in page.tags if t == "a" and a.get("data-field") == "handle"
             and a.get("href")]
    assert shown == fans[:100]
    lists = [a for t, a in page.tags if "data-list" in a]
    assert lists[0]["data-files"] == "data-1.js data-2.js data-3.js" and lists[0]["data-count"] == "2499"
    handles, start = [], 0
    for chunk in chunks(folder):
        assert chunk["start"] == start and chunk["count"] == len(chunk["handle"].split("\n"))
        assert len(chunk["follows_you_since"]) == chunk["count"] and "followed_at" not in chunk  # fans: none
        handles += chunk["handle"].split("\n")
        start += chunk["count"]
    assert handles == fans
    assert not list(site.rglob("page-*.html")) and not list(site.rglob("*.csv"))
    _, broken = crawl(site)
    assert broken == []


def test_data_files_hold_every_column_and_hostile_text_as_data(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path))
    base = site / "accounts/instagram-alice"
    (nfb,) = chunks(base / "not_following_back")
    assert nfb["handle"] == "carl.c\ndora.d" and nfb["tags"] == {"0": [EVIL[0], "friend"]}
    assert nfb["note"] == {"0": EVIL[3], "1": EVIL[2]} and len(nfb["followed_at"]) == 2
    (mutuals,) = chunks(base / "mutuals")
    assert mutuals["name"] == {"0": EVIL[1]}
    (deleted,) = chunks(base / "deactivated")
    assert deleted["deactivated"] == [0] and deleted["url"] == {"0": None}
    (pending,) = chunks(base / "pending_sent")
    assert pending["relation"] == [0] and "at" in pending  # also followed: it carries the relation's dates
    (lost,) = chunks(base / "changes/2025-09-01_2025-12-10/lost_followers")
    assert lost == {"start": 0, "count": 1, "handle": "gone.fan", "reason": ["unfollowed"], "certainty": ["likely"]}
    for path in site.rglob("data-*.js"):
        assert path.read_bytes().isascii()


def test_every_list_has_a_page_that_history_links_to(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path))
    history = parse(site / "accounts/instagram-alice/history.html")
    links = {link.url for link in history.links}
    for key in ("gained_followers", "lost_followers", "new_following"):
        assert f"../../accounts/instagram-alice/changes/2025-09-01_2025-12-10/{key}/index.html" in links
    text = " ".join(parse(site / "accounts/instagram-alice/changes/2025-09-01_2025-12-10/lost_followers/"
                          "index.html").all_text.split())
    assert "Lost followers, 2025-09-01 to 2025-12-10 1" in text and "they unfollowed you" in text


def _report(site: Path) -> dict:
    return json.loads((site / "report.json").read_text(encoding="utf-8"))


def _whole(site: Path, value: object) -> list[dict]:
    """A list's rows from report.json, read through its parts when it has them."""
    if isinstance(value, list):
        return value
    assert isinstance(value, dict) and set(value) == {"count", "parts"}
    rows = [row for part in value["parts"] for row in json.loads((site / part).read_text(encoding="utf-8"))]
    assert len(rows) == value["count"]
    return rows


def test_a_long_list_is_written_as_parts_with_the_same_rows(tmp_path: Path) -> None:
    report = big_report(2500)
    whole = _report(render_to(tmp_path / "one", report, loaded_config(tmp_path)))
    site = render_to(tmp_path / "parts", report, loaded_config(tmp_path), limits=DataLimits(list_rows=1000))
    data = _report(site)
    fans = data["accounts"][0]["categories"]["fans"]
    assert fans == {"count": 2499, "parts": [f"{FANS}/fans-{n}.json" for n in (1, 2, 3)]}
    assert [len(json.loads((site / p).read_text())) for p in fans["parts"]] == [1000, 1000, 499]
    assert _whole(site, fans) == whole["accounts"][0]["categories"]["fans"]
    assert data["accounts"][0]["categories"]["mutuals"] == whole["accounts"][0]["categories"]["mutuals"]  # short


def test_report_json_moves_its_largest_lists_to_parts_to_stay_under_its_limit(tmp_path: Path) -> None:
    report = big_report(300)
    whole = _report(render_to(tmp_path / "one", report, loaded_config(tmp_path)))
    site = render_to(tmp_path / "small", report, loaded_config(tmp_path), limits=DataLimits(report_bytes=8_000))
    data = _report(site)
    categories = data["accounts"][0]["categories"]
    assert categories["fans"] == {"count": 299, "parts": [f"{FANS}/fans-1.json"]}  # the largest list
    assert isinstance(categories["mutuals"], list)
    assert (site / "report.json").stat().st_size <= 8_000
    assert {k: _whole(site, v) for k, v in categories.items()} == whole["accounts"][0]["categories"]


@pytest.mark.parametrize("limits", [DataLimits(), DataLimits(list_rows=1, report_bytes=1)])
def test_every_file_stays_small_and_no_list_is_written_twice(tmp_path: Path, limits: DataLimits) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path), limits=limits)
    names = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [n for n in names if re.search(r"\.(csv)$|page-\d+\.html$|index-data-", n)]
    assert all((site / n).stat().st_size < 50 * 1024 * 1024 for n in names)
