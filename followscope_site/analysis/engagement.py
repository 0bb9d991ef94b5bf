"""How much you interact with each account (likes, comments, story likes, messages) set against who follows whom."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followscope_site.i18n import N_  # the site translates the hint it shows
from followscope_site.model import Snapshot

# Signal kinds, as `Snapshot.signals` keys them (importers/meta/signals.py fills them for Instagram).
INTERACTION_KINDS = ("liked_posts", "comments", "story_likes", "messages")
RECEIVED_KIND = "messages_received"  # messages the other person sent you, per conversation

# Where the export lacks the activity files: the download option that adds them, for the site to show.
DOWNLOAD_HINTS = {
    "instagram": N_("Request a new export in Accounts Center → Your information and permissions → Export your "
                  "information, choose 'All available information' (or tick Likes, Comments, Story "
                  "interactions and Messages under 'Your Instagram activity'), format JSON, date range "
                  "'All time'."),
}


@dataclass(slots=True)
class Engagement:
    """Interaction counts against relationships; lists are sorted by handle unless said otherwise."""

    available: list[str]  # signal kinds the export carries (a file present but empty counts)
    missing: list[str]  # kinds it lacks: the lists below may then miss interactions
    download_hint: str | None  # how to get the missing kinds, when the platform offers them
    interactions: dict[str, int] = field(default_factory=dict)  # handle -> likes + comments + story likes + messages
    mutuals_never_interact: list[str] = field(default_factory=list)
    one_sided_high_interaction: list[tuple[str, int]] = field(default_factory=list)  # most first
    followers_who_message_you: list[tuple[str, int]] = field(default_factory=list)  # fans, most messages first
    threshold: int = 0  # interactions that count as "a lot"


def message_key(text: str) -> str:
    """The comparison key of a conversation: Instagram names thread folders after the display name with
    everything but letters and digits dropped (docs/formats.md §3.4), so a handle matches it only
    when it reduces to the same letters and digits."""
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _resolve(counts: dict[str, int], known: set[str], names: dict[str, str] | None = None) -> dict[str, int]:
    """Signal counts re-keyed by the handles we know; unknown keys are dropped. `names` (message_key ->
    handle): conversations, whose folders are named after display names, match through it."""
    out: dict[str, int] = {}
    for key, n in counts.items():
        handle = key if key in known else names.get(message_key(key)) if names is not None else None
        if handle is not None:
            out[handle] = out.get(handle, 0) + n
    return out


def _by_message_key(handles: set[str]) -> dict[str, str]:
    """message_key -> handle, the first handle in sorted order winning (made once for both message kinds)."""
    index: dict[str, str] = {}
    for h in sorted(handles):
        index.setdefault(message_key(h), h)
    return index


def engagement_of(snapshot: Snapshot, categories: dict[str, list[str]], platform: str,
                  high_interaction: int) -> Engagement | None:
    """None when the export carries no signals and the platform offers none either."""
    signals = snapshot.signals
    available = [k for k in (*INTERACTION_KINDS, RECEIVED_KIND) if k in signals]
    hint = DOWNLOAD_HINTS.get(platform)
    if not available and hint is None:
        return None
    missing = [k for k in INTERACTION_KINDS if k not in signals]
    result = Engagement(available=available, missing=missing, download_hint=hint if missing else None,
                        threshold=high_interaction)
    if not available:
        return result
    # The categories already leave out ignored accounts and deleted placeholders.
    related = {h for key in ("mutuals", "fans", "not_following_back", "allowlisted")
               for h in categories.get(key, [])}
    names = _by_message_key(related) if "messages" in signals or RECEIVED_KIND in signals else None
    totals: dict[str, int] = {}
    for kind in INTERACTION_KINDS:
        for handle, n in _resolve(signals.get(kind, {}), related, names if kind == "messages" else None).items():
            totals[handle] = totals.get(handle, 0) + n
    result.interactions = dict(sorted(totals.items()))
    result.mutuals_never_interact = [h for h in categories.get("mutuals", []) if h not in totals]
    one_sided = set(categories.get("not_following_back", [])) | set(categories.get("allowlisted", []))
    result.one_sided_high_interaction = sorted(
        ((h, n) for h, n in totals.items() if h in one_sided and n >= high_interaction),
        key=lambda item: (-item[1], item[0]))
    received = _resolve(signals.get(RECEIVED_KIND, {}), related, names)
    fans = set(categories.get("fans", []))
    result.followers_who_message_you = sorted(
        ((h, n) for h, n in received.items() if h in fans and n > 0), key=lambda item: (-item[1], item[0]))
    return result
