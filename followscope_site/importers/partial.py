"""Steps the TikTok, X, Bluesky, Mastodon, LinkedIn and CSV importers share: the snapshot frame, list
collection with untrusted-text checks, and the check of a list against the count the export itself states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import ImportRequest
from followscope_site.importers.collect import Collector as BaseCollector
from followscope_site.importers.dating import date_from_export_name
from followscope_site.model import Snapshot, normalize_handle

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
    """A snapshot dated from the export's name; without one, read_export dates it once its lists are read
    (importers.dating)."""
    taken_at, date_source = date_from_export_name(files)
    if request.owner:
        owner = normalize_handle(request.owner)
    return Snapshot(platform=platform, owner=owner, taken_at=taken_at, source=request.source, format=fmt,
                    identifier=identifier, date_source=date_source)


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
class Collector(BaseCollector):
    """A list of identifiers from an export that is not Meta's: any untrusted text that looks like one."""

    names: bool = False  # the identifiers are display names, which hold spaces

    def accepts(self, handle: str) -> bool:
        return (bool(handle) and len(handle) <= MAX_HANDLE and not _CONTROL.search(handle)
                and (self.names or not _SPACE.search(handle)))


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
