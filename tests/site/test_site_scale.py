"""Encodings used at scale: compact report.json, f-string rows against the general encoders."""

from __future__ import annotations

import csv
import io
import json

import msgspec
import pytest
from sitekit import EVIL, big_report, small_report

from followscope_site.site import report_json
from followscope_site.site.listing import _csv_cell, csv_bytes, download_part
from followscope_site.site.report_json import iso_time, render_report_json, row_dict, rows_json
from followscope_site.site.tables import CategoryTables, Row, build_rows


def _ordered(value: object) -> object:
    """The JSON value with key order made visible (lists of pairs), so order is compared too."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


@pytest.mark.parametrize("make", [small_report, lambda: big_report(300)])
def test_report_json_has_the_same_value_compact_or_indented(monkeypatch: pytest.MonkeyPatch, make) -> None:
    report = make()
    indented = render_report_json(report, CategoryTables())
    monkeypatch.setattr(report_json, "COMPACT_ABOVE", 0)
    compact = render_report_json(report, CategoryTables())
    assert b"\n " in indented and b"\n " not in compact
    assert len(compact) < len(indented)
    assert _ordered(json.loads(compact)) == _ordered(json.loads(indented))


def _hostile_rows() -> list[Row]:
    texts = [None, "", "plain", "-x", "=1+1", "@a", "a,b", 'q"q', "line\nbreak", "é", "\u2028", EVIL[1], "a;=B1",
             "x\t-1"]
    rows = []
    for i, text in enumerate(texts * 3):
        handle = ["abc", "a.b_c", "-dash", "UPPER", text or "z"][i % 5]
        url = [None, "https://www.instagram.com/abc", f"https://x/{text}"][i % 3]
        tags = None if i % 4 else [text or "", "t"]
        ts = [None, 0, 86_399, 1_700_000_000][i % 4]
        rows.append(Row(handle, text, url, i % 2 == 0, ts, 1_234_567_890, ts, tags, text if i % 3 else None,
                        False, False))
    return rows


def test_rows_json_is_msgspec_of_each_row_dict_one_per_line() -> None:
    rows = _hostile_rows() + build_rows(big_report(50).accounts[0], "fans")
    lines = rows_json(rows).split(b"\n")
    assert lines[0] == b"[" and lines[-1] == b"]" and len(lines) == len(rows) + 2
    assert lines[1:-1] == [msgspec.json.encode(row_dict(r)) + (b"," if i < len(rows) - 1 else b"")
                           for i, r in enumerate(rows)]
    assert json.loads(rows_json(rows)) == json.loads(msgspec.json.encode([row_dict(r) for r in rows]))
    assert rows_json([]) == b"[]"


@pytest.mark.parametrize("sizes", [[], [0], [3], [0, 2, 0], [2, 3, 1]])
def test_joined_arrays_is_one_array_of_every_part(sizes: list[int]) -> None:
    rows = build_rows(big_report(10).accounts[0], "fans")
    parts, start = [], 0
    for size in sizes:
        parts.append(rows_json(rows[start:start + size]))
        start += size
    joined = b"".join(report_json.joined_arrays(parts))
    assert joined == rows_json(rows[:start])


def test_csv_rows_equal_the_csv_module() -> None:
    rows = _hostile_rows() + build_rows(big_report(50).accounts[0], "fans")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("handle", "name", "url", "followed_at", "follows_you_since", "at", "tags", "note"))
    for r in rows:
        writer.writerow((_csv_cell(r.handle), _csv_cell(r.name), _csv_cell(r.url),
                         (iso_time(r.followed_at) or "") if r.relation else "",
                         (iso_time(r.follows_you_since) or "") if r.relation else "",
                         "" if r.relation else (iso_time(r.at) or ""), _csv_cell(r.tags), _csv_cell(r.note)))
    assert csv_bytes(rows) == b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def test_iso_time_matches_strftime() -> None:
    from datetime import UTC, datetime

    for ts in (0, 1, 59, 86_399, 86_400, 1_700_000_000, 4_102_444_799):
        assert iso_time(ts) == datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert iso_time(None) is None


def test_download_part_is_the_json_and_the_csv_in_one_pass() -> None:
    rows = _hostile_rows() + build_rows(big_report(50).accounts[0], "fans") + _hostile_rows()
    assert download_part(rows) == (rows_json(rows) + b"\n", csv_bytes(rows))
    assert download_part([]) == (b"[]\n", csv_bytes([]))


def test_page_rows_are_spliced_in_and_no_marker_is_left(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sitekit import loaded_config

    from followscope_site.site import render_site
    from followscope_site.site.listing import PageRows

    files = {f.path: f.data for f in render_site(big_report(2500), loaded_config(tmp_path, page_size=1000))}
    pages = [data for path, data in files.items() if path.endswith(".html")]
    assert not any(PageRows.MARKER.encode() in data for data in pages)
    fans = [files[p] for p in files if "/fans/" in p and p.endswith(".html")]
    assert len(fans) == 3 and sum(page.count(b'<tr><th scope="row"') for page in fans) == 2499
    assert all(page.isascii() for page in fans)  # entities, not characters: see listing._NO_DATE


def test_a_forged_marker_in_export_text_stays_text() -> None:
    from followscope_site.site.listing import DayFormatter, PageRows, _rows_html

    rows = [Row("abc", PageRows.MARKER, None, True, None, None, None, None, None, False, False)]
    assert PageRows.MARKER not in _rows_html(rows, True, DayFormatter())  # escaped: &lt;!--...
