"""The export date from the export itself: name, zip entry times, the newest date in the lists, then mtime."""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from meta_export import gen_a, meta_dumps

from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot

FOLLOWERS = "connections/followers_and_following/followers_1.json"
FOLLOWING = "connections/followers_and_following/following.json"
NEWEST = int(datetime(2025, 3, 4, 10, tzinfo=UTC).timestamp())


def export(path: Path, entry_time: tuple[int, ...] | None, stamps: bool = True) -> Path:
    followers = meta_dumps([gen_a("anna.example", NEWEST if stamps else None),
                            gen_a("ben_k", NEWEST - 86_400 * 300 if stamps else None)])
    following = meta_dumps({"relationships_following": [gen_a("anna.example", NEWEST - 86_400 if stamps else None)]})
    if entry_time is None:
        for name, text in ((FOLLOWERS, followers), (FOLLOWING, following)):
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text, encoding="ascii")
        return path
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in ((FOLLOWERS, followers), (FOLLOWING, following)):
            archive.writestr(zipfile.ZipInfo(name, date_time=entry_time), text)
    return path


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


def test_the_name_wins(tmp_path: Path) -> None:
    snapshot = read(export(tmp_path / "instagram-me-2025-06-01-AbCdEfGh.zip", (2025, 5, 30, 8, 0, 0)))
    assert (snapshot.date, snapshot.date_source) == ("2025-06-01", "name")


def test_zip_entry_times_before_the_modification_time(tmp_path: Path) -> None:
    path = export(tmp_path / "download.zip", (2025, 5, 30, 8, 0, 0))
    snapshot = read(path)
    assert (snapshot.date, snapshot.date_source) == ("2025-05-30", "zip")
    assert not any("export date" in w for w in snapshot.warnings)  # the export's own evidence: no warning


def test_entry_times_older_than_the_data_are_not_believed(tmp_path: Path) -> None:
    # 1980-01-01 is a zip's "no time"; 2024 is older than the newest follow (2025-03-04): both are wrong
    for stamp in ((1980, 1, 1, 0, 0, 0), (2024, 1, 1, 0, 0, 0)):
        snapshot = read(export(tmp_path / f"download-{stamp[0]}.zip", stamp))
        assert (snapshot.date, snapshot.date_source) == ("2025-03-04", "data")
        assert any("newest date in its lists" in w for w in snapshot.warnings)


def test_unzipped_folders_are_dated_by_their_data_not_the_unzip_day(tmp_path: Path) -> None:
    path = export(tmp_path / "unzipped", None)
    snapshot = read(path)
    assert (snapshot.date, snapshot.date_source) == ("2025-03-04", "data")


def test_the_modification_time_when_nothing_else_dates_it(tmp_path: Path) -> None:
    path = export(tmp_path / "undated", None, stamps=False)
    when = datetime(2025, 2, 2, 12, tzinfo=UTC).timestamp()
    os.utime(path, (when, when))
    snapshot = read(path)
    assert (snapshot.date, snapshot.date_source) == ("2025-02-02", "modified")
    assert any("modification time" in w for w in snapshot.warnings)
