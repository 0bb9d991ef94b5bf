"""The data every stage shares: accounts in a list, the lists of one export, and snapshots over time.

Importers produce `Snapshot`s and know nothing else; the analysis core reads them and never does I/O.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, datetime

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


# Instagram keeps `__deleted__<random>` placeholders for accounts that no longer exist (formats.md §1.1);
# other platforms' marks of a deleted account (TikTok's `N/A`) are stored under the same prefix, so that every
# stage treats them alike: deactivated, never a person.
DELETED_PREFIX = "__deleted__"


def is_deactivated(handle: str) -> bool:
    """Whether a handle is a placeholder for a deleted or deactivated account."""
    return handle.startswith(DELETED_PREFIX)


def placeholder_handle(timestamp: int | None, taken: Container[str]) -> str:
    """A placeholder for a deleted account whose row names nobody, keyed by its follow time so the same row
    keeps its name from one export to the next (and `analysis.changes` can match it to a lost account)."""
    base = f"{DELETED_PREFIX}{timestamp if timestamp is not None else 'undated'}"
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}-{number}"
    return handle


# Meta's export form (Instagram, Threads, Facebook) asks for a date range since about mid-2024: the first report
# of it is jj4giya/ity#4 (June 2024). A range other than "All time" keeps only the relationships that began in
# it. An export made before then, or by another platform, holds every relationship it has.
DATE_RANGE_PLATFORMS = ("instagram", "threads", "facebook")
DATE_RANGE_SINCE = datetime(2024, 6, 1, tzinfo=UTC)
ALL_TIME_HINT = 'request the export again with the date range "All time"'


def may_have_date_range(platform: str, taken_at: datetime, date_source: str) -> bool:
    """Whether an export may have been made with a date range: a Meta export made since the option exists, or
    whose date is only a bound (the newest entry, a file's modification time)."""
    return platform in DATE_RANGE_PLATFORMS and (taken_at >= DATE_RANGE_SINCE or date_source in ("data", "modified"))


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
    # what `taken_at` comes from: "name", "manifest", "zip" (entry times), "data" (the newest date in the
    # lists, a lower bound) or "modified" (the file's modification time); importers.dating decides
    date_source: str = "name"

    @property
    def date(self) -> str:
        """The export date as report.json shows it (YYYY-MM-DD)."""
        return self.taken_at.date().isoformat()
