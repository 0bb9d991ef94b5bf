"""Byte-faithful Bluesky repositories for tests: DAG-CBOR blocks, sha2-256 CIDv1, an MST and a CARv1 file.

The encoder writes canonical DAG-CBOR (shortest heads, map keys sorted by length then bytes), as the PDS does;
`Link` values become tag 42 over 0x00 + the binary CID. A repository can carry its history too: the blocks of
an older commit and its tree, and records that were deleted or rewritten since (formats.md §6).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from followscope_site.importers.dagcbor import Link


def head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("argument too large")


def dag(value: object) -> bytes:
    """Canonical DAG-CBOR of plain values, bytes, Link and dicts with text keys."""
    if value is None:
        return b"\xf6"
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, Link):
        return head(6, 42) + dag(b"\x00" + bytes(value))
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(dag(v) for v in value)
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return head(5, len(value)) + b"".join(dag(k) + dag(value[k]) for k in keys)
    raise TypeError(type(value).__name__)


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


def link(block: bytes) -> Link:
    return Link(cid(block))


def follow(did: object, created: str, kind: str = "follow") -> bytes:
    return dag({"$type": f"app.bsky.graph.{kind}", "subject": did, "createdAt": created})


def mst(records: dict[str, bytes]) -> bytes:
    """One MST node holding every record (a small repository fits one node), keys prefix-compressed."""
    entries, previous = [], b""
    for key in sorted(records):
        key_bytes = key.encode()
        shared = next((i for i, (a, b) in enumerate(zip(previous, key_bytes, strict=False)) if a != b),
                      min(len(previous), len(key_bytes)))
        entries.append({"p": shared, "k": key_bytes[shared:], "v": link(records[key]), "t": None})
        previous = key_bytes
    return dag({"l": None, "e": entries})


def commit(owner: str, tree: bytes, rev: str, prev: bytes | None = None) -> bytes:
    return dag({"did": owner, "version": 3, "data": link(tree), "rev": rev, "prev": link(prev) if prev else None,
                "sig": b"\x01" * 64})


@dataclass
class Repository:
    """A repository's blocks in file order, the commit first (as getRepo writes it)."""

    root: bytes  # the commit block
    blocks: list[tuple[bytes, int]] = field(default_factory=list)  # (block, codec), after the root

    def car(self) -> bytes:
        header = dag({"version": 1, "roots": [link(self.root)]})
        out = bytearray(varint(len(header)) + header)
        for block, codec in [(self.root, 0x71), *self.blocks]:
            section = cid(block, codec) + block
            out += varint(len(section)) + section
        return bytes(out)


def repository(owner: str, records: dict[str, bytes], rev: str = "3laddfmodl22z",
               extra: list[bytes] | None = None) -> Repository:
    """The current tree of `records` (key -> record block; blocks in this order), then any `extra` blocks
    (history) and one raw block."""
    tree = mst(records)
    root = commit(owner, tree, rev)
    blocks = [(tree, 0x71), *((block, 0x71) for block in records.values())]
    blocks += [(b, 0x71) for b in extra or []]
    blocks.append((b"not a record", 0x55))
    return Repository(root, blocks)
