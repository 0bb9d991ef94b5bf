"""When an export was made, from the export's own evidence first and a file's modification time last.

In order: a date in the download's name (`instagram-<user>-YYYY-MM-DD-…`), a date the export states (X's
`manifest.js`, read by its importer), the zip's entry times (the platform's packer writes them when it makes
the archive), then the newest date in the lists (a lower bound: the export was made that day or later), and
only then the modification time of the file or folder, which is the day it was downloaded, unzipped or copied.
Unzipping a folder of older exports today gives them all today's modification time: the lists' own dates
keep them apart and in order.
"""

from __future__ import annotations

from datetime import UTC, datetime

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.naming import date_from_name
from followscope_site.model import Snapshot

# Snapshot.date_source values, and how messages say them.
DATE_SOURCES = {
    "name": "the file name",
    "manifest": "the export's manifest",
    "zip": "the zip's entry times",
    "data": "the newest date in its lists (the export was made that day or later)",
    "modified": "the file's modification time",
}
UNSETTLED = ""  # no date from the name or a manifest yet: settle_export_date decides
_SLACK = 86_400  # a zip's entry times are local times of the packer's clock: a day either way


def date_from_export_name(files: ExportFiles) -> tuple[datetime, str]:
    """(date, source) from the download's name, or a provisional modification time that settle_export_date
    replaces once the lists are read."""
    found = date_from_name(files.path.name)
    return (found, "name") if found is not None else (files.mtime(), UNSETTLED)


def newest_stamp(snapshot: Snapshot) -> int | None:
    """The newest timestamp of any entry in any list of the snapshot."""
    newest = None
    for accounts in snapshot.lists.values():
        stamps = [e.timestamp for e in accounts.values() if e.timestamp is not None]
        if stamps and (newest is None or max(stamps) > newest):
            newest = max(stamps)
    return newest


def settle_export_date(files: ExportFiles, snapshot: Snapshot) -> None:
    """Date a snapshot that its name and manifest did not date (see the module docstring); idempotent."""
    if snapshot.date_source != UNSETTLED:
        return
    newest = newest_stamp(snapshot)
    entries = files.entry_time()
    if entries is not None and (newest is None or entries.timestamp() >= newest - _SLACK):
        snapshot.taken_at, snapshot.date_source = entries, "zip"
        return
    if newest is not None:
        snapshot.taken_at, snapshot.date_source = datetime.fromtimestamp(newest, tz=UTC), "data"
        snapshot.warnings.append(f"export date taken from {DATE_SOURCES['data']}: {snapshot.date}; the name "
                                 "carries no date (rename the download to include it, e.g. …-YYYY-MM-DD.zip)")
        return
    snapshot.taken_at, snapshot.date_source = files.mtime(), "modified"
    snapshot.warnings.append("export date taken from the file's modification time (the name carries no date)")


def date_is_the_exports(snapshot: Snapshot) -> bool:
    """Whether the export date is the export's own (name, manifest, zip), not a bound or a file time."""
    return snapshot.date_source in ("name", "manifest", "zip")
