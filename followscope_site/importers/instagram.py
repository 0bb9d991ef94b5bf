"""Instagram's "Download your information" export: JSON in every generation (formats.md §1).

Quirks handled here, each documented with evidence in formats.md:
- followers come in parts of 10,000 (`followers_1.json`, `followers_2.json`, …) as a bare list (§1.1–1.2);
- `following.json` has two generations: the username in `string_list_data[0].value` (A) or in `title` with
  `/_u/` hrefs (B), and one zip can mix them (§1.3);
- the folder moved from the root (≤2020 `connections.json`) to `followers_and_following/` (2021–23) to
  `connections/followers_and_following/` (2024–), and users re-zip with a top folder of their own (§1.1);
- Threads keeps files of the same names under `…/threads/`: never read those as Instagram's (§1.8).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar

import msgspec

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.collect import Collector
from followscope_site.importers.dating import date_from_export_name, settle_export_date
from followscope_site.importers.jsonfile import collector_paused, json_bytes, load_json
from followscope_site.importers.meta import (
    HANDLE_RE,
    NAME_LABELS,
    URL_LABELS,
    USERNAME_LABELS,
    check_date_range,
    fix_meta_text,
    handle_from_href,
    seconds,
)
from followscope_site.importers.naming import instagram_owner
from followscope_site.importers.parallel import look_in_two
from followscope_site.model import Entry, Snapshot, normalize_handle

INSTAGRAM_HOSTS = ("instagram.com",)
UNREAD_DATES_NOTED = 3  # a few odd dates in a list pass silently; more mean a language we do not read
DAMAGED_HINT = "the file is damaged or not a Meta export file: run `followscope inspect` on the export to see"


@dataclass(frozen=True, slots=True)
class ListFile:
    """One follow list of the export: its SPEC name, its file names (newest first) and wrapper keys."""

    list_name: str
    file_names: tuple[str, ...]
    wrapper_keys: tuple[str, ...]


# formats.md §1.4: file name → top-level key. Older names (2023) come after the current ones.
LIST_FILES = (
    ListFile("followers", ("followers",), ("relationships_followers",)),
    ListFile("following", ("following",), ("relationships_following",)),
    ListFile("pending_sent", ("pending_follow_requests",), ("relationships_follow_requests_sent",)),
    ListFile("recent_requests", ("recent_follow_requests",), ("relationships_permanent_follow_requests",)),
    ListFile("recently_unfollowed", ("recently_unfollowed_profiles", "recently_unfollowed_accounts"),
             ("relationships_unfollowed_users",)),
    ListFile("close_friends", ("close_friends",), ("relationships_close_friends",)),
    ListFile("blocked", ("blocked_profiles", "blocked_accounts"), ("relationships_blocked_users",)),
    ListFile("restricted", ("restricted_profiles", "restricted_accounts"), ("relationships_restricted_users",)),
    ListFile("hidden_story", ("hide_story_from",), ("relationships_hide_stories_from",)),
    ListFile("removed_suggestions", ("removed_suggestions",), ("relationships_dismissed_suggested_users",)),
    ListFile("requests_received", ("follow_requests_you've_received",), ("relationships_follow_requests_received",)),
    ListFile("favorites", ("profiles_you've_favorited",), ("relationships_feed_favorites",)),
)

# Folders whose files share Instagram's names but belong to another platform or another list.
_FOREIGN_FOLDERS = {"threads", "friends_and_followers", "friends", "followers"}
_PART = re.compile(r"^(?P<base>.+?)(?:_(?P<n>\d+))?\.(?P<ext>json|html)$")
_KNOWN_ENTRY_KEYS = {"title", "string_list_data", "media_list_data", "label_values", "media", "fbid",
                     "timestamp", "value", "href", "string_map_data"}


def _is_foreign(path: str) -> bool:
    return _foreign_folders(tuple(path.lower().split("/")[:-1]))


def _foreign_folders(folders: tuple[str, ...]) -> bool:
    # `connections/followers/` is Facebook's folder; Instagram's is `followers_and_following/`.
    return any(f in _FOREIGN_FOLDERS for f in folders)


def list_members(files: ExportFiles, spec: ListFile, ext: str) -> list[tuple[int, str]]:
    """The parts of one list as (part number, member), part 0 for an unnumbered file; Threads' excluded."""
    return member_parts(files, spec, ext, lambda folders: not _foreign_folders(folders))


