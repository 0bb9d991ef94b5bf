"""What changed between consecutive snapshots, and our best reading of why an account disappeared."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection

from followscope_site.analysis.categories import is_deactivated
from followscope_site.analysis.report import Change, LostAccount
from followscope_site.model import AccountList, Snapshot


def fingerprint(snapshot: Snapshot) -> str:
    """A hash of what the export says (every list's handles and timestamps), to spot identical exports."""
    digest = hashlib.sha256()
    for name in sorted(snapshot.lists):
        digest.update(f"\x00{name}\x00".encode())
        for handle, entry in sorted(snapshot.lists[name].items()):
            digest.update(f"{handle}\x01{entry.timestamp}\x02".encode())
    return digest.hexdigest()


def _same_content(a: Snapshot, b: Snapshot) -> bool:
    if a.content_hash and b.content_hash and a.content_hash == b.content_hash:
        return True
    return a.partial == b.partial and fingerprint(a) == fingerprint(b)


def collapse_duplicates(snapshots: list[Snapshot]) -> tuple[list[Snapshot], list[tuple[str, str]]]:
    """Snapshots (oldest first) with consecutive identical exports kept once, as the newest of them.

    Returns the kept snapshots and (dropped source, kept source) pairs, so the site can say why an
    export is not listed. A-B-A keeps all three: the change and its undoing are both real.
    """
    kept: list[Snapshot] = []
    dropped: list[tuple[str, str]] = []
    for snapshot in snapshots:
        if kept and _same_content(kept[-1], snapshot):
            dropped.append((kept[-1].source, snapshot.source))
            kept[-1] = snapshot
        else:
            kept.append(snapshot)
    return kept, dropped


def _live(accounts: AccountList, ignore: Collection[str]) -> set[str]:
    return {h for h in accounts if not is_deactivated(h) and h not in ignore}


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


def _list_change(old: Snapshot, new: Snapshot, name: str, ignore: Collection[str]
                 ) -> tuple[list[str], list[LostAccount], dict[str, str]] | None:
    before, after = old.lists.get(name), new.lists.get(name)
    if before is None or after is None:
        return None
    old_set, new_set = _live(before, ignore), _live(after, ignore)
    gained, lost = new_set - old_set, old_set - new_set
    renames = _rename_pairs(lost, gained, before, after)
    placeholders = _new_placeholder_times(before, after)
    following = name == "following"
    reasons = [_why_lost(h, before, new, placeholders, renames, following=following) for h in sorted(lost)]
    # A rename counts only when nothing stronger explained the loss.
    renames = {r.handle: renames[r.handle] for r in reasons if r.reason == "renamed"}
    return sorted(gained), reasons, renames


def _mutuals(snapshot: Snapshot, ignore: Collection[str]) -> set[str] | None:
    followers, following = snapshot.lists.get("followers"), snapshot.lists.get("following")
    if followers is None or following is None:
        return None
    return _live(followers, ignore) & _live(following, ignore)


def change_between(old: Snapshot, new: Snapshot, ignore: Collection[str] = ()) -> Change:
    """One Change; a list missing from either export yields no entries for it and a note."""
    change = Change(from_date=old.date, to_date=new.date)
    if old.identifier != new.identifier:
        # e.g. a 2018 LinkedIn export (names) beside a 2026 one (profile slugs): comparing them would show
        # everyone as lost and gained.
        change.notes.append(f"{old.source} identifies accounts by {old.identifier} and {new.source} by "
                            f"{new.identifier}, so the two exports cannot be compared.")
        return change
    for name in ("followers", "following"):
        found = _list_change(old, new, name, ignore)
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
    before, after = _mutuals(old, ignore), _mutuals(new, ignore)
    if before is not None and after is not None:
        change.became_mutual = sorted(after - before)
        new_followers = _live(new.lists["followers"], ignore)
        new_following = _live(new.lists["following"], ignore)
        change.became_one_sided = sorted(h for h in before - after if (h in new_followers) != (h in new_following))
    return change


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
    for snapshot in snapshots:
        if snapshot.partial:
            (skipped if previous is not None else leading).append(_skip_note(snapshot))
            continue
        if previous is not None:
            change = change_between(previous, snapshot, ignore)
            change.notes[:0] = skipped
            changes.append(change)
            skipped = []
        previous = snapshot
    if skipped and previous is not None:
        changes.append(Change(from_date=previous.date, to_date=snapshots[-1].date, notes=skipped))
    if leading and changes:
        changes[0].notes[:0] = leading
    return changes
