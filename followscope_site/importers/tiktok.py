"""TikTok's "Download your data": one JSON file in three layouts, or the TXT variant (formats.md §4).

Quirks handled here:
- `user_data.json` (≤2024) or `user_data_tiktok.json` (2024+); the follow lists sit under `Activity` (2021–24),
  `Your Activity` (2025) or `Profile And Settings` (2026), in holders `Follower List`/`Follower` → `FansList`
  and `Following List`/`Following` → `Following`; a deep search finds them if they move again;
- empty lists are written as `null`; record keys changed case in other sections (`date`), so we read any case;
- dates are "YYYY-MM-DD HH:MM:SS" in UTC; `ProfileMap` states follower/following counts we check the lists against;
- an account that no longer exists is written `N/A` (`"UserName": "N/A"`, TXT `Username: N/A`): a deleted-account
  placeholder (model.placeholder_handle), never a person called "n/a";
- the TXT variant: `Follower.txt`, `Following.txt`, `Block List.txt` of `Date: …` / `Username: …` records
  separated by blank lines, in folders whose names were never verified (so we match on the base name).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.jsonfile import load_json
from followscope_site.importers.partial import INSPECT_HINT, Collector, check_declared, start_snapshot, utc_seconds
from followscope_site.model import Entry, Snapshot, normalize_handle, placeholder_handle

JSON_NAMES = ("user_data_tiktok.json", "user_data.json")  # the newer name first
TXT_NAMES = {"follower.txt": "followers", "following.txt": "following", "block list.txt": "blocked"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")

# Section → format generation, in the order we look (formats.md §4).
SECTIONS = (("Profile And Settings", "tiktok-json-2026"), ("Your Activity", "tiktok-json-2025"),
            ("Activity", "tiktok-json-2021"))
# list name → (holders, list key)
HOLDERS = {
    "followers": (("Follower List", "Follower"), "FansList"),
    "following": (("Following List", "Following"), "Following"),
    "blocked": (("Block List", "Block"), "BlockList"),
}
_MARKERS = (b'"FansList"', b'"BlockList"', b'"ProfileMap"', b'"Your Activity"', b'"Profile And Settings"',
            b'"Activity"')
_TXT_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,30}):\s?(?P<value>.*)$")
_MAX_DEPTH = 6
DELETED_NAME = "n/a"  # what TikTok writes in place of the username of an account that no longer exists


def add_user(collector: Collector, user: str | None, timestamp: int | None) -> None:
    """One record's account; `N/A` becomes a deleted-account placeholder keyed by its date."""
    if user is not None and user.strip().casefold() == DELETED_NAME:
        collector.merge(Entry(placeholder_handle(timestamp, collector.entries), timestamp))
    else:
        collector.add(user, timestamp)


def _json_members(files: ExportFiles) -> list[str]:
    found = []
    for wanted in JSON_NAMES:
        found += [n for n in files.names() if PurePosixPath(n).name.lower() == wanted]
    return found


def _txt_members(files: ExportFiles) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in files.names():
        list_name = TXT_NAMES.get(PurePosixPath(name).name.lower())
        if list_name:
            found.setdefault(list_name, []).append(name)
    return found


