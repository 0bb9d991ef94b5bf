"""The CSV formula guard: the rule as written (a character loop a browser can copy) and as run, on the shared
vectors and on any text, and no piece of a download cell starts a formula whatever a spreadsheet splits on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from followscope_site.site.csv_guard import SEPARATORS, TRIGGERS, neutralise
from followscope_site.site.listing import csv_bytes
from followscope_site.site.tables import Row

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "csv_formula_guard.json")
                     .read_text(encoding="utf-8"))


def rule_as_written(cell: str) -> str:
    """The rule of csv_guard's docstring, one character at a time (what the browser's encoder does)."""
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


def test_the_shared_vectors() -> None:
    assert (VECTORS["triggers"], VECTORS["separators"]) == (TRIGGERS, SEPARATORS)
    for vector in VECTORS["vectors"]:
        assert neutralise(vector["cell"]) == vector["written"], vector
        assert rule_as_written(vector["cell"]) == vector["written"], vector


@given(st.text(alphabet=st.sampled_from("ab =+-@\t\r\n,;|'\"é"), max_size=30) | st.text(max_size=30))
def test_the_rule_as_run_is_the_rule_as_written(cell: str) -> None:
    assert neutralise(cell) == rule_as_written(cell)


def _pieces(cell: str) -> list[str]:
    pieces = [cell]
    for separator in SEPARATORS:
        pieces = [p for piece in pieces for p in piece.split(separator)]
    return pieces


@given(st.text(alphabet=st.sampled_from("ab =+-@\t\r\n,;|'\""), max_size=30))
def test_no_piece_starts_a_formula(cell: str) -> None:
    for piece in _pieces(neutralise(cell)):
        assert not piece.lstrip(" ").startswith(tuple(TRIGGERS)), (cell, piece)


def test_downloads_split_on_any_separator_start_no_formula() -> None:
    hostile = ["a;=HYPERLINK(\"https://evil.example\",\"x\")", "b\t+1", "c|@SUM(1)", "d, -2", "e\n=1"]
    rows = [Row(f"h{i}", text, None, True, None, None, None, [text, "ok"], text, False, False)
            for i, text in enumerate(hostile)]
    data = csv_bytes(rows).decode("utf-8-sig")
    assert data.startswith("handle,name,url,")  # today's columns, after the BOM
    for delimiter in ",;\t|":
        for row in csv.reader(io.StringIO(data), delimiter=delimiter):
            for cell in row:
                for piece in _pieces(cell):
                    assert not piece.lstrip(" ").startswith(tuple(TRIGGERS)), (delimiter, cell)
    table = list(csv.DictReader(io.StringIO(data)))
    assert table[0]["name"] == "a;'=HYPERLINK(\"https://evil.example\",\"x\")"
