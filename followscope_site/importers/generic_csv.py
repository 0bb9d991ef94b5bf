"""Any other platform, as two CSV files the user names in the config (`platform: csv`).

Only used when the config asks for it: a CSV of handles looks like half the internet, so it is never detected.
"""

from __future__ import annotations

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.csvfile import cell, columns_text, did_you_mean, header_index, read_rows
from followscope_site.importers.partial import Collector, iso_seconds, start_snapshot, utc_seconds
from followscope_site.model import Snapshot

DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d %b %Y", "%m/%d/%Y", "%d.%m.%Y")
_CONFIG_HINT = "set `csv.handle_column` (and `csv.date_column`) in the config to a column the file has"


def parse_date(text: str | None) -> int | None:
    """ISO 8601, a few common written forms, or Unix seconds; None when the cell is none of these."""
    if not text:
        return None
    if text.isascii() and text.isdigit() and 9 <= len(text) <= 13:  # `"²".isdigit()` is True
        value = int(text)
        return value // 1000 if value > 10**11 else value
    return iso_seconds(text) or utc_seconds(text, DATE_FORMATS)


class GenericCsvImporter(Importer):
    """A followers CSV and a following CSV with a handle column (names from the config's `csv:` section)."""

    platform = "csv"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        return False  # chosen by the config only (see the module docstring)

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        options = request.options
        wanted = {name: options.get(name) for name in ("followers", "following") if options.get(name)}
        if not wanted:
            raise InputError(request.source, "`platform: csv` needs the file names of the lists",
                             "add `csv: {followers: followers.csv, following: following.csv}` to the account")
        handle_column = options.get("handle_column") or "handle"
        date_column = options.get("date_column") or None
        snapshot = start_snapshot(files, request, self.platform, "csv")
        for list_name, file_name in wanted.items():
            member = self._find(files, request, file_name)
            collector = Collector(list_name, member=member)
            self._read(files, member, handle_column, date_column, collector)
            collector.into(snapshot)
            snapshot.files_used.append(member)
        for name in ("followers", "following"):
            if name not in wanted:
                snapshot.warnings.append(f"no {name} file named in the config (`csv.{name}`); pages that need "
                                         "it are left out")
        return [snapshot]

    @staticmethod
    def _find(files: ExportFiles, request: ImportRequest, file_name: str) -> str:
        names = files.names()
        if files.kind == "file" and len(names) == 1 and names[0].lower() == file_name.rsplit("/", 1)[-1].lower():
            return names[0]
        found = files.find(file_name)
        if not found:
            shown = ", ".join(excerpt(n, 80) for n in names[:8]) or "none"
            raise InputError(request.source, f"has no file {file_name!r} (files found: {shown})",
                             "check `csv.followers` / `csv.following` in the config")
        return found[0]

    @staticmethod
    def _read(files: ExportFiles, member: str, handle_column: str, date_column: str | None,
              collector: Collector) -> None:
        label = files.label(member)
        rows = read_rows(files, member)
        if not rows:
            raise InputError(label, f"is empty: expected a header row with a {handle_column!r} column", _CONFIG_HINT)
        header, index = rows[0], header_index(rows[0])
        positions = {}
        for role, column in (("handle", handle_column), ("date", date_column)):
            if column is None:
                continue
            if column.strip().casefold() not in index:
                raise InputError(label, f"no column {column!r}{did_you_mean(column, header)}; columns found: "
                                 f"{columns_text(header)}", _CONFIG_HINT)
            positions[role] = index[column.strip().casefold()]
        for row in rows[1:]:
            collector.add(cell(row, positions["handle"]), parse_date(cell(row, positions.get("date"))))
