"""The pages show what the analysis computes: balance, engagement, loss reasons, overlaps, findings numbers."""

from __future__ import annotations

import hashlib
import json
import re
import stat
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from htmlcheck import parse
from sitekit import loaded_config, render_to, snapshot

from followscope_site.analysis.balance import Balance, Burst
from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.evidence import lost
from followscope_site.analysis.report import AccountReport, Change, Finding, LostAccount, Overlap, Report
from followscope_site.errors import OutputError
from followscope_site.site.privacy import KEY_ENV, KEY_FILE, pseudonym, pseudonym_key

FOLDER = "accounts/instagram-alice"
MANY = 450  # more than pages.CHANGE_LIMIT, so the list is cut


def _balance(day: str, followed_back: float, **more: object) -> Balance:
    return Balance(date=day, counts={"followers": 1000, "following": 898, "mutuals": 600, "fans": 400,
                                     "not_following_back": 298},
                   metrics={"follow_ratio": 1.114, "follow_back_rate": 0.6, "followed_back_rate": followed_back},
                   mutual_share=0.5, grace_days=7, **more)  # type: ignore[arg-type]


def _account(handle: str, platform: str, extra: dict[str, object], **fields: object) -> AccountReport:
    snaps = [snapshot("2025-09-01", ["anna.example"], ["anna.example"]),
             snapshot("2025-12-10", ["anna.example", "fan.one"], ["anna.example", "long.wait"])]
    snaps = [replace(s, platform=platform) for s in snaps]
    base = dict(id=f"{platform}:{handle}", platform=platform, handle=handle, label=f"@{handle}",
                identifier="handle", snapshots=snaps,
                counts={"followers": 1000, "following": 898, "mutuals": 600, "fans": 400, "not_following_back": 298},
                metrics={"follow_ratio": 1.114, "follow_back_rate": 0.6, "followed_back_rate": 0.668},
                categories={"mutuals": ["anna.example"], "fans": ["fan.one"], "not_following_back": ["long.wait"]},
                extra=extra)
    base.update(fields)
    return AccountReport(**base)  # type: ignore[arg-type]


def analysis_report() -> Report:
    """One Instagram account with every analysis result filled in by hand, and a TikTok one to overlap."""
    latest = _balance("2025-12-10", 0.668, unanswered=[("long.wait", 400), ("mid.wait", 30)],
                      unanswered_undated=["no.date"], within_grace=["fresh.one", "fresh.two"],
                      unanswered_median_days=215.0, unanswered_max_days=400,
                      follow_bursts=[Burst("2025-11-14", 60)], unfollow_bursts=[Burst("2025-11-20", 55)],
                      following_cap=7500, cap_share=0.12)
    engagement = Engagement(available=["liked_posts", "messages", "messages_received"],
                            missing=["comments", "story_likes"], download_hint="Tick Comments next time.",
                            interactions={"anna.example": 3, "crush.acct": 42, "chatty.fan": 7},
                            mutuals_never_interact=["quiet.mutual"], one_sided_high_interaction=[("crush.acct", 42)],
                            followers_who_message_you=[("chatty.fan", 1234)], threshold=10)
    change = Change(
        from_date="2025-09-01", to_date="2025-12-10", gained_followers=["fan.one"],
        lost_followers=[LostAccount("left.you", "unfollowed", "unknown"),
                        LostAccount("blocked.one", "blocked", "certain"),
                        lost("old.name", "renamed", "likely", "renamed", "new.name"),
                        *(LostAccount(f"bulk{i:04d}", "unfollowed", "unknown") for i in range(MANY))],
        new_following=["long.wait"],
        dropped_following=[LostAccount("dropped.me", "you_unfollowed", "certain"),
                           lost("ghost.acct", "unavailable", "unknown", "not_listed"),
                           lost("gone.acct", "deactivated", "likely", "placeholder")],
        became_mutual=["new.mutual"], became_one_sided=["was.mutual"],
        notes=["exports/partial.zip (2025-10-01) was left out: it is a partial export."],
        possible_renames=[("old.name", "new.name")],
    )
    findings = [
        Finding("long-unanswered-follows", "notice", "Follows unanswered", "auditing-following",
                {"count": 1234, "median_days": 215.0, "max_days": 400, "grace_days": 7}, "not_following_back"),
        Finding("low-follow-back-rate", "info", "You follow back few", "selective-follow-back",
                {"follow_back_rate": 0.061, "threshold": 0.5, "fans": 9654}, "fans"),
        Finding("follow-burst", "warning", "Days with many follows", "automation-rules",
                {"days": 1, "max_per_day": 60, "threshold": 50}),
    ]
    insta = _account("alice", "instagram", {
        "balance": latest, "balance_history": [_balance("2025-09-01", 0.7), latest],
        "engagement": engagement, "duplicates": [("exports/a.zip", "exports/b.zip")]},
        changes=[change], findings=findings)
    tiktok = _account("alice.tt", "tiktok", {"balance": _balance("2025-12-10", 0.5), "engagement": None})
    overlap = Overlap(left=insta.id, right=tiktok.id, followers_both=["anna.example"],
                      followers_only_left=["insta.only"], followers_only_right=["tiktok.only", "tiktok.two"],
                      following_both=None, following_only_left=None, following_only_right=None)
    return Report(title="Views", generated_at=datetime(2026, 1, 2, tzinfo=UTC), accounts=[insta, tiktok],
                  overlaps=[overlap])