def member_parts(files: ExportFiles, spec: ListFile, ext: str, keep: Callable[[tuple[str, ...]], bool]
                 ) -> list[tuple[int, str]]:
    """The parts of one Meta list in the folders `keep` accepts, as (part number, member), sorted; the first
    of spec.file_names that has any wins (the current name over the 2023 one)."""
    parts = files.derived.get("meta-parts")
    if not isinstance(parts, dict):  # every member matched once per export, not once per list and name
        parts = {}
        for folders, file_name, name in files.split_names():
            match = _PART.match(file_name)
            if match:
                parts.setdefault((match["base"], match["ext"]), []).append(
                    (int(match["n"] or 0), name, folders))
        files.derived["meta-parts"] = parts
    for base in spec.file_names:
        found = sorted((n, name) for n, name, folders in parts.get((base, ext), ()) if keep(folders))
        if found:
            return found
    return []


# -- the fast path: typed decoding of only the fields we use ----------------------------------------------


class _Item(msgspec.Struct, gc=False):
    value: str | None = None
    href: str | None = None
    timestamp: int | float | None = None


class _Entry(msgspec.Struct, gc=False):
    title: str | None = None
    string_list_data: list[_Item] | None = None


_LIST_DECODER = msgspec.json.Decoder(list[_Entry])
_WRAPPED_DECODER = msgspec.json.Decoder(dict[str, list[_Entry]])


@dataclass
class ListReader(Collector):
    """Collects one Meta list across its parts: usernames only, Meta's mojibake undone in warnings."""

    hosts: tuple[str, ...] = INSTAGRAM_HOSTS
    title_is_name: bool = False  # Threads: `title` may be a display name, so `value` and the href come first
    unread_dates: list[str] = field(default_factory=list)  # HTML date texts no known language reads
    problems: list[str] = field(default_factory=list)  # e.g. an HTML page whose entries we cannot read

    noun: ClassVar[str] = "username"
    unnamed_reason: ClassVar[str] = "(placeholders for unavailable accounts)"

    def warnings(self) -> list[str]:
        found = super().warnings() + self.problems
        if len(self.unread_dates) > UNREAD_DATES_NOTED:
            found.append(f"{self.list_name}: {len(self.unread_dates):,} dates could not be read (e.g. "
                         f"{self.unread_dates[0]!r}), so those follow dates are unknown; please report the "
                         "export's language")
        return found

    def pick(self, title: str | None, value: str | None, href: str | None) -> tuple[str | None, str | None]:
        """(raw handle, display name) of one entry, by this list's platform rules (formats.md §1.3, §2)."""
        if not self.title_is_name:
            return pick_handle(title, value, href, self.hosts), None
        name = fix_meta_text(title).strip() if title and title.strip() else None
        raw = pick_handle(None, value, href, self.hosts) or pick_handle(title, None, None, self.hosts)
        if raw is not None and name is not None and normalize_handle(name) == normalize_handle(raw):
            name = None  # the title is the username itself, not a display name
        return raw, name

    def accepts(self, handle: str) -> bool:
        return bool(HANDLE_RE.fullmatch(handle)) or (handle.startswith("__deleted__") and len(handle) <= 64)

    def shown_invalid(self, raw: str) -> str:
        return fix_meta_text(raw)[:40]


def pick_handle(title: str | None, value: str | None, href: str | None, hosts: tuple[str, ...]) -> str | None:
    """formats.md §1.3: `value`, else `title` when it is a username (not a display name), else the href's path."""
    if value and value.strip():
        return value
    if title and title.strip():
        candidate = normalize_handle(title)
        if HANDLE_RE.fullmatch(candidate) or candidate.startswith("__deleted__"):
            return title
    if href:
        from_href = handle_from_href(href, hosts)
        if from_href:
            return from_href
    if title and title.strip() and not href:
        return title  # report it as an invalid username rather than dropping it silently
    return None


