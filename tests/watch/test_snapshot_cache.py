"""The snapshot cache that lets a template or config change re-render without re-reading the exports."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from watch_helpers import write_config, write_export

from followscope_site.cache import CACHE_DIR_NAME, SnapshotCache, fingerprint
from followscope_site.commands.build import build
from followscope_site.config.loader import load_config
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.archive import Limits


def _counting(calls: list[Path]):  # type: ignore[no-untyped-def]
    def reader(path: Path, request: ImportRequest, limits: Limits):  # type: ignore[no-untyped-def]
        calls.append(path)
        return read_export(path, request, limits)
    return reader


def test_second_read_comes_from_the_cache(tmp_path: Path) -> None:
    export = write_export(tmp_path / "ig", ["ann", "bob"], ["bob"])
    cache = SnapshotCache(tmp_path / CACHE_DIR_NAME)
    calls: list[Path] = []
    request = ImportRequest(source="ig")
    first = cache.read(export, request, Limits(), _counting(calls))
    second = SnapshotCache(tmp_path / CACHE_DIR_NAME).read(export, request, Limits(), _counting(calls))
    assert len(calls) == 1
    assert [s.lists for s in second] == [s.lists for s in first]
    assert [(s.platform, s.taken_at, s.format, s.warnings) for s in second] == \
        [(s.platform, s.taken_at, s.format, s.warnings) for s in first]


def test_a_changed_export_or_request_is_read_again(tmp_path: Path) -> None:
    export = write_export(tmp_path / "ig", ["ann"], ["ann"])
    cache = SnapshotCache(tmp_path / CACHE_DIR_NAME)
    calls: list[Path] = []
    cache.read(export, ImportRequest(source="ig"), Limits(), _counting(calls))
    cache.read(export, ImportRequest(source="ig", owner="alice"), Limits(), _counting(calls))
    assert len(calls) == 2
    write_export(export, ["ann", "cid"], ["ann"])
    os.utime(export / "connections" / "followers_and_following" / "followers_1.json", ns=(5, 5))
    found = cache.read(export, ImportRequest(source="ig"), Limits(), _counting(calls))
    assert len(calls) == 3 and "cid" in found[0].lists["followers"]


def test_damaged_entries_are_ignored(tmp_path: Path) -> None:
    export = write_export(tmp_path / "ig", ["ann"], ["ann"])
    cache = SnapshotCache(tmp_path / CACHE_DIR_NAME)
    calls: list[Path] = []
    cache.read(export, ImportRequest(source="ig"), Limits(), _counting(calls))
    for entry in (tmp_path / CACHE_DIR_NAME / "snapshots").glob("*.msgpack"):
        entry.write_bytes(entry.read_bytes()[:20])
    found = cache.read(export, ImportRequest(source="ig"), Limits(), _counting(calls))
    assert len(calls) == 2 and "ann" in found[0].lists["followers"]


def test_zip_fingerprint_follows_its_content(tmp_path: Path) -> None:
    src = write_export(tmp_path / "src", ["ann"], ["ann"])
    target = tmp_path / "export.zip"

    def pack() -> str | None:
        with zipfile.ZipFile(target, "w") as zf:
            for path in sorted(src.rglob("*.json")):
                zf.write(path, path.relative_to(src).as_posix())
        os.utime(target, ns=(7, 7))  # same size and mtime: only the content tells them apart
        return fingerprint(target)

    first = pack()
    write_export(src, ["bob"], ["bob"])
    assert first is not None and pack() != first


def test_builds_use_the_cache_beside_the_config(tmp_path: Path) -> None:
    write_export(tmp_path / "exports" / "ig", ["ann"], ["ann"])
    write_config(tmp_path)
    loaded = load_config(tmp_path / "followscope.yaml")
    build(loaded)
    entries = list((tmp_path / CACHE_DIR_NAME / "snapshots").glob("*.msgpack"))
    assert len(entries) == 1
    os.utime(entries[0], ns=(1, 1))
    write_config(tmp_path, extra="analysis:\n  grace_days: 30\n")  # the analysis again, the exports from the cache
    build(load_config(tmp_path / "followscope.yaml"))
    assert list((tmp_path / CACHE_DIR_NAME / "snapshots").glob("*.msgpack")) == entries
    assert entries[0].stat().st_mtime_ns > 1  # the entry was used


def test_lists_round_trip_as_columns(tmp_path: Path) -> None:
    """Names, missing times, an empty list and export order all come back as they were."""
    from datetime import UTC, datetime

    from followscope_site.model import Entry, Snapshot

    lists = {
        "followers": {"b.b": Entry("b.b", 1_700_000_000, "Bee"), "a.a": Entry("a.a", None),
                      "c": Entry("c", 0, "é \u2028 😀"), "-x": Entry("-x", -5)},
        "following": {},
        "blocked": {"odd\nline": Entry("odd\nline", 3)},
    }
    snap = Snapshot(platform="instagram", owner="me", taken_at=datetime(2025, 1, 2, tzinfo=UTC), source="x.zip",
                    format="instagram-json", lists=lists, warnings=["w"], declared_counts={"followers": 4},
                    signals={"likes": {"a.a": 2}})
    cache = SnapshotCache(tmp_path / CACHE_DIR_NAME)
    cache.store("k", [snap])
    (back,) = cache.load("k") or []
    assert back == snap and [list(v) for v in back.lists.values()] == [list(v) for v in lists.values()]
