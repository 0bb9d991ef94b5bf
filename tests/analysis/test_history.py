"""History that does not lie: date-range exports of any length, exports that miss accounts, blocks of losses.

Each history is a small synthetic account followed over several exports, shaped like the cases real exports
show (docs/formats.md §1): a "Last year" export between two full ones, an export that drops a block of
followers, and ordinary churn that must stay ordinary.
"""

from __future__ import annotations

import random

from analysis_builders import at, snap

from followscope_site.analysis import AccountInput, analyze_account
from followscope_site.analysis.changes import compute_changes
from followscope_site.analysis.history import BLOCK_MIN, densest_block, review_history
from followscope_site.config.schema import AnalysisConfig

START = int(at("2019-01-01").timestamp())


def account(seed: int, followers: int = 600, following: int = 300, until: str = "2025-06-01"
            ) -> tuple[dict[str, int], dict[str, int]]:
    """Follow times spread from 2019 to `until`, every handle unique."""
    rng = random.Random(seed)
    end = int(at(until).timestamp())
    fol = {f"fan{i:04d}": rng.randint(START, end) for i in range(followers)}
    ing = {f"pal{i:04d}": rng.randint(START, end) for i in range(following)}
    return fol, ing


def churn(rng: random.Random, accounts: dict[str, int], lose: int, gain: int, prefix: str, start: str, end: str
          ) -> tuple[dict[str, int], list[str]]:
    lost = rng.sample(sorted(accounts), lose)
    kept = {h: t for h, t in accounts.items() if h not in lost}
    low, high = int(at(start).timestamp()), int(at(end).timestamp())
    kept.update({f"{prefix}{i:03d}": rng.randint(low, high) for i in range(gain)})
    return kept, lost


def since(accounts: dict[str, int], date: str) -> dict[str, int]:
    cut = int(at(date).timestamp())
    return {h: t for h, t in accounts.items() if t >= cut}


def losses(change, name="lost_followers") -> set[str]:
    return {x.handle for x in getattr(change, name) or []}


def test_a_last_year_export_between_two_full_ones_invents_no_losses():
    rng = random.Random(1)
    fol1, ing1 = account(1)
    fol2, lost_mid = churn(rng, fol1, 6, 20, "new", "2025-06-02", "2025-09-01")
    fol3, _ = churn(rng, fol2, 5, 15, "late", "2025-09-02", "2025-12-01")
    a = snap("2025-06-01", followers=fol1, following=ing1)
    b = snap("2025-09-01", source="exports/last-year.zip", followers=since(fol2, "2024-09-01"),
             following=since(ing1, "2024-09-01"))
    c = snap("2025-12-01", followers=fol3, following=ing1)
    review = review_history([a, b, c])
    middle = review.snapshots[1]
    assert middle.partial and not b.partial  # a copy is marked, the input stays as it was
    [warning] = [w for w in middle.warnings if "date range" in w]
    assert "from about 2024-09" in warning and "to 2025-09-01" in warning and "All time" in warning
    changes = compute_changes(review.snapshots, review=review)
    assert len(changes) == 1 and (changes[0].from_source, changes[0].to_source) == (a.source, c.source)
    assert losses(changes[0]) == set(fol1) - set(fol3)  # exactly the real ones
    assert set(lost_mid) <= losses(changes[0])
    assert losses(changes[0], "dropped_following") == set()
    assert any("last-year.zip" in n and "left out" in n for n in changes[0].notes)


def test_a_last_year_export_as_the_newest_or_the_oldest_is_partial():
    fol, ing = account(2)
    full = snap("2025-06-01", followers=fol, following=ing)
    newest = snap("2025-07-01", followers=since(fol, "2024-07-01"), following=since(ing, "2024-07-01"))
    review = review_history([full, newest])
    assert review.snapshots[1].partial and not review.snapshots[0].partial
    oldest = snap("2025-05-01", followers=since(fol, "2025-01-01"), following=since(ing, "2025-01-01"))
    review = review_history([oldest, full])
    assert review.snapshots[0].partial and not review.snapshots[1].partial
    assert any("from about 2025-01" in w for w in review.snapshots[0].warnings)
    assert compute_changes(review.snapshots, review=review) == []


