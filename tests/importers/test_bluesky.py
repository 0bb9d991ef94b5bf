"""Bluesky repo.car: follows and blocks as DIDs, no followers (and the site is told why), damaged files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import cbor2
import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.bluesky import NO_FOLLOWERS, looks_like_car

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bluesky"
EXPORT = FIXTURES / "bsky-export-2026-03-03"
OWNER = "did:plc:ownerownerownerowner0001"
FOLLOWS = {"did:plc:alicealicealicealice0001": "2024-11-20T12:34:56.789Z",
           "did:plc:bobbobbobbobbobbobbob0002": "2025-01-02T03:04:05.000Z",
           "did:web:carol.example": "2025-02-03T00:00:00Z"}
BLOCKS = {"did:plc:trolltrolltrolltroll0003": "2025-03-01T10:00:00.000Z"}


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def cid(block: bytes, codec: int = 0x71) -> bytes:
    """CIDv1, sha2-256 (formats.md §6): 0x01 <codec> 0x12 0x20 <digest>."""
    return bytes([0x01, codec, 0x12, 0x20]) + hashlib.sha256(block).digest()


def link(raw_cid: bytes) -> cbor2.CBORTag:
    return cbor2.CBORTag(42, b"\x00" + raw_cid)  # DAG-CBOR links: tag 42 over 0x00 + CID bytes


def build_car() -> bytes:
    """A small, valid repository: commit → one MST node → follow and block records, plus one raw block."""
    def dag(value: object) -> bytes:
        return cbor2.dumps(value, canonical=True)

    records: list[tuple[str, bytes]] = []
    for index, (did, created) in enumerate(FOLLOWS.items()):
        records.append((f"app.bsky.graph.follow/3laddfmodl2{index}z",
                        dag({"$type": "app.bsky.graph.follow", "subject": did, "createdAt": created})))
    for index, (did, created) in enumerate(BLOCKS.items()):
        records.append((f"app.bsky.graph.block/3lbbbfmodl2{index}z",
                        dag({"$type": "app.bsky.graph.block", "subject": did, "createdAt": created})))
    records.append(("app.bsky.actor.profile/self", dag({"$type": "app.bsky.actor.profile", "displayName": "Me"})))
    entries, previous = [], b""
    for key, block in sorted(records):
        key_bytes = key.encode()
        shared = next((i for i, (a, b) in enumerate(zip(previous, key_bytes, strict=False)) if a != b),
                      min(len(previous), len(key_bytes)))
        entries.append({"p": shared, "k": key_bytes[shared:], "v": link(cid(block)), "t": None})
        previous = key_bytes
    mst = dag({"l": None, "e": entries})
    commit = dag({"did": OWNER, "version": 3, "data": link(cid(mst)), "rev": "3laddfmodl22z", "prev": None,
                  "sig": b"\x01" * 64})
    raw = b"not a record"
    header = dag({"version": 1, "roots": [link(cid(commit))]})
    out = bytearray(varint(len(header)) + header)
    for block, codec in [(commit, 0x71), (mst, 0x71), *((b, 0x71) for _, b in records), (raw, 0x55)]:
        section = cid(block, codec) + block
        out += varint(len(section)) + section
    return bytes(out)


def test_fixture_is_the_builder_output() -> None:
    assert (EXPORT / "repo.car").read_bytes() == build_car()


def test_follows_and_blocks_become_following_and_blocked() -> None:
    [snapshot] = read_export(EXPORT, ImportRequest(source="bsky"))
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("bluesky", "bluesky-car", "did")
    assert snapshot.owner == OWNER
    assert snapshot.date == "2026-03-03"
    assert set(snapshot.lists["following"]) == set(FOLLOWS)
    assert set(snapshot.lists["blocked"]) == set(BLOCKS)
    assert snapshot.lists["following"]["did:plc:alicealicealicealice0001"].timestamp == 1732106096
    assert snapshot.files_used == ["repo.car"]


def test_followers_are_absent_never_empty_and_the_warning_says_why() -> None:
    [snapshot] = read_export(EXPORT, ImportRequest(source="bsky"))
    assert "followers" not in snapshot.lists
    assert NO_FOLLOWERS in snapshot.warnings
    categories = categorize(snapshot)
    assert "mutuals" not in categories and "fans" not in categories and "not_following_back" not in categories
    assert categories["blocked"] == sorted(BLOCKS)


def test_a_single_car_file_and_detection_by_content(tmp_path: Path) -> None:
    odd = tmp_path / "download.bin"  # indigo#627: a download may be named after the XRPC call
    odd.write_bytes(build_car())
    assert looks_like_car(build_car()[:64])
    [snapshot] = read_export(odd, ImportRequest(source="download.bin"))
    assert snapshot.platform == "bluesky" and set(snapshot.lists["following"]) == set(FOLLOWS)
    assert any("export date taken from" in w for w in snapshot.warnings)  # the name carries no date


def test_a_truncated_car_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(build_car()[:-20])
    with pytest.raises(InputError) as caught:
        read_export(path, ImportRequest(source="repo.car"))
    assert "repo.car" in caught.value.line() and "cut off" in caught.value.line()


def test_a_non_car_file_named_repo_car_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(b'{"this": "is json, not a CAR"}')
    with pytest.raises(InputError) as caught:
        read_export(path, ImportRequest(source="repo.car"))
    assert "repo.car" in caught.value.line() and "not a CAR file" in caught.value.line()


def test_a_header_that_is_not_carv1(tmp_path: Path) -> None:
    header = cbor2.dumps({"version": 2, "roots": []}, canonical=True)
    path = tmp_path / "repo.car"
    path.write_bytes(varint(len(header)) + header)
    with pytest.raises(InputError, match="version: 1"):
        read_export(path, ImportRequest(source="repo.car"))
