"""Mastodon: following with and without header and Languages, followers where present, blocked, muted."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.mastodon import NO_FOLLOWERS
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mastodon"


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


def test_mastodon_4_export_with_followers_gives_the_set_algebra() -> None:
    snapshot = read(FIXTURES / "mastodon-4-2026-03-01")
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("mastodon", "mastodon-csv", "address")
    following = set(snapshot.lists["following"])
    followers = set(snapshot.lists["followers"])
    assert following == {"alice@mastodon.example", "bob@other.example", "me_local@my.instance"}
    assert followers == {"alice@mastodon.example", "carol@third.example"}  # compared case-insensitively
    assert set(snapshot.lists["blocked"]) == {"troll@bad.example"}  # no header: one address per row
    assert set(snapshot.lists["muted"]) == {"loud@noisy.example"}
    categories = categorize(snapshot)
    assert categories["mutuals"] == sorted(followers & following)
    assert categories["fans"] == sorted(followers - following)
    assert categories["not_following_back"] == sorted(following - followers)
    assert NO_FOLLOWERS not in snapshot.warnings
    assert snapshot.date == "2026-03-01"


@pytest.mark.parametrize("folder", ["mastodon-3-2022-05-01", "mastodon-noheader-2021-01-01"])
def test_older_exports_have_no_followers_and_say_so(folder: str) -> None:
    snapshot = read(FIXTURES / folder)
    assert snapshot.format == "mastodon-csv-3"
    assert set(snapshot.lists["following"]) == {"alice@mastodon.example", "bob@other.example"}
    assert "followers" not in snapshot.lists
    assert NO_FOLLOWERS in snapshot.warnings
    assert "mutuals" not in categorize(snapshot)


def test_an_unknown_header_names_the_file_and_the_column(tmp_path: Path) -> None:
    (tmp_path / "following_accounts.csv").write_text("Account addr,Show boosts\nalice@a.example,true\n",
                                                     encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_export(tmp_path, ImportRequest(source="export", platform="mastodon"))
    line = caught.value.line()
    assert "following_accounts.csv" in line and "'Account address'" in line and "did you mean 'Account addr'" in line


def test_detection_needs_the_content_shape_not_only_the_name(tmp_path: Path) -> None:
    (tmp_path / "following_accounts.csv").write_text("name,score\nalice,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="no follower or following data"):
        read_export(tmp_path, ImportRequest(source="export"))


def test_invalid_addresses_are_counted_not_kept(tmp_path: Path) -> None:
    (tmp_path / "following_accounts.csv").write_text(
        "Account address,Show boosts\nalice@a.example,true\n<script>,true\n,true\n", encoding="utf-8")
    snapshot = read(tmp_path)
    assert set(snapshot.lists["following"]) == {"alice@a.example"}
    assert any("invalid" in w and "<script>" in w for w in snapshot.warnings)
    assert any("without an account" in w for w in snapshot.warnings)
