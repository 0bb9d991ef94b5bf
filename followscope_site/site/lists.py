"""Every list the site shows, stored once: a category, a change list, an engagement list or an overlap list,
as columns.

A list is made here once, from the Report, and three things read it: report.json (and its parts), the
browser's data files and the first page of its list page (an engagement list: the last two only, since
report.json keeps it in `engagement` in the analysis's own shape, docs/report.md). Columns are keyed by
report.json's row keys; a row is an index into them, in handle order (the SPEC sorts every list by handle,
and so does the analysis).
Dense columns (times, reasons) hold a value per row; sparse ones (names, tags, notes, URLs that are not
`url_prefix + handle`) map a row index to its value, since most rows have none.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from followscope_site.analysis.report import AccountReport, Change, LostAccount, Overlap, Report
from followscope_site.model import DELETED_PREFIX, AccountList, Entry
from followscope_site.site.details import detail_code
from followscope_site.site.links import profile_prefix, profile_url

# What a list's rows say, which decides its report.json keys, its CSV columns and the columns on its page.
RELATION = "relation"  # mutuals, fans, not following back…: followed_at and follows_you_since
PLATFORM = "platform"  # the platform's own lists (pending requests, close friends…): `at`, or the relation dates
HANDLES = "handles"  # gained followers, overlaps…: the handle alone
LOST = "lost"  # lost followers, dropped following: the handle with a reason and a certainty
KINDS = (RELATION, PLATFORM, HANDLES, LOST)

RELATION_CATEGORIES = ("mutuals", "fans", "not_following_back", "allowlisted", "deactivated")
# The lists of a change that hold accounts (possible_renames holds pairs and stays on the history page).
CHANGE_LISTS = ("gained_followers", "lost_followers", "new_following", "dropped_following", "became_mutual",
                "became_one_sided")
# The engagement lists (analysis/engagement.py) that hold accounts: each gets a page like a category's.
SIGNAL_LISTS = ("mutuals_never_interact", "one_sided_high_interaction", "followers_who_message_you")
OVERLAP_LISTS = ("followers_both", "followers_only_left", "followers_only_right", "following_both",
                 "following_only_left", "following_only_right")

# The columns of a download, per kind: a category keeps one layout whatever its rows hold.
CSV_COLUMNS = {
    RELATION: ("handle", "name", "url", "followed_at", "follows_you_since", "at", "tags", "note"),
    PLATFORM: ("handle", "name", "url", "followed_at", "follows_you_since", "at", "tags", "note"),
    HANDLES: ("handle", "url"),
    LOST: ("handle", "url", "reason", "certainty", "detail"),
}

Times = Sequence[int | None]


@dataclass(slots=True)
class SiteList:
    """One list of accounts as columns (see the module docstring), and where the site keeps it."""

    key: str  # its name in report.json: "fans", "lost_followers", "followers_only_left"
    kind: str  # one of KINDS
    folder: str  # the site folder of its page, data files and report.json parts
    stem: str  # download file name without suffix: instagram-alice-fans-2025-12-10
    handles: list[str]
    platform: str
    identifier: str
    url_prefix: str | None  # a row's profile URL is url_prefix + handle, unless urls() says otherwise
    names: dict[int, str] = field(default_factory=dict)
    # Times of RELATION and PLATFORM lists (`at`: PLATFORM only); None when no row has one.
    followed_at: Times | None = None
    follows_you_since: Times | None = None
    at: Times | None = None
    relation: list[int] | None = None  # PLATFORM: rows also in following or followers (they carry those dates)
    tags: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    allowlisted: list[int] = field(default_factory=list)
    deactivated: list[int] = field(default_factory=list)
    reasons: list[str] | None = None  # LOST
    certainties: list[str] | None = None
    details: dict[int, str] = field(default_factory=dict)  # English, as report.json has them
    # the same details as codes (site/details.py), as the data files and the pages have them
    detail_codes: dict[int, str] = field(default_factory=dict)
    in_report: bool = True  # its rows are report.json's value for it (False: report.json has it otherwise)

    def __len__(self) -> int:
        return len(self.handles)

    def url(self, index: int) -> str | None:
        exceptions = self.urls(index, index + 1)
        if exceptions:
            return exceptions[0]
        return None if self.url_prefix is None else self.url_prefix + self.handles[index]

    def urls(self, start: int, stop: int, handles: list[str] | None = None, joined: str | None = None
             ) -> dict[int, str | None]:
        """The rows start..stop-1 whose profile URL is not url_prefix + handle (None: no profile), keyed by
        their index from start. `handles` and `joined` ("\\n".join(handles)): those rows' handles, when the
        caller has them already. URLs come from links.profile_url, never from an export."""
        handles = self.handles[start:stop] if handles is None else handles
        found: dict[int, str | None] = {}
        deleted = {i - start for i in range(max(start, self.deactivated[0]), min(stop, self.deactivated[-1] + 1))
                   } if self.deactivated else set()
        if self.url_prefix is None:  # no address (pseudonyms, display names) or one of its own (Mastodon)
            for i, handle in enumerate(handles):
                url = None if i in deleted else profile_url(self.platform, handle, self.identifier)
                if url is not None:
                    found[i] = url
            return found
        found.update(dict.fromkeys(sorted(deleted)))  # a placeholder names nobody: no profile
        if not _plain_lines("\n".join(handles) if joined is None else joined):  # row by row only then
            for i, handle in enumerate(handles):
                if i not in found and _PLAIN(handle) is None:
                    url = profile_url(self.platform, handle, self.identifier)
                    if url != self.url_prefix + handle:
                        found[i] = url
            found = dict(sorted(found.items()))
        return found

    def times(self, key: str, start: int, stop: int) -> Times:
        """Rows start..stop-1 of a time column (None for each when the column is None)."""
        column = getattr(self, key)
        return [None] * (min(stop, len(self)) - start) if column is None else column[start:stop]


# -- folders and names --------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A piece of an id or path: lower case letters, digits, '.', '_' and '-'."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.casefold()).strip("-.") or "account"


def account_dirs(report: Report) -> dict[str, str]:
    """Account id -> `accounts/<platform>-<handle-slug>`, unique even when two slugs collide."""
    seen: set[str] = set()
    result: dict[str, str] = {}
    for account in report.accounts:
        base = f"{account.platform}-{slug(account.handle)}"
        name, n = base, 2
        while name in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name)
        result[account.id] = f"accounts/{name}"
    return result


def change_folder(account_dir: str, change: Change) -> str:
    return f"{account_dir}/changes/{change.from_date}_{change.to_date}"


def signal_folder(account_dir: str, key: str) -> str:
    return f"{account_dir}/engagement/{key}"


def signal_handles(account: AccountReport) -> dict[str, list[str]]:
    """The engagement lists that hold someone, key -> handles (sorted): the ones that get a page."""
    engagement = account.extra.get("engagement")
    found: dict[str, list[str]] = {}
    for key in SIGNAL_LISTS:
        values = getattr(engagement, key, None) or []
        if values:  # plain handles, or (handle, count) pairs, most first
            found[key] = sorted(v if isinstance(v, str) else v[0] for v in values)
    return found


def overlap_folder(dirs: dict[str, str], overlap: Overlap) -> str:
    left, right = (dirs.get(i, slug(i)).rsplit("/", 1)[-1] for i in (overlap.left, overlap.right))
    return f"overlap/{left}_{right}"


# -- the lists of a report ----------------------------------------------------------------------------


def site_lists(report: Report) -> list[SiteList]:
    """Every list of the site, account by account (categories, each change's lists, the engagement lists),
    then overlaps.

    Change, engagement and overlap lists are made only when they hold someone: an empty one has no page.
    """
    dirs = account_dirs(report)
    found: list[SiteList] = []
    for account in report.accounts:
        folder, name = dirs[account.id], dirs[account.id].rsplit("/", 1)[-1]
        date = account.latest.date
        in_order = InOrder()
        for key in account.categories:
            found.append(category_list(account, key, f"{folder}/{key}", f"{name}-{key}-{date}", in_order))
        for change in account.changes:
            where = change_folder(folder, change)
            for key in CHANGE_LISTS:
                values = getattr(change, key)
                if values:
                    found.append(change_list(account, key, values, f"{where}/{key}",
                                             f"{name}-{key}-{change.from_date}-{change.to_date}"))
        for key, handles in signal_handles(account).items():
            found.append(signal_list(account, key, handles, signal_folder(folder, key), f"{name}-{key}-{date}",
                                     in_order))
    accounts = {a.id: a for a in report.accounts}
    for overlap in report.overlaps:
        where = overlap_folder(dirs, overlap)
        date = max((accounts[i].latest.date for i in (overlap.left, overlap.right) if i in accounts), default="")
        for key in OVERLAP_LISTS:
            handles = getattr(overlap, key)
            owner = accounts.get(overlap.right if key.endswith("_right") else overlap.left)
            if handles and owner is not None:
                found.append(_handles_list(owner, key, HANDLES, handles, f"{where}/{key}",
                                           f"{where.rsplit('/', 1)[-1]}-{key}-{date}"))
    return found


def category_list(account: AccountReport, key: str, folder: str, stem: str, in_order: InOrder | None = None
                  ) -> SiteList:
    """One category of the newest snapshot, with what the export and the config say about each account.

    A relation row takes its name and dates from `following` and `followers`; any other row (a platform
    list's account you neither follow nor are followed by) from the platform's own list. `in_order`: the
    export-order columns already read for the account's other categories.
    """
    in_order = in_order or InOrder()
    kind = RELATION if key in RELATION_CATEGORIES else PLATFORM
    lst = _handles_list(account, key, kind, account.categories[key], folder, stem)
    _relation_columns(lst, account, account.positions.get(key), in_order)
    if kind == PLATFORM:
        snapshot = account.latest
        following, followers = snapshot.lists.get("following") or {}, snapshot.lists.get("followers") or {}
        handles = lst.handles
        own = snapshot.lists.get(key) or {}
        lst.at = _times(own, handles, None, in_order)
        lst.relation = [i for i, h in enumerate(handles) if h in following or h in followers]
        relation = set(lst.relation)
        names = _names(_attribute(own, handles, None, _NAME, in_order))
        lst.names = dict(sorted({**{i: n for i, n in names.items() if i not in relation}, **lst.names}.items()))
    return lst


def signal_list(account: AccountReport, key: str, handles: list[str], folder: str, stem: str,
                in_order: InOrder | None = None) -> SiteList:
    """An engagement list (handles sorted): accounts you follow or who follow you, so a relation row with
    the dates, names and config tags of a category row. report.json keeps the analysis's own shape of it."""
    lst = _handles_list(account, key, RELATION, handles, folder, stem)
    _relation_columns(lst, account, None, in_order or InOrder())
    lst.in_report = False
    return lst


def _relation_columns(lst: SiteList, account: AccountReport, positions: Sequence[int] | None,
                      in_order: InOrder) -> None:
    """The dates and names `following` and `followers` give the list's rows, and the config's tags, notes
    and allow-list. positions: where each row sits in the followers (AccountReport.positions), if known."""
    snapshot, handles = account.latest, lst.handles
    following, followers = snapshot.lists.get("following") or {}, snapshot.lists.get("followers") or {}
    lst.followed_at = _times(following, handles, None, in_order)
    lst.follows_you_since = _times(followers, handles, positions, in_order)
    lst.names = _names(_attribute(following, handles, None, _NAME, in_order),
                       _attribute(followers, handles, positions, _NAME, in_order))
    lst.tags = _sparse(handles, account.tags)
    lst.notes = _sparse(handles, account.notes)
    lst.allowlisted = sorted(_sparse(handles, dict.fromkeys(account.categories.get("allowlisted", ()), True)))


def change_list(account: AccountReport, key: str, values: list[str] | list[LostAccount], folder: str,
                stem: str) -> SiteList:
    """One list of a change: handles, or lost accounts with the reason and certainty of each."""
    if values and isinstance(values[0], LostAccount):
        lost: list[LostAccount] = values  # type: ignore[assignment]
        lst = _handles_list(account, key, LOST, [x.handle for x in lost], folder, stem)
        lst.reasons = [x.reason for x in lost]
        lst.certainties = [x.certainty for x in lost]
        lst.details = {i: x.detail for i, x in enumerate(lost) if x.detail}
        lst.detail_codes = {i: code for i, x in enumerate(lost) if x.detail and (code := detail_code(x))}
        return lst
    return _handles_list(account, key, HANDLES, values, folder, stem)  # type: ignore[arg-type]


def _handles_list(account: AccountReport, key: str, kind: str, handles: list[str], folder: str, stem: str
                  ) -> SiteList:
    """The list with its handles and deleted placeholders; the caller adds the rest."""
    lst = SiteList(key=key, kind=kind, folder=folder, stem=stem, handles=handles, platform=account.platform,
                   identifier=account.identifier, url_prefix=profile_prefix(account.platform, account.identifier))
    start = bisect_left(handles, DELETED_PREFIX)  # sorted: the placeholders sit side by side
    end = start
    while end < len(handles) and handles[end].startswith(DELETED_PREFIX):
        end += 1
    lst.deactivated = list(range(start, end))
    return lst


# Handles that every profile URL template keeps as they are (links.SAFE_HANDLE), one per line.
_PLAIN = re.compile(r"[A-Za-z0-9._-]+").fullmatch
_PLAIN_CHARS = re.compile(r"[A-Za-z0-9._\n-]*").fullmatch


def _plain_lines(joined: str) -> bool:
    """Whether every line of `joined` is a non-empty plain handle. One character class over the whole text:
    a repeated group would keep a backtracking frame per line (100 MB for a million handles)."""
    return (_PLAIN_CHARS(joined) is not None and "\n\n" not in joined and joined[:1] not in ("\n", "")
            and joined[-1:] != "\n")


_TIME = attrgetter("timestamp")
_NAME = attrgetter("name")


class InOrder:
    """A list's timestamps or names in export order, the order its entries were made in memory, read once
    for every category that picks from them by position (mutuals and fans both pick from the followers)."""

    def __init__(self) -> None:
        self._columns: dict[tuple[int, str], Sequence[object] | None] = {}

    def times(self, source: AccountList) -> array[int] | None:
        """The timestamps as one compact block, or None when an entry has none."""
        key = (id(source), "times")
        if key not in self._columns:
            try:
                self._columns[key] = array("q", map(_TIME, source.values()))
            except TypeError:  # an entry without a time
                self._columns[key] = None
        return self._columns[key]  # type: ignore[return-value]

    def values(self, source: AccountList, get: Callable[[Entry], object]) -> list[object]:
        key = (id(source), repr(get))
        if key not in self._columns:
            self._columns[key] = list(map(get, source.values()))
        return self._columns[key]  # type: ignore[return-value]


def _attribute(source: AccountList, handles: list[str], positions: Sequence[int] | None,
               get: Callable[[Entry], object], in_order: InOrder) -> list[object] | None:
    """get(entry) of each handle's entry in `source`, None where there is none; None when no row has one.

    positions (AccountReport.positions): where each handle sits in `source`, when the analysis knows. The
    values are then read in export order, the order the entries were made in memory, and picked by
    position: a million lookups by handle in sorted order would be a cache miss each.
    """
    if positions is not None and len(positions) == len(handles) and source:
        values = in_order.values(source, get)
        if values.count(None) == len(values):
            return None
        return list(map(values.__getitem__, positions))
    if len(source) * 16 < len(handles):  # a few entries for many rows (following, for a million fans)
        found = {}
        for handle, entry in source.items():
            at = bisect_left(handles, handle)
            if at < len(handles) and handles[at] == handle and (value := get(entry)) is not None:
                found[at] = value
        if not found:
            return None
        column: list[object] = [None] * len(handles)
        for at, value in found.items():
            column[at] = value
        return column
    column = [None if e is None else get(e) for e in map(source.get, handles)]
    return None if column.count(None) == len(column) else column


def _times(source: AccountList, handles: list[str], positions: Sequence[int] | None, in_order: InOrder
           ) -> Times | None:
    """Each handle's timestamp in `source` (None where absent or unknown; None when no row has one): an
    array('q') when every one is known, so every later pass reads one compact block, in order."""
    if positions is not None and len(positions) == len(handles) and source:
        times = in_order.times(source)
        if times is None:
            return _attribute(source, handles, positions, _TIME, in_order)  # type: ignore[return-value]
        return array("q", map(times.__getitem__, positions))
    found = _attribute(source, handles, None, _TIME, in_order)
    return found if found is None or None in found else array("q", found)  # type: ignore[arg-type,return-value]


def _names(*columns: list[object] | None) -> dict[int, str]:
    """Row -> display name (in row order), from the first column that has one for the row."""
    names: dict[int, str] = {}
    for column in columns:
        if column is not None and any(column):  # most exports name nobody
            names.update((i, n) for i, n in enumerate(column) if n and i not in names)  # type: ignore[misc]
    return dict(sorted(names.items())) if len(columns) > 1 else names


def _sparse(handles: list[str], values: dict[str, object]) -> dict[int, object]:  # type: ignore[type-arg]
    """Row -> value for the handles in `values` (config tags, notes: a few among many rows)."""
    found: dict[int, object] = {}
    for handle, value in values.items():
        at = bisect_left(handles, handle)
        if at < len(handles) and handles[at] == handle:
            found[at] = value
    return dict(sorted(found.items()))