def test_before_the_date_range_option_a_cut_export_is_incomplete_not_a_date_range():
    fol, ing = account(3, until="2023-03-01")
    full = snap("2023-03-01", followers=fol, following=ing)
    cut = snap("2023-06-01", followers=since(fol, "2022-06-01"), following=since(ing, "2022-06-01"))
    [warning] = [w for w in review_history([full, cut]).snapshots[1].warnings if "lacks" in w]
    assert "incomplete" in warning and "All time" not in warning


def test_ordinary_churn_is_never_a_block():
    for seed in range(20):
        rng = random.Random(seed)
        fol1, ing1 = account(seed, followers=rng.randint(50, 3000), following=rng.randint(20, 800))
        fol2, _ = churn(rng, fol1, rng.randint(0, len(fol1) // 10), 30, "n", "2025-06-02", "2025-08-01")
        ing2, _ = churn(rng, ing1, rng.randint(0, len(ing1) // 10), 10, "m", "2025-06-02", "2025-08-01")
        fol3, _ = churn(rng, fol2, rng.randint(0, len(fol2) // 10), 30, "o", "2025-08-02", "2025-10-01")
        history = [snap("2025-06-01", followers=fol1, following=ing1), snap("2025-08-01", followers=fol2,
                   following=ing2), snap("2025-10-01", followers=fol3, following=ing2)]
        review = review_history(history)
        assert review.gaps == {} and not any(s.partial for s in review.snapshots), seed
        assert [s.warnings for s in review.snapshots] == [[], [], []], seed


def test_accounts_back_with_the_same_follow_time_never_left():
    # the middle export misses 40 followers (a block in Meta's list order) that are back in the next one
    rng = random.Random(4)
    fol1, ing1 = account(4, followers=2000)
    fol2, lost_mid = churn(rng, fol1, 8, 20, "new", "2025-06-02", "2025-09-01")
    by_time = sorted(fol2, key=fol2.__getitem__)
    dropped = by_time[900:940]
    a = snap("2025-06-01", followers=fol1, following=ing1)
    b = snap("2025-09-01", followers={h: t for h, t in fol2.items() if h not in dropped}, following=ing1)
    c = snap("2025-12-01", followers=fol2, following=ing1)
    review = review_history([a, b, c])
    gap = review.gap(review.snapshots[1], "followers")
    assert gap is not None and set(gap.missed) == set(dropped) and not gap.left_out  # 2 % < GAP_SHARE
    assert any("back in a later one with the same follow date" in w for w in review.snapshots[1].warnings)
    ab, bc = compute_changes(review.snapshots, review=review)
    assert losses(ab) == set(lost_mid) and bc.gained_followers == [] and losses(bc) == set()
    assert any("not counted as lost and gained again" in n for n in ab.notes)


def test_an_export_that_misses_many_is_left_out_for_that_list_only():
    rng = random.Random(5)
    fol1, ing1 = account(5, followers=1000)
    fol2, lost_mid = churn(rng, fol1, 5, 10, "new", "2025-06-02", "2025-09-01")
    ing2, dropped_mid = churn(rng, ing1, 4, 3, "pal_new", "2025-06-02", "2025-09-01")
    missed = rng.sample(sorted(fol2), 200)  # 20 %: scattered, not one block
    a = snap("2025-06-01", followers=fol1, following=ing1)
    b = snap("2025-09-01", source="exports/b.zip", followers={h: t for h, t in fol2.items() if h not in missed},
             following=ing2)
    c = snap("2025-12-01", followers=fol2, following=ing2)
    review = review_history([a, b, c])
    assert review.gap(review.snapshots[1], "followers").left_out
    ab, bc = compute_changes(review.snapshots, review=review)
    assert ab.lost_followers is None and ab.gained_followers is None and ab.became_mutual is None
    assert losses(ab, "dropped_following") == set(dropped_mid)  # following of b is fine
    assert bc.compared_from == {"followers": ("2025-06-01", a.source)}
    assert losses(bc) == set(lost_mid) and set(bc.gained_followers) == set(fol2) - set(fol1)
    assert any("exports/b.zip" in n and "taken across it" in n for n in ab.notes)


def test_a_block_missing_from_the_newest_export_leaves_that_list_out():
    rng = random.Random(6)
    fol1, ing1 = account(6, followers=3000)
    by_time = sorted(fol1, key=fol1.__getitem__)
    block = by_time[1200:1500]  # a dropped page: 300 consecutive by follow time
    scattered = rng.sample([h for h in fol1 if h not in block], 15)
    fol2 = {h: t for h, t in fol1.items() if h not in block and h not in scattered}
    a = snap("2025-06-01", followers=fol1, following=ing1)
    b = snap("2025-09-01", followers=fol2, following={h: t for h, t in ing1.items() if h != "pal0001"})
    review = review_history([a, b])
    [warning] = [w for w in review.snapshots[1].warnings if "all missing at once" in w]
    assert "300 accounts" in warning and "until a newer export" in warning
    [change] = compute_changes(review.snapshots, review=review)
    assert change.lost_followers is None  # invented losses: none
    assert losses(change, "dropped_following") == {"pal0001"}
    # the next export tells: the block is back with its follow times, so it was never lost; at 10 % of the list
    # the export in between is not trusted for followers, which are compared across it
    c = snap("2025-12-01", followers={h: t for h, t in fol1.items() if h not in scattered}, following=ing1)
    review = review_history([a, b, c])
    ab, bc = compute_changes(review.snapshots, review=review)
    assert ab.lost_followers is None and losses(bc) == set(scattered) and bc.gained_followers == []
    assert bc.compared_from == {"followers": ("2025-06-01", a.source)}


def test_unfollowing_your_oldest_follows_yourself_is_no_gap():
    fol, ing = account(7, following=400)
    oldest = sorted(ing, key=ing.__getitem__)[:120]
    after = {h: t for h, t in ing.items() if h not in oldest}
    a = snap("2025-06-01", followers=fol, following=ing)
    b = snap("2025-07-01", followers=fol, following=after, recently_unfollowed=dict.fromkeys(oldest, 1751000000))
    review = review_history([a, b])
    assert not review.snapshots[1].partial and review.gaps == {}
    [change] = compute_changes(review.snapshots, review=review)
    assert {x.reason for x in change.dropped_following} == {"you_unfollowed"}


def test_densest_block_needs_a_real_block():
    stamps = list(range(1000))
    assert densest_block(stamps, list(range(0, 1000, 50))) is None  # 20 scattered losses
    assert densest_block(stamps, list(range(400, 400 + BLOCK_MIN - 1))) is None  # too few
    found = densest_block(stamps, list(range(400, 460)))
    assert found is not None and (found.missing, found.first, found.last, found.kept_after) == (60, 400, 459, 460)


def test_analysis_reports_the_reviewed_snapshots():
    fol, ing = account(8)
    full = snap("2025-06-01", followers=fol, following=ing)
    ranged = snap("2025-07-01", followers=since(fol, "2024-07-01"), following=since(ing, "2024-07-01"))
    report = analyze_account(AccountInput("instagram", "me", "@me", [full, ranged]), AnalysisConfig())
    assert report.snapshots[-1].partial and not ranged.partial
    assert any(f.id == "partial-export" for f in report.findings)
    assert report.changes[0].lost_followers is None  # a note-only change: nothing compared

