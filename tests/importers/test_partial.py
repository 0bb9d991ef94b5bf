"""What the non-Meta importers share (importers/partial.py): counts and ids of ASCII digits only, untrusted
handles, and the owner an export names, checked like any handle (importers/__init__.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.partial import Collector, count_of
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


@pytest.mark.parametrize(("value", "expected"), [
    (12, 12), ("12", 12), (" 7 ", 7), ("²", None), ("٣", None), ("9" * 5000, None), ("9" * 19, None),
    (10**30, None), (-1, None), (True, None), (1.5, None), ("", None), (None, None), ("1e3", None),
])
def test_count_of(value: object, expected: int | None) -> None:
    assert count_of(value) == expected


def test_x_manifest_counts_in_other_digits_or_too_many_digits(tmp_path: Path) -> None:
    export = tmp_path / "twitter-2026-07-25-abc123"
    shutil.copytree(FIXTURES / "x" / "twitter-2026-07-25-abc123", export)
    manifest = export / "data" / "manifest.js"
    text = manifest.read_text(encoding="utf-8")
    for bad in ('"²"', '"' + "9" * 5000 + '"'):
        changed = text.replace('"count" : "3"', f'"count" : {bad}').replace('"count": "3"', f'"count": {bad}')
        assert changed != text, "the fixture's manifest has no count of 3"
        manifest.write_text(changed, encoding="utf-8")
        snapshot = read(export)
        assert "followers" in snapshot.lists


def test_x_account_ids_in_other_digits_are_invalid(tmp_path: Path) -> None:
    export = tmp_path / "twitter-2026-07-25-abc123"
    shutil.copytree(FIXTURES / "x" / "twitter-2026-07-25-abc123", export)
    path = export / "data" / "follower.js"
    path.write_text(path.read_text(encoding="utf-8").replace('"555"', '"²²²"'), encoding="utf-8")
    snapshot = read(export)
    assert "²²²" not in snapshot.lists["followers"]
    assert any("invalid" in w and "'²²²'" in w for w in snapshot.warnings)


@pytest.mark.parametrize("count", ['"²"', '"' + "9" * 5000 + '"', '"٣"'])
def test_tiktok_profile_counts_in_other_digits_or_too_many_digits(tmp_path: Path, count: str) -> None:
    export = tmp_path / "TikTok_Data_2026-02-01"
    shutil.copytree(FIXTURES / "tiktok" / "TikTok_Data_2026-02-01", export)
    path = export / "user_data_tiktok.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"followerCount": 2', f'"followerCount": {count}'), encoding="utf-8")
    assert "followers" not in read(export).declared_counts


@pytest.mark.parametrize("handle", ["a\u202eb", "a\x00b", "a\nb", "x" * 201, "a\u2066b"])
def test_collector_refuses_unsafe_handles(handle: str) -> None:
    collector = Collector("followers")
    collector.add(handle)
    assert collector.entries == {} and collector.invalid
    assert "\u202e" not in "".join(collector.warnings()) and "\x00" not in "".join(collector.warnings())


@pytest.mark.parametrize("owner", ["evil\u202etxt.exe", "a" * 10_000, "me\nand\x00you", "tab\tinside"])
def test_an_owner_named_by_the_export_is_checked_like_a_handle(tmp_path: Path, owner: str) -> None:
    export = tmp_path / "TikTok_Data_2026-02-01"
    shutil.copytree(FIXTURES / "tiktok" / "TikTok_Data_2026-02-01", export)
    path = export / "user_data_tiktok.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"me_myself"', json.dumps(owner)), encoding="utf-8")
    snapshot = read(export)
    assert snapshot.owner is None
    [warning] = [w for w in snapshot.warnings if "not a usable handle" in w]
    assert len(warning) < 300 and "\u202e" not in warning and "\x00" not in warning and "\n" not in warning


def test_display_names_lose_control_and_direction_characters_and_are_cut() -> None:
    collector = Collector("followers")
    collector.add("anna", 1759305600, "Anna \u202egnp.exe\x00")
    collector.add("ben", None, "B" * 1000)
    collector.add("cleo", None, "\u202e\u2066")
    assert [e.name for e in collector.entries.values()] == ["Anna gnp.exe", "B" * 200, None]
    assert collector.warnings() == ["followers: 3 display names held control or text-direction characters "
                                    "(removed) or more than 200 characters (cut)"]