def _looks_like_txt(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return not lines or lines[0].lower().startswith(("date:", "username:"))


def get_ci(mapping: dict[str, Any], key: str) -> tuple[bool, Any]:
    """(found, value) of `key` in `mapping`, compared case-insensitively (the exact spelling wins)."""
    if key in mapping:
        return True, mapping[key]
    low = key.lower()
    for candidate, value in mapping.items():
        if isinstance(candidate, str) and candidate.lower() == low:
            return True, value
    return False, None


def _deep_find(value: Any, key: str, depth: int = 0) -> tuple[bool, Any]:
    """The first `key` whose value is a list or null, searched breadth-first down to _MAX_DEPTH levels."""
    if depth > _MAX_DEPTH or not isinstance(value, dict):
        return False, None
    found, inner = get_ci(value, key)
    if found and (inner is None or isinstance(inner, list)):
        return True, inner
    for child in value.values():
        if isinstance(child, dict):
            found, inner = _deep_find(child, key, depth + 1)
            if found:
                return True, inner
    return False, None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


class TikTokImporter(Importer):
    """TikTok JSON (three layouts) and TXT exports."""

    platform = "tiktok"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        try:
            for name in _json_members(files):
                head = files.read_bytes(name).lstrip(b"\xef\xbb\xbf \t\r\n")
                if head[:1] == b"{" and any(marker in head for marker in _MARKERS):
                    return True
            members = [n for names in _txt_members(files).values() for n in names]
            return any(_looks_like_txt(files.read_text(n)) for n in members)
        except InputError:
            return False  # unreadable: not ours to judge here; `inspect` lists the member

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        json_members = _json_members(files)
        if json_members:
            snapshot = self._read_json(files, request, json_members[0])
            snapshot.files_ignored.extend(json_members[1:])
        else:
            snapshot = self._read_txt(files, request)
        for name in ("followers", "following"):
            if name not in snapshot.lists:
                snapshot.warnings.append(f"no {name} list in this export; pages that need it are left out "
                                         "(request the export with your profile and activity data selected)")
        return [snapshot]

    # -- JSON ----------------------------------------------------------------------------------------------

    def _read_json(self, files: ExportFiles, request: ImportRequest, member: str) -> Snapshot:
        label = files.label(member)
        root = load_json(files, member)
        if not isinstance(root, dict):
            raise InputError(label, f"expected an object of sections at the top, got {_kind(root)}", INSPECT_HINT)
        fmt = "tiktok-json"
        lists: dict[str, list[Any]] = {}
        for list_name, (holders, key) in HOLDERS.items():
            found, value, where = self._find_list(root, holders, key)
            if not found:
                continue
            if value is not None and not isinstance(value, list):
                raise InputError(label, f"{where} should be a list of accounts, got {_kind(value)}", INSPECT_HINT)
            lists[list_name] = value or []  # TikTok writes an empty list as null (formats.md §4)
            if list_name != "blocked" and fmt == "tiktok-json":
                fmt = next((f for s, f in SECTIONS if where.startswith(repr(s))), "tiktok-json")
        if "followers" not in lists and "following" not in lists:
            keys = ", ".join(repr(k) for k in list(root)[:6]) or "no keys"
            raise InputError(label, f"no follower or following list found (top-level keys: {keys}); expected "
                             "'Your Activity' → 'Follower' → 'FansList' or 'Following' → 'Following'", INSPECT_HINT)
        profile = self._profile(root)
        owner = profile.get("username")
        snapshot = start_snapshot(files, request, self.platform, fmt,
                                  owner=normalize_handle(owner) if isinstance(owner, str) and owner.strip() else None)
        snapshot.files_used.append(member)
        for list_name, records in lists.items():
            collector = Collector(list_name)
            _, key = HOLDERS[list_name]
            for index, record in enumerate(records):
                self._add_record(collector, record, label, f"{key}[{index}]")
            collector.into(snapshot)
        check_declared(snapshot, "followers", _count(profile.get("followercount")), "ProfileMap.followerCount")
        check_declared(snapshot, "following", _count(profile.get("followingcount")), "ProfileMap.followingCount")
        return snapshot

    @staticmethod
    def _find_list(root: dict[str, Any], holders: tuple[str, ...], key: str) -> tuple[bool, Any, str]:
        sections = [s for s, _ in SECTIONS] + ["App Settings"]
        for section in sections:
            found, section_value = get_ci(root, section)
            if not found or not isinstance(section_value, dict):
                continue
            for holder in holders:
                found, holder_value = get_ci(section_value, holder)
                if found and isinstance(holder_value, dict):
                    found, value = get_ci(holder_value, key)
                    if found:
                        return True, value, f"{section!r} → {holder!r} → {key!r}"
        # Moved again? The deep search skips a holder object of the same name (`Following`): lists only.
        found, value = _deep_find(root, key)
        return found, value, f"{key!r}"

    @staticmethod
    def _profile(root: dict[str, Any]) -> dict[str, Any]:
        """ProfileMap with case-folded keys (userName, followerCount, followingCount), or {}."""
        found, value = _deep_find_object(root, "ProfileMap")
        if not found or not isinstance(value, dict):
            return {}
        return {str(k).lower(): v for k, v in value.items()}

    @staticmethod
    def _add_record(collector: Collector, record: Any, label: str, where: str) -> None:
        if isinstance(record, str):
            add_user(collector, record, None)  # a bare username: tolerated
            return
        if not isinstance(record, dict):
            raise InputError(label, f"{where} should be an object with 'UserName', got {_kind(record)}", INSPECT_HINT)
        found, user = get_ci(record, "UserName")
        if not found:
            keys = ", ".join(repr(k) for k in list(record)[:4]) or "no keys"
            raise InputError(label, f"{where} has unexpected key {keys}; expected 'UserName' and 'Date'",
                             INSPECT_HINT)
        if user is not None and not isinstance(user, str):
            raise InputError(label, f"{where}: 'UserName' should be text, got {_kind(user)}", INSPECT_HINT)
        _, date = get_ci(record, "Date")
        add_user(collector, user, utc_seconds(date if isinstance(date, str) else None, DATE_FORMATS))

    # -- TXT -----------------------------------------------------------------------------------------------

    def _read_txt(self, files: ExportFiles, request: ImportRequest) -> Snapshot:
        owner, profile_member = self._txt_owner(files)
        snapshot = start_snapshot(files, request, self.platform, "tiktok-txt", owner=owner)
        if profile_member:
            snapshot.files_used.append(profile_member)
        for list_name, members in _txt_members(files).items():
            collector = Collector(list_name)
            for member in members:
                self._read_txt_file(files, member, collector)
                snapshot.files_used.append(member)
            collector.into(snapshot)
        return snapshot

    @staticmethod
    def _read_txt_file(files: ExportFiles, member: str, collector: Collector) -> None:
        label = files.label(member)
        record: dict[str, str] = {}
        start = 0

        def flush() -> None:
            if not record:
                return
            if "username" not in record:
                keys = ", ".join(repr(k) for k in record)
                raise InputError(label, f"the record at line {start} has {keys} but no 'Username:' line", INSPECT_HINT)
            add_user(collector, record["username"], utc_seconds(record.get("date"), DATE_FORMATS))
            record.clear()

        for number, line in enumerate(files.read_text(member).splitlines(), start=1):
            text = line.strip()
            if not text:
                flush()
                continue
            match = _TXT_LINE.match(text)
            if match is None:
                raise InputError(label, f"line {number} is not a 'Key: value' line (got {text[:30]!r}); "
                                 "expected 'Date: …' and 'Username: …' records", INSPECT_HINT)
            key = match.group("key").strip().lower()
            if key in record:  # a new record started without a blank line between
                flush()
            if not record:
                start = number
            record[key] = match.group("value").strip()
        flush()

    @staticmethod
    def _txt_owner(files: ExportFiles) -> tuple[str | None, str | None]:
        """(owner, member) from `Profile Info.txt`'s `Username:` line, when there is one (layout [I])."""
        for name in files.names():
            if PurePosixPath(name).name.lower() == "profile info.txt":
                for line in files.read_text(name).splitlines():
                    match = _TXT_LINE.match(line.strip())
                    if match and match.group("key").lower() == "username" and match.group("value").strip():
                        return normalize_handle(match.group("value")), name
        return None, None


def _deep_find_object(value: Any, key: str, depth: int = 0) -> tuple[bool, Any]:
    if depth > _MAX_DEPTH or not isinstance(value, dict):
        return False, None
    found, inner = get_ci(value, key)
    if found and isinstance(inner, dict):
        return True, inner
    for child in value.values():
        found, inner = _deep_find_object(child, key, depth + 1)
        if found:
            return True, inner
    return False, None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