_STRING_LIST_DATA = attrgetter("string_list_data")


def _looks_known(entries: list[_Entry]) -> bool:
    """Every typed entry has a title or string_list_data; otherwise the slow path explains what is wrong."""
    if all(map(_STRING_LIST_DATA, entries)):  # C-level, the common case (10,000 entries: ~0.4 ms)
        return True
    return all(entry.string_list_data or entry.title for entry in entries)


def _add_fast(reader: ListReader, entries: list[_Entry]) -> None:
    if reader.title_is_name:
        _add_entries(reader, entries)
        return
    # Inlined common case (a million entries): one item whose `value` is already a normalized, valid,
    # unseen handle and whose timestamp is plain seconds. pick() would return that value (it wins over the
    # title) and add() would store Entry(value, timestamp, None); anything else takes the general path.
    store = reader.entries
    valid = HANDLE_RE.fullmatch
    for entry in entries:
        items = entry.string_list_data
        if items is not None and len(items) == 1:
            item = items[0]
            value = item.value
            if value and value not in store and valid(value):
                timestamp = item.timestamp
                if type(timestamp) is not int or not 0 < timestamp <= 100_000_000_000:
                    timestamp = seconds(timestamp)
                store[value] = Entry(value, timestamp, None)
                continue
        _add_entries(reader, (entry,))  # in order: a later duplicate must merge into the first one


def _add_entries(reader: ListReader, entries: Sequence[_Entry]) -> None:
    for entry in entries:
        items = entry.string_list_data
        if not items:
            reader.add(*_swap(reader.pick(entry.title, None, None), None))
            continue
        # Meta writes one item per entry; a hand-made file may pack several accounts into one entry.
        for position, item in enumerate(items):
            title = entry.title if position == 0 else None
            reader.add(*_swap(reader.pick(title, item.value, item.href), seconds(item.timestamp)))


def _swap(picked: tuple[str | None, str | None], timestamp: int | None) -> tuple[str | None, int | None, str | None]:
    """ListReader.add's argument order from pick's (handle, name) and a timestamp."""
    return picked[0], timestamp, picked[1]


def _decode_typed(data: bytes, spec: ListFile) -> list[_Entry] | None:
    """The part's entries by the typed decoders, or None when only the tolerant path can tell what it is."""
    try:
        with collector_paused():
            if data.lstrip()[:1] == b"[":
                decoded = _LIST_DECODER.decode(data)
            else:
                wrapped = _WRAPPED_DECODER.decode(data)
                key = next((k for k in spec.wrapper_keys if k in wrapped), None)
                decoded = wrapped[key] if key is not None and len(wrapped) == 1 else None
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return None  # the slow path decodes again and says exactly what is wrong
    return decoded if decoded is not None and _looks_known(decoded) else None


def read_list_file(files: ExportFiles, member: str, spec: ListFile, reader: ListReader) -> None:
    """Read one JSON part of a list into `reader`, typed and fast when it can, thorough when it must."""
    decoded = _decode_typed(json_bytes(files, member), spec)
    if decoded is not None:
        with collector_paused():
            _add_fast(reader, decoded)
        return
    read_list_value(files, member, load_json(files, member), spec, reader)


# -- reading ahead in a second process (importers/parallel.py) ---------------------------------------------


@dataclass
class PartSummary:
    """One JSON part, decoded and checked, compact for the pipe: the entries _add_fast would take as they
    are (handles joined by newlines, times in an array, 0 for none), and every other entry with its place."""

    size: int  # bytes read, counted against the export when the summary is used
    handles: str
    times: array[int]
    others: list[tuple[int, _Entry]]  # (common entries before it, the entry): for _add_entries


