"""The two encoders of a list: report.json rows (one msgspec encoder) and the browser's data files."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import msgspec
import pytest
from sitekit import EVIL, big_report, small_report

from followscope_site.site.listdata import DATA_PREFIX, ascii_json, encode_list, iso_time, iso_times
from followscope_site.site.lists import SiteList, site_lists
from followscope_site.site.report_json import DataLimits, ReportFiles


def _ordered(value: object) -> object:
    """The JSON value with key order made visible (lists of pairs), so order is compared too."""
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def _report_json(report, limits: DataLimits) -> bytes:  # type: ignore[no-untyped-def]
    out = ReportFiles(report, limits)
    for lst in site_lists(report):
        for piece in encode_list(lst, limits.list_rows):
            list(out.add(lst, piece.number, piece.rows))
    return dict(out.finish())["report.json"]


def report_parts(lst: SiteList, rows: int) -> list[list]:
    return [piece.rows for piece in encode_list(lst, rows)]


@pytest.mark.parametrize("make", [small_report, lambda: big_report(300)])
def test_report_json_has_the_same_value_compact_or_indented(make) -> None:  # type: ignore[no-untyped-def]
    report = make()
    indented = _report_json(report, DataLimits())
    compact = _report_json(report, DataLimits(compact_above=0))
    assert b"\n " in indented and b"\n " not in compact
    assert len(compact) < len(indented)
    assert _ordered(json.loads(compact)) == _ordered(json.loads(indented))


def test_rows_carry_the_spec_keys_in_order() -> None:
    report = small_report()
    lists = {lst.folder.rsplit("/", 1)[-1]: lst for lst in site_lists(report)}
    (nfb,) = report_parts(lists["not_following_back"], 100)
    assert [msgspec.to_builtins(r) for r in nfb] == [
        {"handle": "carl.c", "url": "https://www.instagram.com/carl.c", "followed_at": "2023-11-15T22:13:20Z",
         "follows_you_since": None, "tags": [EVIL[0], "friend"], "note": EVIL[3]},
        {"handle": "dora.d", "url": "https://www.instagram.com/dora.d", "followed_at": "2023-11-16T22:13:20Z",
         "follows_you_since": None, "note": EVIL[2]}]
    (mutuals,) = report_parts(lists["mutuals"], 100)
    assert list(msgspec.to_builtins(mutuals[0])) == ["handle", "name", "url", "followed_at", "follows_you_since"]
    (pending,) = report_parts(lists["pending_sent"], 100)
    assert list(msgspec.to_builtins(pending[0])) == ["handle", "url", "followed_at", "follows_you_since"]
    (lost,) = report_parts(lists["lost_followers"], 100)
    assert msgspec.to_builtins(lost) == [{"handle": "gone.fan", "reason": "unfollowed", "certainty": "likely"}]


def test_parts_split_a_list_in_order() -> None:
    fans = next(lst for lst in site_lists(big_report(250)) if lst.key == "fans")
    parts = report_parts(fans, 100)
    assert [len(p) for p in parts] == [100, 100, 49]
    assert [r.handle for p in parts for r in p] == fans.handles


def test_iso_times_match_strftime() -> None:
    times = [0, 1, 59, 86_399, 86_400, 1_700_000_000, 4_102_444_799, None]
    assert iso_times(times) == [None if t is None else datetime.fromtimestamp(t, tz=UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ") for t in times]
    assert iso_time(None) is None


@pytest.mark.parametrize("text", ["plain", "é", "\u2028 and \u2029", "😀 beyond the BMP", EVIL[1], "a\\b\"c"])
def test_data_files_are_ascii_and_keep_every_character(text: str) -> None:
    body = ascii_json(msgspec.json.encode({"name": text}))
    assert body.isascii() and json.loads(body) == {"name": text}


def test_data_files_split_at_list_rows_and_leave_empty_columns_out() -> None:
    fans = next(lst for lst in site_lists(big_report(250)) if lst.key == "fans")
    files = [(piece.name, piece.script) for piece in encode_list(fans, 100)]
    assert [name for name, _ in files] == ["data-1.js", "data-2.js", "data-3.js"]
    last = json.loads(files[-1][1][len(DATA_PREFIX):-3])
    assert last["start"] == 200 and last["count"] == 49 and set(last) == {"start", "count", "handle",
                                                                           "follows_you_since"}
