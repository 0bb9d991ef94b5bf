"""The rows of each category, computed once and shared by the pages, the downloads and report.json."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from operator import attrgetter

import msgspec

from followscope_site.analysis.report import AccountReport
from followscope_site.model import DELETED_PREFIX, AccountList, Entry
from followscope_site.site.links import SAFE_HANDLE, profile_prefix, profile_url


class Row(msgspec.Struct, gc=False):
    """One account in one category, with what the export and the config say about it.

    A msgspec Struct: created in C, so a million of them cost a third of a slots dataclass's.
    """

    handle: str
    name: str | None
    url: str | None  # from links.profile_url, never from an export
    relation: bool  # True: followed_at / follows_you_since apply; False: `at` (a platform list's date)
    followed_at: int | None
    follows_you_since: int | None
    at: int | None
    tags: list[str] | None
    note: str | None
    allowlisted: bool
    deactivated: bool
    # True when handle and url need no escaping anywhere (HTML, JSON, CSV): the handle is of
    # [A-Za-z0-9._-] and the url is None or a plain profile prefix + handle. Saves a regex per row per file.
    plain: bool = False


def build_rows(account: AccountReport, key: str) -> list[Row]:
    """Rows of one category in handle order (the order of account.categories)."""
    following = account.latest.lists.get("following") or {}
    followers = account.latest.lists.get("followers") or {}
    source = account.latest.lists.get(key) or {}
    allowed = set(account.categories.get("allowlisted", ()))
    platform, identifier = account.platform, account.identifier
    prefix = profile_prefix(platform, identifier)
    tags, notes = account.tags, account.notes
    rows: list[Row] = []
    append = rows.append
    handles = account.categories[key]
    if not source and not tags and not notes and not allowed and prefix is not None:
        _plain_rows(handles, following, followers, prefix, platform, identifier, append)
        return rows
    # A million rows: positional Row(...) and the prefix fast path keep this at a few µs per row.
    for handle in handles:
        followed = following.get(handle)
        follows_you = followers.get(handle)
        own = source.get(handle)
        deactivated = handle.startswith(DELETED_PREFIX)
        if deactivated:
            url = None
        elif prefix is not None and SAFE_HANDLE(handle):
            url = prefix + handle
        else:
            url = profile_url(platform, handle, identifier)
        if followed is not None or follows_you is not None:
            name = (followed and followed.name) or (follows_you and follows_you.name) or None
            at = own.timestamp if own is not None else (followed or follows_you).timestamp  # type: ignore[union-attr]
            append(Row(handle, name, url, True, followed.timestamp if followed is not None else None,
                       follows_you.timestamp if follows_you is not None else None, at, tags.get(handle),
                       notes.get(handle), handle in allowed, deactivated))
        else:
            append(Row(handle, own.name or None if own is not None else None, url, False, None, None,
                       own.timestamp if own is not None else None, tags.get(handle), notes.get(handle),
                       handle in allowed, deactivated))
    return rows


def _plain_rows(handles: list[str], following: AccountList, followers: AccountList, prefix: str, platform: str,
                identifier: str, append: Callable[[Row], None]) -> None:
    """build_rows when no tags, notes, allow-list or platform list apply (a million fans): same Rows, less work."""
    deleted = DELETED_PREFIX
    safe = SAFE_HANDLE
    plain_prefix = PLAIN_TEXT(prefix) is not None
    followed_get, follows_get = following.get, followers.get
    for handle in handles:
        followed = followed_get(handle)
        follows_you = follows_get(handle)
        plain = safe(handle) is not None
        if handle.startswith(deleted):
            url, deactivated = None, True
        else:
            url = prefix + handle if plain else profile_url(platform, handle, identifier)
            deactivated = False
            plain = plain and plain_prefix
        if follows_you is not None:
            if followed is None:
                append(Row(handle, follows_you.name or None, url, True, None, follows_you.timestamp,
                           follows_you.timestamp, None, None, False, deactivated, plain))
            else:
                append(Row(handle, followed.name or follows_you.name or None, url, True, followed.timestamp,
                           follows_you.timestamp, followed.timestamp, None, None, False, deactivated, plain))
        elif followed is not None:
            append(Row(handle, followed.name or None, url, True, followed.timestamp, None, followed.timestamp,
                       None, None, False, deactivated, plain))
        else:
            append(Row(handle, None, url, False, None, None, None, None, None, False, deactivated, plain))


class PlainRows:
    """A category of plain rows as columns: what a million Row objects say, at a fraction of the cost.

    Every row is plain (a validated handle not starting with "-", url = prefix + handle, no name, tags,
    note, allow-list or deletion mark) and a relation (followed_at / follows_you_since). listing.py renders
    pages, downloads and search data straight from the columns; anything else iterates Rows, the same
    Rows build_rows gives.
    """

    __slots__ = ("followed", "follows", "handles", "prefix")

    def __init__(self, handles: list[str], followed: Sequence[int | None], follows: Sequence[int | None],
                 prefix: str) -> None:
        self.handles, self.followed, self.follows, self.prefix = handles, followed, follows, prefix

    def __len__(self) -> int:
        return len(self.handles)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return PlainRows(self.handles[index], self.followed[index], self.follows[index], self.prefix)
        return _plain_row(self.prefix, self.handles[index], self.followed[index], self.follows[index])

    def __iter__(self):  # type: ignore[no-untyped-def]
        prefix = self.prefix
        for handle, t, u in zip(self.handles, self.followed, self.follows, strict=True):
            yield _plain_row(prefix, handle, t, u)

    @property
    def at(self) -> list[int | None]:
        """Row.at of each row: followed_at when known, else follows_you_since (as build_rows has it)."""
        return [u if t is None else t for t, u in zip(self.followed, self.follows, strict=True)]


def _plain_row(prefix: str, handle: str, t: int | None, u: int | None) -> Row:
    return Row(handle, None, prefix + handle, True, t, u, u if t is None else t, None, None, False, False, True)


# One regex over all the handles joined by newlines instead of one call per handle.
_PLAIN_HANDLES = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]*(?:\n[A-Za-z0-9._][A-Za-z0-9._-]*)*").fullmatch


_TIME = attrgetter("timestamp")
_NAME = attrgetter("name")


def _timestamps(entries: AccountList | None, handles: list[str], undated: bool = True, absent: bool = False,
                positions: array[int] | None = None
                ) -> tuple[Sequence[int | None] | None, list[Entry | None] | None]:
    """(timestamp of each handle's entry, the entries when some are missing) or (None, None) when an entry
    has a name, or no timestamp and not `undated` (not plain: Row.name, or Row.at would differ).

    absent=True: the caller knows that no handle is in `entries` (fans are never in `following`).
    positions: where each handle sits in `entries` (AccountReport.positions), when the analysis knows.
    When every handle is there with a time (a million fans in `followers`), the column is an array('q'),
    contiguous, so every later read of it is sequential.
    """
    if absent or not entries:
        return [None] * len(handles), [None] * len(handles)
    column: array[int] | None
    try:
        if positions is not None:
            # The times in export order (memory order), then picked by position: no lookup by handle,
            # whose sorted order would cost a cache miss per entry (1M: 0.1 s instead of 1.2 s).
            times = array("q", map(_TIME, entries.values()))
            column = array("q", map(times.__getitem__, positions))
        else:
            column = array("q", map(_TIME, map(entries.__getitem__, handles)))
    except (KeyError, TypeError, OverflowError):  # a handle not in the list, or an entry without a time
        column, found = None, list(map(entries.get, handles))
        if found.count(None) == len(found):
            return [None] * len(found), found
    # All of the list rather than the category's entries: in import order, so memory is read in order
    # (the category is in handle order: a cache miss per entry, twice the time at 1M).
    if any(map(_NAME, entries.values())) or (not undated and None in map(_TIME, entries.values())):
        return None, None
    if column is not None:
        return column, None
    return [None if e is None else e.timestamp for e in found], found if None in found else None


def plain_columns(account: AccountReport, key: str) -> PlainRows | None:
    """The category as PlainRows when every row is plain (see PlainRows), else None (use build_rows)."""
    handles = account.categories[key]
    source = account.latest.lists.get(key)
    if not handles or source or account.tags or account.notes or account.categories.get("allowlisted"):
        return None
    prefix = profile_prefix(account.platform, account.identifier)
    if prefix is None or PLAIN_TEXT(prefix) is None:
        return None
    joined = "\n".join(handles)
    if joined.count("\n") != len(handles) - 1 or _PLAIN_HANDLES(joined) is None or DELETED_PREFIX in joined:
        return None
    # Fans follow you and you don't follow them (analysis.categories): none of them is in `following`.
    followed, followed_missing = _timestamps(account.latest.lists.get("following"), handles, undated=False,
                                             absent=key == "fans")
    positions = account.positions.get(key)
    follows, follows_missing = _timestamps(account.latest.lists.get("followers"), handles,
                                           positions=positions if positions and len(positions) == len(handles)
                                           else None)
    if followed is None or follows is None:
        return None
    if followed_missing and follows_missing and any(
            a is None and b is None for a, b in zip(followed_missing, follows_missing, strict=True)):
        return None  # not a relation row: build_rows gives it `at` alone
    # The handles were made in import order, so in handle order each one is a cache miss, and the pages,
    # downloads and search data read them several times: fresh copies in handle order make those reads
    # sequential (at 1M: 0.06 s to copy, ~0.5 s saved in the reads).
    return PlainRows(joined.split("\n"), followed, follows, prefix)


# Text that needs no escaping in HTML, JSON or CSV (a profile URL prefix is checked once against it).
PLAIN_TEXT = re.compile(r"[A-Za-z0-9._:/-]*").fullmatch


# Downloads of a bigger category are split in parts of this many rows: GitHub refuses files over 100 MiB
# and a 1M-row JSON download is ~150 MB (perf-security-browser.md §1.6).
DOWNLOAD_PART_ROWS = 250_000


def part_count(rows: int) -> int:
    return max(1, (rows + DOWNLOAD_PART_ROWS - 1) // DOWNLOAD_PART_ROWS)


class RowList(list):  # type: ignore[type-arg]  # list[Row]
    """A category's rows when they are kept between builds (watch): slices remember their place, so the
    HTML of each page's rows (listing.rows_html) is rendered once and reused after a template edit."""

    __slots__ = ("html",)

    def __init__(self, rows: list[Row]) -> None:
        super().__init__(rows)
        self.html: dict[tuple[int | None, int | None, bool], str] = {}

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice) and index.step is None:
            return RowSlice(super().__getitem__(index), self.html, (index.start, index.stop))
        return super().__getitem__(index)


