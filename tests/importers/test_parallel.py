"""Reading a split list ahead in two processes (importers/parallel.py) gives the snapshot of one process:
the same accounts in the same order, the same merges, counts, warnings, errors and limits."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followscope_site import forking
from followscope_site.errors import FollowScopeError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers import parallel as parallel_module
from followscope_site.importers.archive import Limits

LISTS = Path("connections") / "followers_and_following"
HANDLES = ["ann", "bob", "cy.d", "dan_e", "eve", "Fay", "__deleted__x1", "gus", "hal", "ivy", "--bad--", ""]
TIMES = [1_700_000_000, 1_600_000_000, 1_700_000_000_123, 0, None, 1_650_000_000.5, -5, "soon"]

ITEM = st.fixed_dictionaries({"value": st.sampled_from(HANDLES), "timestamp": st.sampled_from(TIMES)},
                             optional={"href": st.sampled_from(["https://www.instagram.com/zed", "https://x.y/q"])})
ENTRY = st.one_of(
    st.builds(lambda item: {"title": "", "media_list_data": [], "string_list_data": [item]}, ITEM),  # Meta's
    st.builds(lambda items: {"title": "", "string_list_data": items}, st.lists(ITEM, max_size=3)),
    st.builds(lambda title: {"title": title, "string_list_data": []}, st.sampled_from(["kim", "", "Lee Wu"])),
)
PARTS = st.lists(st.lists(ENTRY, max_size=12), min_size=2, max_size=6)


def _write(folder: Path, parts: list[list[dict]], following: list[dict]) -> Path:
    lists = folder / LISTS
    lists.mkdir(parents=True, exist_ok=True)
    for n, entries in enumerate(parts, 1):
        (lists / f"followers_{n}.json").write_text(json.dumps(entries), encoding="utf-8")
    (lists / "following.json").write_text(json.dumps({"relationships_following": following}), encoding="utf-8")
    return folder


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, *, forked: bool, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    if forked:
        monkeypatch.delenv("FOLLOWSCOPE_NO_FORK", raising=False)
        monkeypatch.setattr(parallel_module, "PARALLEL_MIN_BYTES", 0)
        monkeypatch.setattr(forking.threading, "enumerate", lambda: [forking.threading.current_thread()])
    else:
        monkeypatch.setenv("FOLLOWSCOPE_NO_FORK", "1")
    try:
        found = read_export(path, ImportRequest(source="ig"), limits)
    except FollowScopeError as exc:
        return ("error", str(exc))
    finally:
        monkeypatch.undo()
    return [(s.platform, s.owner, s.partial, s.warnings, s.files_used, s.files_ignored,
             {name: [(h, e.handle, e.timestamp, e.name) for h, e in accounts.items()]
              for name, accounts in s.lists.items()}) for s in found]


def _looked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the members whose read-ahead summary was used (so a test knows the path ran)."""
    from followscope_site.importers import instagram

    used: list[int] = []
    add_part = instagram.add_part
    monkeypatch.setattr(instagram, "add_part", lambda reader, part: (used.append(1), add_part(reader, part)))
    return used


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=PARTS)
def test_read_ahead_gives_the_snapshot_of_one_process(tmp_path_factory, monkeypatch, parts) -> None:  # type: ignore[no-untyped-def]
    folder = _write(tmp_path_factory.mktemp("ig"), parts, [{"string_list_data": [{"value": "ann"}]}])
    assert _read(folder, monkeypatch, forked=True) == _read(folder, monkeypatch, forked=False)


def _big_parts() -> list[list[dict]]:
    def entry(handle: str, ts: object = 1_700_000_000) -> dict:
        return {"title": "", "media_list_data": [], "string_list_data": [
            {"href": f"https://www.instagram.com/{handle}", "value": handle, "timestamp": ts}]}
    parts = [[entry(f"user{p}_{i}", 1_700_000_000 + i) for i in range(300)] for p in range(6)]
    parts[4].append(entry("user0_7", 1_500_000_000))  # a duplicate across the halves, earlier: its time wins
    parts[5].append(entry("__deleted__abc"))
    parts[5].append(entry("Upper.Case"))
    return parts


def test_read_ahead_is_used_and_merges_across_the_halves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path / "ig", _big_parts(), [])
    used = _looked(monkeypatch)
    forked = _read(folder, monkeypatch, forked=True)
    assert len(used) == 6
    assert forked == _read(folder, monkeypatch, forked=False)
    followers = dict((h, ts) for h, _, ts, _ in forked[0][6]["followers"])
    assert followers["user0_7"] == 1_500_000_000 and "__deleted__abc" in followers and "upper.case" in followers
    assert any("1 duplicate" in w for w in forked[0][3])


def test_a_damaged_part_in_either_half_gives_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for broken in (2, 5):
        folder = _write(tmp_path / f"ig{broken}", _big_parts(), [])
        (folder / LISTS / f"followers_{broken}.json").write_text('[{"string_list_data": [}', encoding="utf-8")
        forked = _read(folder, monkeypatch, forked=True)
        assert forked[0] == "error" and f"followers_{broken}.json" in forked[1]
        assert forked == _read(folder, monkeypatch, forked=False)


def test_limits_stop_at_the_same_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path / "ig", _big_parts(), [])
    for limits in (Limits(max_entries=1000), Limits(max_total_bytes=4 * 300 * 120)):
        forked = _read(folder, monkeypatch, forked=True, limits=limits)
        assert forked[0] == "error"
        assert forked == _read(folder, monkeypatch, forked=False, limits=limits)


def test_a_zip_is_read_ahead_through_a_descriptor_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path / "ig", _big_parts(), [])
    archive = tmp_path / "instagram-someone-2025-12-10-AbCdEfGh.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(folder.rglob("*.json")):
            out.write(path, path.relative_to(folder).as_posix())
    used = _looked(monkeypatch)
    forked = _read(archive, monkeypatch, forked=True)
    assert len(used) == 6 and forked == _read(archive, monkeypatch, forked=False)
