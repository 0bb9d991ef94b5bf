"""The X (Twitter) archive: `data/*.js` files that assign JSON to a global (formats.md §5).

Quirks handled here:
- each file is JavaScript (`window.YTD.follower.part0 = [ … ]`): we strip the assignment and decode the JSON,
  never evaluate it; the manifest is `window.__THAR_CONFIG = { … }`;
- big lists are split in parts (`follower-part1.js`, …) that `manifest.js` enumerates under `dataTypes`;
- the lists hold numeric account ids only (no usernames, no dates), linked as `https://x.com/i/user/<id>`;
- the manifest states each list's count as a string, and `isPartialArchive` when the archive is incomplete;
- the archive of before 2019 (`tweets.csv`, `data/js/user_details.js`, `data/js/tweets/YYYY_MM.js`) holds tweets
  and the profile only: it is named as such, with the way to get one that has the lists.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import msgspec

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.jsonfile import collector_paused, invalid_json_error
from followscope_site.importers.partial import INSPECT_HINT, Collector, check_declared, iso_seconds, start_snapshot
from followscope_site.model import Snapshot, normalize_handle

# data type → (SPEC list, key inside each item) (formats.md §5)
DATA_TYPES = {"follower": ("followers", "follower"), "following": ("following", "following"),
              "block": ("blocked", "blocking"), "mute": ("muted", "muting")}
_DATA_FILE = re.compile(r"^(?P<type>follower|following|block|mute)(?:-part(?P<n>\d+))?\.js$")
_ASSIGNMENT = re.compile(rb"^\s*window\s*\.\s*(?P<name>YTD\.[A-Za-z0-9_]+\.part\d+|__THAR_CONFIG)\s*=\s*")
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,50}")


def _data_members(files: ExportFiles) -> dict[str, list[tuple[int, str]]]:
    """data type → [(part number, member)], part 0 for the unnumbered file."""
    found: dict[str, list[tuple[int, str]]] = {}
    for name in files.names():
        match = _DATA_FILE.match(PurePosixPath(name).name.lower())
        if match:
            found.setdefault(match.group("type"), []).append((int(match.group("n") or 0), name))
    return {t: sorted(parts) for t, parts in found.items()}


def load_js(files: ExportFiles, member: str) -> Any:
    """The JSON value a `window.X = …` file assigns, decoded without running any JavaScript."""
    label = files.label(member)
    data = files.read_bytes(member)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _ASSIGNMENT.match(data)
    if match is None:
        head = data[:30].decode("utf-8", "replace").strip()
        raise InputError(label, f"starts with {head!r}; expected 'window.YTD.<type>.part0 = '", INSPECT_HINT)
    body = data[match.end():].rstrip().rstrip(b";")
    try:
        with collector_paused():
            return msgspec.json.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        raise invalid_json_error(label, body, offset=match.end()) from None


def _starts_like_js(files: ExportFiles, member: str) -> bool:
    try:
        return _ASSIGNMENT.match(files.read_bytes(member)[:200].lstrip(b"\xef\xbb\xbf")) is not None
    except InputError:
        return False


# The pre-2019 archive ("Your Twitter archive": index.html, tweets.csv, data/js/…) [I: no follow lists in it].
_OLD_ARCHIVE_FILES = ("data/js/user_details.js", "data/js/payload_details.js", "tweets.csv")
NEW_ARCHIVE_HINT = ("request a new archive from X (Settings → Your account → Download an archive of your data): "
                    "since 2019 it holds data/follower.js and data/following.js")


class XImporter(Importer):
    """X/Twitter archives: followers, following, blocks and mutes as numeric account ids."""

    platform = "x"

    @classmethod
    def without_lists(cls, files: ExportFiles) -> InputError | None:
        found = [name for name in _OLD_ARCHIVE_FILES if files.find(name)]
        monthly = any("data/js/tweets/" in f"/{name.lower()}" for name in files.names())
        if not found or (found == ["tweets.csv"] and not monthly):
            return None  # a lone tweets.csv could be anyone's spreadsheet
        named = ", ".join(found)
        return InputError(files.display, f"a Twitter archive from before 2019 ({named}): it holds your tweets and "
                          "profile, but no follower or following lists", NEW_ARCHIVE_HINT)

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        members = _data_members(files)
        return any(_starts_like_js(files, m) for t in ("follower", "following") for _, m in members.get(t, []))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        manifest_name = next(iter(files.find("data/manifest.js", "manifest.js")), None)
        manifest = self._manifest(files, manifest_name)
        account = self._account(files)
        owner = account.get("username") or _dig(manifest, "userInfo", "userName")
        snapshot = start_snapshot(files, request, self.platform, "x-archive", identifier="id",
                                  owner=normalize_handle(owner) if isinstance(owner, str) and owner.strip() else None)
        generated = iso_seconds(_dig(manifest, "archiveInfo", "generationDate"))
        if generated is not None:
            snapshot.taken_at, snapshot.date_source = datetime.fromtimestamp(generated, tz=UTC), "manifest"
        if manifest_name:
            snapshot.files_used.append(manifest_name)
        snapshot.files_used.extend(files.find("data/account.js"))
        found = _data_members(files)
        for data_type, (list_name, inner) in DATA_TYPES.items():
            members = self._parts(files, data_type, found, manifest, snapshot)
            if not members:
                continue
            collector = Collector(list_name)
            for member in members:
                self._read_list(files, member, data_type, inner, collector)
                snapshot.files_used.append(member)
            collector.into(snapshot)
            declared = _declared_count(manifest, data_type)
            check_declared(snapshot, list_name, declared, f"manifest.js dataTypes.{data_type}")
        if str(_dig(manifest, "archiveInfo", "isPartialArchive")).lower() == "true":
            snapshot.partial = True
            snapshot.warnings.append("manifest.js says this is a partial archive: lists may be incomplete "
                                     "(request the full archive)")
        for name in ("followers", "following"):
            if name not in snapshot.lists:
                snapshot.warnings.append(f"no {name} list in this archive (data/{name.rstrip('s')}.js is missing); "
                                         "pages that need it are left out")
        return [snapshot]

    @staticmethod
    def _manifest(files: ExportFiles, member: str | None) -> dict[str, Any]:
        if member is None:
            return {}
        value = load_js(files, member)
        if not isinstance(value, dict):
            raise InputError(files.label(member), "expected an object after 'window.__THAR_CONFIG ='", INSPECT_HINT)
        return value

    @staticmethod
    def _account(files: ExportFiles) -> dict[str, Any]:
        for member in files.find("data/account.js"):
            value = load_js(files, member)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                inner = value[0].get("account")
                if isinstance(inner, dict):
                    username = inner.get("username")
                    if isinstance(username, str) and _HANDLE.fullmatch(username):
                        return {"username": username}
        return {}

    @staticmethod
    def _parts(files: ExportFiles, data_type: str, found: dict[str, list[tuple[int, str]]],
               manifest: dict[str, Any], snapshot: Snapshot) -> list[str]:
        """The members of one data type: the manifest's list when it has one, else the files found."""
        members = [m for _, m in found.get(data_type, [])]
        listed = _dig(manifest, "dataTypes", data_type, "files")
        if not isinstance(listed, list):
            return members
        named: list[str] = []
        for item in listed:
            file_name = item.get("fileName") if isinstance(item, dict) else None
            if not isinstance(file_name, str):
                continue
            hits = files.find(file_name)
            if hits:
                named.append(hits[0])
            else:
                snapshot.partial = True
                snapshot.warnings.append(f"manifest.js lists {file_name!r}, which is missing; "
                                         f"the {DATA_TYPES[data_type][0]} list is incomplete")
        return named + [m for m in members if m not in named]

    @staticmethod
    def _read_list(files: ExportFiles, member: str, data_type: str, inner: str, collector: Collector) -> None:
        label = files.label(member)
        value = load_js(files, member)
        if not isinstance(value, list):
            raise InputError(label, f"expected a list after 'window.YTD.{data_type}.part0 =', "
                             f"got {type(value).__name__}", INSPECT_HINT)
        for index, item in enumerate(value):
            record = item.get(inner) if isinstance(item, dict) else None
            if not isinstance(record, dict):
                keys = ", ".join(repr(k) for k in list(item)[:3]) if isinstance(item, dict) else repr(item)[:30]
                raise InputError(label, f"item {index} has {keys or 'no keys'}; expected {inner!r}", INSPECT_HINT)
            if "accountId" not in record:
                keys = ", ".join(repr(k) for k in list(record)[:3]) or "no keys"
                raise InputError(label, f"item {index}: {inner!r} has {keys}; expected 'accountId'", INSPECT_HINT)
            account_id = record["accountId"]
            if isinstance(account_id, int) and not isinstance(account_id, bool):
                account_id = str(account_id)
            if isinstance(account_id, str) and not account_id.strip().isdigit():
                collector.invalid.append(account_id[:40])
                continue
            collector.add(account_id if isinstance(account_id, str) else None)


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _declared_count(manifest: dict[str, Any], data_type: str) -> int | None:
    """The sum of the manifest's `count` strings for one data type, or None when it states none."""
    listed = _dig(manifest, "dataTypes", data_type, "files")
    if not isinstance(listed, list):
        return None
    total, seen = 0, False
    for item in listed:
        count = item.get("count") if isinstance(item, dict) else None
        if isinstance(count, int) and not isinstance(count, bool):
            total, seen = total + count, True
        elif isinstance(count, str) and count.strip().isdigit():
            total, seen = total + int(count), True
    return total if seen else None