class RowSlice(list):  # type: ignore[type-arg]  # list[Row]
    __slots__ = ("html", "place")

    def __init__(self, rows: list[Row], html: dict[tuple[int | None, int | None, bool], str],
                 place: tuple[int | None, int | None]) -> None:
        super().__init__(rows)
        self.html = html
        self.place = place


class CategoryTables:
    """A cache of build_rows for one render pass, so each category is computed once.

    keep=True (watch): rows, their page HTML and the encoded JSON stay for the next build, which reuses
    them when only templates changed (commands.build.BuildMemory).
    """

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self._rows: dict[tuple[str, str], list[Row] | PlainRows] = {}
        # the rows' JSON (report_json.rows_json), one array per download part (report_json.category_json_parts)
        self.encoded: dict[tuple[str, str], list[bytes | memoryview]] = {}
        # (tags, any allow-listed, any deleted) of each category, for its search box (pages.search_setup)
        self.summaries: dict[tuple[str, str], tuple[list[str], bool, bool]] = {}

    def rows(self, account: AccountReport, key: str) -> list[Row] | PlainRows:
        found = self._rows.get((account.id, key))
        if found is None:
            if self.keep:  # watch keeps each page's HTML with the rows (RowList)
                found = RowList(build_rows(account, key))
            else:
                found = plain_columns(account, key) or build_rows(account, key)
            self._rows[(account.id, key)] = found
        return found

    def release_rows(self, account: AccountReport, key: str) -> None:
        """Free a category's rows once its pages and files are written (the encoded JSON stays)."""
        if not self.keep:
            self._rows.pop((account.id, key), None)
