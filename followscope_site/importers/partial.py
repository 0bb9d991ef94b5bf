"""Steps the TikTok, X, Bluesky, Mastodon, LinkedIn and CSV importers share: the snapshot frame, list
collection with untrusted-text checks, and the check of a list against the count the export itself states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import ImportRequest
from followscope_site.importers.naming import date_from_name
from followscope_site.model import AccountList, Entry, Snapshot, normalize_handle

INSPECT_HINT = "the export format may have changed: run `followscope inspect` on it and report it"

# A handle from an export is untrusted text: no control characters, bounded length, and no whitespace
# inside unless it is a display name (LinkedIn without URLs). Output escaping is the renderer's job.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s")
MAX_HANDLE = 200

# "Far fewer" than the stated count (formats.md §4, §5): more than 10 % and more than 10 accounts missing.
# Smaller gaps are normal (accounts deactivated between the count and the list) and only get a warning
# when at least 2 % and 3 accounts are missing.
FAR_SHARE, FAR_MIN = 0.10, 10
NOTE_SHARE, NOTE_MIN = 0.02, 3


def start_snapshot(files: ExportFiles, request: ImportRequest, platform: str, fmt: str,
                   identifier: str = "handle", owner: str | None = None) -> Snapshot:
    """A snapshot dated from the export's name, else its modification time (said in a warning)."""
    taken_at = date_from_name(files.path.name)
    warnings: list[str] = []
    if taken_at is None:
        taken_at = files.mtime()
        warnings.append("export date taken from the file's modification time (the name carries no date)")
    if request.owner:
        owner = normalize_handle(request.owner)
    return Snapshot(platform=platform, owner=owner, taken_at=taken_at, source=request.source, format=fmt,
                    warnings=warnings, identifier=identifier)


def utc_seconds(text: str | None, formats: tuple[str, ...]) -> int | None:
    """Seconds since the epoch of a date written in one of `formats`, read as UTC; None when none fits."""
    if not text:
        return None
    text = text.strip()
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return int(parsed.timestamp())
    return None


def iso_seconds(text: object) -> int | None:
    """Seconds of an ISO 8601 timestamp such as `2024-11-20T12:34:56.789Z`; None for anything else."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


@dataclass
class Collector:
    """One list's entries: duplicates merged (earliest time kept); empty and unsafe values counted, not kept."""

    list_name: str
    names: bool = False  # the identifiers are display names, which hold spaces
    entries: AccountList = field(default_factory=dict)
    duplicates: int = 0
    unnamed: int = 0
    invalid: list[str] = field(default_factory=list)

    def add(self, raw: str | None, timestamp: int | None = None, name: str | None = None) -> None:
        if raw is None or not raw.strip():
            self.unnamed += 1
            return
        handle = normalize_handle(raw)
        if (not handle or len(handle) > MAX_HANDLE or _CONTROL.search(handle)
                or (not self.names and _SPACE.search(handle))):
            self.invalid.append(raw[:40])
            return
        shown = raw.strip().lstrip("@")
        if name is None and shown != handle:
            name = shown  # keep the original case for display
        old = self.entries.get(handle)
        if old is None:
            self.entries[handle] = Entry(handle, timestamp, name)
            return
        self.duplicates += 1
        if timestamp is not None and (old.timestamp is None or timestamp < old.timestamp):
            old.timestamp = timestamp

    def warnings(self) -> list[str]:
        found = []
        if self.duplicates:
            found.append(f"{self.list_name}: {self.duplicates} duplicate entries merged")
        if self.unnamed:
            found.append(f"{self.list_name}: {self.unnamed} entries without an account skipped")
        if self.invalid:
            shown = ", ".join(repr(x) for x in self.invalid[:3])
            found.append(f"{self.list_name}: {len(self.invalid)} entries with an invalid account skipped "
                         f"({shown})")
        return found

    def into(self, snapshot: Snapshot) -> None:
        """Store the list in the snapshot, merging with what an earlier file of the same list gave."""
        existing = snapshot.lists.setdefault(self.list_name, {})
        for handle, entry in self.entries.items():
            old = existing.get(handle)
            if old is None:
                existing[handle] = entry
            elif entry.timestamp is not None and (old.timestamp is None or entry.timestamp < old.timestamp):
                old.timestamp = entry.timestamp
        snapshot.warnings.extend(self.warnings())


def check_declared(snapshot: Snapshot, list_name: str, declared: int | None, where: str) -> None:
    """Compare a list with the count the export states (`where` says where that count is written).

    The count goes into `snapshot.declared_counts`; a list noticeably shorter gets a warning, and a list
    far shorter (FAR_SHARE and FAR_MIN above) marks the snapshot partial.
    """
    if declared is None or declared < 0:
        return
    snapshot.declared_counts[list_name] = declared
    found = snapshot.lists.get(list_name)
    if found is None:
        return
    missing = declared - len(found)
    if missing >= FAR_MIN and missing > declared * FAR_SHARE:
        snapshot.partial = True
        snapshot.warnings.append(f"{list_name}: the export lists {len(found):,} accounts but {where} says "
                                 f"{declared:,}; the list is incomplete (a partial or truncated export)")
    elif missing >= NOTE_MIN and missing > declared * NOTE_SHARE:
        snapshot.warnings.append(f"{list_name}: the export lists {len(found):,} accounts but {where} says "
                                 f"{declared:,}; a few may be missing")
