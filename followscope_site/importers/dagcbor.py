"""A strict DAG-CBOR decoder for the blocks of a Bluesky `repo.car` (importers/bluesky.py).

Why not a general CBOR library (cbor2, which we used before): DAG-CBOR is a small, deterministic subset of
CBOR, and everything outside it is either meaningless in a repository or dangerous in a file from anyone.
CBOR's value-sharing tags (28/29) let 718 bytes decode into a graph with 2^60 leaves; a general decoder
honours them (and indefinite lengths, and any other tag) before we see the result, so no check afterwards can
bound it. This decoder accepts only what DAG-CBOR allows, refusing the rest as it reads:
- definite lengths only, every length checked against the bytes left before anything is built;
- map keys are text, each once; tag 42 (a CID link, kept as `Link`) is the only tag;
- simple values false, true and null, and 64-bit floats (not NaN or infinities); nothing else.
Each value consumes at least one byte of input and nothing is shared, so the work and the memory are linear in
the block's size; nesting is bounded by MAX_DEPTH. Errors are DagCborError (a ValueError) saying where.
"""

from __future__ import annotations

import math
import struct
from typing import Any

MAX_DEPTH = 64  # a record nests a few levels; the MST node three


class DagCborError(ValueError):
    """The bytes are not DAG-CBOR; the message says what and at which byte."""


class Link(bytes):
    """A CID link (tag 42): the binary CID, without the leading 0x00 of its byte string."""

    __slots__ = ()


_FLOAT64 = struct.Struct(">d")


def decode(data: bytes | memoryview) -> Any:
    """The one value the bytes hold; DagCborError for anything else (trailing bytes included)."""
    view = memoryview(data).cast("B") if not isinstance(data, bytes) else data
    value, pos = _Decoder(view).value(0, 0)
    if pos != len(view):
        raise DagCborError(f"{len(view) - pos} bytes after the value at byte {pos}")
    return value


class _Decoder:
    __slots__ = ("data", "end")

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data
        self.end = len(data)

    def head(self, pos: int) -> tuple[int, int, int, int]:
        """(major type, additional info, argument, position after the head)."""
        if pos >= self.end:
            raise DagCborError(f"the data ends at byte {pos} where a value should start")
        first = self.data[pos]
        major, info = first >> 5, first & 0x1F
        pos += 1
        if info < 24:
            return major, info, info, pos
        if info > 27:
            what = "an indefinite length" if info == 31 else f"reserved additional information {info}"
            raise DagCborError(f"{what} at byte {pos - 1} (DAG-CBOR allows neither)")
        size = 1 << (info - 24)
        if pos + size > self.end:
            raise DagCborError(f"the data ends inside the value at byte {pos - 1}")
        return major, info, int.from_bytes(self.data[pos:pos + size], "big"), pos + size

    def value(self, pos: int, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise DagCborError(f"values nested more than {MAX_DEPTH} deep at byte {pos}")
        start = pos
        major, info, argument, pos = self.head(pos)
        if major == 0:
            return argument, pos
        if major == 1:
            return -1 - argument, pos
        if major in (2, 3):
            end = pos + argument
            if end > self.end:
                raise DagCborError(f"a string of {argument:,} bytes at byte {start} runs past the data")
            raw = self.data[pos:end]
            if major == 2:
                return bytes(raw), end
            try:
                return str(raw, "utf-8"), end
            except UnicodeDecodeError:
                raise DagCborError(f"the text at byte {start} is not UTF-8") from None
        if major == 4:
            if argument > self.end - pos:  # every item takes at least one byte
                raise DagCborError(f"a list of {argument:,} items at byte {start} runs past the data")
            items = []
            for _ in range(argument):
                item, pos = self.value(pos, depth + 1)
                items.append(item)
            return items, pos
        if major == 5:
            if argument > (self.end - pos) // 2:
                raise DagCborError(f"a map of {argument:,} entries at byte {start} runs past the data")
            mapping: dict[str, Any] = {}
            for _ in range(argument):
                key_at = pos
                key, pos = self.value(pos, depth + 1)
                if not isinstance(key, str):
                    raise DagCborError(f"a map key at byte {key_at} is not text (DAG-CBOR keys are text)")
                if key in mapping:
                    raise DagCborError(f"the map key at byte {key_at} is written twice")
                mapping[key], pos = self.value(pos, depth + 1)
            return mapping, pos
        if major == 6:
            if argument != 42:
                raise DagCborError(f"CBOR tag {argument} at byte {start} is not allowed in DAG-CBOR "
                                   "(only tag 42, a CID link)")
            inner, pos = self.value(pos, depth + 1)
            if not isinstance(inner, bytes) or inner[:1] != b"\x00" or len(inner) < 2:
                raise DagCborError(f"the CID link at byte {start} is not a byte string starting with 0x00")
            return Link(inner[1:]), pos
        # major 7: simple values and floats
        if info == 20:
            return False, pos
        if info == 21:
            return True, pos
        if info == 22:
            return None, pos
        if info == 27:
            number = _FLOAT64.unpack(self.data[pos - 8:pos])[0]
            if not math.isfinite(number):
                raise DagCborError(f"the number at byte {start} is NaN or infinite (DAG-CBOR forbids them)")
            return number, pos
        raise DagCborError(f"simple value or float of kind {info} at byte {start} is not allowed in DAG-CBOR")
