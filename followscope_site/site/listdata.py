"""The two encoders of a list (site/lists.py): report.json rows, and the browser's data files.

Both read the list's columns a slice at a time (a part of report.json, a data file), so a million-row list
never exists as a million row objects at once. docs/site-data.md describes the data files; docs/report.md
the rows and parts of report.json.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat

import msgspec
from msgspec import UNSET, UnsetType

from followscope_site.site.lists import HANDLES, LOST, PLATFORM, SiteList


class ReportRow(msgspec.Struct, gc=False):
    """One row of a list in report.json, keys in the SPEC's order. UNSET keys are left out (a name only when
    the export has one, `at` only on a platform list's own rows); None is written as null."""

    handle: str
    name: str | UnsetType = UNSET
    url: str | UnsetType | None = UNSET
    followed_at: str | UnsetType | None = UNSET
    follows_you_since: str | UnsetType | None = UNSET
    at: str | UnsetType | None = UNSET
    tags: list[str] | UnsetType = UNSET
    note: str | UnsetType = UNSET
    reason: str | UnsetType = UNSET
    certainty: str | UnsetType = UNSET
    detail: str | UnsetType = UNSET


_DAY = 86_400


class _Dates(dict[int, str]):
    """Day number -> "YYYY-MM-DD", made on first use: a million rows share a few thousand days."""

    def __missing__(self, day: int) -> str:
        text = self[day] = datetime.fromtimestamp(day * _DAY, tz=UTC).strftime("%Y-%m-%d")
        return text


_DATES = _Dates()
_CLOCK = [f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]


