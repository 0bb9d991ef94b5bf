"""The strict DAG-CBOR decoder: what DAG-CBOR allows decodes; everything else is refused as it is read."""

from __future__ import annotations

import pytest
from car_export import dag, head

from followscope_site.importers.dagcbor import MAX_DEPTH, DagCborError, Link, decode


def test_plain_values_links_and_maps_round_trip() -> None:
    value = {"a": 1, "bb": [-5, b"\x01", "text", None, True, False, 1.5], "c": Link(b"\x01\x71\x12\x20" + b"x" * 32)}
    decoded = decode(dag(value))
    assert decoded == value and isinstance(decoded["c"], Link)


@pytest.mark.parametrize(("data", "problem"), [
    (head(6, 28) + dag([1]), "CBOR tag 28"),  # value sharing: mark shareable
    (head(6, 29) + dag(0), "CBOR tag 29"),  # value sharing: reference
    (head(6, 1) + dag(0), "CBOR tag 1"),
    (head(6, 42) + dag(b"\x01abc"), "CID link"),  # a link without the 0x00 prefix
    (b"\x9f\x01\xff", "indefinite length"),
    (b"\x5f\x41a\xff", "indefinite length"),
    (b"\x1c", "reserved"),
    (b"\xf7", "not allowed"),  # undefined
    (b"\xf9\x3c\x00", "not allowed"),  # a 16-bit float
    (b"\xfb\x7f\xf8\x00\x00\x00\x00\x00\x00", "NaN or infinite"),
    (head(5, 1) + dag(1) + dag(2), "not text"),
    (head(5, 2) + dag("a") + dag(1) + dag("a") + dag(2), "written twice"),
    (head(3, 2) + b"\xff\xfe", "not UTF-8"),
    (dag(1) + b"\x00", "after the value"),
    (head(4, 2**63), "runs past the data"),  # a list of 2^63 items in 9 bytes: refused before building
    (head(5, 2**40) + dag("a"), "runs past the data"),
    (head(2, 2**40), "runs past the data"),
    (b"\x1b\x00", "ends inside"),
    (b"", "ends at byte 0"),
])
def test_what_dag_cbor_does_not_allow_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(DagCborError, match=problem):
        decode(data)


def test_nesting_is_bounded() -> None:
    decode(b"\x81" * MAX_DEPTH + b"\x00")
    with pytest.raises(DagCborError, match="nested more than"):
        decode(b"\x81" * (MAX_DEPTH + 1) + b"\x00")


def test_value_sharing_bomb_is_refused_at_its_first_byte() -> None:
    """60 levels of [shared, shared] decode into 2^60 leaves where sharing is honoured."""
    bomb = head(6, 28) + dag("x")
    for level in range(60):
        bomb = head(6, 28) + head(4, 2) + (head(6, 29) + dag(level)) * 2
    with pytest.raises(DagCborError, match="CBOR tag 28 at byte 0"):
        decode(bomb)