HANDLES = ["long.wait", "mid.wait", "no.date", "fresh.one", "quiet.mutual", "crush.acct", "chatty.fan", "left.you",
           "blocked.one", "old.name", "new.name", "dropped.me", "ghost.acct", "gone.acct", "new.mutual", "was.mutual",
           "insta.only", "tiktok.only", "tiktok.two", "bulk0001"]


@pytest.fixture
def site(tmp_path: Path, guides_folder: Path) -> Path:
    return render_to(tmp_path / "site", analysis_report(), loaded_config(tmp_path), guides_folder)


def _text(page: Path) -> str:
    return re.sub(r"\s+", " ", parse(page).all_text)


def test_account_page_shows_the_engagement_balance(site: Path) -> None:
    text = _text(site / FOLDER / "index.html")
    assert "Balance" in text and "Unanswered follows" in text and "Bursts" in text
    assert "Share of mutuals 50%" in text and "Followed-back rate 66.8%" in text and "Follow ratio 1.11" in text
    assert "Unanswered for more than 7 days 2" in text
    assert "Median wait 215 days" in text and "Longest wait 400 days" in text
    assert "Followed within the grace period 2" in text and "No follow date in the export 1" in text
    assert "long.wait 400 days" in text and "mid.wait 30 days" in text
    assert "898 of 7,500 (12%)" in text
    assert re.search(r"2025-11-14\s*60", text) and re.search(r"2025-11-20\s*55", text)
    page = parse(site / FOLDER / "index.html")
    hrefs = [link.url for link in page.links]
    assert "../../accounts/instagram-alice/not_following_back/index.html" in hrefs
    # the balance chart: labelled SVG and a hidden data table with both snapshots
    assert "balance-instagram-alice-title" in page.ids and "balance-instagram-alice-desc" in page.ids
    # rates as the pages write them
    assert "Balance across exports" in text and re.search(r"2025-09-01\s*60%\s*70%\s*50%", text)


def test_account_page_shows_engagement_signals(site: Path) -> None:
    text = _text(site / FOLDER / "index.html")
    assert "Mutuals you never interact with 1" in text and "quiet.mutual" in text
    assert "One-sided follows you interact with a lot 1" in text and "crush.acct 42 interactions" in text
    assert "Followers who message you that you don't follow 1" in text and "chatty.fan 1,234 messages" in text
    assert "at least 10 interactions" in text
    assert "Not in it: comments, story likes" in text and "Tick Comments next time." in text


