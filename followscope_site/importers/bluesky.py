"""Bluesky's "Export my data": the account's signed repository as a CARv1 file, `repo.car` (formats.md §6).

Quirks handled here:
- CARv1 is varint(header length) + DAG-CBOR header `{roots, version: 1}`, then sections of
  varint(length) + CID + block; blocks are DAG-CBOR, with CIDs as tag 42 (we keep them as bytes);
- the repository holds only records the account wrote: its follows (`app.bsky.graph.follow`) and blocks
  (`app.bsky.graph.block`), each naming a DID; nobody's follow *of you* is in it, so followers are absent;
- a `getRepo` export holds only the current tree's blocks, so every follow record found is live [formats.md §6, I].
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import cbor2

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.partial import Collector, iso_seconds, start_snapshot
from followscope_site.model import Snapshot

RECORD_LISTS = {"app.bsky.graph.follow": "following", "app.bsky.graph.block": "blocked"}
NO_FOLLOWERS = ("Bluesky's export holds only records you wrote (whom you follow and block); who follows you is "
                "stored in their repositories, not yours, so the site shows no followers, mutuals or fans for Bluesky")
_CAR_SUFFIXES = (".car", ".getrepo")
_DAG_CBOR, _RAW = 0x71, 0x55
_CAR_HINT = "export the repository again (Settings → Account → Export my data); the file may be cut off"


def read_varint(data: bytes | memoryview, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 varint at `pos`: (value, position after it). ValueError when cut off or too long."""
    value = shift = 0
    for index in range(pos, min(pos + 9, len(data))):
        byte = data[index]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, index + 1
        shift += 7
    raise ValueError("varint cut off or too long")


def _split_cid(section: memoryview) -> tuple[int, int]:
    """(codec, length of the CID) at the start of a section: CIDv0 (bare sha256 multihash) or CIDv1."""
    if len(section) >= 34 and section[0] == 0x12 and section[1] == 0x20:
        return 0x70, 34  # CIDv0: dag-pb, never a record
    version, pos = read_varint(section, 0)
    if version != 1:
        raise ValueError(f"CID version {version}")
    codec, pos = read_varint(section, pos)
    _, pos = read_varint(section, pos)  # multihash code
    digest_length, pos = read_varint(section, pos)
    end = pos + digest_length
    if end > len(section):
        raise ValueError("CID cut off")
    return codec, end


def _tag_hook(*args: Any) -> Any:
    """Tag 42 (a CID link) stays as its bytes: we never follow links.

    cbor2 5 calls `hook(decoder, tag)`, cbor2 6 `hook(tag, immutable)`: take the tag wherever it is.
    """
    tag = next(a for a in args if isinstance(a, cbor2.CBORTag))
    return tag.value


def looks_like_car(head: bytes) -> bool:
    """The first bytes are a varint and a DAG-CBOR map holding `roots` and `version` (formats.md §9)."""
    try:
        length, pos = read_varint(head, 0)
    except ValueError:
        return False
    return 0 < length < 4096 and pos < len(head) and 0xA1 <= head[pos] <= 0xA3 and b"roots" in head[pos:pos + length]


def _car_members(files: ExportFiles) -> list[str]:
    named = [n for n in files.names() if n.lower().endswith(_CAR_SUFFIXES)]
    if named or files.kind != "file":
        return named
    single = files.names()
    try:
        return single if looks_like_car(files.read_bytes(single[0])[:64]) else []
    except InputError:
        return []


class BlueskyImporter(Importer):
    """Bluesky repository exports: follows and blocks as DIDs; no followers."""

    platform = "bluesky"

    @classmethod
    def detect(cls, files: ExportFiles) -> bool:
        return bool(_car_members(files))

    def read(self, files: ExportFiles, request: ImportRequest) -> list[Snapshot]:
        members = _car_members(files)
        if not members:
            raise InputError(request.source, "holds no Bluesky repository (repo.car)", _CAR_HINT)
        member = members[0]
        snapshot = start_snapshot(files, request, self.platform, "bluesky-car", identifier="did")
        collectors = {name: Collector(name) for name in RECORD_LISTS.values()}
        owner = self._read_car(files, member, collectors)
        if not request.owner and owner:
            snapshot.owner = owner
        snapshot.files_used.append(member)
        snapshot.files_ignored.extend(members[1:])
        for collector in collectors.values():
            collector.into(snapshot)  # present even when empty: the repository says "none"
        snapshot.warnings.append(NO_FOLLOWERS)
        return [snapshot]

    @staticmethod
    def _read_car(files: ExportFiles, member: str, collectors: dict[str, Collector]) -> str | None:
        """Collect follow and block records; return the committing account's DID."""
        label = files.label(member)
        data = memoryview(files.read_bytes(member))
        name = PurePosixPath(member).name
        try:
            header_length, pos = read_varint(data, 0)
            header = cbor2.loads(bytes(data[pos:pos + header_length]), tag_hook=_tag_hook)
        except (ValueError, cbor2.CBORDecodeError, EOFError):
            header = None
        if not isinstance(header, dict) or header.get("version") != 1 or not isinstance(header.get("roots"), list):
            raise InputError(label, f"{name} is not a CAR file: expected a header {{roots, version: 1}} at the start",
                             _CAR_HINT)
        pos += header_length
        owner: str | None = None
        blocks = 0
        while pos < len(data):
            try:
                section_length, start = read_varint(data, pos)
            except ValueError:
                raise InputError(label, f"the CAR file is cut off after {blocks} blocks", _CAR_HINT) from None
            end = start + section_length
            if section_length == 0 or end > len(data):
                raise InputError(label, f"the CAR file is cut off after {blocks} blocks", _CAR_HINT)
            section = data[start:end]
            pos = end
            blocks += 1
            if blocks > files.limits.max_entries:
                raise InputError(label, f"more than {files.limits.max_entries:,} blocks",
                                 "raise `limits.max_entries` in the config if this is genuine")
            try:
                codec, cid_length = _split_cid(section)
            except ValueError as exc:
                raise InputError(label, f"block {blocks} has an unreadable CID ({exc})", _CAR_HINT) from None
            if codec != _DAG_CBOR:
                continue
            try:
                value = cbor2.loads(bytes(section[cid_length:]), tag_hook=_tag_hook, max_depth=64)
            except (cbor2.CBORDecodeError, EOFError, ValueError, RecursionError) as exc:
                raise InputError(label, f"block {blocks} is not valid DAG-CBOR ({exc})", _CAR_HINT) from None
            if not isinstance(value, dict):
                continue
            record_type = value.get("$type")
            if isinstance(record_type, str) and record_type in RECORD_LISTS:
                subject = value.get("subject")
                collector = collectors[RECORD_LISTS[record_type]]
                if isinstance(subject, str) and subject.startswith("did:"):
                    collector.add(subject, iso_seconds(value.get("createdAt")))
                else:
                    collector.invalid.append(repr(subject)[:40])
            elif owner is None and isinstance(value.get("did"), str) and "data" in value and "version" in value:
                owner = value["did"].strip().lower()  # the commit block (formats.md §6)
        return owner
