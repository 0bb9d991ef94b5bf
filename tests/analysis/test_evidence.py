"""One reading per account per change, from every trace the newer export holds (analysis/evidence.py)."""

from __future__ import annotations

from analysis_builders import snap

from followscope_site.analysis import AccountInput, analyze
from followscope_site.analysis.changes import change_between
from followscope_site.config.schema import AnalysisConfig


def readings(items):
    return {x.handle: (x.reason, x.certainty) for x in items}


def test_an_account_gone_from_both_lists_has_one_reading_on_both():
    # the example's case: a mutual deleted, its placeholder kept in following only (with the following time)
    old = snap("2025-09-01", followers={"mutual.x": 100, "fan.y": 200}, following={"mutual.x": 300})
    new = snap("2025-12-10", followers={"fan.y": 200}, following={"__deleted__abcdefghij": 300})
    change = change_between(old, new)
    assert readings(change.lost_followers) == {"mutual.x": ("deactivated", "likely")}
    assert readings(change.dropped_following) == {"mutual.x": ("deactivated", "likely")}
    assert change.lost_followers[0] is change.dropped_following[0]


def test_traces_anywhere_in_the_newer_export_say_the_account_exists():
    old = snap("2025-01-01", followers={"liker": 1, "asker": 2, "cf": 3, "quiet": 4, "msg.er": 5},
               following={"cf": 3})
    new = snap("2025-02-01", followers={}, following={"cf": 3}, requests_received={"asker": 9},
               signals={"liked_posts": {"liker": 2}, "messages": {"msger": 7}})
    change = change_between(old, new)
    assert readings(change.lost_followers) == {
        "liker": ("unfollowed", "likely"), "asker": ("unfollowed", "likely"), "cf": ("unfollowed", "likely"),
        "msg.er": ("unfollowed", "likely"), "quiet": ("unfollowed", "unknown")}
    details = {x.handle: x.detail for x in change.lost_followers}
    assert details["liker"] == "the account still exists: seen in posts you liked"
    assert details["cf"] == "the account still exists: seen in the accounts you follow"
    assert details["quiet"] is None


def test_a_trace_rules_out_deactivation_and_renaming():
    old = snap("2025-01-01", followers={"seen.again": 50, "renamer": 60}, following={"seen.again": 70})
    new = snap("2025-02-01", followers={"__deleted__zz": 50, "renamed.now": 60}, following={},
               close_friends={"seen.again": 1}, pending_sent={"renamer": 2})
    change = change_between(old, new)
    assert readings(change.lost_followers) == {"seen.again": ("mutual_ended", "likely"),
                                               "renamer": ("unfollowed", "likely")}
    assert change.possible_renames == []


def test_threads_lists_of_the_same_export_are_traces():
    old = snap("2025-09-01", source="exports/instagram-me-2025-09-01-a.zip", followers={"left.ig": 10, "gone": 20},
               following={})
    new = snap("2025-12-10", source="exports/instagram-me-2025-12-10-b.zip", followers={}, following={})
    threads = snap("2025-12-10", platform="threads", source=new.source, followers={"left.ig": 11}, following={})
    accounts = [AccountInput("instagram", "me", "@me", [old, new]), AccountInput("threads", "me", "Threads", [threads])]
    report = analyze(accounts, AnalysisConfig(), title="t", generated_at=new.taken_at)
    [change] = report.accounts[0].changes
    assert readings(change.lost_followers) == {"left.ig": ("unfollowed", "likely"), "gone": ("unfollowed", "unknown")}
    assert "Threads followers" in change.lost_followers[1].detail
    assert (change.from_source, change.to_source) == (old.source, new.source)


def test_you_unfollowed_and_they_left_too():
    old = snap("2025-01-01", followers={"ex.mutual": 1}, following={"ex.mutual": 2, "only.you": 3})
    new = snap("2025-02-01", followers={}, following={}, recently_unfollowed={"ex.mutual": 4, "only.you": 5})
    change = change_between(old, new)
    assert readings(change.dropped_following) == {"ex.mutual": ("you_unfollowed", "certain"),
                                                  "only.you": ("you_unfollowed", "certain")}
    assert change.lost_followers[0].detail == "they no longer follow you either"


def test_gone_both_ways_without_a_trace_is_unavailable():
    old = snap("2025-01-01", followers={"ghost": 1}, following={"ghost": 2})
    new = snap("2025-02-01", followers={}, following={})
    change = change_between(old, new)
    assert readings(change.lost_followers) == readings(change.dropped_following) == {"ghost": ("unavailable",
                                                                                               "unknown")}
