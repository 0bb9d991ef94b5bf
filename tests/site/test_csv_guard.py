"""The CSV formula guard's rule, as docs/report.md writes it, against its shared test vectors.

The browser's encoder (list.js `neutralise`) runs the same vectors in tests/browser/test_lists.py; here the
vectors themselves are checked against the rule, and the rule against its purpose: whatever a spreadsheet
splits a cell on, no piece starts a formula.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "csv_formula_guard.json")
                     .read_text(encoding="utf-8"))
TRIGGERS, SEPARATORS = VECTORS["triggers"], VECTORS["separators"]


def rule_as_written(cell: str) -> str:
    """An apostrophe before every trigger at the start of the cell or after a separator, spaces skipped."""
    out: list[str] = []
    at_piece_start = True
    for char in cell:
        if at_piece_start and char in TRIGGERS:
            out.append("'")
        out.append(char)
        if char in SEPARATORS:
            at_piece_start = True
        elif char != " ":
            at_piece_start = False
    return "".join(out)


def test_the_shared_vectors_follow_the_rule() -> None:
    assert (TRIGGERS, SEPARATORS) == ("=+-@\t\r", ",;|\t\r\n")
    for vector in VECTORS["vectors"]:
        assert rule_as_written(vector["cell"]) == vector["written"], vector


def _pieces(cell: str) -> list[str]:
    pieces = [cell]
    for separator in SEPARATORS:
        pieces = [p for piece in pieces for p in piece.split(separator)]
    return pieces


@given(st.text(alphabet=st.sampled_from("ab =+-@\t\r\n,;|'\""), max_size=30))
def test_no_piece_starts_a_formula(cell: str) -> None:
    for piece in _pieces(rule_as_written(cell)):
        assert not piece.lstrip(" ").startswith(tuple(TRIGGERS)), (cell, piece)
