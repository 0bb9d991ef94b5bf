"""What the analysis hands to the site and to report.json: plain dataclasses, no I/O, no markup."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime

from followscope_site.analysis.notes import Note
from followscope_site.model import Snapshot


@dataclass(slots=True)
class LostAccount:
    """An account that left a list between two snapshots, and our best reading of why (analysis/evidence.py).

    One per account per change: an account that left both lists shows the same reading on both.
    """

    handle: str
    # "unfollowed" (they unfollowed you), "you_unfollowed", "mutual_ended" (you no longer follow each other, the
    # account still exists), "blocked", "deactivated", "renamed", "unavailable" (gone without a trace)
    reason: str
    certainty: str  # "certain", "likely", "unknown"
    detail: str | None = None  # e.g. the new handle of a possible rename, or where the account was still seen
    # the detail as the site translates it (analysis/evidence.py DETAILS): its key, and the place keys or the
    # gained handle of a rename; report.json has `detail`, made from these in English
    detail_key: str | None = None
    detail_args: tuple[str, ...] = ()


@dataclass(slots=True)
class Change:
    """What changed between two consecutive snapshots of one account.

    A list is None (null) when either export lacks it or the history found it unreliable: unknown, not empty.
    """

    from_date: str
    to_date: str
    from_source: str = ""  # the two exports compared
    to_source: str = ""
    gained_followers: list[str] | None = field(default_factory=list)
    lost_followers: list[LostAccount] | None = field(default_factory=list)
    new_following: list[str] | None = field(default_factory=list)
    dropped_following: list[LostAccount] | None = field(default_factory=list)
    became_mutual: list[str] | None = field(default_factory=list)
    became_one_sided: list[str] | None = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a partial export that was skipped
    # the same notes by key and arguments (analysis/notes.py), for the site to translate; one per note
    note_forms: list[Note] = field(default_factory=list)
    # (old handle, new handle) pairs that look like one account renamed (same follow timestamp); kept out of
    # `notes` so that notes never carry handles (the public privacy mode keeps notes as they are)
    possible_renames: list[tuple[str, str]] = field(default_factory=list)
    # list name -> (date, source) of the older export a list is compared with, when it is not `from_*` (the
    # export in between missed too much of that list)
    compared_from: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Finding:
    """One thing worth telling the user, with the numbers behind it and the guide that explains it."""

    id: str
    severity: str  # "info", "notice", "warning"
    title: str
    guide: str  # slug of the guide page
    numbers: dict[str, float | int | None] = field(default_factory=dict)
    category: str | None = None  # the category page that lists the accounts concerned


@dataclass(slots=True)
class AccountReport:
    """Everything the site shows about one account; counts, metrics and categories describe the newest snapshot."""

    id: str  # "<platform>:<handle>"
    platform: str
    handle: str
    label: str
    identifier: str  # what handles are on this platform (see model.IDENTIFIER_KINDS)
    snapshots: list[Snapshot]  # oldest first
    counts: dict[str, int | None]
    metrics: dict[str, float | None]
    categories: dict[str, list[str]]  # category key -> handles, sorted
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tags: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)  # further analysis results (balance history, …)
    # mutuals and fans: each handle's position in the newest snapshot's followers (categories.Categories)
    positions: dict[str, array[int]] = field(default_factory=dict)
    # exports of the account's config entry that hold none of its data (an Instagram export without Threads
    # lists, for the Threads account): one snapshot is then not one export read
    exports_without_data: int = 0

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]


@dataclass(slots=True)
class Report:
    """The result of one build's analysis, for every account in the config."""

    title: str
    generated_at: datetime
    accounts: list[AccountReport]
    warnings: list[str] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)  # accounts shared between two accounts' lists


@dataclass(slots=True)
class Overlap:
    """Who two of the config's accounts share, matched by identical handle or a configured alias.

    Handles are the left account's; a list is None when either export lacks it.
    """

    left: str  # AccountReport.id
    right: str
    followers_both: list[str] | None = None
    followers_only_left: list[str] | None = None  # e.g. follow you on Instagram but not on TikTok
    followers_only_right: list[str] | None = None  # handles as on the right account
    following_both: list[str] | None = None
    following_only_left: list[str] | None = None
    following_only_right: list[str] | None = None