def test_engagement_without_signals_shows_the_download_hint(tmp_path: Path, guides_folder: Path) -> None:
    report = analysis_report()
    report.accounts[0].extra["engagement"] = Engagement(available=[], missing=["liked_posts"],
                                                        download_hint="Choose All available information.")
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    text = _text(site / FOLDER / "index.html")
    assert "This export has no likes, comments or messages" in text
    assert "Choose All available information." in text and "Mutuals you never interact with" not in text


def test_history_shows_reasons_certainty_renames_and_notes(site: Path) -> None:
    page = parse(site / FOLDER / "history.html")
    text = _text(site / FOLDER / "history.html")
    assert "left.you — they unfollowed you unconfirmed" in text
    assert "blocked.one — you blocked them certain" in text
    assert "dropped.me — you unfollowed them certain" in text
    assert "gone.acct — the account was deleted or deactivated likely" in text
    assert "ghost.acct — the account may be gone (deleted or deactivated) or may have blocked you" in text
    assert "old.name — the account may have been renamed likely (possibly renamed to new.name)" in text
    assert "Possible renames 1" in text and "old.name → new.name" in text
    assert "Became mutual 1" in text and "new.mutual" in text and "Became one-sided 1" in text
    assert "Read this first" in text and "exports/partial.zip (2025-10-01) was left out" in text
    assert "exports/a.zip holds the same lists as exports/b.zip" in text
    labels = [a["class"] for t, a in page.tags if t == "span" and "certainty-" in a.get("class", "")]
    assert {"certainty certainty-certain", "certainty certainty-likely", "certainty certainty-unknown"} <= set(labels)
    # a long list: its count, the first 200, and a link to the list's own page for the rest
    assert f"Lost followers {MANY + 3}" in text
    assert f"Showing the first 200; {MANY + 3 - 200} more are on the list's own page and in report.json" in text
    assert f"All {MANY + 3} accounts: search, sort and download" in text
    assert "bulk0196" in text and "bulk0300" not in text
    links = [link.url for link in page.links]
    assert "../../report.json" in links
    assert "../../accounts/instagram-alice/changes/2025-09-01_2025-12-10/lost_followers/index.html" in links
    assert any(t == "polyline" for t, _ in page.tags)  # followers and following across snapshots


def test_overlap_page_and_report_json(site: Path) -> None:
    text = _text(site / "overlap.html")
    assert "@alice on Instagram and @alice.tt on TikTok" in text
    assert "Follow you on Instagram but not on TikTok 1" in text and "insta.only" in text
    assert "Follow you on TikTok but not on Instagram 2" in text and "tiktok.two" in text
    assert "The following lists can't be compared" in text
    index = parse(site / "index.html")
    assert "overlap.html" in [link.url for link in index.links]  # navigation and the overview section
    assert "1 follow you on both, 1 only on Instagram, 2 only on TikTok" in _text(site / "index.html")
    data = json.loads((site / "report.json").read_text(encoding="utf-8"))
    assert list(data)[-2:] == ["accounts", "overlaps"]
    assert data["overlaps"] == [{
        "left": "instagram:alice", "right": "tiktok:alice.tt", "followers_both": [{"handle": "anna.example"}],
        "followers_only_left": [{"handle": "insta.only"}],
        "followers_only_right": [{"handle": "tiktok.only"}, {"handle": "tiktok.two"}],
        "following_both": None, "following_only_left": None, "following_only_right": None}]
    change = data["accounts"][0]["changes"][0]
    assert change["possible_renames"] == [{"old": "old.name", "new": "new.name"}]
    assert len(change["lost_followers"]) == MANY + 3


def test_findings_are_sentences_with_the_readers_numbers_and_one_next_step(site: Path) -> None:
    for page in ("findings.html", "index.html", f"{FOLDER}/index.html"):
        text = _text(site / page)
        assert "1,234 of your follows have gone unanswered for more than 7 days; the longest for 400 days." in text
        assert "You follow back 6.1% of your followers: 9,654 follow you without a follow back." in text
        assert "On 1 day you followed more than 50 accounts (60 at most)." in text
        assert "Warning" in text and "Worth a look" in text  # severity in words, not colour alone
        root = "../../" if page.startswith("accounts/") else ""
        steps = [a["href"] for tag, a in parse(site / page).tags if tag == "a" and a.get("class") == "next-step"]
        assert steps == [f"{root}{FOLDER}/not_following_back/index.html?sort=followed_at",  # the analysis's order
                         f"{root}{FOLDER}/fans/index.html?sort=follows_you_since",
                         f"{root}{FOLDER}/index.html#bursts-title"], page


