"""Dates out of any OS's range: converted without raising, dropped one by one with a warning naming the file.

Every importer is fed a value past the years 1970–2999 the way its platform writes dates; the account stays,
its date goes, and one warning per list says how many and where (importers/dates.py, Collector.merge).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from car_export import follow, repository

from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.dates import LATEST, datetime_of, parse_formats, parse_iso, seconds_of, usable
from followscope_site.importers.meta.common import seconds
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DROPPED = "outside the years 1970–2999 ignored"


def read(path: Path, **request: object) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name, **request))  # type: ignore[arg-type]
    return snapshot


def dropped(snapshot: Snapshot) -> list[str]:
    return [w for w in snapshot.warnings if DROPPED in w]


@pytest.mark.parametrize("moment", [
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),  # year 0 in UTC
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12))),  # year 10000 in UTC
    datetime(9999, 12, 31, 23, 59, 59),
])
def test_seconds_of_never_raises_and_usable_says_no(moment: datetime) -> None:
    assert not usable(seconds_of(moment))
    assert datetime_of(seconds_of(moment)) is None


def test_the_usable_range_ends_where_windows_ends() -> None:
    assert datetime_of(LATEST - 1) == datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert datetime_of(LATEST) is None and datetime_of(0) is None


@pytest.mark.parametrize("value", [10**15, 10**16, 2**63 - 1, 1e308, float("inf"), float("-inf"), float("nan")])
def test_meta_seconds_of_any_number_is_an_int_or_none(value: float) -> None:
    result = seconds(value)
    assert result is None or isinstance(result, int)


def test_parsers_take_what_fromisoformat_and_strptime_take_and_return_out_of_range_seconds() -> None:
    assert parse_iso("9999-12-31T23:59:59-12:00") == 253402343999
    assert parse_iso("0001-01-01T00:00:00+14:00") == -62135647200
    assert parse_iso("2024-11-20T12:34:56.789Z") == 1732106096
    assert parse_iso("x" * 100_000) is None
    assert parse_formats("9999-12-31 23:59:59", ("%Y-%m-%d %H:%M:%S",)) == 253402300799
    assert parse_formats("²" * 10, ("%Y%m%d",)) is None


def test_instagram_fast_path_drops_seconds_past_the_range(tmp_path: Path) -> None:
    """40,000,000,000 is below the milliseconds threshold (10^11), so it is seconds: the year 3237."""
    folder = tmp_path / "instagram-tester-2025-06-01-Gd4Xp9Lm" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    entries = [{"title": "", "string_list_data": [{"value": f"user{i}", "timestamp": stamp}]}
               for i, stamp in enumerate([1759305600, 40_000_000_000, 10**15, 10**16])]
    (folder / "followers_1.json").write_text(json.dumps(entries), encoding="utf-8")
    (folder / "following.json").write_text(json.dumps({"relationships_following": entries[:1]}), encoding="utf-8")
    snapshot = read(folder.parent.parent)
    assert [e.timestamp for e in snapshot.lists["followers"].values()] == [1759305600, None, None, None]
    assert dropped(snapshot) == ["followers: 3 dates outside the years 1970–2999 ignored in "
                                 "connections/followers_and_following/followers_1.json (year 3237, year 33658, …); "
                                 "the accounts are kept without a date"]


def test_instagram_2020_connections_json(tmp_path: Path) -> None:
    folder = tmp_path / "instagram-tester-2019-06-01-Gd4Xp9Lm"
    folder.mkdir()
    (folder / "connections.json").write_text(json.dumps({
        "followers": {"anna": "9999-12-31T23:59:59-12:00", "ben": 10**16, "cleo": "2019-05-06T17:12:52+00:00"},
        "following": {"anna": "0001-01-01T00:00:00+14:00"}}), encoding="utf-8")
    snapshot = read(folder)
    assert snapshot.lists["followers"]["cleo"].timestamp == 1557162772
    assert snapshot.lists["followers"]["anna"].timestamp is None
    assert any(w.startswith("followers: 2 dates") and "connections.json" in w for w in dropped(snapshot))
    assert any(w.startswith("following: 1 date ") for w in dropped(snapshot))


def test_instagram_html_date_in_the_year_9999(tmp_path: Path) -> None:
    folder = tmp_path / "instagram-tester-2025-06-01-Gd4Xp9Lm" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    row = ('<div><div><a target="_blank" href="https://www.instagram.com/{h}">{h}</a></div><div>{d}</div></div>')
    page = "<html><body><main>" + row.format(h="anna", d="Dec 31, 9999 11:59 pm") + \
        row.format(h="ben", d="Oct 21, 2025 9:00 am") + "</main></body></html>"
    (folder / "followers_1.html").write_text(page, encoding="utf-8")
    (folder / "following.html").write_text(page, encoding="utf-8")
    snapshot = read(folder.parent.parent)
    assert snapshot.lists["followers"]["anna"].timestamp is None
    assert snapshot.lists["followers"]["ben"].timestamp is not None
    assert any("followers_1.html" in w for w in dropped(snapshot))


def test_facebook_friends_carry_no_bad_date_into_both_lists(tmp_path: Path) -> None:
    export = tmp_path / "facebook-2026-02-01"
    shutil.copytree(FIXTURES / "facebook" / "export-2026", export)
    path = export / "connections" / "friends" / "your_friends.json"
    path.write_text(json.dumps({"friends_v2": [{"name": "Ana", "timestamp": 10**16},
                                               {"name": "Ben", "timestamp": 1738151993}]}), encoding="utf-8")
    snapshot = read(export)
    assert snapshot.lists["followers"]["ana"].timestamp is None
    assert snapshot.lists["following"]["ben"].timestamp == 1738151993
    assert any(w.startswith("friends: 1 date") and "your_friends.json" in w for w in dropped(snapshot))


def test_tiktok_json_and_txt(tmp_path: Path) -> None:
    export = tmp_path / "TikTok_Data_2026-02-01"
    shutil.copytree(FIXTURES / "tiktok" / "TikTok_Data_2026-02-01", export)
    path = export / "user_data_tiktok.json"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-01-20 10:00:00", "9999-12-31 23:59:59"),
                    encoding="utf-8")
    snapshot = read(export)
    assert snapshot.lists["followers"]["fan.one"].timestamp is None
    assert any("user_data_tiktok.json (year 9999)" in w for w in dropped(snapshot))
    txt = tmp_path / "TikTok_Data_TXT_2024-04-02"
    shutil.copytree(FIXTURES / "tiktok" / "TikTok_Data_TXT_2024-04-02", txt)
    path = txt / "Activity" / "Follower.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-04-01 09:00:00", "0001-01-01"), encoding="utf-8")
    assert any("Activity/Follower.txt (year 1)" in w for w in dropped(read(txt)))


def test_x_generation_date_out_of_range_keeps_the_date_of_the_name(tmp_path: Path) -> None:
    export = tmp_path / "twitter-2026-07-25-abc123"
    shutil.copytree(FIXTURES / "x" / "twitter-2026-07-25-abc123", export)
    manifest = export / "data" / "manifest.js"
    text = manifest.read_text(encoding="utf-8")
    start = text.index('"generationDate"')
    end = text.index(",", start)
    manifest.write_text(text[:start] + '"generationDate": "9999-12-31T23:59:59-12:00"' + text[end:], encoding="utf-8")
    snapshot = read(export)
    assert snapshot.date == "2026-07-25"
    assert any("generationDate is in the year 10000" in w for w in snapshot.warnings)


def test_bluesky_created_at_in_the_years_9999_and_0001_with_a_zone(tmp_path: Path) -> None:
    records = {"app.bsky.graph.follow/3laddfmodl20z": follow("did:plc:a", "9999-12-31T23:59:59-12:00"),
               "app.bsky.graph.follow/3laddfmodl21z": follow("did:plc:b", "0001-01-01T00:00:00+14:00")}
    path = tmp_path / "repo.car"
    path.write_bytes(repository("did:plc:me", records).car())
    snapshot = read(path)
    assert set(snapshot.lists["following"]) == {"did:plc:a", "did:plc:b"}
    assert dropped(snapshot) == ["following: 2 dates outside the years 1970–2999 ignored in repo.car "
                                 "(year 10000, year 0); the accounts are kept without a date"]


def test_linkedin_and_generic_csv(tmp_path: Path) -> None:
    export = tmp_path / "Complete_LinkedInDataExport_02-07-2026"
    shutil.copytree(FIXTURES / "linkedin" / "Complete_LinkedInDataExport_02-07-2026", export)
    path = export / "Connections.csv"
    text = path.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if "linkedin.com/in/" in line).rsplit(",", 1)[1]
    path.write_text(text.replace(first_date, "31 Dec 9999", 1), encoding="utf-8")
    assert dropped(read(export))
    csv_export = tmp_path / "export-2026-05-01"
    csv_export.mkdir()
    (csv_export / "followers.csv").write_text("handle,date\nanna,9999-12-31\nben,²²²²²²²²²\ncleo,2026-01-01\n",
                                              encoding="utf-8")
    options = {"followers": "followers.csv", "handle_column": "handle", "date_column": "date"}
    snapshot = read(csv_export, platform="csv", options=options)
    assert [e.timestamp for e in snapshot.lists["followers"].values()] == [None, None, 1767225600]
    assert any("followers.csv (year 9999)" in w for w in dropped(snapshot))


@pytest.fixture
def far_mtime_folder(tmp_path: Path) -> Path:
    """A folder on a file system that stores a modification time in the year 33658 (tmpfs does, ext4 not)."""
    for folder in (tmp_path, Path("/dev/shm")):
        probe = folder / f"followscope-mtime-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            os.utime(probe, (10**12, 10**12))
            stored = probe.stat().st_mtime
        except (OverflowError, OSError, ValueError):
            continue
        finally:
            probe.unlink(missing_ok=True)
        if not usable(int(stored)):
            return folder
    pytest.skip("no file system here stores a modification time in the year 33658")


def test_an_export_file_dated_past_the_range_falls_back_to_now(far_mtime_folder: Path) -> None:
    path = far_mtime_folder / f"repo-{os.getpid()}.car"
    try:
        path.write_bytes(repository("did:plc:me", {}).car())
        os.utime(path, (10**12, 10**12))
        snapshot = read(path)
    finally:
        path.unlink(missing_ok=True)
    assert abs((snapshot.taken_at - datetime.now(tz=UTC)).total_seconds()) < 3600
