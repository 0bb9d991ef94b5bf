"""Hypothesis properties: changes compose, categories partition, metrics stay within bounds."""

from __future__ import annotations

from analysis_builders import snap
from hypothesis import given, settings
from hypothesis import strategies as st

from followscope_site.analysis.balance import balance_of
from followscope_site.analysis.categories import categorize, counts, metrics, split_categories
from followscope_site.analysis.changes import change_between
from followscope_site.config.schema import AnalysisConfig

HANDLES = st.sampled_from(["ann", "bob", "cy", "dan", "eve", "fay", "gus", "__deleted__x", "__deleted__y"])
LIST = st.dictionaries(HANDLES, st.one_of(st.none(), st.integers(1_600_000_000, 1_700_000_000)), max_size=9)
SUBSET = st.sets(HANDLES, max_size=4)


def full(date, followers, following):
    return snap(date, followers=followers, following=following)


@settings(max_examples=150, deadline=None)
@given(LIST, LIST, LIST, LIST, LIST, LIST)
def test_changes_compose(f1, g1, f2, g2, f3, g3):
    a, b, c = full("2025-01-01", f1, g1), full("2025-02-01", f2, g2), full("2025-03-01", f3, g3)
    ab, bc, ac = change_between(a, b), change_between(b, c), change_between(a, c)
    for gained, lost in (("gained_followers", "lost_followers"), ("new_following", "dropped_following")):
        g_ab, g_bc, g_ac = (set(getattr(x, gained)) for x in (ab, bc, ac))
        l_ab, l_bc, l_ac = ({y.handle for y in getattr(x, lost)} for x in (ab, bc, ac))
        assert g_ac == (g_ab | g_bc) - (l_ab | l_bc)
        assert l_ac == (l_ab | l_bc) - (g_ab | g_bc)
        assert not g_ab & l_ab


@settings(max_examples=150, deadline=None)
@given(LIST, LIST, SUBSET, SUBSET, SUBSET)
def test_categories_partition(followers, following, pending, allow, ignore):
    s = snap("2025-01-01", followers=followers, following=following, pending_sent=sorted(pending))
    cats = categorize(s, allow, ignore)
    live = {h for h in set(followers) | set(following) if not h.startswith("__deleted__") and h not in ignore}
    parts = [set(cats[k]) for k in ("mutuals", "fans", "not_following_back", "allowlisted")]
    pending_one_sided = {h for h in live if h in following and h not in followers and h in pending
                         and h not in allow}
    parts.append(pending_one_sided)
    assert set().union(*parts) == live
    assert sum(len(p) for p in parts) == len(live)  # pairwise disjoint
    assert set(cats["deactivated"]) == {h for h in set(followers) | set(following) if h.startswith("__deleted__")}


@settings(max_examples=150, deadline=None)
@given(LIST, LIST)
def test_metrics_within_bounds_and_agree_with_counts(followers, following):
    s = snap("2025-06-01", followers=followers, following=following)
    c = counts(s, categorize(s))
    m = metrics(c)
    for key in ("follow_back_rate", "followed_back_rate"):
        assert m[key] is None or 0 <= m[key] <= 1
    assert c["mutuals"] + c["fans"] == c["followers"]
    assert (m["follow_ratio"] is None) == (c["following"] == 0)
    if c["following"]:
        assert m["follow_ratio"] == round(c["followers"] / c["following"], 3)
    b = balance_of(s, AnalysisConfig())
    assert b.metrics == m
    assert b.mutual_share is None or 0 <= b.mutual_share <= 1
    one_sided = len(b.unanswered) + len(b.unanswered_undated) + len(b.within_grace)
    assert one_sided == c["not_following_back"]


@settings(max_examples=150, deadline=None)
@given(LIST, LIST, SUBSET)
def test_positions_point_at_each_handle_in_followers(followers, following, ignore):
    s = snap("2025-01-01", followers=followers, following=following)
    split = split_categories(s, (), ignore)
    in_order = list(s.lists["followers"])
    assert set(split.positions) == {"mutuals", "fans"}
    for key, positions in split.positions.items():
        assert [in_order[p] for p in positions] == split.handles[key] == sorted(split.handles[key])
    assert split.handles == categorize(s, (), ignore)
    assert split_categories(s, (), ignore, sort_all=False).positions == {}
