"""Changes between snapshots: exact set differences, reasons with certainty, partial exports, duplicates."""

from __future__ import annotations

from analysis_builders import snap

from followscope_site.analysis.changes import change_between, collapse_duplicates, compute_changes


def reasons(items):
    return {x.handle: (x.reason, x.certainty) for x in items}


def test_three_dated_snapshots_give_exact_set_differences():
    a = snap("2025-01-01", followers=["ann", "bob", "cy"], following=["ann", "dan"])
    b = snap("2025-02-01", followers=["ann", "cy", "eve"], following=["ann", "eve"])
    c = snap("2025-03-01", followers=["eve", "fay"], following=["ann", "eve", "gus"])
    changes = compute_changes([a, b, c])
    assert [(x.from_date, x.to_date) for x in changes] == [("2025-01-01", "2025-02-01"), ("2025-02-01", "2025-03-01")]
    for change, (old, new) in zip(changes, [(a, b), (b, c)], strict=True):
        for name, gained, lost in (("followers", change.gained_followers, change.lost_followers),
                                   ("following", change.new_following, change.dropped_following)):
            assert gained == sorted(set(new.lists[name]) - set(old.lists[name]))
            assert [x.handle for x in lost] == sorted(set(old.lists[name]) - set(new.lists[name]))
    assert changes[0].became_mutual == ["eve"]
    assert changes[1].became_one_sided == ["ann"]  # still followed by you, no longer following you


def test_single_snapshot_has_no_changes():
    assert compute_changes([snap("2025-01-01", followers=["a"], following=["a"])]) == []


def test_renamed_follower_with_same_timestamp_is_a_possible_rename():
    old = snap("2025-01-01", followers={"old.name": 1700000000, "stays": 1600000000}, following={})
    new = snap("2025-02-01", followers={"new.name": 1700000000, "stays": 1600000000}, following={})
    change = change_between(old, new)
    assert reasons(change.lost_followers) == {"old.name": ("renamed", "likely")}
    assert change.lost_followers[0].detail == "possibly renamed to new.name"
    assert change.gained_followers == ["new.name"]
    assert change.possible_renames == [("old.name", "new.name")]
    assert any("renamed" in note for note in change.notes)
    assert all("new.name" not in note for note in change.notes)  # notes never carry handles (privacy)


def test_shared_timestamp_is_no_rename():
    old = snap("2025-01-01", followers={"a": 5, "b": 5}, following={})
    new = snap("2025-02-01", followers={"c": 5, "d": 5}, following={})
    change = change_between(old, new)
    assert reasons(change.lost_followers) == {"a": ("unfollowed", "unknown"), "b": ("unfollowed", "unknown")}
    assert change.possible_renames == []


def test_reasons_with_certainty():
    old = snap("2025-01-01", followers={"fan1": 10, "gone": 20, "blk": 30},
               following={"me.unf": 40, "gone": 20, "blk": 30, "mystery": 50})
    new = snap("2025-02-01", followers={"__deleted__abc": 20}, following={"__deleted__abc": 20},
               recently_unfollowed={"me.unf": 45}, blocked={"blk": 46})
    change = change_between(old, new)
    assert reasons(change.lost_followers) == {"blk": ("blocked", "certain"), "fan1": ("unfollowed", "unknown"),
                                              "gone": ("deactivated", "likely")}
    assert reasons(change.dropped_following) == {"blk": ("blocked", "certain"), "gone": ("deactivated", "likely"),
                                                 "me.unf": ("you_unfollowed", "certain"),
                                                 "mystery": ("unavailable", "unknown")}
    assert change.gained_followers == [] and change.new_following == []  # placeholders are no one new


def test_dropped_following_without_unfollow_list_is_unknown():
    change = change_between(snap("2025-01-01", followers=[], following={"x": 1}),
                            snap("2025-02-01", followers=[], following={}))
    assert reasons(change.dropped_following) == {"x": ("you_unfollowed", "unknown")}


def test_partial_snapshot_between_full_ones_invents_no_losses():
    full = {f"f{i:02d}": 1_600_000_000 + i for i in range(20)}
    a = snap("2025-01-01", followers=full, following={"x": 1})
    recent = {h: ts for h, ts in full.items() if ts > 1_600_000_015}
    p = snap("2025-02-01", partial=True, source="exports/range.zip", followers=recent, following={})
    c = snap("2025-03-01", followers=full, following={"x": 1})
    changes = compute_changes([a, p, c])
    assert len(changes) == 1
    assert (changes[0].from_date, changes[0].to_date) == ("2025-01-01", "2025-03-01")
    assert changes[0].lost_followers == [] and changes[0].dropped_following == []
    assert any("exports/range.zip" in n and "partial" in n for n in changes[0].notes)


