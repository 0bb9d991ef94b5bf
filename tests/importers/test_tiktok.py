"""TikTok: the three JSON layouts, null lists, any-case keys, the TXT variant, ProfileMap counts, odd shapes."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tiktok"
GENERATIONS = {
    "TikTok_Data_1700000000": "tiktok-json-2021",
    "TikTok_Data_2025-11-20": "tiktok-json-2025",
    "TikTok_Data_2026-02-01": "tiktok-json-2026",
    "TikTok_Data_TXT_2024-04-02": "tiktok-txt",
}


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


def seconds(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize("folder", sorted(GENERATIONS))
def test_every_generation_gives_the_set_algebra_of_its_lists(folder: str) -> None:
    snapshot = read(FIXTURES / folder)
    assert (snapshot.platform, snapshot.format, snapshot.owner) == ("tiktok", GENERATIONS[folder], "me_myself")
    followers, following = set(snapshot.lists["followers"]), set(snapshot.lists["following"])
    assert "mutual_pal" in followers & following and "creator_two" in following
    categories = categorize(snapshot)
    assert categories["mutuals"] == sorted(followers & following)
    assert categories["fans"] == sorted(followers - following)
    assert categories["not_following_back"] == sorted(following - followers)
    assert not any("incomplete" in w or "missing" in w for w in snapshot.warnings)


def test_generation_1_reads_the_app_settings_block_list_and_utc_dates() -> None:
    snapshot = read(FIXTURES / "TikTok_Data_1700000000")
    assert set(snapshot.lists["blocked"]) == {"blocked_x"}
    assert snapshot.lists["following"]["mutual_pal"].timestamp == seconds("2021-09-01 12:00:00")
    # `Mutual_Pal` in followers: compared case-insensitively, shown as written
    assert snapshot.lists["followers"]["mutual_pal"].name == "Mutual_Pal"
    # TikTok_Data_<digits> carries no date: the newest date in the lists is a lower bound
    assert snapshot.date_source == "data" and any("export date taken from" in w for w in snapshot.warnings)
    assert snapshot.files_used == ["user_data.json"]


def test_generation_2_null_block_list_is_an_empty_list_and_counts_are_declared() -> None:
    snapshot = read(FIXTURES / "TikTok_Data_2025-11-20")
    assert snapshot.lists["blocked"] == {}
    assert snapshot.declared_counts == {"followers": 3, "following": 2}
    assert not snapshot.partial
    assert snapshot.date == "2025-11-20"


def test_generation_3_reads_lowercase_record_keys() -> None:
    snapshot = read(FIXTURES / "TikTok_Data_2026-02-01")
    assert snapshot.lists["followers"]["mutual_pal"].timestamp == seconds("2026-01-10 07:30:00")
    assert "blocked" not in snapshot.lists


def test_txt_variant_matches_on_base_names_and_reads_the_owner() -> None:
    snapshot = read(FIXTURES / "TikTok_Data_TXT_2024-04-02")
    assert set(snapshot.lists["blocked"]) == {"blocked_x"}
    assert snapshot.lists["followers"]["fan.one"].timestamp == seconds("2024-04-01 09:00:00")
    assert "Profile/Profile Info.txt" in snapshot.files_used


def test_peer_fixture_influence_sensor(peer_fixtures: Path) -> None:
    snapshot = read(peer_fixtures / "Endika__influence-sensor" / "reconstructed" / "tiktok-sample.zip")
    assert set(snapshot.lists["following"]) == {"a", "b"}
    assert set(snapshot.lists["followers"]) == {"a", "c"}
    assert set(snapshot.lists["blocked"]) == {"x"}
    categories = categorize(snapshot)
    assert (categories["mutuals"], categories["fans"], categories["not_following_back"]) == (["a"], ["c"], ["b"])


def _write(tmp_path: Path, data: object, name: str = "user_data_tiktok.json") -> Path:
    folder = tmp_path / "TikTok_Data_2025-05-05"
    folder.mkdir()
    (folder / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder


def _profile(followers: int, following: int) -> dict[str, object]:
    return {"Profile Info": {"ProfileMap": {"userName": "me", "followerCount": followers, "followingCount": following}}}


def test_far_fewer_entries_than_profile_map_marks_the_snapshot_partial(tmp_path: Path) -> None:
    fans = [{"Date": "2025-01-01 00:00:00", "UserName": f"fan{i}"} for i in range(5)]
    data = {"Your Activity": {"Follower": {"FansList": fans}, "Following": {"Following": None}},
            "Profile": _profile(followers=500, following=0)}
    snapshot = read(_write(tmp_path, data))
    assert snapshot.partial
    assert snapshot.declared_counts == {"followers": 500, "following": 0}
    assert any("followers" in w and "500" in w and "incomplete" in w for w in snapshot.warnings)
    assert snapshot.lists["following"] == {}


def test_a_few_missing_entries_warn_without_marking_partial(tmp_path: Path) -> None:
    fans = [{"Date": "2025-01-01 00:00:00", "UserName": f"fan{i}"} for i in range(95)]
    data = {"Your Activity": {"Follower": {"FansList": fans}, "Following": {"Following": []}},
            "Profile": _profile(followers=100, following=0)}
    snapshot = read(_write(tmp_path, data))
    assert not snapshot.partial
    assert any("a few may be missing" in w for w in snapshot.warnings)


def test_lists_that_moved_are_found_by_the_deep_search(tmp_path: Path) -> None:
    data = {"Profile And Settings": {"Social": {"Followers": {"FansList": [{"UserName": "moved_fan"}]}}}}
    snapshot = read(_write(tmp_path, data))
    assert set(snapshot.lists["followers"]) == {"moved_fan"}
    assert "following" not in snapshot.lists
    assert any("no following list" in w for w in snapshot.warnings)


def test_unknown_record_key_names_the_member_and_the_key(tmp_path: Path) -> None:
    data = {"Your Activity": {"Follower": {"FansList": [{"Handle": "someone", "Date": "2025-01-01 00:00:00"}]}}}
    folder = _write(tmp_path, data)
    archive = tmp_path / "TikTok_Data_2025-05-06.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(folder / "user_data_tiktok.json", "user_data_tiktok.json")
    with pytest.raises(InputError) as caught:
        read(archive)
    line = caught.value.line()
    assert "TikTok_Data_2025-05-06.zip!user_data_tiktok.json" in line
    assert "'Handle'" in line and "'UserName'" in line and "followscope inspect" in line


def test_a_file_with_no_follow_list_names_its_top_level_keys(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read(_write(tmp_path, {"Activity": {"Login History": {}}, "Comment": {}}))
    assert "no follower or following list" in caught.value.line() and "'Activity'" in caught.value.line()


def test_a_list_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'FansList' should be a list"):
        read(_write(tmp_path, {"Your Activity": {"Follower": {"FansList": "fan.one"}}}))


def test_txt_line_that_is_not_key_value_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "TikTok_Data_TXT_2025-01-01"
    folder.mkdir()
    (folder / "Follower.txt").write_text("Date: 2024-04-01 09:00:00\nUsername: fan.one\n", encoding="utf-8")
    (folder / "Following.txt").write_text("Date: 2024-04-01 09:00:00\n<html>\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(folder)
    assert "Following.txt" in caught.value.line() and "line 2" in caught.value.line()


@pytest.mark.parametrize("folder", ["TikTok_Data_2025-12-05", "TikTok_Data_TXT_2025-12-05"])
def test_n_a_rows_are_deleted_accounts_never_a_person(folder: str) -> None:
    # TikTok writes `N/A` where the account no longer exists: one deleted-account placeholder per row, keyed by
    # its date, so two such rows never merge into one "n/a" that looks like a mutual.
    snapshot = read(FIXTURES / folder)
    for accounts in snapshot.lists.values():
        assert "n/a" not in accounts
    followers = snapshot.lists["followers"]
    following = snapshot.lists["following"]
    assert f"__deleted__{seconds('2025-09-14 07:45:03')}" in followers
    assert f"__deleted__{seconds('2025-10-02 12:20:51')}" in following
    categories = categorize(snapshot)
    assert categories["mutuals"] == ["mutual_pal"]
    assert all(h.startswith("__deleted__") for h in categories["deactivated"])
    assert len(categories["deactivated"]) == len([h for a in (followers, following) for h in a
                                                 if h.startswith("__deleted__")])
    assert not any(h.startswith("__deleted__") for k in ("mutuals", "fans", "not_following_back")
                   for h in categories[k])


def test_n_a_rows_on_the_same_second_stay_two_accounts() -> None:
    from followscope_site.importers.partial import Collector
    from followscope_site.importers.tiktok import add_user

    collector = Collector("followers")
    add_user(collector, "N/A", 1_700_000_000)
    add_user(collector, " n/a ", 1_700_000_000)
    add_user(collector, "N/A", None)
    assert list(collector.entries) == ["__deleted__1700000000", "__deleted__1700000000-2", "__deleted__undated"]
