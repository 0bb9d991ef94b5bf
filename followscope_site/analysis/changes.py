"""What changed between consecutive snapshots, and our best reading of why an account disappeared."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection

from followscope_site.analysis.categories import live_handles
from followscope_site.analysis.report import Change, LostAccount
from followscope_site.model import AccountList, Snapshot, is_deactivated


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


# followers and following as live_handles, None for a list the export lacks: made once per snapshot, since
# a pair of snapshots needs them for both lists' changes and for mutuals (1M handles: ~0.15 s a set).
Lives = dict[str, set[str] | None]


def _lives(snapshot: Snapshot, ignore: Collection[str]) -> Lives:
    return {name: None if snapshot.lists.get(name) is None else live_handles(snapshot.lists[name], ignore)
            for name in ("followers", "following")}


def _new_placeholder_times(old: AccountList, new: AccountList) -> Counter[int]:
    """Follow timestamps of `__deleted__` placeholders that appeared in `new` (formats.md §1.1)."""
    return Counter(e.timestamp for h, e in new.items()
                   if is_deactivated(h) and h not in old and e.timestamp is not None)


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


def _why_lost(handle: str, old: AccountList, new: Snapshot, placeholders: Counter[int],
              renames: dict[str, str], *, following: bool) -> LostAccount:
    """The reason with the strongest evidence; see docs/formats.md for which list proves what."""
    blocked = new.lists.get("blocked")
    unfollowed = new.lists.get("recently_unfollowed")
    if following and unfollowed is not None and handle in unfollowed:
        return LostAccount(handle, "you_unfollowed", "certain")
    if blocked is not None and handle in blocked:
        return LostAccount(handle, "blocked", "certain")
    ts = old[handle].timestamp
    if ts is not None and placeholders[ts] > 0:
        placeholders[ts] -= 1
        return LostAccount(handle, "deactivated", "likely", "a deleted-account placeholder took its place")
    if handle in renames:
        return LostAccount(handle, "renamed", "likely", f"possibly renamed to {renames[handle]}")
    if not following:
        return LostAccount(handle, "unfollowed", "unknown")
    if unfollowed is not None:
        # Not on the platform's own list of your unfollows: they blocked you, left, or renamed.
        return LostAccount(handle, "unavailable", "unknown", "not on the platform's recently-unfollowed list")
    return LostAccount(handle, "you_unfollowed", "unknown")


def _list_change(old: Snapshot, new: Snapshot, name: str, old_set: set[str] | None, new_set: set[str] | None
                 ) -> tuple[list[str], list[LostAccount], dict[str, str]] | None:
    before, after = old.lists.get(name), new.lists.get(name)
    if before is None or after is None or old_set is None or new_set is None:
        return None
    gained, lost = new_set - old_set, old_set - new_set
    renames = _rename_pairs(lost, gained, before, after)
    placeholders = _new_placeholder_times(before, after)
    following = name == "following"
    reasons = [_why_lost(h, before, new, placeholders, renames, following=following) for h in sorted(lost)]
    # A rename counts only when nothing stronger explained the loss.
    renames = {r.handle: renames[r.handle] for r in reasons if r.reason == "renamed"}
    return sorted(gained), reasons, renames


def change_between(old: Snapshot, new: Snapshot, ignore: Collection[str] = ()) -> Change:
    """One Change; a list missing from either export yields no entries for it and a note."""
    return _change(old, new, _lives(old, ignore), _lives(new, ignore))


def _change(old: Snapshot, new: Snapshot, before: Lives, after: Lives) -> Change:
    change = Change(from_date=old.date, to_date=new.date)
    if old.identifier != new.identifier:
        # e.g. a 2018 LinkedIn export (names) beside a 2026 one (profile slugs): comparing them would show
        # everyone as lost and gained.
        change.notes.append(f"{old.source} identifies accounts by {old.identifier} and {new.source} by "
                            f"{new.identifier}, so the two exports cannot be compared.")
        return change
    for name in ("followers", "following"):
        found = _list_change(old, new, name, before[name], after[name])
        if found is None:
            missing = old if name not in old.lists else new
            change.notes.append(f"{missing.source} has no {name} list, so changes in it are not known.")
            continue
        gained, lost, renames = found
        if name == "followers":
            change.gained_followers, change.lost_followers = gained, lost
        else:
            change.new_following, change.dropped_following = gained, lost
        change.possible_renames.extend(sorted(renames.items()))
        if renames:
            change.notes.append(f"{len(renames)} new {name} entr{'y' if len(renames) == 1 else 'ies'} may be "
                                f"renamed accounts (same follow date as a lost one), not new people.")
    old_mutuals, new_mutuals = _mutuals(before), _mutuals(after)
    if old_mutuals is not None and new_mutuals is not None:
        change.became_mutual = sorted(new_mutuals - old_mutuals)
        new_followers, new_following = after["followers"] or set(), after["following"] or set()
        change.became_one_sided = sorted(h for h in old_mutuals - new_mutuals
                                         if (h in new_followers) != (h in new_following))
    return change


def _mutuals(lives: Lives) -> set[str] | None:
    followers, following = lives["followers"], lives["following"]
    return None if followers is None or following is None else followers & following


def _skip_note(snapshot: Snapshot) -> str:
    return (f"{snapshot.source} ({snapshot.date}) was left out: it is a partial export (for example a "
            f"date range other than 'All time'), so accounts missing from it may still be there.")


def compute_changes(snapshots: list[Snapshot], ignore: Collection[str] = ()) -> list[Change]:
    """One Change per pair of consecutive full snapshots, oldest first; partial ones only add notes.

    Partial exports never invent losses: they are skipped, and the Change spanning them says so.
    """
    changes: list[Change] = []
    previous: Snapshot | None = None
    leading: list[str] = []  # partial exports older than every full one
    skipped: list[str] = []  # partial exports since `previous`
    previous_lives: Lives | None = None  # _lives(previous), carried to the next pair
    for snapshot in snapshots:
        if snapshot.partial:
            (skipped if previous is not None else leading).append(_skip_note(snapshot))
            continue
        if previous is not None:
            lives = _lives(snapshot, ignore)
            change = _change(previous, snapshot, previous_lives or _lives(previous, ignore), lives)
            change.notes[:0] = skipped
            changes.append(change)
            skipped = []
            previous_lives = lives
        previous = snapshot
    if skipped and previous is not None:
        changes.append(Change(from_date=previous.date, to_date=snapshots[-1].date, notes=skipped))
    if leading and changes:
        changes[0].notes[:0] = leading
    return changes
