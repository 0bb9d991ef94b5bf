"""feed.xml: valid Atom, one entry per account per pair of exports, hostile handles escaped, links absolute
only when the site's address is known."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from pathlib import Path

from sitekit import EVIL, loaded_config, render_to, small_report

from followscope_site.analysis.report import Change, LostAccount, Report

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _feed(site: Path) -> ET.Element:
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):  # what RFC 4287 requires of each
        assert element.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
        assert element.findtext(f"{ATOM}title") and element.findtext(f"{ATOM}updated", "").endswith("Z")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    return root


def _two_accounts() -> Report:
    report = small_report()
    second = copy.deepcopy(report.accounts[0])
    second.id, second.platform = "threads:alice", "threads"
    second.changes = [
        Change("2025-06-01", "2025-09-01", gained_followers=[EVIL[0]], lost_followers=[
            LostAccount(EVIL[1], "unfollowed", "unknown"), LostAccount("x\x01y", "blocked", "certain")]),
        Change("2025-09-01", "2025-12-10", gained_followers=None, lost_followers=None),
    ]
    report.accounts.append(second)
    return report


def test_one_entry_per_change_newest_first_with_lost_and_new_followers(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", _two_accounts(), loaded_config(tmp_path))
    entries = _feed(site).findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert len(entries) == 3 and len({e.findtext(f"{ATOM}id") for e in entries}) == 3
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2025-12-10T00:00:00Z"] * 2 + ["2025-09-01T00:00:00Z"]
    assert "@alice on Instagram: changes from 2025-09-01 to 2025-12-10" in titles
    assert "@alice on Threads: changes from 2025-06-01 to 2025-09-01" in titles
    insta = entries[titles.index("@alice on Instagram: changes from 2025-09-01 to 2025-12-10")]
    assert insta.find(f"{ATOM}link").get("href") == \
        "accounts/instagram-alice/changes/2025-09-01_2025-12-10/lost_followers/index.html"  # relative: no site_url
    items = [li.text for li in insta.iter(f"{XHTML}li")]
    assert items == ["gone.fan — they unfollowed you (likely)", "new.fan", "__deleted__xyz"]


def test_hostile_handles_are_text_and_unknown_lists_say_so(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", _two_accounts(), loaded_config(tmp_path))
    raw = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "<img" not in raw and "\x01" not in raw
    entries = {e.findtext(f"{ATOM}title"): e for e in _feed(site).findall(f"{ATOM}entry")}
    old = entries["@alice on Threads: changes from 2025-06-01 to 2025-09-01"]
    items = [li.text for li in old.iter(f"{XHTML}li")]
    assert f"{EVIL[1]} — they unfollowed you (unconfirmed)" in items and EVIL[0] in items
    assert "x\ufffdy — you blocked them (certain)" in items  # a character XML can't hold is replaced
    unknown = entries["@alice on Threads: changes from 2025-09-01 to 2025-12-10"]
    assert "not known" in unknown.findtext(f"{ATOM}summary", "").lower()
    assert unknown.find(f"{ATOM}link").get("href") == "accounts/threads-alice/history.html"


def test_with_a_site_url_links_are_absolute_and_ids_stay_from_build_to_build(tmp_path: Path) -> None:
    config = loaded_config(tmp_path, site_url="https://alice.github.io/f")
    first = _feed(render_to(tmp_path / "a", small_report(), config))
    again = _feed(render_to(tmp_path / "b", small_report(), config))
    assert first.find(f"{ATOM}link[@rel='self']").get("href") == "https://alice.github.io/f/feed.xml"
    entry = first.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").startswith("https://alice.github.io/f/accounts/instagram-alice/")
    assert [e.findtext(f"{ATOM}id") for e in first.iter(f"{ATOM}entry")] == \
        [e.findtext(f"{ATOM}id") for e in again.iter(f"{ATOM}entry")]


def test_a_site_without_changes_has_an_empty_valid_feed(tmp_path: Path) -> None:
    report = small_report()
    report.accounts[0].changes = []
    root = _feed(render_to(tmp_path / "site", report, loaded_config(tmp_path)))
    assert root.findall(f"{ATOM}entry") == []


def test_every_page_announces_the_feed(small_site: Path) -> None:
    for page in ("index.html", "accounts/instagram-alice/index.html", "guides/follower-balance.html"):
        html = (small_site / page).read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html and "feed.xml" in html
