"""Balance (grace period, bursts, cap), engagement, overlap and findings, on snapshots built in code."""

from __future__ import annotations

from analysis_builders import DAY, at, snap

from followscope_site.analysis import AccountInput, analyze, analyze_account
from followscope_site.analysis.balance import balance_of
from followscope_site.analysis.findings import GUIDES, finding_size
from followscope_site.config.schema import AnalysisConfig

NOW = int(at("2025-06-01").timestamp())


def test_grace_period_keeps_recent_follows_unflagged():
    s = snap("2025-06-01", followers={"mutual": NOW - 50 * DAY},
             following={"mutual": NOW - 50 * DAY, "old": NOW - 40 * DAY, "new": NOW - 2 * DAY, "undated": None})
    b = balance_of(s, AnalysisConfig(grace_days=7))
    assert b.unanswered == [("old", 40)]
    assert b.within_grace == ["new"] and b.unanswered_undated == ["undated"]
    assert b.unanswered_max_days == 40
    assert balance_of(s, AnalysisConfig(grace_days=0)).within_grace == []


def test_follow_and_unfollow_bursts_by_utc_day():
    following = {f"u{i}": NOW - 3 * DAY + i for i in range(6)} | {"lone": NOW - 10 * DAY}
    unfollowed = {f"x{i}": NOW - DAY + i for i in range(4)}
    s = snap("2025-06-01", followers={}, following=following, recently_unfollowed=unfollowed)
    b = balance_of(s, AnalysisConfig(burst_per_day=5))
    assert [(x.day, x.count) for x in b.follow_bursts] == [("2025-05-29", 6)]
    assert b.unfollow_bursts == []
    assert [x.count for x in balance_of(s, AnalysisConfig(burst_per_day=3)).unfollow_bursts] == [4]


def test_following_cap_only_where_the_platform_has_one():
    following = [f"u{i}" for i in range(7000)]
    b = balance_of(snap("2025-06-01", followers=[], following=following), AnalysisConfig())
    assert (b.following_cap, b.cap_share) == (7500, 0.933)
    tiktok = balance_of(snap("2025-06-01", platform="tiktok", followers=[], following=following), AnalysisConfig())
    assert tiktok.following_cap is None and tiktok.cap_share is None


def account(*snapshots, **kw):
    return AccountInput(platform=kw.pop("platform", "instagram"), handle="me", label="@me",
                        snapshots=list(snapshots), **kw)


def test_findings_have_known_guides_and_expected_ids():
    old = snap("2025-05-01", followers={"a": 1, "b": 2, "r.old": 3}, following={"a": 1})
    following = {f"u{i}": NOW - 100 * DAY for i in range(6900)} | {"a": 1, "__deleted__q": 5}
    new = snap("2025-06-01", followers={"a": 1, "r.new": 3}, following=following, pending_sent=["p"])
    report = analyze_account(account(old, new), AnalysisConfig(burst_per_day=50))
    ids = {f.id for f in report.findings}
    assert {"ratio-below-one", "many-not-following-back", "near-following-cap", "follow-burst", "lost-followers",
            "possible-renames", "deactivated-in-following", "pending-requests", "engagement-data-missing"} <= ids
    # one fact, one finding: the unanswered follows and the low followed-back rate join not-following-back
    assert not ids & {"long-unanswered-follows", "low-followed-back-rate"}
    merged = next(f for f in report.findings if f.id == "many-not-following-back")
    assert merged.numbers["unanswered"] == 6900 and merged.numbers["followed_back_rate"] is not None
    assert all(f.guide in GUIDES for f in report.findings)
    ratio = next(f for f in report.findings if f.id == "ratio-below-one")
    assert ratio.severity == "notice" and ratio.guide == "follower-balance"
    assert next(f for f in report.findings if f.id == "many-not-following-back").category == "not_following_back"
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["warning", "notice", "info"].index)
    for severity in ("warning", "notice", "info"):  # of one severity, the biggest first
        sizes = [finding_size(f) for f in report.findings if f.severity == severity]
        assert sizes == sorted(sizes, reverse=True)


