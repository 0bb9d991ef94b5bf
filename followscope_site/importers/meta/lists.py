"""The one reader of a Meta JSON follow list (Instagram, Threads): formats.md §1.2–1.5, §2.

Each part is decoded once by a typed decoder that keeps only the fields we use. When the whole part has the
documented common shape (Meta's own: one `string_list_data` item per entry whose `value` is a valid
username, a timestamp in seconds), it is added in C-level passes, a million followers in well under a second.
Anything else (display names, several items, milliseconds, `label_values` records, damage) goes through
the tolerant reader, entry by entry: it reads every shape Meta has written and names the file and the key
when it meets one it does not know. Both give the same entries, merges and warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, is_not, itemgetter
from typing import Annotated, Any, ClassVar

import msgspec

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.collect import Collector
from followscope_site.importers.dates import EARLIEST, LATEST
from followscope_site.importers.jsonfile import collector_paused, decode_json, json_bytes
from followscope_site.importers.meta.common import (
    HANDLE_RE,
    NAME_LABELS,
    URL_LABELS,
    USERNAME_LABELS,
    fix_meta_text,
    handle_from_href,
    seconds,
)
from followscope_site.model import Entry, normalize_handle

INSTAGRAM_HOSTS = ("instagram.com",)
UNREAD_DATES_NOTED = 3  # a few odd dates in a list pass silently; more mean a language we do not read
DAMAGED_HINT = "the file is damaged or not a Meta export file: run `followscope inspect` on the export to see"
_CHANGED_HINT = "the export format may have changed: run `followscope inspect` on it and report it"
_KNOWN_ENTRY_KEYS = {"title", "string_list_data", "media_list_data", "label_values", "media", "fbid",
                     "timestamp", "value", "href", "string_map_data"}


@dataclass(frozen=True, slots=True)
class ListFile:
    """One follow list of the export: its SPEC name, its file names (newest first) and wrapper keys."""

    list_name: str
    file_names: tuple[str, ...]
    wrapper_keys: tuple[str, ...]


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


def read_list_file(files: ExportFiles, member: str, spec: ListFile, reader: ListReader) -> None:
    """Read one JSON part of a list into `reader`: fast when the part has the common shape, thorough otherwise."""
    data = json_bytes(files, member)
    if not reader.title_is_name and _add_common(reader, _decode_common(data, spec)):
        return
    read_list_value(files, member, decode_json(files.label(member), data), spec, reader)


# -- the fast path: the common shape, in C-level passes over the whole part --------------------------------


class _Item(msgspec.Struct, gc=False):
    value: str
    timestamp: Annotated[int, msgspec.Meta(ge=EARLIEST, lt=LATEST)]  # whole seconds, usable (importers/dates.py)
    href: str | None = None  # unused, typed so that a damaged one goes to the tolerant reader, which names it


class _Entry(msgspec.Struct, gc=False):
    string_list_data: Annotated[list[_Item], msgspec.Meta(min_length=1, max_length=1)]
    title: str | None = None  # as href


_LIST_DECODER = msgspec.json.Decoder(list[_Entry])
_WRAPPED_DECODER = msgspec.json.Decoder(dict[str, list[_Entry]])
_ITEMS = attrgetter("string_list_data")
_ONLY = itemgetter(0)
_VALUE = attrgetter("value")
_TIMESTAMP = attrgetter("timestamp")
_NOT_HANDLE = re.compile(r"[^a-z0-9._\n]")  # HANDLE_RE's characters, and the joining newline
_MAX_HANDLE = 30  # HANDLE_RE's length
_FIRST_BYTE = re.compile(rb"[^ \t\r\n\f\v]")  # a search, not lstrip(): no copy of a big part


def _decode_common(data: bytes, spec: ListFile) -> list[_Entry] | None:
    """The part's entries when their types have the common shape (the decoder checks them in C: one item
    per entry, a text value, a usable time in whole seconds), else None: the tolerant reader's part."""
    try:
        with collector_paused():
            first = _FIRST_BYTE.search(data)
            if first is not None and first.group() == b"[":
                return _LIST_DECODER.decode(data)
            wrapped = _WRAPPED_DECODER.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return None  # the tolerant reader decodes again and says exactly what is wrong, if anything is
    key = next((k for k in spec.wrapper_keys if k in wrapped), None)
    return wrapped[key] if key is not None and len(wrapped) == 1 else None


def _add_common(reader: ListReader, entries: list[_Entry] | None) -> bool:
    """Add a part of the common shape whose every value is a valid username, as add() would, and say so;
    False (nothing added) when any value is not."""
    if not entries:
        return entries is not None  # an empty list is common (nobody blocked), and nothing to add
    items = list(map(_ONLY, map(_ITEMS, entries)))
    values = list(map(_VALUE, items))
    joined = "\n".join(values)
    if (_NOT_HANDLE.search(joined) or joined.count("\n") != len(values) - 1
            or max(map(len, values)) > _MAX_HANDLE or min(map(len, values)) < 1):
        return False
    # A valid username is its own normalized form, so add() would store Entry(value, timestamp, None): each is
    # stored unless its handle is there already (one dict pass), and only those that were are merged.
    with collector_paused():
        made = list(map(Entry, values, map(_TIMESTAMP, items)))
        kept = list(map(reader.entries.setdefault, values, made))
        for entry in compress(made, map(is_not, kept, made)):  # those whose handle was there already
            reader.merge(entry)  # the first is kept, its time moved earlier; counted as a duplicate
    return True


# -- the tolerant reader: every shape Meta has written, precise errors otherwise ----------------------------


def read_list_value(files: ExportFiles, member: str, value: Any, spec: ListFile, reader: ListReader) -> None:
    """Add an untyped part's entries one by one, naming the file and the key of anything unexpected."""
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
            keys = ", ".join(excerpt(k) for k in list(value)[:3]) or "no keys"
            raise InputError(label, f"unexpected top-level key {keys}; expected {spec.wrapper_keys[0]!r}",
                             _CHANGED_HINT)
    else:
        raise InputError(label, f"expected a list of accounts, got {_kind(value)}", DAMAGED_HINT)
    if not isinstance(entries, list):
        raise InputError(label, f"{spec.wrapper_keys[0]!r} should be a list, got {_kind(entries)}", DAMAGED_HINT)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError(label, f"entry {index} should be an object, got {_kind(entry)}", DAMAGED_HINT)
        if not _KNOWN_ENTRY_KEYS.intersection(entry):
            keys = ", ".join(excerpt(k) for k in list(entry)[:3]) or "no keys"
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
    raise InputError(label, f"{where} should be text, got {_kind(value)}", DAMAGED_HINT)


def _add_string_list(reader: ListReader, entry: dict[str, Any], label: str, index: int) -> None:
    items = entry.get("string_list_data") or [{}]
    if not isinstance(items, list):
        raise InputError(label, f"entry {index}: 'string_list_data' should be a list, got {_kind(items)}",
                         DAMAGED_HINT)
    title = _text(entry.get("title"), label, f"entry {index}: 'title'")
    # Meta writes one item per entry; a hand-made file may pack several accounts into one entry.
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(label, f"entry {index}: 'string_list_data' items should be objects, got {_kind(item)}",
                             DAMAGED_HINT)
        value = _text(item.get("value"), label, f"entry {index}: 'value'")
        href = _text(item.get("href"), label, f"entry {index}: 'href'")
        handle, name = reader.pick(title if position == 0 else None, value, href)
        reader.add(handle, seconds(item.get("timestamp", entry.get("timestamp"))), name)


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
