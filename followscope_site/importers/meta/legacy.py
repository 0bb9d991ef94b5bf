"""Instagram's ≤2020 export: one `connections.json` whose lists are objects keyed by username (formats.md §1.7).

Parsers written against real files read `followers`, `following` and `follow_requests_sent` as objects whose
keys are usernames; the values are assumed to be ISO dates (`"2019-05-06T17:12:52+00:00"`), and a number is
read as Unix seconds. The other key names follow the later wrapper keys without their `relationships_` prefix.
"""

from __future__ import annotations

from typing import Any

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.jsonfile import load_json
from followscope_site.importers.meta.common import seconds
from followscope_site.importers.meta.lists import ListReader
from followscope_site.importers.partial import iso_seconds
from followscope_site.model import Snapshot

# connections.json key → SPEC list name; `following_hashtags` and other non-account keys are ignored.
LEGACY_KEYS = {
    "followers": "followers",
    "following": "following",
    "follow_requests_sent": "pending_sent",
    "permanent_follow_requests": "recent_requests",
    "follow_requests_received": "requests_received",
    "unfollowed_users": "recently_unfollowed",
    "close_friends": "close_friends",
    "blocked_users": "blocked",
    "restricted_users": "restricted",
    "hide_stories_from": "hidden_story",
    "dismissed_suggested_users": "removed_suggestions",
    "feed_favorites": "favorites",
}

_HINT = "the export format may have changed: run `followscope inspect` on it and report it"


def _when(value: Any) -> int | None:
    return iso_seconds(value) if isinstance(value, str) else seconds(value)


def read_connections_json(files: ExportFiles, member: str, snapshot: Snapshot) -> None:
    """Fill the snapshot's lists from `connections.json`."""
    label = files.label(member)
    value = load_json(files, member)
    if not isinstance(value, dict):
        raise InputError(label, "expected an object with 'followers' and 'following'", _HINT)
    known = [key for key in value if key in LEGACY_KEYS]
    if not known:
        keys = ", ".join(excerpt(k) for k in list(value)[:3]) or "no keys"
        raise InputError(label, f"unexpected top-level key {keys}; expected 'followers' or 'following'", _HINT)
    for key in known:
        accounts = value[key]
        reader = ListReader(LEGACY_KEYS[key], member=member)
        if isinstance(accounts, dict):
            for raw, when in accounts.items():
                reader.add(raw, _when(when))
        elif isinstance(accounts, list) and all(isinstance(a, str) for a in accounts):
            for raw in accounts:
                reader.add(raw, None)
        else:
            raise InputError(label, f"{key!r} should be an object keyed by username, got "
                             f"{type(accounts).__name__}", _HINT)
        snapshot.lists[reader.list_name] = reader.entries
        snapshot.warnings.extend(reader.warnings())
    snapshot.files_used.append(member)