def look_at_part(files: ExportFiles, member: str, spec: ListFile) -> PartSummary | None:
    """PartSummary of one JSON part, or None when read_list_file must read it (it then finds any error)."""
    before = files.bytes_read
    data = json_bytes(files, member)
    size = files.bytes_read - before  # as read_bytes counts it (before a BOM is dropped)
    decoded = _decode_typed(data, spec)
    if decoded is None:
        return None
    handles: list[str] = []
    times: list[int] = []
    others: list[tuple[int, _Entry]] = []
    valid = HANDLE_RE.fullmatch
    for entry in decoded:  # _add_fast's common case, without the store: the parent merges (add_part)
        items = entry.string_list_data
        if items is not None and len(items) == 1:
            item = items[0]
            value = item.value
            if value and valid(value):
                timestamp = item.timestamp
                if type(timestamp) is not int or not 0 < timestamp <= 100_000_000_000:
                    timestamp = seconds(timestamp) or 0
                handles.append(value)
                times.append(timestamp)
                continue
        others.append((len(handles), entry))
    return PartSummary(size, "\n".join(handles), array("q", times), others)


def add_part(reader: ListReader, part: PartSummary) -> None:
    """_add_fast's result for the part the summary describes, entry for entry."""
    handles = part.handles.split("\n") if part.handles else []
    times: list[int | None] = list(part.times)
    if 0 in times:
        times = [t or None for t in times]
    start = 0
    for place, entry in [*part.others, (len(handles), None)]:
        _add_run(reader, handles[start:place], times[start:place])
        if entry is not None:
            _add_entries(reader, (entry,))
        start = place


def _add_run(reader: ListReader, handles: list[str], times: list[int | None]) -> None:
    """Valid handles in order: one dict update when none is seen before, else Collector.merge one by one."""
    if not handles:
        return
    store = reader.entries
    fresh = dict(zip(handles, map(Entry, handles, times, repeat(None)), strict=False))
    if len(fresh) == len(handles) and store.keys().isdisjoint(fresh):
        store.update(fresh)
        return
    for handle, timestamp in zip(handles, times, strict=True):
        reader.merge(Entry(handle, timestamp, None))


