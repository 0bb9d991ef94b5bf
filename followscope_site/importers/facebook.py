"""Facebook's "Download your information" export: friends, followers and followed profiles (formats.md §3).

Facebook names people by display name only (no username, URL or id), so the name is the identifier:
`Entry.handle` is its comparison key and `Entry.name` the name as written, mojibake undone (formats.md §0.2).
A friendship goes both ways, so every friend is both a follower and followed. Instagram's 2021 `followers.json`
shares a name with Facebook's older one, so files are chosen by folder and checked for `*_v2`/`*_v3` keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.collect import Collector, keep_earliest
from followscope_site.importers.dating import date_from_export_name
from followscope_site.importers.jsonfile import load_json
from followscope_site.importers.meta.common import fix_meta_text, seconds
from followscope_site.model import Entry, Snapshot, handle_problem, normalize_handle

_HINT = "the export format may have changed: run `followscope inspect` on it and report it"
_FB_FOLDERS = {"friends", "followers", "friends_and_followers", "following"}


@dataclass(frozen=True, slots=True)
class FacebookFile:
    """One Facebook list: its name pattern (newest layout first), the folders it may sit in, and its keys."""

    role: str  # "friends" or a SPEC list name
    pattern: re.Pattern[str]
    generic: bool  # a name other platforms use too: needs a Facebook folder and a Facebook key
    keys: tuple[str, ...]


def _name(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})(?:_\d+)?\.(?P<ext>json|html)$")


FACEBOOK_FILES = (
    FacebookFile("friends", _name("your_friends"), False, ("friends_v2", "friends")),
    FacebookFile("friends", _name("friends"), True, ("friends_v2", "friends")),
    FacebookFile("followers", _name("people_who_followed_you"), False, ("followers_v3", "followers_v2", "followers")),
    FacebookFile("followers", _name("followers"), True, ("followers_v3", "followers_v2", "followers")),
    # `who_you've_followed.json`: unzip tools and parsers mangle the apostrophe (`who_you_ve_followed.json`).
    FacebookFile("following", _name(r"who_you.{0,6}ve_followed"), False, ("following_v3", "following_v2", "following")),
    FacebookFile("following", _name("following"), True, ("following_v3", "following_v2", "following")),
    FacebookFile("pending_sent", _name("sent_friend_requests"), False, ("sent_requests_v2", "sent_requests")),
    FacebookFile("requests_received", _name("received_friend_requests"), False,
                 ("received_requests_v2", "received_requests")),
    FacebookFile("removed_friends", _name("removed_friends"), False, ("deleted_friends_v2", "deleted_friends")),
)


def _members(files: ExportFiles, spec: FacebookFile, ext: str) -> list[str]:
    found = []
    for folders, file_name, name in files.split_names():
        if "threads" in folders or "followers_and_following" in folders:
            continue  # Instagram's and Threads' files of the same names
        match = spec.pattern.match(file_name)
        if match is None or match.group("ext") != ext:
            continue
        if spec.generic and not _FB_FOLDERS.intersection(folders):
            continue
        found.append(name)
    return found


def _has_key(files: ExportFiles, member: str, keys: tuple[str, ...]) -> bool:
    """A content check for names other platforms share: a Facebook wrapper key at the top. The top-level
    keys are kept per export (ExportFiles.derived): detect() and read() ask about the same files."""
    cache: dict[str, set[str]] = files.derived.setdefault("facebook-top-keys", {})  # type: ignore[assignment]
    if member not in cache:
        try:
            value = load_json(files, member)
        except InputError:
            value = None
        cache[member] = set(value) if isinstance(value, dict) else set()
    return any(k in cache[member] for k in keys)


def facebook_members(files: ExportFiles, ext: str = "json") -> list[tuple[FacebookFile, str]]:
    """Every Facebook list file of the export with the spec it matched (generic names only with a FB key)."""
    found: list[tuple[FacebookFile, str]] = []
    taken: set[str] = set()
    for spec in FACEBOOK_FILES:
        for member in _members(files, spec, ext):
            if member in taken or (spec.generic and ext == "json" and not _has_key(files, member, spec.keys)):
                continue
            taken.add(member)
            found.append((spec, member))
    return found


@dataclass
class _Names(Collector):
    """One list's people by display name (formats.md §3); equal names after case folding are merged."""

    noun: ClassVar[str] = "name"

    def add(self, raw: str | None, timestamp: int | None = None, name: str | None = None) -> None:
        cleaned = " ".join(fix_meta_text(raw).split()) if raw else ""
        if not cleaned:
            self.unnamed += 1
            return
        if handle_problem(cleaned, names=True):  # untrusted text: control or text-direction characters
            self.invalid.append(cleaned[:40])
            return
        self.merge(Entry(normalize_handle(cleaned), timestamp, cleaned))


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(type(value), "a number")


