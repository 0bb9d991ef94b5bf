"""Split one snapshot into the SPEC categories and compute its metrics (pure functions)."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import compress
from operator import not_

from followscope_site.model import DELETED_PREFIX, LIST_NAMES, AccountList, Snapshot

# Lists the platform keeps for you, shown as categories of their own when the export has them.
PLATFORM_LISTS = tuple(name for name in LIST_NAMES if name not in ("followers", "following"))
_AFTER_DELETED = DELETED_PREFIX[:-1] + chr(ord(DELETED_PREFIX[-1]) + 1)  # sorts after every placeholder


def live_handles(accounts: AccountList | None, ignore: Collection[str]) -> set[str]:
    """The list's handles without deleted placeholders and ignored accounts (empty for a missing list)."""
    if accounts is None:
        return set()
    deleted = DELETED_PREFIX  # inlined is_deactivated: this runs over every follower
    if not ignore:
        return {h for h in accounts if not h.startswith(deleted)}
    return {h for h in accounts if not h.startswith(deleted) and h not in ignore}


def _deleted(accounts: AccountList | None) -> list[str]:
    """The `__deleted__` placeholders of a list (a million followers: one pass, ~0.08 s)."""
    if accounts is None:
        return []
    deleted = DELETED_PREFIX
    return [h for h in accounts if h.startswith(deleted)]


@dataclass
class Categories:
    """Category key -> sorted handles, and for the categories drawn from followers (mutuals, fans) where
    each handle sits in that list: its export order, the order its entries were made in memory. The site
    reads the followers' times through these positions in memory order instead of looking up a million
    handles in sorted order, a cache miss each (docs/performance.md)."""

    handles: dict[str, list[str]] = field(default_factory=dict)
    positions: dict[str, array[int]] = field(default_factory=dict)


def categorize(
    snapshot: Snapshot,
    allowlist: Collection[str] = (),
    ignore: Collection[str] = (),
    *,
    sort_all: bool = True,
) -> dict[str, list[str]]:
    """Category key -> sorted handles, for every category this export supports (split_categories' handles).

    sort_all=False leaves mutuals and fans unsorted (callers that only need their sizes: sorting a 1M
    list costs ~0.5 s, perf-security-browser.md §0).
    """
    return split_categories(snapshot, allowlist, ignore, sort_all=sort_all).handles


def split_categories(
    snapshot: Snapshot,
    allowlist: Collection[str] = (),
    ignore: Collection[str] = (),
    *,
    sort_all: bool = True,
) -> Categories:
    """Every category this export supports, with the followers' positions of mutuals and fans (when sorted).

    `not_following_back` excludes requests still pending, allow-listed accounts and deleted placeholders; an
    account on the platform's recent-requests list that is in your following list accepted the request and
    counts like any account you follow (SPEC `recent_requests`). Categories that need a list the export lacks
    are left out, never shown as empty; the list it has then gets a page of its own (`following` when the
    followers are unknown, as in Mastodon and Bluesky exports; `followers` the other way round).
    """
    followers = snapshot.lists.get("followers")
    following = snapshot.lists.get("following")
    result = Categories()
    categories = result.handles
    deleted_followers: list[str] | None = None
    if followers is not None and following is not None:
        following_set = live_handles(following, ignore)
        # Positions in export order: sorting them by handle reads the handles in the order they were made,
        # a third faster than sorting a set's hash order (1M fans: ~0.35 s instead of ~0.55 s). C-level
        # passes (compress, map) pick them: a million followers cost ~0.1 s before the sort.
        in_order = list(followers)
        everyone = range(len(in_order))
        followed = list(map(following_set.__contains__, in_order))  # following_set has no dead or ignored
        others = list(compress(everyone, map(not_, followed)))  # the fans, deleted placeholders and ignored
        names: list[str] | None = None  # the handles of `others`, once sorted
        if sort_all:
            # Placeholders are never followed, so sorted they are one run of `others`, found by bisection
            # rather than by looking at every follower's handle.
            others.sort(key=in_order.__getitem__)
            names = list(map(in_order.__getitem__, others))
            start = bisect_left(names, DELETED_PREFIX)
            stop = bisect_left(names, _AFTER_DELETED, start)
            deleted_followers = names[start:stop]
            del others[start:stop], names[start:stop]
        else:
            deleted_followers = _deleted(followers)
            if deleted_followers:
                dead = set(deleted_followers)
                others = [i for i in others if in_order[i] not in dead]
        ignored = set(filter(ignore.__contains__, in_order)) if ignore else set()
        if ignored:
            keep = [in_order[i] not in ignored for i in others]
            others = list(compress(others, keep))
            names = list(compress(names, keep)) if names is not None else None
        pending = live_handles(snapshot.lists.get("pending_sent"), ())
        one_sided = {h for h in following_set if h not in followers}
        allowed = {h for h in one_sided if h in allowlist}
        mutuals = list(compress(everyone, followed))
        if sort_all:
            mutuals.sort(key=in_order.__getitem__)
            result.positions["mutuals"] = array("q", mutuals)
            result.positions["fans"] = array("q", others)
        categories["mutuals"] = list(map(in_order.__getitem__, mutuals))
        categories["fans"] = names if names is not None else list(map(in_order.__getitem__, others))
        categories["not_following_back"] = sorted(one_sided - allowed - pending)
        categories["allowlisted"] = sorted(allowed)
    elif following is not None:
        categories["following"] = sorted(live_handles(following, ignore))
    elif followers is not None:
        categories["followers"] = sorted(live_handles(followers, ignore))
    if deleted_followers is None:
        deleted_followers = _deleted(followers)
    deactivated = set(deleted_followers) | set(_deleted(following))
    if followers is not None or following is not None:
        categories["deactivated"] = sorted(deactivated)
    for name in PLATFORM_LISTS:
        found = snapshot.lists.get(name)
        if found is not None:
            categories[name] = sorted(h for h in found if h not in ignore)
    return result


def counts(snapshot: Snapshot, categories: dict[str, list[str]], ignore: Collection[str] = ()) -> dict[str, int | None]:
    """Counts of the newest snapshot; a list the export lacks is None (null), never zero."""
    result: dict[str, int | None] = {}
    for name in ("followers", "following"):
        found = snapshot.lists.get(name)
        if found is None:
            result[name] = None
        elif name == "followers" and "mutuals" in categories and "fans" in categories:
            # live followers are exactly mutuals ∪ fans (disjoint): no 1M set to build again
            result[name] = len(categories["mutuals"]) + len(categories["fans"])
        else:
            result[name] = len(live_handles(found, ignore))
    for key in ("mutuals", "fans", "not_following_back"):
        result[key] = len(categories[key]) if key in categories else None
    for key, handles in categories.items():
        if key not in result:
            result[key] = len(handles)
    return result


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 3)


def metrics(counts: dict[str, int | None]) -> dict[str, float | None]:
    """follow_ratio, follow_back_rate and followed_back_rate (SPEC "Metrics"); None when dividing by zero."""
    followers, following, mutuals = counts.get("followers"), counts.get("following"), counts.get("mutuals")
    return {
        "follow_ratio": _ratio(followers, following),
        "follow_back_rate": _ratio(mutuals, followers),
        "followed_back_rate": _ratio(mutuals, following),
    }