def read_list_value(files: ExportFiles, member: str, value: Any, spec: ListFile, reader: ListReader) -> None:
    """The tolerant path over an untyped value: every shape Instagram has written, precise errors otherwise."""
    label = files.label(member)
    entries: Any
    if isinstance(value, list):
        entries = value
    elif isinstance(value, dict):
        key = next((k for k in spec.wrapper_keys if k in value), None)
        if key is not None:
            entries = value[key]
        elif "label_values" in value:
            entries = [value]  # a file of one label_values record is a bare object (formats.md §0.3)
        else:
            keys = ", ".join(repr(k) for k in list(value)[:3]) or "no keys"
            raise InputError(label, f"unexpected top-level key {keys}; expected {spec.wrapper_keys[0]!r}",
                             "the export format may have changed: run `followscope inspect` on it and report it")
    else:
        raise InputError(label, f"expected a list of accounts, got {_kind(value)}",
                         DAMAGED_HINT)
    if not isinstance(entries, list):
        raise InputError(label, f"{spec.wrapper_keys[0]!r} should be a list, got {_kind(entries)}",
                         DAMAGED_HINT)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError(label, f"entry {index} should be an object, got {_kind(entry)}",
                             DAMAGED_HINT)
        if not _KNOWN_ENTRY_KEYS.intersection(entry):
            keys = ", ".join(repr(k) for k in list(entry)[:3]) or "no keys"
            raise InputError(label, f"entry {index} has unexpected key {keys}; expected 'string_list_data' or "
                             "'title'", "the export format may have changed: run `followscope inspect` on it")
        if "label_values" in entry:
            _add_label_values(reader, entry, label, index)
        else:
            _add_string_list(reader, entry, label, index)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _text(value: Any, label: str, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InputError(label, f"{where} should be text, got {_kind(value)}",
                     DAMAGED_HINT)


def _add_string_list(reader: ListReader, entry: dict[str, Any], label: str, index: int) -> None:
    items = entry.get("string_list_data") or [{}]
    if not isinstance(items, list):
        raise InputError(label, f"entry {index}: 'string_list_data' should be a list, got {_kind(items)}",
                         DAMAGED_HINT)
    title = _text(entry.get("title"), label, f"entry {index}: 'title'")
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(label, f"entry {index}: 'string_list_data' items should be objects, got {_kind(item)}",
                             DAMAGED_HINT)
        value = _text(item.get("value"), label, f"entry {index}: 'value'")
        href = _text(item.get("href"), label, f"entry {index}: 'href'")
        picked = reader.pick(title if position == 0 else None, value, href)
        reader.add(*_swap(picked, seconds(item.get("timestamp", entry.get("timestamp")))))


def _add_label_values(reader: ListReader, entry: dict[str, Any], label: str, index: int) -> None:
    """The 2025–26 `label_values` record (formats.md §0.3, §1.5): the `Username` label wins over URL and Name."""
    pairs = entry.get("label_values")
    if not isinstance(pairs, list):
        raise InputError(label, f"entry {index}: 'label_values' should be a list, got {_kind(pairs)}",
                         DAMAGED_HINT)
    username = url = name = None
    timestamp = seconds(entry.get("timestamp"))
    for pair in pairs:
        if not isinstance(pair, dict):
            continue
        key = fix_meta_text(str(pair.get("label", ""))).strip().lower()
        value = pair.get("value")
        if not isinstance(value, str):
            if key in {"timestamp", "time", "date"} and pair.get("timestamp_value") is not None:
                timestamp = timestamp or seconds(pair.get("timestamp_value"))
            continue
        if key in USERNAME_LABELS:
            username = value
        elif key in URL_LABELS:
            url = value
        elif key in NAME_LABELS:
            name = fix_meta_text(value)
    handle = username or (handle_from_href(url, reader.hosts) if url else None)
    reader.add(handle, timestamp, name)


# -- the importer ---------------------------------------------------------------------------------------


class InstagramImporter(Importer):
    """Instagram JSON exports in every generation, the HTML export, and the ≤2020 `connections.json`."""

    platform = "instagram"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        core = LIST_FILES[:2]
        for ext in ("json", "html"):
            if any(list_members(files, spec, ext) for spec in core):
                return True
        return bool(_legacy_members(files))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        json_parts = {spec.list_name: list_members(files, spec, "json") for spec in LIST_FILES}
        html_parts = {spec.list_name: list_members(files, spec, "html") for spec in LIST_FILES}
        has_json = any(json_parts[n] for n in ("followers", "following"))
        has_html = any(html_parts[n] for n in ("followers", "following"))
        legacy = _legacy_members(files)
        if not has_json and not has_html and legacy:
            from followscope_site.importers.instagram_legacy import read_connections_json

            snapshot = self._snapshot(files, request, "instagram-json-2020")
            read_connections_json(files, legacy[0], snapshot)
        elif has_html and not has_json:
            from followscope_site.importers.instagram_html import read_html_lists

            snapshot = self._snapshot(files, request, "instagram-html")
            read_html_lists(files, html_parts, snapshot)
        else:
            snapshot = self._snapshot(files, request, "instagram-json")
            for spec in LIST_FILES:
                if json_parts[spec.list_name]:
                    self._read_list(files, spec, json_parts[spec.list_name], snapshot)
            # A list only in HTML (a mixed download) is read from the HTML rather than dropped.
            html_only = {name: parts for name, parts in html_parts.items() if parts and not json_parts[name]}
            if html_only:
                from followscope_site.importers.instagram_html import read_html_lists

                read_html_lists(files, html_only, snapshot)
                snapshot.warnings.append("the export mixes JSON and HTML files; " + ", ".join(sorted(html_only))
                                         + " read from the HTML files")
            ignored = [m for name, parts in html_parts.items() if json_parts[name] for _, m in parts]
            snapshot.files_ignored.extend(ignored)
        self._finish(files, snapshot)
        return [snapshot]

    def _snapshot(self, files: ExportFiles, request: ImportRequest, fmt: str) -> Snapshot:
        owner = normalize_handle(request.owner) if request.owner else instagram_owner(files.path.name)
        if owner is None:
            owner = owner_from_profile(files)
        taken_at, date_source = date_from_export_name(files)
        return Snapshot(platform=self.platform, owner=owner, taken_at=taken_at, source=request.source,
                        format=fmt, date_source=date_source)

    @staticmethod
    def _read_list(files: ExportFiles, spec: ListFile, parts: list[tuple[int, str]], snapshot: Snapshot) -> None:
        read_parts(files, spec, parts, snapshot, ListReader(spec.list_name))

    @staticmethod
    def _finish(files: ExportFiles, snapshot: Snapshot) -> None:
        for name in ("followers", "following"):
            if name not in snapshot.lists:
                snapshot.warnings.append(f"no {name} list in this export; pages that need it are left out "
                                         "(request the export with \"Followers and following\" selected)")
        settle_export_date(files, snapshot)
        check_date_range(snapshot)
        snapshot.signals = _signals(files)


def read_parts(files: ExportFiles, spec: ListFile, parts: list[tuple[int, str]], snapshot: Snapshot,
               reader: ListReader) -> None:
    """Read every JSON part of one list into the snapshot, warning about missing or mixed parts."""
    numbered = [n for n, _ in parts if n > 0]
    if numbered and len(numbered) != len(parts):
        unnumbered = [m for n, m in parts if n == 0]
        snapshot.warnings.append(f"{spec.list_name}: both numbered parts and {unnumbered[0]!r}; "
                                 "only the numbered parts were read")
        snapshot.files_ignored.extend(unnumbered)
        parts = [(n, m) for n, m in parts if n > 0]
    if numbered:
        missing = sorted(set(range(1, max(numbered) + 1)) - set(numbered))
        if missing:
            ext = parts[0][1].rsplit(".", 1)[-1].lower()
            names = ", ".join(f"{spec.file_names[0]}_{n}.{ext}" for n in missing)
            snapshot.warnings.append(f"{spec.list_name}: part {names} is missing; the list is incomplete")
            snapshot.partial = True
    ext = parts[0][1].rsplit(".", 1)[-1].lower()
    members = [member for _, member in parts]
    looked: list[PartSummary | None] | None = None
    if ext == "json" and not reader.title_is_name and not reader.entries:  # a million followers: 100 parts
        looked = look_in_two(files, members, lambda source, member: look_at_part(source, member, spec))
    for index, member in enumerate(members):
        part = looked[index] if looked is not None else None
        if part is not None:
            files.count_read(part.size)
            with collector_paused():
                add_part(reader, part)
        elif ext == "html":
            from followscope_site.importers.instagram_html import read_html_file

            read_html_file(files, member, reader)
        else:
            read_list_file(files, member, spec, reader)
        snapshot.files_used.append(member)
        if len(reader.entries) > files.limits.max_entries:
            raise InputError(files.label(member), f"more than {files.limits.max_entries:,} accounts in "
                             f"{spec.list_name}", "raise `limits.max_entries` in the config if this is genuine")
    snapshot.lists[spec.list_name] = reader.entries
    snapshot.warnings.extend(reader.warnings())


def _legacy_members(files: ExportFiles) -> list[str]:
    """The ≤2020 `connections.json` (formats.md §1.7); Threads' and Facebook's folders never hold one."""
    return [m for m in files.find("connections.json") if not _is_foreign(m)]


def owner_from_profile(files: ExportFiles) -> str | None:
    """The owner's username from `personal_information.json` (`profile_user[0].string_map_data.Username.value`).

    A missing or odd file is no error: the owner is optional, so anything unexpected gives None.
    """
    found = [m for m in files.find("personal_information/personal_information.json") if not _is_foreign(m)]
    if not found:
        return None
    try:
        value = load_json(files, found[0])
    except InputError:
        return None
    users = value.get("profile_user") if isinstance(value, dict) else None
    first = users[0] if isinstance(users, list) and users else None
    fields = first.get("string_map_data") if isinstance(first, dict) else None
    if not isinstance(fields, dict):
        return None
    for label, item in fields.items():
        if fix_meta_text(label).strip().lower() in USERNAME_LABELS and isinstance(item, dict):
            raw = item.get("value")
            if isinstance(raw, str) and HANDLE_RE.fullmatch(normalize_handle(raw)):
                return normalize_handle(raw)
    return None


def _signals(files: ExportFiles) -> dict[str, dict[str, int]]:
    """Engagement signals (likes, comments, …): instagram_signals.py."""
    from followscope_site.importers.instagram_signals import read_signals

    return read_signals(files)
