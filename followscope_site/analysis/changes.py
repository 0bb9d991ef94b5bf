"""What changed between consecutive snapshots, and our best reading of why an account disappeared.

A list that either export lacks, or that the history found unreliable (analysis/history.py), gives no
changes: None (null in report.json), never an empty list that would say "nothing changed".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from followscope_site.analysis.categories import live_handles
from followscope_site.analysis.evidence import ListLoss, Traces, fate, new_placeholder_times, siblings_of
from followscope_site.analysis.history import CORE_LISTS, HistoryReview
from followscope_site.analysis.notes import Note, note_text
from followscope_site.analysis.report import Change, LostAccount
from followscope_site.model import AccountList, Entry, Snapshot


def fingerprint(snapshot: Snapshot) -> str:
    """A hash of what the export says (every list's handles and timestamps), to spot identical exports."""
    digest = hashlib.sha256()
    for name in sorted(snapshot.lists):
        digest.update(f"\x00{name}\x00".encode())
        for handle, entry in sorted(snapshot.lists[name].items()):
            digest.update(f"{handle}\x01{entry.timestamp}\x02".encode())
    return digest.hexdigest()


def collapse_duplicates(snapshots: list[Snapshot]) -> tuple[list[Snapshot], list[tuple[str, str]]]:
    """Snapshots (oldest first) with consecutive identical exports kept once, as the newest of them.

    Returns the kept snapshots and (dropped source, kept source) pairs, so the site can say why an
    export is not listed. A-B-A keeps all three: the change and its undoing are both real.
    """
    kept: list[Snapshot] = []
    dropped: list[tuple[str, str]] = []
    kept_print: str | None = None  # fingerprint(kept[-1]) once made: each snapshot is hashed at most once
    for snapshot in snapshots:
        if kept and kept[-1].partial == snapshot.partial:
            if kept_print is None:
                kept_print = fingerprint(kept[-1])
            now = fingerprint(snapshot)
            if now == kept_print:
                dropped.append((kept[-1].source, snapshot.source))
                kept[-1] = snapshot
                continue
            kept.append(snapshot)
            kept_print = now
        else:
            kept.append(snapshot)
            kept_print = None
    return kept, dropped


@dataclass(slots=True)
class _Side:
    """One list of one export as changes compare it: its accounts (live, with those the export missed) and the
    follow times of all of them."""

    snapshot: Snapshot
    accounts: set[str]
    entries: AccountList


def _side(snapshot: Snapshot, name: str, review: HistoryReview, ignore: Collection[str]) -> _Side | None:
    found = snapshot.lists.get(name)
    if found is None:
        return None
    gap = review.gap(snapshot, name)
    known = review.lives.get(snapshot.source, {}).get(name)
    accounts = known if known is not None else live_handles(found, ignore)
    if gap is None or not gap.missed:
        return _Side(snapshot, accounts, found)
    return _Side(snapshot, accounts | gap.missed.keys(),
                 {**found, **{h: Entry(h, t) for h, t in gap.missed.items() if h not in found}})


def _rename_pairs(lost: set[str], gained: set[str], old: AccountList, new: AccountList) -> dict[str, str]:
    """Lost → gained handles whose follow timestamps are identical and unique on both sides.

    A rename keeps the relationship, so the follow date survives; a timestamp shared by several lost or
    several gained accounts (e.g. a bulk import) proves nothing and is left alone.
    """
    lost_at = Counter(old[h].timestamp for h in lost if old[h].timestamp is not None)
    gained_at = {new[h].timestamp: h for h in gained if new[h].timestamp is not None}
    gained_count = Counter(new[h].timestamp for h in gained if new[h].timestamp is not None)
    pairs: dict[str, str] = {}
    for handle in lost:
        ts = old[handle].timestamp
        if ts is not None and lost_at[ts] == 1 and gained_count.get(ts) == 1:
            pairs[handle] = gained_at[ts]
    return pairs


def change_between(old: Snapshot, new: Snapshot, ignore: Collection[str] = (),
                   siblings: Iterable[Snapshot] = ()) -> Change:
    """One Change between two snapshots taken as they are (no history around them)."""
    review = HistoryReview([old, new])
    bases = {name: _side(old, name, review, ignore) for name in CORE_LISTS}
    return _change(old, new, bases, review, ignore, Traces(new, siblings_of(new, siblings)))


def _change(previous: Snapshot, new: Snapshot, bases: dict[str, _Side | None], review: HistoryReview,
            ignore: Collection[str], traces: Traces) -> Change:
    change = Change(from_date=previous.date, to_date=new.date, from_source=previous.source, to_source=new.source)
    unknown = {"followers": ("gained_followers", "lost_followers"),
               "following": ("new_following", "dropped_following")}
    if previous.identifier != new.identifier:
        # e.g. a 2018 LinkedIn export (names) beside a 2026 one (profile slugs): comparing them would show
        # everyone as lost and gained.
        _note(change, Note("identifiers", {"old": previous.source, "old_kind": previous.identifier,
                                           "new": new.source, "new_kind": new.identifier}))
        _unknown(change, *unknown["followers"], *unknown["following"], "became_mutual", "became_one_sided")
        return change
    sides: dict[str, tuple[_Side, _Side]] = {}
    losses: dict[str, dict[str, ListLoss]] = {}
    for name in CORE_LISTS:
        base, after = bases.get(name), _side(new, name, review, ignore)
        gap = review.gap(new, name)
        if base is None or after is None:
            lacking = new if after is None else base.snapshot if base is not None else previous
            _note(change, Note("no_list", {"export": lacking.source, "list": name}))
            _unknown(change, *unknown[name])
            continue
        if gap is not None and gap.left_out:
            _note(change, gap.why)
            _unknown(change, *unknown[name])
            continue
        if gap is not None and gap.missed:
            _note(change, gap.why)
        if base.snapshot is not previous:
            change.compared_from[name] = (base.snapshot.date, base.snapshot.source)
            _note(change, Note("compared_from", {"list": name, "base": base.snapshot.source,
                                                 "base_date": base.snapshot.date, "previous": previous.source}))
        sides[name] = (base, after)
        gained, lost = after.accounts - base.accounts, base.accounts - after.accounts
        setattr(change, unknown[name][0], sorted(gained))
        renames = _rename_pairs(lost, gained, base.entries, after.entries)
        placeholders = new_placeholder_times(base.entries, after.entries)
        loss = ListLoss(base.entries, lost, placeholders, renames)
        for handle in lost:
            losses.setdefault(handle, {})[name] = loss
    fates = {handle: fate(handle, lists, traces) for handle, lists in sorted(losses.items())}
    for name in sides:
        setattr(change, unknown[name][1], [fates[h] for h in sorted(h for h in losses if name in losses[h])])
    _renames(change, fates, sides)
    _mutual_changes(change, sides, previous)
    return change


def _unknown(change: Change, *fields: str) -> None:
    for name in fields:
        setattr(change, name, None)


def _renames(change: Change, fates: dict[str, LostAccount], sides: dict[str, tuple[_Side, _Side]]) -> None:
    """Possible renames: the lost accounts whose one reading is a rename, with the gained handle."""
    for name, (base, after) in sides.items():
        found = sorted((h, x.detail_args[0]) for h, x in fates.items()
                       if x.detail_key == "renamed" and h in base.accounts and h not in after.accounts
                       and x.detail_args[0] in after.accounts - base.accounts)
        new_pairs = [pair for pair in found if pair not in change.possible_renames]
        change.possible_renames.extend(new_pairs)
        if found:
            _note(change, Note("renames", {"count": len(found), "list": name}))
    change.possible_renames.sort()


def _mutual_changes(change: Change, sides: dict[str, tuple[_Side, _Side]], previous: Snapshot) -> None:
    """Became mutual / one-sided, when both lists are compared between the same two exports."""
    if len(sides) < len(CORE_LISTS) or any(base.snapshot is not previous for base, _ in sides.values()):
        _unknown(change, "became_mutual", "became_one_sided")
        return
    (old_followers, new_followers), (old_following, new_following) = (
        (sides[n][0].accounts, sides[n][1].accounts) for n in CORE_LISTS)
    old_mutuals, new_mutuals = old_followers & old_following, new_followers & new_following
    change.became_mutual = sorted(new_mutuals - old_mutuals)
    change.became_one_sided = sorted(h for h in old_mutuals - new_mutuals
                                     if (h in new_followers) != (h in new_following))


def _note(change: Change, note: Note | None, front: bool = False) -> None:
    """Adds the note in both forms: English words (report.json) and key with arguments (the site)."""
    if note is None:
        return
    at = 0 if front else len(change.notes)
    change.notes.insert(at, note_text(note))
    change.note_forms.insert(at, note)


def _skip_note(snapshot: Snapshot) -> Note:
    return Note("skipped", {"export": snapshot.source, "date": snapshot.date})


def compute_changes(snapshots: list[Snapshot], ignore: Collection[str] = (), review: HistoryReview | None = None,
                    siblings: Iterable[Snapshot] = ()) -> list[Change]:
    """One Change per pair of consecutive full snapshots, oldest first; partial ones only add notes.

    `review` (analysis/history.py) says which lists of which exports are unreliable: a list left out of an
    export is compared across it, from the last export whose list holds. `siblings`: snapshots of other
    accounts, whose lists from the same export count as traces (Threads for Instagram and back).
    Partial exports never invent losses: they are skipped, and the Change spanning them says so.
    """
    review = review if review is not None else HistoryReview(list(snapshots))
    others = list(siblings)
    changes: list[Change] = []
    previous: Snapshot | None = None
    bases: dict[str, _Side | None] = {}
    leading: list[Note] = []  # partial exports older than every full one
    skipped: list[Note] = []  # partial exports since `previous`
    last_full = next((s for s in reversed(review.snapshots) if not s.partial), None)
    for snapshot in review.snapshots:
        if snapshot.partial:
            (skipped if previous is not None else leading).append(_skip_note(snapshot))
            continue
        if previous is not None:
            change = _change(previous, snapshot, bases, review, ignore, Traces(snapshot, siblings_of(snapshot, others)))
            for note in reversed(skipped):
                _note(change, note, front=True)
            changes.append(change)
            skipped = []
        for name in CORE_LISTS if snapshot is not last_full else ():  # the newest is compared with nothing
            gap = review.gap(snapshot, name)
            if gap is None or not gap.left_out or bases.get(name) is None:
                bases[name] = _side(snapshot, name, review, ignore)
        previous = snapshot
    if skipped and previous is not None:
        last = review.snapshots[-1]
        trailing = Change(from_date=previous.date, to_date=last.date, from_source=previous.source,
                          to_source=last.source)
        for note in skipped:
            _note(trailing, note)
        _unknown(trailing, "gained_followers", "lost_followers", "new_following", "dropped_following",
                 "became_mutual", "became_one_sided")
        changes.append(trailing)
    if leading and changes:
        for note in reversed(leading):
            _note(changes[0], note, front=True)
    return changes
