"""The two encoders of a list (site/lists.py): report.json rows, and the browser's data files.

Both read the list a slice at a time (encode_list: a data file and a report.json part cover the same rows),
so a million-row list never exists as a million row objects at once. docs/site-data.md describes the data
files; docs/report.md the rows and parts of report.json.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
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


@cache
def _clock() -> list[str]:
    """"THH:MM:SSZ" for each second of a day, made on first use: a build that renders pages only never needs
    it, and making it is a good part of the start-up of a process."""
    return [f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]


def iso_times(times: Sequence[int | None]) -> list[str | None]:
    """`2025-11-02T01:55:00Z` for each time (None stays None): a day table and a time-of-day table, since
    strftime per row would dominate a million rows."""
    dates, clock = _DATES, _clock()
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


DATA_PREFIX = b"(window.FOLLOWSCOPE_DATA=window.FOLLOWSCOPE_DATA||[]).push("


@dataclass(slots=True)
class Piece:
    """One slice of a list, encoded both ways: its data file for the browser and its report.json rows."""

    number: int  # from 1
    name: str  # the data file's name in the list's folder: data-1.js, data-2.js, …
    script: bytes
    rows: list[ReportRow]


@dataclass(slots=True)
class _Slice:
    start: int
    stop: int
    handles: list[str]  # copies, made one after another in memory (see _handles)
    joined: str  # the handles joined by line breaks
    urls: dict[int, str | None]  # SiteList.urls of the slice
    sparse: dict[str, dict[int, object]]  # name, tags, note, detail (words, codes), the flags' rows, from start


def data_file_names(lst: SiteList, rows_per_piece: int) -> list[str]:
    """The data files of a list, relative to its folder: data-1.js, data-2.js, …"""
    return [f"data-{n}.js" for n in range(1, -(-len(lst) // rows_per_piece) + 1)]


def encode_list(lst: SiteList, rows_per_piece: int) -> Iterator[Piece]:
    """The list, rows_per_piece rows at a time: each slice's handles are copied once and read by both
    encoders. An empty list has no piece (report.json shows it as [])."""
    sparse = {"name": lst.names, "tags": lst.tags, "note": lst.notes, "detail": lst.details,
              "detail_code": lst.detail_codes,
              "relation": dict.fromkeys(lst.relation or ()), "allowlisted": dict.fromkeys(lst.allowlisted),
              "deactivated": dict.fromkeys(lst.deactivated)}
    slicers = {key: _Slicer(column) for key, column in sparse.items()}
    for number, start in enumerate(range(0, len(lst), rows_per_piece), 1):
        stop = min(start + rows_per_piece, len(lst))
        handles, joined = _handles(lst, start, stop)
        part = _Slice(start, stop, handles, joined, lst.urls(start, stop, handles, joined),
                      {key: slicer.take(start, stop) for key, slicer in slicers.items()})
        yield Piece(number, f"data-{number}.js", _script(lst, part), _rows(lst, part))


def _handles(lst: SiteList, start: int, stop: int) -> tuple[list[str], str]:
    """(copies of the rows' handles, the handles joined by line breaks). The analysis made the handles in
    export order, so read in handle order each one is a cache miss; the encoders read each one several
    times (its URL, its row, the JSON), so one pass copies them into memory order first."""
    handles = lst.handles[start:stop]
    joined = "\n".join(handles)
    if handles and joined.count("\n") == len(handles) - 1:
        handles = joined.split("\n")
    return handles, joined


# -- report.json ------------------------------------------------------------------------------------


def _rows(lst: SiteList, part: _Slice) -> list[ReportRow]:
    """The slice's rows as report.json has them (docs/report.md)."""
    start, stop, count = part.start, part.stop, part.stop - part.start

    def dense(key: str) -> list[object]:
        column: list[object] = [UNSET] * count
        for index, value in part.sparse[key].items():
            column[index] = value
        return column

    if lst.kind == HANDLES:
        return list(map(ReportRow, part.handles))
    if lst.kind == LOST:
        none = repeat(UNSET)
        return list(map(ReportRow, part.handles, none, none, none, none, none, none, none,
                        lst.reasons[start:stop], lst.certainties[start:stop], dense("detail")))  # type: ignore[index]
    prefix = lst.url_prefix
    url = list(map(prefix.__add__, part.handles)) if prefix is not None else [None] * count
    for index, value in part.urls.items():
        url[index] = value

    def iso(key: str) -> list[object]:
        column = getattr(lst, key)
        return [None] * count if column is None else iso_times(column[start:stop])  # type: ignore[return-value]

    followed, follows = iso("followed_at"), iso("follows_you_since")
    at: list[object] = [UNSET] * count
    if lst.kind == PLATFORM:  # a row is a relation (its two dates) or the platform's own entry (`at`)
        at = iso("at")
        related = part.sparse["relation"]
        for index in range(count):
            if index in related:
                at[index] = UNSET
            else:
                followed[index] = follows[index] = UNSET
    return list(map(ReportRow, part.handles, dense("name"), url, followed, follows, at, dense("tags"),
                    dense("note")))


# -- the browser's data files -----------------------------------------------------------------------


def _script(lst: SiteList, part: _Slice) -> bytes:
    """A classic script that pushes the slice's columns onto window.FOLLOWSCOPE_DATA (file:// forbids
    fetch(), but allows <script src>). docs/site-data.md."""
    start, stop, handles = part.start, part.stop, part.handles
    # one string, split by list.js; an array when a handle holds a line break (no importer lets one through)
    chunk: dict[str, object] = {"start": start, "count": stop - start,
                                "handle": part.joined if part.joined.count("\n") == len(handles) - 1 else handles}
    if part.urls:
        chunk["url"] = part.urls
    dense = {"followed_at": lst.followed_at, "follows_you_since": lst.follows_you_since, "at": lst.at,
             "reason": lst.reasons, "certainty": lst.certainties}
    for key, column in dense.items():
        if isinstance(column, array):  # lists.py keeps a time column as an array when none is unknown
            chunk[key] = column[start:stop].tolist()
        elif column is not None:
            values = column[start:stop]
            if values.count(None) != len(values):  # a column of nulls is left out
                chunk[key] = values
    for key in ("name", "tags", "note"):
        if part.sparse[key]:
            chunk[key] = part.sparse[key]
    if part.sparse["detail_code"]:  # shared by every language of the site: codes, not words
        chunk["detail"] = part.sparse["detail_code"]
    for key in ("relation", "allowlisted", "deactivated"):
        if part.sparse[key]:
            chunk[key] = list(part.sparse[key])
    return DATA_PREFIX + ascii_json(msgspec.json.encode(chunk)) + b");\n"


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
