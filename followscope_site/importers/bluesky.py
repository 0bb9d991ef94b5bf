"""Bluesky's "Export my data": the account's signed repository as a CARv1 file, `repo.car` (formats.md §6).

Quirks handled here:
- CARv1 is varint(header length) + DAG-CBOR header `{roots, version: 1}`, then sections of
  varint(length) + CID + block; blocks are DAG-CBOR (importers/dagcbor.py says why a strict decoder of our own);
- the root is the commit `{did, version, data, …}`; `data` links to the root of a Merkle search tree (MST) whose
  entries map `collection/rkey` keys (prefix-compressed: `p` bytes of the previous key, then `k`) to records;
- only records reachable from that tree are the account's current records: a repository export can also carry
  older blocks of records that were deleted or rewritten, which are not follows, so blocks are never read
  in file order, only by walking the tree (each block at most once, so a crafted cycle ends);
- the repository holds only records the account wrote: its follows (`app.bsky.graph.follow`) and blocks
  (`app.bsky.graph.block`), each naming a DID; nobody's follow *of you* is in it, so followers are absent.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath
from typing import Any

from followscope_site.errors import InputError, excerpt
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.base import Importer, ImportRequest
from followscope_site.importers.dagcbor import DagCborError, Link, decode
from followscope_site.importers.partial import Collector, iso_seconds, start_snapshot
from followscope_site.model import Snapshot

RECORD_LISTS = {"app.bsky.graph.follow": "following", "app.bsky.graph.block": "blocked"}
NO_FOLLOWERS = ("Bluesky's export holds only records you wrote (whom you follow and block); who follows you is "
                "stored in their repositories, not yours, so the site shows no followers, mutuals or fans for Bluesky")
_CAR_SUFFIXES = (".car", ".getrepo")
_DAG_CBOR, _SHA2_256 = 0x71, 0x12
_CAR_HINT = "export the repository again (Settings → Account → Export my data); the file may be cut off"
_MAX_KEY = 1024  # repository keys are `collection/rkey`, at most a few hundred bytes


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


def _split_cid(section: memoryview) -> tuple[int, int, int, int]:
    """(codec, multihash code, start of the digest, length of the CID) at the start of a section."""
    if len(section) >= 34 and section[0] == 0x12 and section[1] == 0x20:
        return 0x70, _SHA2_256, 2, 34  # CIDv0: dag-pb, never a record
    version, pos = read_varint(section, 0)
    if version != 1:
        raise ValueError(f"CID version {version}")
    codec, pos = read_varint(section, pos)
    hash_code, pos = read_varint(section, pos)
    digest_length, pos = read_varint(section, pos)
    end = pos + digest_length
    if end > len(section):
        raise ValueError("CID cut off")
    return codec, hash_code, pos, end


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
        collectors = {name: Collector(name, member=member) for name in RECORD_LISTS.values()}
        car = Car(files, member)
        owner = car.read(collectors)
        if car.missing:
            snapshot.partial = True
            snapshot.warnings.append(f"{PurePosixPath(member).name}: {car.missing:,} blocks of the repository's tree "
                                     "are not in the file; the lists are incomplete (export the repository again)")
        if not request.owner and owner:
            snapshot.owner = owner
        snapshot.files_used.append(member)
        snapshot.files_ignored.extend(members[1:])
        for collector in collectors.values():
            collector.into(snapshot)  # present even when empty: the repository says "none"
        snapshot.warnings.append(NO_FOLLOWERS)
        return [snapshot]


class Car:
    """One CAR file: its blocks indexed by CID, decoded only when the tree walk reaches them."""

    def __init__(self, files: ExportFiles, member: str) -> None:
        self.label = files.label(member)
        self.name = PurePosixPath(member).name
        self.max_blocks = files.limits.max_entries
        self.data = memoryview(files.read_bytes(member))
        self.blocks: dict[bytes, tuple[int, int, int, int]] = {}  # CID -> (start, end of the block, digest at, hash)
        self.missing = 0  # tree or record blocks the walk needed but the file lacks
        self.order: dict[bytes, int] = {}  # CID -> section number, for messages
        self.decoded: dict[bytes, Any] = {}

    def fail(self, problem: str) -> InputError:
        return InputError(self.label, problem, _CAR_HINT)

    def read(self, collectors: dict[str, Collector]) -> str | None:
        """Collect the follow and block records of the current tree; return the committing account's DID."""
        root = self._index()
        commit = self._block(root, "the commit")
        if commit is None:
            raise self.fail(f"{self.name} does not hold its root block (the commit); it is not a whole repository")
        if not isinstance(commit, dict) or not isinstance(commit.get("data"), Link):
            raise self.fail(f"{self.name}'s root block is not a repository commit {{did, version, data, …}}")
        did = commit.get("did")
        for key, record_cid in self._walk(commit["data"]):
            collection = key.split("/", 1)[0]
            list_name = RECORD_LISTS.get(collection)
            if list_name is None:
                continue
            record = self._block(record_cid, f"record {excerpt(key, 80)}")
            if record is None:
                continue  # counted in self.missing
            collector = collectors[list_name]
            subject = record.get("subject") if isinstance(record, dict) else None
            if isinstance(record, dict) and record.get("$type") == collection and isinstance(subject, str) \
                    and subject.startswith("did:"):
                collector.add(subject, iso_seconds(record.get("createdAt")))
            else:
                collector.invalid.append(excerpt(subject) if isinstance(record, dict) else excerpt(record))
        return did.strip().lower() if isinstance(did, str) else None

    def _index(self) -> bytes:
        """Every section's place by CID (the first of equal CIDs wins); the root CID from the header."""
        data = self.data
        try:
            header_length, pos = read_varint(data, 0)
            header = decode(data[pos:pos + header_length]) if pos + header_length <= len(data) else None
        except (ValueError, DagCborError):
            header = None
        roots = header.get("roots") if isinstance(header, dict) else None
        if not isinstance(header, dict) or header.get("version") != 1 or not isinstance(roots, list):
            raise self.fail(f"{self.name} is not a CAR file: expected a header {{roots, version: 1}} at the start")
        if not roots or not isinstance(roots[0], Link):
            raise self.fail(f"{self.name} names no root (the repository's commit) in its header")
        pos += header_length
        sections = 0
        while pos < len(data):
            try:
                section_length, start = read_varint(data, pos)
            except ValueError:
                raise self.fail(f"the CAR file is cut off after {sections} blocks") from None
            end = start + section_length
            if section_length == 0 or end > len(data):
                raise self.fail(f"the CAR file is cut off after {sections} blocks")
            pos = end
            sections += 1
            if sections > self.max_blocks:
                raise InputError(self.label, f"more than {self.max_blocks:,} blocks",
                                 "raise `limits.max_entries` in the config if this is genuine")
            try:
                codec, hash_code, digest_at, cid_length = _split_cid(data[start:end])
            except ValueError as exc:
                raise self.fail(f"block {sections} has an unreadable CID ({exc})") from None
            if codec != _DAG_CBOR:
                continue
            cid = bytes(data[start:start + cid_length])
            if cid not in self.blocks:
                self.blocks[cid] = (start + cid_length, end, start + digest_at, hash_code)
                self.order[cid] = sections
        return bytes(roots[0])

    def _block(self, cid: bytes, what: str) -> Any:
        """The decoded block of a CID (its hash checked when it is sha2-256); None, counted, when absent.
        Each block is decoded at most once (two records of equal content share one block)."""
        if cid in self.decoded:
            return self.decoded[cid]
        place = self.blocks.get(cid)
        if place is None:
            self.missing += 1
            return None
        start, end, digest_at, hash_code = place
        block = self.data[start:end]
        where = f"block {self.order[cid]} ({what})"
        if hash_code == _SHA2_256 and hashlib.sha256(block).digest() != self.data[digest_at:start]:
            raise self.fail(f"{where} does not match its CID: the file is damaged")
        try:
            value = self.decoded[cid] = decode(block)
        except DagCborError as exc:
            raise self.fail(f"{where} is not valid DAG-CBOR ({exc})") from None
        return value

    def _walk(self, root: Link) -> list[tuple[str, bytes]]:
        """(key, record CID) of every entry of the tree, in key order, without recursion."""
        found: list[tuple[str, bytes]] = []
        pending: list[tuple[str, Any]] = [("node", root)]
        visited: set[bytes] = set()
        while pending:
            kind, item = pending.pop()
            if kind == "entry":
                found.append(item)
                continue
            if item in visited:
                raise self.fail(f"the tree of {self.name} links a node twice (a crafted file, not an export)")
            visited.add(item)
            node = self._block(item, "a tree node")
            if node is None:
                continue
            if not isinstance(node, dict) or not isinstance(node.get("e"), list):
                raise self.fail(f"a tree node of {self.name} is not {{l, e: […]}}")
            later: list[tuple[str, Any]] = []
            if isinstance(node.get("l"), Link):
                later.append(("node", node["l"]))
            previous = b""
            for entry in node["e"]:
                key, value, right = self._entry(entry, previous)
                previous = key
                later.append(("entry", (key.decode("utf-8", "replace"), value)))
                if right is not None:
                    later.append(("node", right))
            pending.extend(reversed(later))
        return found

    def _entry(self, entry: Any, previous: bytes) -> tuple[bytes, Link, Link | None]:
        """(full key, record CID, right subtree) of one MST entry {p, k, v, t}."""
        if not isinstance(entry, dict):
            raise self.fail(f"a tree entry of {self.name} is not {{p, k, v, t}}")
        shared, suffix, value, right = entry.get("p"), entry.get("k"), entry.get("v"), entry.get("t")
        if not isinstance(shared, int) or not 0 <= shared <= len(previous) or not isinstance(suffix, bytes) \
                or not isinstance(value, Link) or not (right is None or isinstance(right, Link)):
            raise self.fail(f"a tree entry of {self.name} is not {{p, k, v, t}} with a key prefix length "
                            "within the previous key")
        key = previous[:shared] + suffix
        if len(key) > _MAX_KEY:
            raise self.fail(f"a tree entry of {self.name} has a key of {len(key):,} bytes")
        return key, value, right