def test_public_mode_names_nobody_in_the_new_sections(tmp_path: Path, guides_folder: Path) -> None:
    site = render_to(tmp_path / "site", analysis_report(), loaded_config(tmp_path, privacy="public"), guides_folder)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".js") and path.parent.name != "assets":
            text = path.read_text(encoding="utf-8-sig")
            leaked = [h for h in HANDLES if h in text]
            assert leaked == [], (path, leaked)
    key = (tmp_path / KEY_FILE).read_bytes()
    text = _text(site / FOLDER / "index.html")
    assert f"{pseudonym(key, 'instagram:alice', 'crush.acct')} 42 interactions" in text
    assert "898 of 7,500 (12%)" in text  # aggregates stay
    history = _text(site / FOLDER / "history.html")
    old, new = pseudonym(key, "instagram:alice", "old.name"), pseudonym(key, "instagram:alice", "new.name")
    assert f"{old} → {new}" in history
    data = json.loads((site / "report.json").read_text(encoding="utf-8"))
    lost = {x["handle"]: x for x in data["accounts"][0]["changes"][0]["lost_followers"]}
    assert lost[old]["detail"] == f"possibly renamed to {new}"  # rebuilt from the pseudonym
    assert data["accounts"][0]["balance"]["unanswered"][0] == [pseudonym(key, "instagram:alice", "long.wait"), 400]
    overlap = _text(site / "overlap.html")
    assert pseudonym(key, "tiktok:alice.tt", "tiktok.two") in overlap


def test_pseudonym_key_is_secret_stable_and_private(tmp_path: Path) -> None:
    key = pseudonym_key(tmp_path)
    path = tmp_path / KEY_FILE
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pseudonym_key(tmp_path) == key  # the next build reuses it
    unkeyed = "account-" + hashlib.sha256(b"instagram:alice\nanna.example").hexdigest()[:12]
    assert pseudonym(key, "instagram:alice", "anna.example") != unkeyed  # no longer guessable without the key
    assert pseudonym(pseudonym_key(tmp_path / "other"), "instagram:alice", "anna.example") != \
        pseudonym(key, "instagram:alice", "anna.example")
    path.write_bytes(b"short")
    with pytest.raises(OutputError) as caught:
        pseudonym_key(tmp_path)
    assert "pseudonym-key" in str(caught.value.path)


def test_pseudonym_key_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI build (fresh checkout, no cache folder) uses the same key as the local builds."""
    local = pseudonym_key(tmp_path / "local")
    monkeypatch.setenv(KEY_ENV, local.hex())
    assert pseudonym_key(tmp_path / "ci") == local and not (tmp_path / "ci" / KEY_FILE).exists()
    monkeypatch.setenv(KEY_ENV, "abc")
    with pytest.raises(OutputError):
        pseudonym_key(tmp_path / "ci")


def test_pages_with_huge_changes_stay_small(tmp_path: Path, guides_folder: Path) -> None:
    report = analysis_report()
    change = report.accounts[0].changes[0]
    change.gained_followers = [f"g{i:07d}.long.handle.example" for i in range(20_000)]
    change.lost_followers = [LostAccount(f"l{i:07d}", "unfollowed", "unknown") for i in range(10_000)]
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path), guides_folder)
    size = (site / FOLDER / "history.html").stat().st_size
    assert size < 2_000_000, size
    assert "19,800 more are on the list's own page" in _text(site / FOLDER / "history.html")
    lost = site / FOLDER / "changes/2025-09-01_2025-12-10/lost_followers/index.html"
    assert lost.stat().st_size < 200_000  # its first page; the rest is in its data files
