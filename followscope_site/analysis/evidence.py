"""Why an account left: one reading per account per change, from every trace the newer export holds of it.

An account gone from your followers, from the accounts you follow, or from both, gets one `LostAccount`, and
every list it left shows that same one. docs/formats.md §2 gives the rules and their evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from followscope_site.analysis.engagement import message_key
from followscope_site.analysis.report import LostAccount
from followscope_site.i18n import N_
from followscope_site.model import DELETED_PREFIX, AccountList, Snapshot

# Platforms whose exports share usernames: Threads profiles are Instagram accounts (formats.md §2), so either
# one's lists show that the other's account exists.
SHARED_HANDLES = {"instagram": ("threads",), "threads": ("instagram",)}

# Where an account can show up in an export, by the place key a detail carries (report.py LostAccount), with
# its English words; blocked and recently-unfollowed accounts have reasons of their own. The site translates
# the words (N_ marks them for extraction); report.json has them in English.
_LIST_PLACES = {
    "followers": N_("your followers"), "following": N_("the accounts you follow"),
    "pending_sent": N_("requests you sent"), "requests_received": N_("requests you received"),
    "recent_requests": N_("recent requests you sent"), "close_friends": N_("close friends"),
    "restricted": N_("restricted accounts"), "hidden_story": N_("accounts you hide your story from"),
    "favorites": N_("favorites"), "removed_suggestions": N_("removed suggestions"), "muted": N_("muted accounts"),
}
_SIGNAL_PLACES = {"liked_posts": N_("posts you liked"), "comments": N_("your comments"),
                  "story_likes": N_("story likes")}
_MESSAGE_KINDS = ("messages", "messages_received")
# the lists of a platform that shares handles (SHARED_HANDLES), keyed "<platform>:<list>"
_SIBLING_PLACES = {
    "instagram:followers": N_("Instagram followers"), "instagram:following": N_("Instagram following"),
    "threads:followers": N_("Threads followers"), "threads:following": N_("Threads following"),
}
PLACES: dict[str, str] = {**_LIST_PLACES, **_SIGNAL_PLACES, "messages": N_("your messages"), **_SIBLING_PLACES}

# The one table of what a detail says, by its key: %(places)s is the places joined by ", ", %(handle)s the
# gained handle of a possible rename. LostAccount.detail is made from it (detail_text), in English.
DETAILS: dict[str, str] = {
    "exists": N_("the account still exists: seen in %(places)s"),
    "exists_not_listed": N_("not on the platform's recently-unfollowed list; the account still exists: seen in "
                            "%(places)s"),
    "placeholder": N_("a deleted-account placeholder took its place"),
    "renamed": N_("possibly renamed to %(handle)s"),
    "gone_both": N_("gone from both lists: deleted or deactivated without a placeholder, or it blocked you"),
    "not_listed": N_("not on the platform's recently-unfollowed list"),
    "no_longer_mutual": N_("they no longer follow you either"),
}


def detail_text(key: str, args: tuple[str, ...], words: Callable[[str], str] = str) -> str:
    """The detail's sentence; `words` translates (the site's `_`), English by default (report.json)."""
    if key == "renamed":
        return words(DETAILS[key]) % {"handle": args[0] if args else ""}
    places = ", ".join(words(PLACES[a]) if a in PLACES else a for a in args)
    return words(DETAILS[key]) % {"places": places} if "%(places)s" in DETAILS[key] else words(DETAILS[key])


def lost(handle: str, reason: str, certainty: str, key: str | None = None, *args: str) -> LostAccount:
    """A LostAccount whose English detail is made from its key and arguments (the site translates those)."""
    detail = None if key is None else detail_text(key, args)
    return LostAccount(handle, reason, certainty, detail, key, args)


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
        """Where the account appears, outside the lists it left: keys of PLACES."""
        found = [name for name in _LIST_PLACES if name not in left and _live_in(self.new.lists.get(name), handle)]
        found += [kind for kind in _SIGNAL_PLACES if handle in self.new.signals.get(kind, {})]
        if handle and message_key(handle) in self._message_keys():
            found.append("messages")
        for sibling in self.siblings:
            found += [f"{sibling.platform}:{name}" for name in ("followers", "following")
                      if _live_in(sibling.lists.get(name), handle)]
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
        return lost(handle, "blocked", "certain")
    unfollowed = new.lists.get("recently_unfollowed")
    if "following" in left and unfollowed is not None and handle in unfollowed:
        return lost(handle, "you_unfollowed", "certain", *(("no_longer_mutual",) if both else ()))
    places = traces.places(handle, left)
    if places:
        if both:
            return lost(handle, "mutual_ended", "likely", "exists", *places)
        if "followers" in left:
            return lost(handle, "unfollowed", "likely", "exists", *places)
        if unfollowed is not None:
            return lost(handle, "you_unfollowed", "unknown", "exists_not_listed", *places)
        return lost(handle, "you_unfollowed", "likely", "exists", *places)
    for loss in losses.values():
        stamp = loss.old[handle].timestamp
        if stamp is not None and loss.placeholders[stamp] > 0:
            for other in losses.values():  # one placeholder per list it left
                other_stamp = other.old[handle].timestamp
                if other_stamp is not None and other.placeholders[other_stamp] > 0:
                    other.placeholders[other_stamp] -= 1
            return lost(handle, "deactivated", "likely", "placeholder")
    for loss in losses.values():
        if handle in loss.renames:
            return lost(handle, "renamed", "likely", "renamed", loss.renames[handle])
    if both:
        return lost(handle, "unavailable", "unknown", "gone_both")
    if "followers" in left:
        return lost(handle, "unfollowed", "unknown")
    if unfollowed is not None:
        # Not on the platform's own list of your unfollows: they blocked you, left, or renamed.
        return lost(handle, "unavailable", "unknown", "not_listed")
    return lost(handle, "you_unfollowed", "unknown")
