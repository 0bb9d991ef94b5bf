"""The one Meta list reader (importers/meta/lists.py): its fast path adds exactly what its tolerant reader
would, entry for entry, and the tolerant reader takes every part the fast path declines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followscope_site.errors import FollowScopeError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.archive import Limits
from followscope_site.importers.meta import lists

LISTS = Path("connections") / "followers_and_following"
HANDLES = ["ann", "bob", "cy.d", "dan_e", "eve", "Fay", "__deleted__x1", "gus", "hal", "ivy", "--bad--", "",
           "a" * 31, "new\nline", None]
TIMES = [1_700_000_000, 1_600_000_000, 1_700_000_000_123, 0, None, 1_650_000_000.5, -5, "soon", 40_000_000_000]

ITEM = st.fixed_dictionaries({"value": st.sampled_from(HANDLES)},
                             optional={"timestamp": st.sampled_from(TIMES),
                                       "href": st.sampled_from(["https://www.instagram.com/zed", "https://x.y/q"])})
ENTRY = st.one_of(
    st.builds(lambda item: {"title": "", "media_list_data": [], "string_list_data": [item]}, ITEM),  # Meta's
    st.builds(lambda item, ts: {"title": "", "string_list_data": [item], "timestamp": ts}, ITEM,
              st.sampled_from(TIMES)),
    st.builds(lambda items: {"title": "", "string_list_data": items}, st.lists(ITEM, max_size=3)),
    st.builds(lambda title: {"title": title, "string_list_data": []}, st.sampled_from(["kim", "", "Lee Wu"])),
)
PARTS = st.lists(st.lists(ENTRY, max_size=12), min_size=1, max_size=5)


def _write(folder: Path, parts: list[list[dict]], wrapped: bool = False) -> Path:
    target = folder / LISTS
    target.mkdir(parents=True, exist_ok=True)
    for n, entries in enumerate(parts, 1):
        value: object = {"relationships_followers": entries} if wrapped else entries
        (target / f"followers_{n}.json").write_text(json.dumps(value), encoding="utf-8")
    (target / "following.json").write_text(json.dumps({"relationships_following": []}), encoding="utf-8")
    return folder


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, *, fast: bool, limits: Limits | None = None) -> object:
    """Everything the snapshot says, with the fast path on or declining every part."""
    if not fast:
        monkeypatch.setattr(lists, "_add_common", lambda reader, entries: False)
    try:
        found = read_export(path, ImportRequest(source="ig"), limits)
    except FollowScopeError as exc:
        return ("error", str(exc))
    finally:
        monkeypatch.undo()
    return [(s.partial, s.warnings, s.files_used, s.files_ignored,
             {name: [(h, e.handle, e.timestamp, e.name) for h, e in accounts.items()]
              for name, accounts in s.lists.items()}) for s in found]


def _fast_parts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each part read was taken by the fast path (so a test knows which path ran)."""
    taken: list[bool] = []
    add_common = lists._add_common

    def noted(reader: lists.ListReader, entries: object) -> bool:
        taken.append(add_common(reader, entries))  # type: ignore[arg-type]
        return taken[-1]

    monkeypatch.setattr(lists, "_add_common", noted)
    return taken


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=PARTS, wrapped=st.booleans())
def test_the_fast_path_adds_what_the_tolerant_reader_adds(tmp_path_factory, monkeypatch, parts, wrapped) -> None:  # type: ignore[no-untyped-def]
    folder = _write(tmp_path_factory.mktemp("ig"), parts, wrapped)
    assert _read(folder, monkeypatch, fast=True) == _read(folder, monkeypatch, fast=False)


def _entry(handle: str, ts: object = 1_700_000_000) -> dict:
    return {"title": "", "media_list_data": [], "string_list_data": [
        {"href": f"https://www.instagram.com/{handle}", "value": handle, "timestamp": ts}]}


def test_meta_parts_take_the_fast_path_and_merge_across_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = [[_entry(f"user{p}_{i}", 1_700_000_000 + i) for i in range(300)] for p in range(4)]
    parts[3].append(_entry("user0_7", 1_500_000_000))  # a duplicate in a later part, earlier: its time wins
    parts[3].append(_entry("__deleted__abc"))
    folder = _write(tmp_path / "ig", parts)
    taken = _fast_parts(monkeypatch)
    fast = _read(folder, monkeypatch, fast=True)
    assert taken == [True] * 5  # and following.json
    assert fast == _read(folder, monkeypatch, fast=False)
    followers = {h: ts for h, _, ts, _ in fast[0][4]["followers"]}  # type: ignore[index]
    assert followers["user0_7"] == 1_500_000_000 and "__deleted__abc" in followers and len(followers) == 1201
    assert any("1 duplicate" in w for w in fast[0][1])  # type: ignore[index]


def test_the_same_account_twice_at_the_same_time_is_one_duplicate(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path / "ig", [[_entry("ann"), _entry("bob"), _entry("ann")], [_entry("bob")]])
    taken = _fast_parts(monkeypatch)
    fast = _read(folder, monkeypatch, fast=True)
    assert taken == [True, True, True]
    assert fast == _read(folder, monkeypatch, fast=False)
    assert any("2 duplicate" in w for w in fast[0][1])  # type: ignore[index]


@pytest.mark.parametrize("odd", [_entry("Upper.Case"), _entry("ann", 1_700_000_000_123), _entry("ann", 0),
                                 {"title": "kim", "string_list_data": []},
                                 {"string_list_data": [{"value": "ann"}], "timestamp": 1_600_000_000}])
def test_a_part_with_an_unusual_entry_goes_to_the_tolerant_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  odd: dict) -> None:
    folder = _write(tmp_path / "ig", [[_entry("bob"), odd], [_entry("cy")]])
    taken = _fast_parts(monkeypatch)
    fast = _read(folder, monkeypatch, fast=True)
    assert taken == [False, True, True]
    assert fast == _read(folder, monkeypatch, fast=False)


def test_a_damaged_part_is_named_and_limits_stop_at_the_same_part(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    parts = [[_entry(f"user{p}_{i}") for i in range(300)] for p in range(4)]
    folder = _write(tmp_path / "ig", parts)
    for limits in (Limits(max_entries=1000), Limits(max_total_bytes=3 * 300 * 120)):
        stopped = _read(folder, monkeypatch, fast=True, limits=limits)
        assert stopped[0] == "error"  # type: ignore[index]
        assert stopped == _read(folder, monkeypatch, fast=False, limits=limits)
    (folder / LISTS / "followers_3.json").write_text('[{"string_list_data": [}', encoding="utf-8")
    damaged = _read(folder, monkeypatch, fast=True)
    assert damaged[0] == "error" and "followers_3.json" in damaged[1]  # type: ignore[index]