def read_people(files: ExportFiles, member: str, spec: FacebookFile, names: _Names) -> None:
    """Add one file's people (`{"<key>": [{"name", "timestamp"}]}`) to `names`, refusing unknown shapes."""
    label = files.label(member)
    value = load_json(files, member)
    if isinstance(value, dict):
        key = next((k for k in spec.keys if k in value), None)
        if key is None:
            keys = ", ".join(excerpt(k) for k in list(value)[:3]) or "no keys"
            raise InputError(label, f"unexpected top-level key {keys}; expected {spec.keys[0]!r}", _HINT)
        entries = value[key]
    elif isinstance(value, list):
        entries = value  # a bare list, as one unverified fixture shows for `people_who_followed_you_1.json`
    else:
        raise InputError(label, f"expected an object with {spec.keys[0]!r}, got {_kind(value)}", _HINT)
    if not isinstance(entries, list):
        raise InputError(label, f"{spec.keys[0]!r} should be a list, got {_kind(entries)}", _HINT)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError(label, f"entry {index} should be an object, got {_kind(entry)}", _HINT)
        if "name" in entry:
            raw = entry["name"]
            timestamp = seconds(entry.get("timestamp"))
        elif "string_list_data" in entry or "title" in entry:
            items = entry.get("string_list_data") or [{}]
            item = items[0] if isinstance(items, list) and isinstance(items[0], dict) else {}
            raw = item.get("value") or entry.get("title")
            timestamp = seconds(item.get("timestamp"))
        else:
            keys = ", ".join(excerpt(k) for k in list(entry)[:3]) or "no keys"
            raise InputError(label, f"entry {index} has unexpected key {keys}; expected 'name'", _HINT)
        if raw is not None and not isinstance(raw, str):
            raise InputError(label, f"entry {index}: 'name' should be text, got {_kind(raw)}", _HINT)
        names.add(raw, timestamp)


class FacebookImporter(Importer):
    """Facebook JSON exports, current (`connections/…`) and older (`friends_and_followers/`, `friends/`) layouts."""

    platform = "facebook"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        return bool(facebook_members(files, "json") or facebook_members(files, "html"))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        members = facebook_members(files, "json")
        if not members:
            html = facebook_members(files, "html")
            raise InputError(files.label(html[0][1]), "holds Facebook's HTML export, which FollowScope cannot read",
                             "request the Facebook export again in JSON format")
        taken_at, date_source = date_from_export_name(files)
        snapshot = Snapshot(platform=self.platform, owner=request.owner, taken_at=taken_at, date_source=date_source,
                            source=request.source, format="facebook-json", identifier="name")
        lists: dict[str, _Names] = {}
        for spec, member in members:
            names = lists.setdefault(spec.role, _Names(spec.role, {}))
            names.member = member
            read_people(files, member, spec, names)
            snapshot.files_used.append(member)
        friends = lists.pop("friends", None)
        for role, names in lists.items():
            snapshot.lists[role] = names.entries
        if friends is not None:
            for role in ("followers", "following"):
                merged = snapshot.lists.setdefault(role, {})
                for entry in friends.entries.values():  # a copy each: the two lists' times may part
                    keep_earliest(merged, Entry(entry.handle, entry.timestamp, entry.name))
            snapshot.warnings.append(f"friends: {len(friends.entries):,} friends count as both followers and "
                                     "following (a Facebook friendship goes both ways)")
        for names in ([friends] if friends else []) + list(lists.values()):
            if names.duplicates:
                snapshot.warnings.append(f"{names.list_name}: {names.duplicates} entries share a display name with "
                                         "another and were merged (Facebook exports names only)")
            if names.unnamed:
                snapshot.warnings.append(f"{names.list_name}: {names.unnamed} entries without a name skipped")
            snapshot.warnings.extend(names.value_warnings())
        for role in ("followers", "following"):
            if role not in snapshot.lists:
                snapshot.warnings.append(f"no {role} list in this Facebook export; pages that need it are left out")
        return [snapshot]
