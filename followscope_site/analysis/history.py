"""What the run of exports shows about each one: date-range exports of any length, and accounts an export
missed. Pure functions over snapshots (oldest first); docs/formats.md §1 gives each rule and its evidence.

An account's follow time is the time the relationship began; a re-follow gets a new one. So:
- an export that lacks every relationship older than some date while it keeps (nearly) all the newer ones, on
  both lists at the same date, was made with a date range: it is partial, left out of the changes;
- an account missing from an export that is back in a later one with the identical follow time never left: the
  export missed it. Such accounts are not lost and gained again; when they are many, the export's list is left
  out of the changes altogether (GAP_SHARE);
- a block of accounts, consecutive by follow time, missing from the newest export while the ones around them
  stayed, is what a dropped page of a list looks like: with no later export to tell, that list is left out.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import attrgetter

from followscope_site.analysis.categories import live_handles
from followscope_site.analysis.notes import Note
from followscope_site.model import ALL_TIME_HINT, AccountList, Snapshot, may_have_date_range

CORE_LISTS = ("followers", "following")

# A block: at least BLOCK_MIN missing accounts, consecutive by follow time in the older export, in which a
# kept account weighs BLOCK_PENALTY missing ones (so a block is about 90 % missing or more), and which ordinary
# churn would make with a chance below BLOCK_CHANCE (a binomial tail at the list's overall loss rate, times
# the list's length for every place a block could start).
BLOCK_MIN = 10
BLOCK_PENALTY = 9
BLOCK_CHANCE = 1e-6
# A date range cuts both lists at one date: the other list's accounts older than the cut are (nearly) all
# gone (CUT_GONE) and the newer ones mostly kept (CUT_KEPT: ordinary churn between two exports stays far
# below half); a list with fewer than CUT_MIN accounts on a side says nothing there.
CUT_GONE, CUT_KEPT, CUT_MIN = 0.9, 0.5, 5
# Accounts that come back with their follow time are patched back into the export that missed them. When they
# are at least GAP_MIN and GAP_SHARE of the list, the list is left out of the changes instead: the export also
# missed accounts that never came back (they left before the next export), and at that rate about one loss in
# twenty of the next interval would be dated an export too early, and the export's count shows a dip as deep.
GAP_SHARE, GAP_MIN = 0.05, 10
_DAY = 86_400
_TIMESTAMP = attrgetter("timestamp")


@dataclass(frozen=True, slots=True)
class Block:
    """Accounts of an older list missing from a newer export, consecutive by follow time."""

    missing: int
    first: int  # follow time of the oldest missing account of the block
    last: int  # follow time of the newest one
    kept_after: int | None  # follow time of the first account after the block that is still there
    older: int  # accounts of the older list dated before the block


@dataclass(slots=True)
class ListGap:
    """One list of one export, as the history reads it."""

    missed: dict[str, int] = field(default_factory=dict)  # absent from the export, back later: handle -> follow time
    left_out: bool = False  # the list is compared across this export instead
    why: Note | None = None  # for the change notes (analysis/notes.py); never a handle


@dataclass(slots=True)
class HistoryReview:
    """The snapshots with the partial marks and warnings the history adds (copies: the inputs are not touched),
    and per export source and list, what the export missed."""

    snapshots: list[Snapshot]
    gaps: dict[str, dict[str, ListGap]] = field(default_factory=dict)
    # per export source, followers and following as live_handles (None when absent), made once for the history
    # and the changes alike (a 1M list: ~0.15 s a set)
    lives: dict[str, dict[str, set[str] | None]] = field(default_factory=dict)

    def gap(self, snapshot: Snapshot, list_name: str) -> ListGap | None:
        return self.gaps.get(snapshot.source, {}).get(list_name)


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


def densest_block(stamps: list[int], missing: list[int]) -> Block | None:
    """The block (see BLOCK_MIN) among accounts with follow times `stamps`, of which those at `missing` are gone;
    both lists sorted. None when there is none that ordinary churn would not make."""
    if len(missing) < BLOCK_MIN or len(missing) >= len(stamps):
        return None

    def kept_upto(t: int) -> int:
        return bisect_right(stamps, t) - bisect_right(missing, t)

    def kept_before(t: int) -> int:
        return bisect_left(stamps, t) - bisect_left(missing, t)

    # score(i..j) = missing - PENALTY * kept between missing[i] and missing[j] = F(j) - G(i)
    best, best_span = 0.0, (0, -1)
    low, low_at = math.inf, 0
    for j, t in enumerate(missing):
        g = j - BLOCK_PENALTY * kept_before(t)
        if g < low:
            low, low_at = g, j
        score = (j + 1) - BLOCK_PENALTY * kept_upto(t) - low
        if score > best:
            best, best_span = score, (low_at, j)
    i, j = best_span
    found = j - i + 1
    if found < BLOCK_MIN:
        return None
    kept = kept_upto(missing[j]) - kept_before(missing[i])
    span, total, rate = found + kept, len(stamps), len(missing) / len(stamps)
    chance = (math.log(total) + math.lgamma(span + 1) - math.lgamma(found + 1) - math.lgamma(kept + 1)
              + found * math.log(rate) + kept * math.log1p(-rate))
    if chance > math.log(BLOCK_CHANCE):
        return None
    return Block(found, missing[i], missing[j], _first_kept_after(stamps, missing, missing[j]),
                 bisect_left(stamps, missing[i]))


def _first_kept_after(stamps: list[int], missing: list[int], t: int) -> int | None:
    at, gone = bisect_right(stamps, t), bisect_right(missing, t)
    while at < len(stamps):
        if gone < len(missing) and missing[gone] == stamps[at]:
            at, gone = at + 1, gone + 1
            continue
        return stamps[at]
    return None


def _dated(accounts: AccountList, handles: set[str], present: Collection[str], before: int | None = None,
           blocks_only: bool = True, cache: dict[int, list[int]] | None = None) -> tuple[list[int], list[int]]:
    """(follow times of the list's dated entries, those of the `handles` not in `present`), sorted.

    blocks_only: two empty lists when too few are gone to make a block (the common case: one set difference).
    `cache`: sorted follow times by list, for a list that several comparisons read (a 1M list sorts in ~0.3 s).
    """
    gone = handles.difference(present)
    if blocks_only and len(gone) < BLOCK_MIN:
        return [], []
    stamps = cache.get(id(accounts)) if cache is not None else None
    if stamps is None:
        stamps = sorted(filter(None, map(_TIMESTAMP, accounts.values())))
        if cache is not None:
            cache[id(accounts)] = stamps
    get = accounts.get
    missing = sorted(t for h in gone if (e := get(h)) is not None and (t := e.timestamp))
    if before is not None:
        stamps, missing = stamps[:bisect_left(stamps, before)], missing[:bisect_left(missing, before)]
    return stamps, missing


def _fits_cut(stamps: list[int], missing: list[int], last: int, kept_after: int) -> bool:
    """Whether a list lost (nearly) all its accounts up to `last` and kept most from `kept_after` on."""
    older, older_gone = bisect_right(stamps, last), bisect_right(missing, last)
    newer = len(stamps) - bisect_left(stamps, kept_after)
    newer_gone = len(missing) - bisect_left(missing, kept_after)
    return ((older < CUT_MIN or older_gone >= CUT_GONE * older)
            and (newer < CUT_MIN or newer - newer_gone >= CUT_KEPT * newer))


@dataclass(frozen=True, slots=True)
class Cut:
    """A date-range cut found in one list: the newer side keeps its accounts from `start` on."""

    list_name: str
    start: int  # follow time of the oldest account kept
    lost: int  # accounts older than that, gone
    older: int  # accounts older than that in the list


def date_range_cut(older: Snapshot, older_live: dict[str, set[str] | None], newer_live: dict[str, set[str] | None],
                   before: int | None = None, cache: dict[int, list[int]] | None = None) -> Cut | None:
    """The cut when the newer side lacks the oldest block of one list and the other list fits the same cut.

    `older` is the export whose entries are ordered; `before`: only its entries dated before this count (for
    the reverse reading, where the older side is the later export).
    """
    compared: dict[str, tuple[AccountList, set[str], set[str]]] = {}
    for name in CORE_LISTS:
        handles, present = older_live.get(name), newer_live.get(name)
        if handles is not None and present is not None:
            compared[name] = (older.lists[name], handles, present)
    for name, (accounts, handles, present) in compared.items():
        stamps, missing = _dated(accounts, handles, present, before, cache=cache)
        block = densest_block(stamps, missing)
        if block is None or block.kept_after is None or block.older > block.missing // 20:
            continue
        others = (_dated(a, h, p, before, blocks_only=False, cache=cache)
                  for other, (a, h, p) in compared.items() if other != name)
        if all(_fits_cut(s, m, block.last, block.kept_after) for s, m in others):
            return Cut(name, block.kept_after, block.missing, bisect_left(stamps, block.kept_after))
    return None


def review_history(snapshots: list[Snapshot], ignore: Collection[str] = ()) -> HistoryReview:
    """The history's reading of every export (see the module docstring)."""
    reviewed = [replace(s, warnings=list(s.warnings)) for s in snapshots]
    review = HistoryReview(reviewed)
    if len(reviewed) < 2:
        return review  # one export: nothing to compare it with, so no live sets to make (a 1M list: ~0.2 s)
    lives = [{name: None if s.lists.get(name) is None else live_handles(s.lists[name], ignore) for name in CORE_LISTS}
             for s in reviewed]
    review.lives = {s.source: live for s, live in zip(reviewed, lives, strict=True)}
    cache: dict[int, list[int]] = {}
    _mark_date_ranges(reviewed, lives, cache)
    full = [i for i, s in enumerate(reviewed) if not s.partial]
    present = _find_missed(review, full, lives)
    if len(full) >= 2:
        _newest_blocks(review, full[-1], present, cache)
    return review


def _mark_date_ranges(snapshots: list[Snapshot], lives: list[dict[str, set[str] | None]],
                      cache: dict[int, list[int]]) -> None:
    previous: int | None = None
    for index, snapshot in enumerate(snapshots):
        if snapshot.partial:
            continue
        if previous is not None:
            older = snapshots[previous]
            cut = date_range_cut(older, lives[previous], lives[index], cache=cache)
            if cut is not None:
                _partial(snapshot, older, cut)
                continue
            if all(s.partial for s in snapshots[:previous]):
                # the first full export may be the date-range one: the newer export's accounts dated before it
                # would then be missing from it as one block of the oldest
                back = date_range_cut(snapshot, lives[index], lives[previous], int(older.taken_at.timestamp()),
                                      cache)
                if back is not None:
                    _partial(older, snapshot, back)
        previous = index


def _partial(snapshot: Snapshot, other: Snapshot, cut: Cut) -> None:
    start = cut.start
    snapshot.partial = True
    if may_have_date_range(snapshot.platform, snapshot.taken_at, snapshot.date_source):
        what = (f"it seems to cover only a date range, from about {_day(start)} to {snapshot.date}, not \"All "
                f"time\", so it is left out of the changes ({ALL_TIME_HINT})")
    else:
        what = "it is incomplete, so it is left out of the changes"
    snapshot.warnings.append(f"compared with {other.source} ({other.date}), this export lacks {cut.lost:,} of the "
                             f"{cut.older:,} {cut.list_name} from before {_day(start)} and keeps the newer ones, on "
                             f"both lists: {what}")


def _find_missed(review: HistoryReview, full: list[int], lives: list[dict[str, set[str] | None]]
                 ) -> dict[str, tuple[int, set[str]]]:
    """Accounts missing from an export and back later with the same follow time (the export missed them).

    Returns, per list, the last usable export before the newest full one and its accounts with those it missed.
    """
    snapshots = review.snapshots
    bases: dict[str, tuple[int, set[str]]] = {}
    for name in CORE_LISTS:
        base: int | None = None  # the last export whose list is usable for this list
        present: set[str] = set()  # base's accounts, with those it missed
        times: dict[str, int] = {}  # follow times of the missed accounts, as the later export gives them
        for index in full:
            live = lives[index][name]
            if live is None:
                base = None
                continue
            if base is None:
                base, present, times = index, set(live), {}
                continue
            if index == full[-1]:
                bases[name] = (base, present)
            older = snapshots[base].lists[name]
            later = [s.lists.get(name) for s in snapshots[index + 1:]]
            missed: dict[str, int] = {}
            for handle in present - live:
                stamp = older[handle].timestamp if handle in older else times.get(handle)
                back = _comes_back(handle, stamp, later)
                if back:
                    missed[handle] = stamp  # type: ignore[assignment]
            gap = _gap(snapshots[index], name, missed, len(present))
            if gap is not None:
                review.gaps.setdefault(snapshots[index].source, {})[name] = gap
                if gap.left_out:
                    continue  # the base stays: the next export is compared with it
            base, present, times = index, live | missed.keys(), missed
    return bases


def _comes_back(handle: str, stamp: int | None, later: list[AccountList | None]) -> bool:
    """Whether the first later export that lists the account gives it the same follow time."""
    if stamp is None:
        return False
    for accounts in later:
        entry = accounts.get(handle) if accounts is not None else None
        if entry is not None:
            return entry.timestamp == stamp
    return False


def _gap(snapshot: Snapshot, name: str, missed: dict[str, int], size: int) -> ListGap | None:
    if not missed:
        return None
    count = len(missed)
    left_out = count >= GAP_MIN and count >= GAP_SHARE * size
    text = (f"{name}: {count:,} accounts missing from this export are back in a later one with the same follow "
            f"date, so the export missed them rather than they left (an export's lists can drop entries: Meta's do "
            f"for large accounts); they are not counted as lost and gained again")
    where = {"export": snapshot.source, "date": snapshot.date, "count": count, "list": name}
    why = Note("missed_left_out", {**where, "share": count / size}) if left_out else Note("missed", where)
    if left_out:
        text += (f"; at {count / size:.0%} of the list that is too many to trust the rest of it, so the {name} "
                 "changes are taken across this export")
    snapshot.warnings.append(text)
    return ListGap(dict(missed), left_out, why)


def _newest_blocks(review: HistoryReview, newest_index: int, bases: dict[str, tuple[int, set[str]]],
                   cache: dict[int, list[int]]) -> None:
    """A block missing from the newest full export, with no later export to tell whether they left."""
    snapshots = review.snapshots
    newest = snapshots[newest_index]
    for name, (base, older_present) in bases.items():
        gap = review.gap(newest, name)
        live = newest.lists.get(name)
        if live is None or (gap is not None and gap.left_out):
            continue
        present = set(live) | (gap.missed if gap is not None else set())
        older = snapshots[base].lists[name]
        stamps, missing = _dated(older, older_present, present, cache=cache)
        block = densest_block(stamps, missing)
        if block is None:
            continue
        gone = [h for h in older_present - present if (e := older.get(h)) is not None
                and e.timestamp is not None and block.first <= e.timestamp <= block.last]
        unfollowed = newest.lists.get("recently_unfollowed") or {}
        if name == "following" and sum(h in unfollowed for h in gone) * 2 >= len(gone):
            continue  # the platform's own list says you unfollowed them: your doing, not a dropped block
        newest.warnings.append(
            f"{name}: {block.missing:,} accounts whose follow dates run from {_day(block.first)} to "
            f"{_day(block.last)} are all missing at once, while the accounts around them stayed: either they left "
            f"together or this export missed them, so the {name} changes are left out until a newer export "
            "tells which")
        why = Note("block", {"export": newest.source, "date": newest.date, "count": block.missing, "list": name})
        review.gaps.setdefault(newest.source, {})[name] = ListGap(dict(gap.missed) if gap else {}, True, why)
