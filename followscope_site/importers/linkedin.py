"""LinkedIn's "Get a copy of your data": `Connections.csv` and `Invitations.csv` (formats.md §8).

Quirks handled here:
- `Connections.csv` opens with a `Notes:` preamble of varying length (or none, in 2018 and in copies a
  spreadsheet re-saved), so we look for the first row starting `First Name`;
- the `URL` column exists since about 2024; without it (or when some rows lack it) people are known only by
  name, and the whole snapshot then uses names so that lists stay comparable;
- `Connected On` is `07 Feb 2026`, `5-Jan-26` in re-saved copies, or `1/8/18, 6:14 PM` in 2018; a copy re-saved
  by a spreadsheet loses the preamble, so the 2018 layout is told by its dates, not by the missing preamble;
- a connection is mutual by nature, so it is both a follower and a followed account;
- `Invitations.csv` `Direction` OUTGOING is a request you sent, INCOMING one you received; it keeps the
  invitations that were accepted, whose people are in `Connections.csv` too: only the others are pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.csvfile import cell, columns_text, did_you_mean, header_index, read_rows
from followscope_site.importers.partial import INSPECT_HINT, Collector, start_snapshot, utc_seconds
from followscope_site.model import Snapshot

DATE_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y",
                "%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ")
CONNECTIONS, INVITATIONS = "connections.csv", "invitations.csv"
DIRECTIONS = {"outgoing": "pending_sent", "incoming": "requests_received"}


@dataclass(slots=True)
class Person:
    """One row: the profile slug when its URL gives one, the name shown, and the date."""

    slug: str | None
    name: str | None
    timestamp: int | None


def profile_slug(url: str | None) -> str | None:
    """`anna-example-1a2b3c` from `https://www.linkedin.com/in/anna-example-1a2b3c/`; None for anything else."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "in":
        return unquote(segments[1]) or None
    return None


def _name_key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name and name.strip() else None


def still_pending(invitations: list[Person], connections: list[Person]) -> list[Person]:
    """The invitations whose other person is not a connection: matched by profile URL where both rows have
    one, else by name (a connection without a URL can only be matched by its name)."""
    slugs = {p.slug for p in connections if p.slug}
    names = {_name_key(p.name) for p in connections if p.name}
    unlinked_names = {_name_key(p.name) for p in connections if p.name and not p.slug}
    pending = []
    for person in invitations:
        if person.slug and person.slug in slugs:
            continue
        if _name_key(person.name) in (unlinked_names if person.slug and slugs else names):
            continue
        pending.append(person)
    return pending


# The 2018 layout writes `Connected On` as `1/8/18, 6:14 PM` (formats.md §8); later ones as `07 Feb 2026`,
# and a spreadsheet re-saves those as `5-Jan-26`.
_2018_DATE = "%m/%d/%y, %I:%M %p"


def _generation(has_url: bool, has_preamble: bool, dates: list[str | None]) -> str:
    """The format suffix: URL column (2024+), else a preamble (2020-23), else the dates tell 2018 from a
    2020-23 copy whose preamble a spreadsheet dropped."""
    if has_url:
        return ""
    if has_preamble:
        return "-2022"
    written = [d for d in dates if d]
    old_style = sum(1 for d in written if utc_seconds(d, (_2018_DATE, "%m/%d/%Y, %I:%M %p")) is not None)
    return "-2018" if not written or old_style * 2 >= len(written) else "-2022"


def _member(files: ExportFiles, base: str) -> str | None:
    return next((n for n in files.names() if PurePosixPath(n).name.lower() == base), None)


def _table(files: ExportFiles, member: str, first_column: str, expected: str
           ) -> tuple[list[list[str]], int, list[str], dict[str, int]]:
    """The rows, the header's position, the header and its column index, past any `Notes:` preamble."""
    rows = read_rows(files, member)
    start = _header_row(rows, first_column.lower())
    if start is None:
        first = columns_text(rows[0]) if rows else "nothing"
        raise InputError(files.label(member), f"no header row starting with '{first_column}' (the first row holds "
                         f"{first}); expected '{expected}'", INSPECT_HINT)
    header = rows[start]
    return rows, start, header, header_index(header)


def _header_row(rows: list[list[str]], first: str) -> int | None:
    for position, row in enumerate(rows):
        if row and row[0].strip().lstrip("\ufeff").casefold() == first:
            return position
    return None


