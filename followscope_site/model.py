"""The data every stage shares: accounts in a list, the lists of one export, and snapshots over time.

Importers produce `Snapshot`s and know nothing else; the analysis core reads them and never does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import msgspec

# The lists an export can carry, by their SPEC names. An export holds a subset; a list that is absent
# from `Snapshot.lists` is unknown (null in report.json), never empty.
LIST_NAMES = (
    "followers",
    "following",
    "pending_sent",
    "requests_received",
    "recently_unfollowed",
    "recent_requests",
    "close_friends",
    "blocked",
    "restricted",
    "hidden_story",
    "favorites",
    "removed_suggestions",
    "muted",
    "removed_friends",
)

# What a platform's "handle" really is, when the export carries no username (SPEC "Vocabulary").
IDENTIFIER_KINDS = ("handle", "id", "did", "name", "address")


# Untrusted text that names an account (a handle in an export, the owner from an export or the config) holds no
# control characters, no line or paragraph separators and no bidirectional embeddings, overrides or isolates
# (U+202E turns `evil.exe` around on screen; the weak marks U+200E/U+200F, common in RTL names, are fine), is of
# bounded length (it becomes part of a file name), and has no whitespace inside unless it
# is a display name. Output escaping is the renderer's job; this keeps such text out of the data altogether.
UNSAFE_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s")
MAX_HANDLE = 200


def handle_problem(handle: str, names: bool = False) -> str | None:
    """Why a normalized handle (or, with names=True, a display name) is unusable, or None when it is fine."""
    if not handle:
        return "it is empty"
    if len(handle) > MAX_HANDLE:
        return f"it is longer than {MAX_HANDLE} characters"
    if UNSAFE_TEXT.search(handle):
        return "it holds a control or text-direction character"
    if not names and _SPACE.search(handle):
        return "it holds a space"
    return None


def normalize_handle(raw: str) -> str:
    """The comparison key of a handle: trimmed, without a leading '@', case-folded."""
    text = raw.strip()
    if text.startswith("@"):
        text = text[1:]
    return text.casefold()


class Entry(msgspec.Struct, gc=False):
    """One account in one list of an export.

    A msgspec Struct rather than a dataclass: a million-follower export makes a million of these, and a
    Struct is created about 2.5x faster and is never tracked by the cyclic collector (it holds no containers).
    """

    handle: str  # normalized comparison key (see normalize_handle)
    timestamp: int | None = None  # when the relation started, seconds since the epoch (UTC); None if unknown
    name: str | None = None  # display text when it differs from the handle (display name, original case)


# One list of an export: entries keyed by handle, in export order (newest first for Meta exports).
AccountList = dict[str, Entry]


@dataclass(slots=True)
class Snapshot:
    """Everything one export says about one account at one moment."""

    platform: str
    owner: str | None  # the account's own handle, when the export or the config names it
    taken_at: datetime  # timezone-aware (UTC)
    source: str  # the export path as the user would recognise it (relative to the config file)
    format: str  # e.g. "instagram-json", "instagram-html", "tiktok-json"
    lists: dict[str, AccountList] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    partial: bool = False  # the export says or shows that its lists are incomplete
    identifier: str = "handle"  # one of IDENTIFIER_KINDS: what `Entry.handle` holds on this platform
    files_used: list[str] = field(default_factory=list)
    files_ignored: list[str] = field(default_factory=list)
    declared_counts: dict[str, int] = field(default_factory=dict)  # counts the export itself states
    signals: dict[str, dict[str, int]] = field(default_factory=dict)  # engagement: kind -> handle -> count

    @property
    def date(self) -> str:
        """The export date as report.json shows it (YYYY-MM-DD)."""
        return self.taken_at.date().isoformat()
