"""CSV as platforms write it and as spreadsheets re-save it: BOM, CRLF, blank rows, RFC-4180 quoting."""

from __future__ import annotations

import csv
import difflib
import io

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles


def read_rows(files: ExportFiles, name: str) -> list[list[str]]:
    """Every non-blank row of a CSV member, cells as written (a BOM is dropped by read_text)."""
    text = files.read_text(name)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        return [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise InputError(files.label(name), f"is not readable as CSV ({exc})",
                         "download the export again; the file may be cut off or edited") from None


def header_index(header: list[str]) -> dict[str, int]:
    """Column name (trimmed, case-folded) -> position; the first of two equal names wins."""
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        index.setdefault(cell.strip().casefold(), position)
    return index


def cell(row: list[str], position: int | None) -> str | None:
    """The trimmed cell at `position`, or None when the row is short or the column absent."""
    if position is None or position >= len(row):
        return None
    value = row[position].strip()
    return value or None


def did_you_mean(wanted: str, found: list[str]) -> str:
    """` (did you mean 'x'?)` when a found column name is close to the wanted one, else ''.

    Only the first 100 columns, each cut to 100 characters: difflib's work grows with the product of the
    lengths, and a crafted header row can be megabytes long.
    """
    close = difflib.get_close_matches(wanted, [f.strip()[:100] for f in found[:100]], n=1, cutoff=0.6)
    return f" (did you mean {excerpt(close[0])}?)" if close else ""


def columns_text(header: list[str]) -> str:
    """The columns found, short enough for one line."""
    shown = ", ".join(excerpt(c.strip()) for c in header[:12])
    return shown + (", …" if len(header) > 12 else "") if shown else "none"
