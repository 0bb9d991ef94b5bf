"""Generic CSV: only when the config asks; named files and columns; clear errors with did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot

EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "csv" / "export-2026-05-01"
OPTIONS = {"followers": "followers.csv", "following": "following.csv", "handle_column": "handle",
           "date_column": "followed_at"}


def read(path: Path, options: dict[str, str]) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name, platform="csv", owner="Me", options=options))
    return snapshot


def test_named_files_give_lists_dates_and_the_set_algebra() -> None:
    snapshot = read(EXPORT, OPTIONS)
    assert (snapshot.platform, snapshot.format, snapshot.owner) == ("csv", "csv", "me")
    followers, following = set(snapshot.lists["followers"]), set(snapshot.lists["following"])
    assert followers == {"alice", "bob"} and following == {"alice", "carol"}
    assert snapshot.lists["followers"]["alice"].name == "Alice"
    assert snapshot.lists["followers"]["bob"].timestamp == 1772445600  # 2026-03-02T10:00:00Z
    assert snapshot.lists["following"]["carol"].timestamp is None
    categories = categorize(snapshot)
    assert (categories["mutuals"], categories["fans"], categories["not_following_back"]) == (
        ["alice"], ["bob"], ["carol"])
    assert snapshot.date == "2026-05-01"


def test_only_one_list_named_leaves_the_other_absent() -> None:
    snapshot = read(EXPORT, {"following": "following.csv"})
    assert "followers" not in snapshot.lists
    assert any("no followers file" in w for w in snapshot.warnings)


def test_a_missing_column_names_file_column_and_columns_found() -> None:
    with pytest.raises(InputError) as caught:
        read(EXPORT, {**OPTIONS, "handle_column": "handel"})
    line = caught.value.line()
    assert "followers.csv" in line and "'handel'" in line and "'handle', 'followed_at'" in line
    assert "did you mean 'handle'" in line


def test_a_missing_file_is_named() -> None:
    with pytest.raises(InputError, match=r"has no file 'fans\.csv'"):
        read(EXPORT, {"followers": "fans.csv"})


def test_no_file_names_is_a_config_error() -> None:
    with pytest.raises(InputError, match="needs the file names"):
        read(EXPORT, {})


def test_never_detected_without_the_config() -> None:
    with pytest.raises(InputError, match="no follower or following data"):
        read_export(EXPORT, ImportRequest(source="export"))
