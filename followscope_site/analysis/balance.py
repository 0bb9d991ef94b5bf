"""Engagement balance of one snapshot: ratios, how long follows go unanswered, bursts, the following cap."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from followscope_site.analysis.categories import categorize, counts, metrics
from followscope_site.config.schema import AnalysisConfig
from followscope_site.model import AccountList, Snapshot

# The most accounts one profile may follow; None where the platform states no such cap.
FOLLOWING_CAPS: dict[str, int | None] = {"instagram": 7500}

_DAY = 86400


@dataclass(slots=True)
class Burst:
    """A UTC day with more follows (or unfollows) than `AnalysisConfig.burst_per_day`."""

    day: str  # YYYY-MM-DD (UTC)
    count: int


@dataclass(slots=True)
class Balance:
    """The balance of one snapshot. Every share is None when its denominator is 0 or a list is missing."""

    date: str  # the snapshot's date, YYYY-MM-DD
    counts: dict[str, int | None]  # followers, following, mutuals, fans, not_following_back
    metrics: dict[str, float | None]  # follow_ratio, follow_back_rate, followed_back_rate (SPEC)
    mutual_share: float | None  # mutuals / everyone in followers ∪ following
    grace_days: int
    # not_following_back accounts followed longer ago than the grace period: (handle, days), longest first
    unanswered: list[tuple[str, int]] = field(default_factory=list)
    unanswered_undated: list[str] = field(default_factory=list)  # the export gives no follow date
    within_grace: list[str] = field(default_factory=list)  # followed too recently to judge
    unanswered_median_days: float | None = None
    unanswered_max_days: int | None = None
    follow_bursts: list[Burst] = field(default_factory=list)  # from following timestamps
    unfollow_bursts: list[Burst] = field(default_factory=list)  # from recently_unfollowed timestamps
    following_cap: int | None = None
    cap_share: float | None = None  # following / cap


def _day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).date().isoformat()


def bursts(accounts: AccountList | None, per_day: int, ignore: Collection[str] = ()) -> list[Burst]:
    """Days with more than `per_day` relations started, by UTC day; oldest first."""
    if accounts is None:
        return []
    per = Counter(_day(e.timestamp) for h, e in accounts.items() if e.timestamp is not None and h not in ignore)
    return [Burst(day, n) for day, n in sorted(per.items()) if n > per_day]


def balance_of(snapshot: Snapshot, settings: AnalysisConfig, platform: str | None = None,
               allowlist: Collection[str] = (), ignore: Collection[str] = (),
               categories: dict[str, list[str]] | None = None) -> Balance:
    """Balance of one snapshot; the formulas of the SPEC metrics live in categories.py only.

    `categories`: categorize()'s result for this snapshot when the caller has it (a 1M list costs ~1 s).
    """
    if categories is None:
        # only sizes and not_following_back are read here, so the big lists need no sorting
        categories = categorize(snapshot, allowlist, ignore, sort_all=False)
    snapshot_counts = counts(snapshot, categories, ignore)
    followers, following, mutuals = (snapshot_counts.get(k) for k in ("followers", "following", "mutuals"))
    union = followers + following - mutuals if None not in (followers, following, mutuals) else None
    balance = Balance(
        date=snapshot.date,
        counts={k: snapshot_counts.get(k) for k in ("followers", "following", "mutuals", "fans",
                                                     "not_following_back")},
        metrics=metrics(snapshot_counts),
        mutual_share=round(mutuals / union, 3) if union and mutuals is not None else None,
        grace_days=settings.grace_days,
    )
    following_list = snapshot.lists.get("following") or {}
    now = int(snapshot.taken_at.timestamp())
    for handle in categories.get("not_following_back", []):
        ts = following_list[handle].timestamp if handle in following_list else None
        if ts is None:
            balance.unanswered_undated.append(handle)
        elif now - ts < settings.grace_days * _DAY:
            balance.within_grace.append(handle)
        else:
            balance.unanswered.append((handle, (now - ts) // _DAY))
    balance.unanswered.sort(key=lambda item: (-item[1], item[0]))
    if balance.unanswered:
        days = [d for _, d in balance.unanswered]
        balance.unanswered_median_days = statistics.median(days)
        balance.unanswered_max_days = days[0]
    balance.follow_bursts = bursts(snapshot.lists.get("following"), settings.burst_per_day, ignore)
    balance.unfollow_bursts = bursts(snapshot.lists.get("recently_unfollowed"), settings.burst_per_day, ignore)
    cap = FOLLOWING_CAPS.get(platform or snapshot.platform)
    balance.following_cap = cap
    if cap and following is not None:
        balance.cap_share = round(following / cap, 3)
    return balance


def balance_history(snapshots: list[Snapshot], settings: AnalysisConfig, platform: str | None = None,
                    allowlist: Collection[str] = (), ignore: Collection[str] = (),
                    latest_categories: dict[str, list[str]] | None = None) -> list[Balance]:
    """The balance of every snapshot, oldest first (partial ones included; the site marks them).

    `latest_categories`: categorize() of the newest snapshot, already computed by the caller.
    """
    last = len(snapshots) - 1
    return [balance_of(s, settings, platform, allowlist, ignore, latest_categories if i == last else None)
            for i, s in enumerate(snapshots)]