def test_trailing_partial_gives_a_note_only_change():
    a = snap("2025-01-01", followers=["a", "b"], following=["a"])
    p = snap("2025-02-01", partial=True, followers=["a"], following=[])
    changes = compute_changes([a, p])
    # nothing was compared: the lists are unknown (None, null in report.json), not empty
    assert len(changes) == 1 and changes[0].lost_followers is None and changes[0].notes


def test_missing_list_gives_a_note_not_losses():
    change = change_between(snap("2025-01-01", followers=["a"], following=["b"]),
                            snap("2025-02-01", following=["b"]))
    assert change.lost_followers is None and change.gained_followers is None  # unknown, not "none"
    assert change.became_mutual is None and change.dropped_following == []
    assert any("no followers list" in n for n in change.notes)


def test_ignored_accounts_never_appear():
    change = change_between(snap("2025-01-01", followers=["a", "spam"], following=[]),
                            snap("2025-02-01", followers=["b"], following=[]), ignore={"spam"})
    assert [x.handle for x in change.lost_followers] == ["a"]


def test_identical_exports_collapse_into_the_newest():
    a = snap("2025-01-01", followers={"a": 1}, following={})
    a2 = snap("2025-01-05", followers={"a": 1}, following={})
    b = snap("2025-02-01", followers={"b": 2}, following={})
    kept, dropped = collapse_duplicates([a, a2, b])
    assert [s.date for s in kept] == ["2025-01-05", "2025-02-01"]
    assert dropped == [("exports/2025-01-01.zip", "exports/2025-01-05.zip")]
    assert len(compute_changes(kept)) == 1


def test_peer_cameronwolf_week1_to_week2():
    """MANIFEST §10 (cameronwolf-coder/instagram-audit demo): every entry shares its export's timestamp."""
    w1, w2 = 1704088800, 1704693600
    week1 = snap("2024-01-01", followers=dict.fromkeys(["alice_designs", "bob_photos", "charlie_travels",
                                                        "dave_fitness", "eve_art"], w1),
                 following=dict.fromkeys(["alice_designs", "bob_photos", "frank_tech"], w1))
    week2 = snap("2024-01-08", followers=dict.fromkeys(["alice_designs", "bob_photos", "dave_fit_coach",
                                                        "eve_art", "grace_music"], w2),
                 following=dict.fromkeys(["alice_designs", "bob_photos", "grace_music"], w2))
    change = change_between(week1, week2)
    assert change.gained_followers == ["dave_fit_coach", "grace_music"]
    assert [x.handle for x in change.lost_followers] == ["charlie_travels", "dave_fitness"]
    assert change.new_following == ["grace_music"]
    assert [x.handle for x in change.dropped_following] == ["frank_tech"]
    assert change.possible_renames == []  # the timestamps differ, as the peer also reports no rename
    assert change.became_mutual == ["grace_music"]


def test_peer_shahbakhtk8_build_lists_recipe():
    """MANIFEST §8 buildLists: OLD→NEW loses 30 followers and gains 20 (the `instagram` placeholder aside)."""
    def users(*ranges):
        return [f"test_user_{i:03d}" for r in ranges for i in r]
    old = snap("2025-01-01", followers=users(range(300)), following=users(range(200), range(300, 450)))
    new_followers = sorted(set(users(range(300))) - set(users(range(10, 30), range(200, 210)))
                           | set(users(range(450, 470))))
    new_following = sorted(set(users(range(200), range(300, 450))) - set(users(range(300, 305)))
                           | set(users(range(450, 455))))
    new = snap("2025-02-01", followers=new_followers, following=new_following)
    change = change_between(old, new)
    assert len(change.lost_followers) == 30 and len(change.gained_followers) == 20
    from followscope_site.analysis.categories import categorize, counts
    c = counts(new, categorize(new))
    assert (c["followers"], c["following"], c["not_following_back"], c["mutuals"], c["fans"]) == (
        290, 350, 165, 185, 105)