def _required(label: str, header: list[str], index: dict[str, int], name: str) -> int:
    if name.casefold() not in index:
        raise InputError(label, f"no {name!r} column{did_you_mean(name, header)}; columns found: "
                         f"{columns_text(header)}", INSPECT_HINT)
    return index[name.casefold()]


class LinkedInImporter(Importer):
    """LinkedIn connections (mutual) and invitations (sent and received)."""

    platform = "linkedin"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        try:
            member = _member(files, CONNECTIONS)
            if member and any(line.lstrip("\ufeff").startswith("First Name,")
                              for line in files.read_text(member).splitlines()[:12]):
                return True
            member = _member(files, INVITATIONS)
            return bool(member) and files.read_text(member).lstrip("\ufeff").startswith("From,To,")
        except InputError:
            return False

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        connections_member = _member(files, CONNECTIONS)
        invitations_member = _member(files, INVITATIONS)
        snapshot = start_snapshot(files, request, self.platform, "linkedin-csv")
        connections: list[Person] = []
        invitations: dict[str, list[Person]] = {}
        if connections_member:
            connections, snapshot.format = self._connections(files, connections_member)
            snapshot.files_used.append(connections_member)
        if invitations_member:
            invitations = self._invitations(files, invitations_member)
            snapshot.files_used.append(invitations_member)
        if connections_member:
            invitations = {name: still_pending(group, connections) for name, group in invitations.items()}
        people = connections + [p for group in invitations.values() for p in group]
        named = [p for p in people if p.slug or p.name]
        by_slug = bool(named) and all(p.slug for p in named)
        snapshot.identifier = "handle" if by_slug else "name"
        if not by_slug and any(p.slug for p in named):
            snapshot.warnings.append("some rows have no profile URL, so every account is identified by its name "
                                     "(two people with the same name count as one)")
        elif not by_slug and named:
            snapshot.warnings.append("this export has no profile URLs: accounts are identified by their names")
        if connections_member:
            for list_name in ("followers", "following"):  # a connection is mutual by nature
                self._collect(list_name, connections, by_slug).into(snapshot)
        else:
            snapshot.warnings.append("no Connections.csv in this export; pages that need it are left out")
        for list_name in DIRECTIONS.values():
            if invitations_member:
                self._collect(list_name, invitations.get(list_name, []), by_slug).into(snapshot)
        return [snapshot]

    @staticmethod
    def _collect(list_name: str, people: list[Person], by_slug: bool) -> Collector:
        collector = Collector(list_name, names=not by_slug)
        for person in people:
            if by_slug:
                collector.add(person.slug, person.timestamp, person.name)
            else:
                collector.add(" ".join(person.name.split()) if person.name else None, person.timestamp)
        return collector

    @staticmethod
    def _connections(files: ExportFiles, member: str) -> tuple[list[Person], str]:
        label = files.label(member)
        rows, start, header, index = _table(files, member, "First Name", "First Name,Last Name,…,Connected On")
        first_name = _required(label, header, index, "First Name")
        last_name = _required(label, header, index, "Last Name")
        connected = _required(label, header, index, "Connected On")
        url = index.get("url")
        people = []
        for row in rows[start + 1:]:
            name = " ".join(part for part in (cell(row, first_name), cell(row, last_name)) if part) or None
            people.append(Person(profile_slug(cell(row, url)), name, utc_seconds(cell(row, connected), DATE_FORMATS)))
        dates = [cell(row, connected) for row in rows[start + 1:]]
        return people, f"linkedin-csv{_generation(url is not None, start > 0, dates)}"

    @staticmethod
    def _invitations(files: ExportFiles, member: str) -> dict[str, list[Person]]:
        label = files.label(member)
        rows, start, header, index = _table(files, member, "From", "From,To,Sent At,Message,Direction")
        columns = {key: _required(label, header, index, key) for key in ("From", "To", "Sent At", "Direction")}
        found: dict[str, list[Person]] = {}
        for row in rows[start + 1:]:
            direction = (cell(row, columns["Direction"]) or "").casefold()
            list_name = DIRECTIONS.get(direction)
            if list_name is None:
                raise InputError(label, f"'Direction' is {direction[:20]!r}; expected 'OUTGOING' or 'INCOMING'",
                                 INSPECT_HINT)
            outgoing = direction == "outgoing"
            other, url_column = ("To", "inviteeprofileurl") if outgoing else ("From", "inviterprofileurl")
            found.setdefault(list_name, []).append(Person(
                profile_slug(cell(row, index.get(url_column))), cell(row, columns[other]),
                utc_seconds(cell(row, columns["Sent At"]), DATE_FORMATS)))
        return found
