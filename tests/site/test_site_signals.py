"""Engagement lists as whole lists, findings that open the exact view, and what the pages say about exports
and signal files: each fact comes from the analysis, the pages only say it."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from htmlcheck import parse
from sitekit import loaded_config, render_to, small_report
from test_site_analysis_views import FOLDER, analysis_report

from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.report import Finding, Report
from followscope_site.site.pages.analysis import SIGNAL_LIMIT
from followscope_site.site.pages.site import files_shown

QUIET = [f"quiet{i:03d}" for i in range(60)]
SIGNALS = f"{FOLDER}/engagement"


def _text(page: Path) -> str:
    return re.sub(r"\s+", " ", parse(page).all_text)


def _signal_report() -> Report:
    """The analysis report with 60 mutuals never interacted with, and the findings that point at them."""
    report = analysis_report()
    account = report.accounts[0]
    engagement = account.extra["engagement"]
    assert isinstance(engagement, Engagement)
    engagement.mutuals_never_interact = QUIET
    account.findings += [
        Finding("mutuals-never-interact", "info", "60 mutuals you never interact with", "engagement-over-counts",
                {"count": 60, "mutuals": 600}),
        Finding("followers-who-message-you", "notice", "1 follower messages you", "after-a-follow-back",
                {"count": 1}, "fans"),
        Finding("possible-renames", "info", "1 account renamed", "history-and-changes", {"possible_renames": 1}),
    ]
    return report


def test_engagement_lists_are_whole_lists_and_the_account_page_previews_them(tmp_path: Path,
                                                                              guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", _signal_report(), loaded_config(tmp_path), guides_folder)
    text = _text(site / FOLDER / "index.html")
    shown = QUIET[:SIGNAL_LIMIT]
    assert all(h in text for h in shown) and QUIET[SIGNAL_LIMIT] not in text
    assert "more are in" not in text and "All 60 accounts: search, sort and download" in text
    links = [link.url for link in parse(site / FOLDER / "index.html").links]
    for key in ("mutuals_never_interact", "one_sided_high_interaction", "followers_who_message_you"):
        assert f"../../{SIGNALS}/{key}/index.html" in links
        page = (site / SIGNALS / key / "index.html").read_text(encoding="utf-8")
        assert 'data-kind="relation"' in page and (site / SIGNALS / key / "data-1.js").exists()
    page = (site / SIGNALS / "mutuals_never_interact" / "index.html").read_text(encoding="utf-8")
    assert 'data-count="60"' in page and 'data-download="instagram-alice-mutuals_never_interact-2025-12-10"' in page
    assert "<h1>Mutuals you never interact with" in page
    one_sided = (site / SIGNALS / "one_sided_high_interaction" / "data-1.js").read_text(encoding="utf-8")
    assert '"handle":"crush.acct"' in one_sided
    # report.json keeps the analysis's shape of the lists, and no part file is made for them
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    engagement = report["accounts"][0]["engagement"]
    assert engagement["mutuals_never_interact"] == QUIET
    assert engagement["one_sided_high_interaction"] == [["crush.acct", 42]]
    assert not list((site / SIGNALS).rglob("*.json"))


def test_findings_about_engagement_lists_and_renames_open_the_exact_view(tmp_path: Path,
                                                                        guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", _signal_report(), loaded_config(tmp_path), guides_folder)
    links = [link.url for link in parse(site / "findings.html").links]
    assert f"{SIGNALS}/mutuals_never_interact/index.html" in links
    assert f"{SIGNALS}/followers_who_message_you/index.html" in links
    renames = f"{FOLDER}/history.html#change-1-possible_renames"
    assert renames in links
    history = parse(site / FOLDER / "history.html")
    assert "change-1-possible_renames" in history.ids and "change-1" in history.ids


def test_a_finding_without_a_list_page_falls_back_to_the_account_page(tmp_path: Path, guides_folder: Path) -> None:
    report = _signal_report()
    engagement = report.accounts[0].extra["engagement"]
    assert isinstance(engagement, Engagement)
    engagement.mutuals_never_interact = []  # the list is empty: it has no page
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    assert not (site / SIGNALS / "mutuals_never_interact").exists()
    links = [link.url for link in parse(site / "findings.html").links]
    assert f"{FOLDER}/index.html#signals-mutuals_never_interact" in links


def test_the_download_hint_names_what_is_missing(tmp_path: Path, guides_folder: Path) -> None:
    report = analysis_report()
    engagement = report.accounts[0].extra["engagement"]
    assert isinstance(engagement, Engagement)
    engagement.missing = ["story_likes"]
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    page = (site / FOLDER / "index.html").read_text(encoding="utf-8")
    hint = re.search(r'<p class="note download-hint">(.*?)</p>', page, re.S)
    assert hint is not None and hint.group(1).startswith("This export has no story likes. Tick Comments")


def test_one_export_of_several_holds_the_account(tmp_path: Path, guides_folder: Path) -> None:
    report = small_report()
    account = report.accounts[0]
    report.accounts[0] = replace(account, snapshots=account.snapshots[-1:], changes=[], exports_without_data=2)
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    said = ("Only one export holds Instagram data so far; the other 2 exports in the same folder have none. "
            "Changes appear after the next export that includes Instagram.")
    for page in ("index.html", "accounts/instagram-alice/index.html", "accounts/instagram-alice/history.html"):
        text = _text(site / page)
        assert said in text and "Only one export so far" not in text, page
    assert "With a single export there is nothing to compare yet" not in _text(
        site / "accounts/instagram-alice/history.html")


def test_the_about_page_lists_conversations_as_one_line(tmp_path: Path, guides_folder: Path) -> None:
    inbox = "your_instagram_activity/messages/inbox"
    used = ["connections/followers_and_following/followers_1.json", "your_instagram_activity/likes/liked_posts.json",
            f"{inbox}/anna_123/message_1.json", f"{inbox}/anna_123/message_2.json", f"{inbox}/ben_456/message_1.json",
            "your_instagram_activity/comments/post_comments_1.json"]
    assert files_shown(used) == [used[0], used[1], f"{inbox}/*/message_*.json (3 files)", used[-1]]
    report = small_report()
    account = report.accounts[0]
    account.snapshots[-1] = replace(account.snapshots[-1], files_used=used)
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    text = _text(site / "about.html")
    assert "liked_posts.json" in text and "post_comments_1.json" in text
    assert f"{inbox}/*/message_*.json (3 files)" in text and "anna_123" not in text