def test_partial_export_finding_and_ignore_respected():
    a = snap("2025-01-01", followers=["a", "spam"], following=["a"])
    p = snap("2025-02-01", partial=True, followers=["a"], following=["a"])
    c = snap("2025-03-01", followers=["a"], following=["a", "spam"])
    report = analyze_account(account(a, p, c, ignore=frozenset({"spam"})), AnalysisConfig())
    assert "partial-export" in {f.id for f in report.findings}
    assert "lost-followers" not in {f.id for f in report.findings}
    assert report.changes[0].lost_followers == [] and report.changes[0].new_following == []


def test_engagement_lists():
    signals = {"liked_posts": {"idol": 12, "pal": 1}, "comments": {"idol": 3}, "story_likes": {},
               "messages": {"fanmsg": 9, "annaexample": 2}, "messages_received": {"fanmsg": 4}}
    s = snap("2025-06-01", signals=signals, followers=["pal", "quiet", "fanmsg", "anna.example"],
             following=["pal", "quiet", "idol", "anna.example"])
    report = analyze_account(account(s), AnalysisConfig(high_interaction=10))
    e = report.extra["engagement"]
    assert e.missing == [] and e.download_hint is None
    assert e.interactions == {"anna.example": 2, "fanmsg": 9, "idol": 15, "pal": 1}
    assert e.mutuals_never_interact == ["quiet"]
    assert e.one_sided_high_interaction == [("idol", 15)]
    assert e.followers_who_message_you == [("fanmsg", 4)]
    ids = {f.id for f in report.findings}
    assert {"mutuals-never-interact", "one-sided-high-interaction", "followers-who-message-you"} <= ids


def test_engagement_missing_files_names_the_download_option():
    e = analyze_account(account(snap("2025-06-01", followers=[], following=[])), AnalysisConfig()).extra["engagement"]
    assert e.available == [] and "Export your information" in e.download_hint
    tiktok = account(snap("2025-06-01", platform="tiktok", followers=[], following=[]), platform="tiktok")
    assert analyze_account(tiktok, AnalysisConfig()).extra["engagement"] is None


def test_cross_platform_overlap_by_handle_and_alias():
    ig = account(snap("2025-06-01", followers=["ann", "bob", "cy"], following=["ann"]),
                 aliases={"bob": "bobby_tt"})
    tt = account(snap("2025-06-01", platform="tiktok", followers=["ann", "bobby_tt", "zed"], following=[]),
                 platform="tiktok")
    from datetime import UTC, datetime
    report = analyze([ig, tt], AnalysisConfig(), title="t", generated_at=datetime(2025, 6, 1, tzinfo=UTC))
    [o] = report.overlaps
    assert (o.left, o.right) == ("instagram:me", "tiktok:me")
    assert o.followers_both == ["ann", "bob"]
    assert o.followers_only_left == ["cy"]  # follows you on Instagram but not on TikTok
    assert o.followers_only_right == ["zed"]
    assert o.following_only_left == ["ann"] and o.following_both == []


def test_exports_of_the_entry_that_hold_none_of_an_accounts_data():
    """Three Instagram exports in one folder, only the newest with Threads lists: the Threads account's one
    snapshot is not the one export read. Another config entry's exports don't count."""
    from datetime import UTC, datetime
    lists = {"followers": ["ann"], "following": ["ann"]}
    dates = ("2025-06-01", "2025-09-01", "2025-12-10")
    instagram = account(*(snap(d, **lists) for d in dates))
    threads = account(snap("2025-12-10", platform="threads", **lists), platform="threads")
    tiktok = account(snap("2025-05-01", platform="tiktok", source="exports/tiktok.zip", **lists), platform="tiktok")
    tiktok.entry = 1
    report = analyze([instagram, threads, tiktok], AnalysisConfig(), title="t",
                     generated_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert [a.exports_without_data for a in report.accounts] == [0, 2, 0]
