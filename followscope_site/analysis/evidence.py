"""Why an account left: one reading per account per change, from every trace the newer export holds of it.

An account gone from your followers, from the accounts you follow, or from both, gets one `LostAccount`, and
every list it left shows that same one. docs/formats.md §2 gives the rules and their evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from followscope_site.analysis.engagement import message_key
from followscope_site.analysis.report import LostAccount
from followscope_site.model import DELETED_PREFIX, AccountList, Snapshot

# Platforms whose exports share usernames: Threads profiles are Instagram accounts (formats.md §2), so either
# one's lists show that the other's account exists.
SHARED_HANDLES = {"instagram": ("threads",), "threads": ("instagram",)}

# Where an account can show up in an export, as the detail names it; blocked and recently-unfollowed accounts
# have reasons of their own.
_LIST_PLACES = {
    "followers": "your followers", "following": "the accounts you follow", "pending_sent": "requests you sent",
    "requests_received": "requests you received", "recent_requests": "recent requests you sent",
    "close_friends": "close friends", "restricted": "restricted accounts", "hidden_story": "accounts you hide "
    "your story from", "favorites": "favorites", "removed_suggestions": "removed suggestions", "muted": "muted "
    "accounts",
}
_SIGNAL_PLACES = {"liked_posts": "posts you liked", "comments": "your comments", "story_likes": "story likes"}
_MESSAGE_KINDS = ("messages", "messages_received")

EXISTS = "the account still exists: seen in {places}"


def siblings_of(snapshot: Snapshot, others: Iterable[Snapshot]) -> list[Snapshot]:
    """The snapshots of other platforms read from the same export whose handles are this platform's."""
    shared = SHARED_HANDLES.get(snapshot.platform, ())
    return [o for o in others if o is not snapshot and o.source == snapshot.source and o.platform in shared]


@dataclass
class Traces:
    """Where the newer export shows each account (for the few accounts a change lost)."""

    new: Snapshot
    siblings: list[Snapshot] = field(default_factory=list)
    _messages: set[str] | None = None

    def places(self, handle: str, left: Iterable[str]) -> list[str]:
        """Where the account appears, outside the lists it left."""
        found = [place for name, place in _LIST_PLACES.items() if name not in left
                 and _live_in(self.new.lists.get(name), handle)]
        found += [place for kind, place in _SIGNAL_PLACES.items() if handle in self.new.signals.get(kind, {})]
        if handle and message_key(handle) in self._message_keys():
            found.append("your messages")
        for sibling in self.siblings:
            label = sibling.platform.capitalize()
            found += [f"{label} {name}" for name in ("followers", "following") if _live_in(sibling.lists.get(name),
                                                                                          handle)]
        return found

    def _message_keys(self) -> set[str]:
        if self._messages is None:
            self._messages = {message_key(k) for kind in _MESSAGE_KINDS for k in self.new.signals.get(kind, {})}
        return self._messages


def _live_in(accounts: AccountList | None, handle: str) -> bool:
    return accounts is not None and handle in accounts


def new_placeholder_times(old: AccountList, new: AccountList) -> Counter[int]:
    """Follow times of deleted-account placeholders that appeared in `new` (formats.md §1.1)."""
    deleted = DELETED_PREFIX  # inlined is_deactivated: this runs over every follower
    return Counter(e.timestamp for h, e in new.items()
                   if h.startswith(deleted) and h not in old and e.timestamp is not None)


@dataclass
class ListLoss:
    """What one list of a change lost, and the list-level hints for why."""

    old: AccountList  # the older export's entries (follow times)
    lost: set[str]
    placeholders: Counter[int]  # new placeholders' follow times, used up as they explain losses
    renames: dict[str, str]  # lost handle -> gained handle with the identical, unique follow time


def fate(handle: str, losses: dict[str, ListLoss], traces: Traces) -> LostAccount:
    """The one reading of why `handle` left the lists in `losses` (those that lost it), strongest evidence first.

    1. blocked by you (the newer export's blocked list), certain;
    2. unfollowed by you (its recently-unfollowed list), certain, when it left your following;
    3. seen anywhere else in the newer export (other lists, likes, comments, messages, Threads): it exists, so
       it was neither deleted nor renamed: they unfollowed you (likely), you unfollowed them, or, gone both
       ways, you no longer follow each other (likely);
    4. a new deleted-account placeholder with its follow time: deactivated, likely;
    5. a gained account with its follow time: renamed, likely;
    6. otherwise: they unfollowed you, you unfollowed them, or gone both ways unavailable, all unknown.
    """
    new = traces.new
    left = set(losses)
    both = left == {"followers", "following"}
    blocked = new.lists.get("blocked")
    if blocked is not None and handle in blocked:
        return LostAccount(handle, "blocked", "certain")
    unfollowed = new.lists.get("recently_unfollowed")
    if "following" in left and unfollowed is not None and handle in unfollowed:
        return LostAccount(handle, "you_unfollowed", "certain", "they no longer follow you either" if both else None)
    places = traces.places(handle, left)
    if places:
        detail = EXISTS.format(places=", ".join(places))
        if both:
            return LostAccount(handle, "mutual_ended", "likely", detail)
        if "followers" in left:
            return LostAccount(handle, "unfollowed", "likely", detail)
        if unfollowed is not None:
            return LostAccount(handle, "you_unfollowed", "unknown",
                               f"not on the platform's recently-unfollowed list; {detail}")
        return LostAccount(handle, "you_unfollowed", "likely", detail)
    for loss in losses.values():
        stamp = loss.old[handle].timestamp
        if stamp is not None and loss.placeholders[stamp] > 0:
            for other in losses.values():  # one placeholder per list it left
                other_stamp = other.old[handle].timestamp
                if other_stamp is not None and other.placeholders[other_stamp] > 0:
                    other.placeholders[other_stamp] -= 1
            return LostAccount(handle, "deactivated", "likely", "a deleted-account placeholder took its place")
    for loss in losses.values():
        if handle in loss.renames:
            return LostAccount(handle, "renamed", "likely", f"possibly renamed to {loss.renames[handle]}")
    if both:
        return LostAccount(handle, "unavailable", "unknown", "gone from both lists: deleted or deactivated without "
                           "a placeholder, or it blocked you")
    if "followers" in left:
        return LostAccount(handle, "unfollowed", "unknown")
    if unfollowed is not None:
        # Not on the platform's own list of your unfollows: they blocked you, left, or renamed.
        return LostAccount(handle, "unavailable", "unknown", "not on the platform's recently-unfollowed list")
    return LostAccount(handle, "you_unfollowed", "unknown")