def iso_times(times: Sequence[int | None]) -> list[str | None]:
    """`2025-11-02T01:55:00Z` for each time (None stays None): a day table and a time-of-day table, since
    strftime per row would dominate a million rows."""
    dates, clock = _DATES, _CLOCK
    return [None if t is None else dates[t // _DAY] + clock[t % _DAY] for t in times]


def iso_time(time: int | None) -> str | None:
    return iso_times([time])[0]


class _Slicer:
    """A sparse column (row -> value, in row order) cut into consecutive slices, front to back, in one pass."""

    def __init__(self, sparse: dict[int, object]) -> None:  # type: ignore[type-arg]
        self._items = iter(sparse.items())
        self._next = next(self._items, None)

    def take(self, start: int, stop: int) -> dict[int, object]:  # type: ignore[type-arg]
        """The values of rows start..stop-1, keyed by their index relative to start."""
        found: dict[int, object] = {}
        while self._next is not None and self._next[0] < stop:
            index, value = self._next
            if index >= start:
                found[index - start] = value
            self._next = next(self._items, None)
        return found

    def dense(self, start: int, stop: int, empty: object) -> list[object]:
        column = [empty] * (stop - start)
        for index, value in self.take(start, stop).items():
            column[index] = value
        return column


def _handles(lst: SiteList, start: int, stop: int) -> tuple[list[str], str]:
    """(copies of the rows' handles, the handles joined by line breaks). The copies are made one after
    another in memory: the analysis made the handles in export order, so in handle order each is a cache
    miss, and an encoder reads each one several times (its URL, its row, the JSON)."""
    handles = lst.handles[start:stop]
    joined = "\n".join(handles)
    if handles and joined.count("\n") == len(handles) - 1:
        handles = joined.split("\n")
    return handles, joined


# -- report.json ------------------------------------------------------------------------------------


def report_parts(lst: SiteList, rows_per_part: int) -> Iterator[list[ReportRow]]:
    """The list's report.json rows, rows_per_part at a time (one part when the list is shorter)."""
    names, tags, notes, details = (_Slicer(c) for c in (lst.names, lst.tags, lst.notes, lst.details))
    relation = _Slicer(dict.fromkeys(lst.relation or ()))
    for start in range(0, max(len(lst), 1), rows_per_part):
        stop = min(start + rows_per_part, len(lst))
        handles, joined = _handles(lst, start, stop)
        if lst.kind == HANDLES:
            yield list(map(ReportRow, handles))
            continue
        if lst.kind == LOST:
            none = repeat(UNSET)
            yield list(map(ReportRow, handles, none, none, none, none, none, none, none,
                           lst.reasons[start:stop], lst.certainties[start:stop],  # type: ignore[index]
                           details.dense(start, stop, UNSET)))
            continue
        prefix = lst.url_prefix
        url = list(map(prefix.__add__, handles)) if prefix is not None else [None] * (stop - start)
        for index, value in lst.urls(start, stop, handles, joined).items():
            url[index] = value
        followed = iso_times(lst.times("followed_at", start, stop))
        follows = iso_times(lst.times("follows_you_since", start, stop))
        at: list[object] = [UNSET] * (stop - start)
        if lst.kind == PLATFORM:  # a row is a relation (its two dates) or the platform's own entry (`at`)
            at = list(iso_times(lst.times("at", start, stop)))
            related = relation.take(start, stop)
            for index in range(stop - start):
                if index in related:
                    at[index] = UNSET
                else:
                    followed[index] = follows[index] = UNSET  # type: ignore[call-overload]
        yield list(map(ReportRow, handles, names.dense(start, stop, UNSET), url, followed, follows, at,
                       tags.dense(start, stop, UNSET), notes.dense(start, stop, UNSET)))


# -- the browser's data files -----------------------------------------------------------------------

DATA_PREFIX = b"(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push("


def data_file_names(lst: SiteList, rows_per_file: int) -> list[str]:
    """The data files of a list, relative to its folder: data-1.js, data-2.js, …"""
    return [f"data-{n}.js" for n in range(1, -(-len(lst) // rows_per_file) + 1)]


def data_files(lst: SiteList, rows_per_file: int) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each data file: a classic script that pushes one chunk of columns onto
    window.FOLLOWSCOPE_DATA (file:// forbids fetch(), but allows <script src>). docs/site-data.md."""
    sparse = {"name": lst.names, "tags": lst.tags, "note": lst.notes, "detail": lst.details}
    slicers = {key: _Slicer(column) for key, column in sparse.items() if column}
    flags = {"relation": lst.relation, "allowlisted": lst.allowlisted, "deactivated": lst.deactivated}
    flag_slicers = {key: _Slicer(dict.fromkeys(rows)) for key, rows in flags.items() if rows}
    dense = {"followed_at": lst.followed_at, "follows_you_since": lst.follows_you_since, "at": lst.at,
             "reason": lst.reasons, "certainty": lst.certainties}
    for name, start in zip(data_file_names(lst, rows_per_file), range(0, len(lst), rows_per_file), strict=True):
        stop = min(start + rows_per_file, len(lst))
        handles, joined = _handles(lst, start, stop)
        # one string, split by list.js; an array when a handle holds a line break (no importer lets one through)
        chunk: dict[str, object] = {"start": start, "count": stop - start,
                                    "handle": joined if joined.count("\n") == len(handles) - 1 else handles}
        urls = lst.urls(start, stop, handles, joined)
        if urls:
            chunk["url"] = urls
        for key, column in dense.items():
            if isinstance(column, array):  # lists.py keeps a time column as an array when none is unknown
                chunk[key] = column[start:stop].tolist()
            elif column is not None:
                values = column[start:stop]
                if values.count(None) != len(values):  # a column of nulls is left out
                    chunk[key] = values
        for key, slicer in slicers.items():
            found = slicer.take(start, stop)
            if found:
                chunk[key] = found
        for key, slicer in flag_slicers.items():
            rows = list(slicer.take(start, stop))
            if rows:
                chunk[key] = rows
        yield name, DATA_PREFIX + ascii_json(msgspec.json.encode(chunk)) + b");\n"


_NON_ASCII = re.compile("[^\x00-\x7f]")


def ascii_json(body: bytes) -> bytes:
    """The JSON with every non-ASCII character as a \\uXXXX escape (a surrogate pair beyond the BMP), so a
    data file reads the same whatever encoding a server declares for it."""
    if body.isascii():
        return body
    return _NON_ASCII.sub(_escape, body.decode("utf-8")).encode("ascii")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
