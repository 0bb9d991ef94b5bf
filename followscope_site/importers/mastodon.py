"""Mastodon's data export: one CSV per list, accounts as `user@domain` addresses (formats.md §7).

Quirks handled here:
- `following_accounts.csv` has the header `Account address,Show boosts,Notify on new posts,Languages` since
  4.0; older or hand-made files lack `Languages`, or the header altogether;
- `follower_accounts.csv` exists only in newer Mastodon (columns unverified, `Account address` assumed);
  without it the export holds no followers at all, which we say rather than show zeros;
- `blocked_accounts.csv` has no header (one address per row); `muted_accounts.csv` has
  `Account address,Hide notifications`.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.csvfile import cell, columns_text, did_you_mean, header_index, read_rows
from followscope_site.importers.partial import INSPECT_HINT, Collector, start_snapshot
from followscope_site.model import Snapshot

FILES = {"following_accounts.csv": "following", "follower_accounts.csv": "followers",
         "followers_accounts.csv": "followers", "blocked_accounts.csv": "blocked", "muted_accounts.csv": "muted"}
ADDRESS_COLUMN = "account address"
_ADDRESS = re.compile(r"@?[^@\s,;/<>\"']+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+")
NO_FOLLOWERS = ("this Mastodon export holds no list of your followers (follower_accounts.csv), so the site shows "
                "no followers, mutuals or fans; newer Mastodon servers offer it under Preferences → Import and "
                "export → Data export")


def _members(files: ExportFiles) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in files.names():
        list_name = FILES.get(PurePosixPath(name).name.lower())
        if list_name:
            found.setdefault(list_name, []).append(name)
    return found


def _is_address(text: str) -> bool:
    return bool(_ADDRESS.fullmatch(text.strip()))


class MastodonImporter(Importer):
    """Mastodon CSV exports: following, followers (newer servers), blocked and muted accounts."""

    platform = "mastodon"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        for members in _members(files).values():
            for member in members:
                text = files.peek_text(member)  # bad bytes replaced: read() names a bad encoding
                first = next((line for line in text.splitlines() if line.strip()), "")
                first_cell = first.split(",", 1)[0].strip()
                if first_cell.lower() == ADDRESS_COLUMN or _is_address(first_cell):
                    return True
        return False

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        members = _members(files)
        snapshot = start_snapshot(files, request, self.platform, "mastodon-csv", identifier="address")
        for list_name in ("following", "followers", "blocked", "muted"):
            for member in members.get(list_name, []):
                collector = Collector(list_name)
                header = self._read_file(files, member, collector)
                if list_name == "following" and (header is None or "languages" not in header_index(header)):
                    snapshot.format = "mastodon-csv-3"  # before Mastodon 4.0: no Languages column, maybe no header
                collector.into(snapshot)
                snapshot.files_used.append(member)
        if "followers" not in snapshot.lists:
            snapshot.warnings.append(NO_FOLLOWERS)
        if "following" not in snapshot.lists:
            snapshot.warnings.append("no following list in this export (following_accounts.csv); pages that need "
                                     "it are left out")
        return [snapshot]

    @staticmethod
    def _read_file(files: ExportFiles, member: str, collector: Collector) -> list[str] | None:
        """Read one CSV into `collector`; return its header row, or None when it has none."""
        label = files.label(member)
        rows = read_rows(files, member)
        if not rows:
            return None  # an empty export file: nobody in this list
        first = rows[0][0].strip()
        header: list[str] | None = None
        column = 0
        if not _is_address(first):
            header = rows[0]
            index = header_index(header)
            if ADDRESS_COLUMN not in index:
                raise InputError(label, f"no 'Account address' column{did_you_mean('Account address', header)}; "
                                 f"columns found: {columns_text(header)}", INSPECT_HINT)
            column = index[ADDRESS_COLUMN]
            rows = rows[1:]
        for row in rows:
            address = cell(row, column)
            if address is None:
                collector.add(None)
            elif _is_address(address):
                collector.add(address.lstrip("@"))
            else:
                collector.invalid.append(address[:40])
        return header
