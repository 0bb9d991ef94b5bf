"""Compatibility with the fixtures peer tools test against (../shared/peer-fixtures, MANIFEST.md).

Every ASSERTED value of MANIFEST.md is checked here; where we decide differently, a comment says why and the
test asserts what we do instead. Files are read in place; a renamed copy goes only to tmp_path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize, counts, metrics
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, importers, read_export
from followscope_site.model import Snapshot


def snapshots(path: Path) -> list[Snapshot]:
    return read_export(path, ImportRequest(source=path.name))


def one(path: Path, platform: str = "instagram") -> Snapshot:
    found = [s for s in snapshots(path) if s.platform == platform]
    assert len(found) == 1
    return found[0]


def cats(snapshot: Snapshot) -> dict[str, list[str]]:
    return {k: v for k, v in categorize(snapshot).items() if k in ("mutuals", "fans", "not_following_back")}


def repack(tmp_path: Path, name: str, members: dict[str, Path]) -> Path:
    """A zip in tmp_path holding peer files under the names the peer's own test gives them."""
    target = tmp_path / name
    with zipfile.ZipFile(target, "w") as archive:
        for arcname, source in members.items():
            archive.writestr(arcname, source.read_bytes())
    return target


# -- al-kilic/WhoUnfollowed ------------------------------------------------------------------------------


def test_al_kilic_valid_paginated_and_empty(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    valid = one(base / "valid-export.zip")
    assert len(valid.lists["followers"]) == 3 and len(valid.lists["following"]) == 2
    assert valid.lists["followers"]["alice"].timestamp == 1700000000
    assert cats(valid) == {"mutuals": ["alice"], "fans": ["bob", "charlie"], "not_following_back": ["dave"]}
    assert metrics(counts(valid, categorize(valid))) == {
        "follow_ratio": 1.5, "follow_back_rate": 0.333, "followed_back_rate": 0.5}
    paginated = one(base / "paginated-followers.zip")
    assert {"user1", "user4", "user5"} <= set(paginated.lists["followers"]) and len(paginated.lists["followers"]) == 5
    assert cats(paginated) == {"mutuals": ["user1"], "fans": ["user2", "user3", "user4", "user5"],
                               "not_following_back": ["user6"]}
    empty = one(base / "empty-export.zip")  # valid, not an error
    assert empty.lists == {"followers": {}, "following": {}}
    assert all(v == [] for v in categorize(empty).values())
    assert set(metrics(counts(empty, categorize(empty))).values()) == {None}


def test_al_kilic_inline_cases(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    assert one(base / "inline-zero-timestamp.zip").lists["followers"]["ghost"].timestamp is None
    assert one(base / "inline-null-timestamp.zip").lists["followers"]["oldfollower"].timestamp is None
    placeholder = one(base / "inline-placeholder-entry.zip")
    assert list(placeholder.lists["followers"]) == ["alice"]  # "Instagram User" dropped, not fatal
    assert any("'Instagram User'" in w for w in placeholder.warnings)  # we also say so


def test_al_kilic_missing_lists_warn_instead_of_failing(peer_fixtures: Path) -> None:
    # The peer raises MissingFilesError. We build what the export supports and say what is missing: the
    # categories that need the absent list are left out (null in report.json), never shown as zero.
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    for name, present, absent in (("missing-followers.zip", "following", "followers"),
                                  ("missing-following.zip", "followers", "following")):
        snapshot = one(base / name)
        assert list(snapshot.lists) == [present]
        assert any(f"no {absent} list" in w for w in snapshot.warnings)
        assert "mutuals" not in categorize(snapshot)


def test_al_kilic_invalid_schema_is_an_error(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    with pytest.raises(InputError, match=r"followers_1\.json: entry 0 has unexpected key 'bad_field'"):
        snapshots(base / "invalid-schema.zip")


def test_al_kilic_html_and_mixed_format(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    html = one(base / "html-export.zip")
    assert html.format == "instagram-html"
    assert len(html.lists["followers"]) == 3 and len(html.lists["following"]) == 2
    assert all(e.timestamp is None for a in html.lists.values() for e in a.values())  # no dates in that HTML
    assert cats(html) == {"mutuals": ["alice"], "fans": ["bob", "charlie"], "not_following_back": ["dave"]}
    # The peer refuses HTML+JSON mixes (MixedFormatError). We read each list from the format that holds it
    # and say so: the user gets a full report instead of an error.
    mixed = one(base / "mixed-format.zip")
    assert cats(mixed) == {"mutuals": ["alice"], "fans": [], "not_following_back": []}
    assert any("mixes JSON and HTML" in w for w in mixed.warnings)


def test_al_kilic_no_connections_folder_is_an_error(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    with pytest.raises(InputError, match="no follower or following data"):
        snapshots(base / "no-connections-folder.zip")


def test_al_kilic_threads(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    only = snapshots(base / "threads-only.zip")
    assert [s.platform for s in only] == ["threads"] and only[0].format == "threads-json"
    threads = only[0]
    assert sorted(threads.lists["followers"]) == ["ann", "ben"]
    assert sorted(threads.lists["following"]) == ["ann", "cat", "dan"]
    assert threads.lists["following"]["ann"].timestamp == 1700000000
    assert threads.lists["following"]["ann"].name == "ann display name"  # the title is a display name
    assert list(threads.lists["recently_unfollowed"]) == ["eve"] and "pending_sent" not in threads.lists
    assert cats(threads) == {"mutuals": ["ann"], "fans": ["ben"], "not_following_back": ["cat", "dan"]}
    assert sorted(one(base / "threads-paginated-followers.zip", "threads").lists["followers"]) == ["a1", "a2"]
    # Unsafe href: we never keep an export's URL; links are built from the handle (site/links.py), so mallory
    # gets a threads.com profile link and `javascript:` never reaches the page.
    assert sorted(one(base / "threads-unsafe-href.zip", "threads").lists["followers"]) == ["mallory", "old"]
    for order in ("threads-first", "instagram-first"):
        found = {s.platform: s for s in snapshots(base / f"instagram-and-threads-{order}.zip")}
        # The peer reports Instagram and skips Threads; we report both, each as an account of its own.
        instagram = found["instagram"]
        assert list(instagram.lists["followers"]) == ["ig_follower"]
        assert list(instagram.lists["following"]) == ["ig_following"]
        assert "recently_unfollowed" not in instagram.lists  # Threads' file is not read as Instagram's
        assert cats(instagram) == {"mutuals": [], "fans": ["ig_follower"], "not_following_back": ["ig_following"]}
        assert list(found["threads"].lists["recently_unfollowed"]) == ["t_gone"]


def test_al_kilic_threads_differences(peer_fixtures: Path) -> None:
    base = peer_fixtures / "al-kilic__WhoUnfollowed" / "reconstructed"
    # Peer: MissingFilesError. We: the followers we have, and a warning that following is absent.
    missing = one(base / "threads-missing-following.zip", "threads")
    assert missing.lists == {"followers": {}} and any("threads/following.json" in w for w in missing.warnings)
    # Peer: SchemaValidationError for a bare array. Instagram writes followers as bare arrays; the entries are
    # well-formed, so we read them rather than refuse.
    assert list(one(base / "threads-malformed-followers.zip", "threads").lists["followers"]) == ["ann"]
    # Both: no Threads follow data is an error.
    with pytest.raises(InputError, match="no follower or following data"):
        snapshots(base / "threads-no-follow-data.zip")


# -- ignromanov, eppm27, CankatSarac, aris997, gerrycuo87, hanhojinx, shahbakhtk8, altayince, ... -------------


def test_ignromanov(peer_fixtures: Path) -> None:
    base = peer_fixtures / "ignromanov__instagram-unfollow-tracker" / "reconstructed"
    all_types = one(base / "all-data-types.zip")
    assert all_types.lists["following"]["user1"].timestamp == 1640995200
    assert all_types.lists["followers"]["follower1"].timestamp == 1640995201
    assert "pending1" in all_types.lists["pending_sent"] and "restricted1" in all_types.lists["restricted"]
    assert cats(all_types) == {"mutuals": [], "fans": ["follower1"], "not_following_back": ["user1"]}
    title_only = one(base / "new-format-title-only.zip")
    assert title_only.lists["following"]["newformat_user1"].timestamp == 1765477864
    assert title_only.lists["followers"]["newformat_follower1"].timestamp == 1765000000
    assert cats(title_only) == {"mutuals": [], "fans": ["newformat_follower1"],
                                "not_following_back": ["newformat_user1", "newformat_user2"]}


def test_eppm27(peer_fixtures: Path) -> None:
    snapshot = one(peer_fixtures / "eppm27__WhoUnfollowed")  # invalid.json is not a list file: not read
    assert (len(snapshot.lists["following"]), len(snapshot.lists["followers"])) == (8, 6)
    assert cats(snapshot) == {"mutuals": ["alex.chen", "bea.studio", "cameron_lee", "devon.draws"],
                              "fans": ["indigo.paper", "jules.reads"],
                              "not_following_back": ["ellis.codes", "frankie.photo", "garden_notes", "hana.makes"]}
    assert metrics(counts(snapshot, categorize(snapshot))) == {
        "follow_ratio": 0.75, "follow_back_rate": 0.667, "followed_back_rate": 0.5}


def test_cankat_aris_hanhojinx_shahbakhtk8(peer_fixtures: Path) -> None:
    cankat = one(peer_fixtures / "CankatSarac__instagram-followers-plugin")
    assert (len(cankat.lists["followers"]), len(cankat.lists["following"])) == (2, 2)  # Alice/alice merged
    assert cats(cankat) == {"mutuals": ["alice"], "fans": ["carol"], "not_following_back": ["bob"]}
    assert cats(one(peer_fixtures / "aris997__igunf")) == {
        "mutuals": ["sofia.example"], "fans": [], "not_following_back": ["alice.example", "studio.example"]}
    hanho = one(peer_fixtures / "hanhojinx__followback-checker")
    assert sorted(hanho.lists["followers"]) == ["alice", "bob"]
    assert cats(hanho) == {"mutuals": ["alice"], "fans": ["bob"], "not_following_back": ["carol", "dave"]}
    shah = one(peer_fixtures / "shahbakhtk8-lang__unfollow-tracker")  # followers_old/new/legacy not read
    assert cats(shah) == {"mutuals": ["alice_demo"], "fans": ["diana_demo"],
                          "not_following_back": ["bob_demo", "charlie_demo"]}
    assert shah.lists["followers"]["alice_demo"].timestamp == 1699000000
    assert shah.lists["following"]["charlie_demo"].timestamp == 1700000200


def test_hanhojinx_zip_with_second_part_and_unsafe_entry(peer_fixtures: Path, tmp_path: Path) -> None:
    base = peer_fixtures / "hanhojinx__followback-checker"
    path = tmp_path / "e.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("followers_1.json", "following.json"):
            archive.writestr(f"connections/followers_and_following/{name}", (base / name).read_bytes())
        archive.writestr("connections/followers_and_following/followers_2.json",
                         '[{"string_list_data": [{"value": "CAROL"}]}]')
        archive.writestr("../../unrelated.txt", "x")
    snapshot = one(path)
    assert categorize(snapshot)["not_following_back"] == ["dave"]
    assert any("unsafe path" in w for w in snapshot.warnings)


def test_gerrycuo87(peer_fixtures: Path, tmp_path: Path) -> None:
    base = peer_fixtures / "gerrycuo87__ig-followers-checker"
    snapshot = one(base)  # followers_old.json is present and not read
    assert sorted(snapshot.lists["followers"]) == ["follower1", "follower2", "follower3"]
    assert all(isinstance(e.timestamp, int) for e in snapshot.lists["followers"].values())
    assert cats(snapshot) == {"mutuals": [], "fans": ["follower1", "follower2", "follower3"],
                              "not_following_back": ["following1", "following2"]}
    assert metrics(counts(snapshot, categorize(snapshot)))["follow_ratio"] == 1.5
    old = repack(tmp_path, "old.zip", {"followers_1.json": base / "followers_old.json",
                                       "following.json": base / "following.json"})
    assert sorted(one(old).lists["followers"]) == ["oldfollower1", "oldfollower2"]


def test_altayince_json_and_html(peer_fixtures: Path, tmp_path: Path) -> None:
    base = peer_fixtures / "altayince__instascope"
    pair = repack(tmp_path, "json.zip", {"followers_1.json": base / "followers_1.json",
                                         "following.json": base / "following.json"})
    snapshot = one(pair)
    assert sorted(snapshot.lists["followers"]) == ["alice", "bob", "fan.only"] and len(snapshot.lists["following"]) == 4
    assert cats(snapshot) == {"mutuals": ["alice", "bob"], "fans": ["fan.only"],
                              "not_following_back": ["old.friend", "one.way"]}
    assert metrics(counts(snapshot, categorize(snapshot)))["follow_ratio"] == 0.75
    twice = repack(tmp_path, "twice.zip", {"followers_1.json": base / "followers_1.json",
                                           "followers_2.json": base / "followers_1.json",
                                           "elsewhere/following_1.json": base / "following.json"})
    assert len(one(twice).lists["followers"]) == 3
    html = one(repack(tmp_path, "html.zip", {"followers.html": base / "followers.html",
                                             "following.html": base / "following.html"}))
    assert (len(html.lists["followers"]), len(html.lists["following"])) == (3, 4)  # script and img inert
    assert cats(html) == cats(snapshot)
    dated = one(repack(tmp_path, "dated.zip", {"followers_1.html": base / "followers-dated.html",
                                               "following.html": base / "following-dated.html"}))
    followers = [(h, e.timestamp) for h, e in dated.lists["followers"].items()]
    assert followers == [("dated.follower", 1788771900), ("midnight.follower", 1704067200),
                         ("noon.follower", 1704110400), ("malformed.follower", None),
                         ("impossible.follower", None), ("undated.follower", None)]
    assert [(h, e.timestamp) for h, e in dated.lists["following"].items()] == [("dated.following", 1759928760)]


def test_altayince_optional_connections(peer_fixtures: Path) -> None:
    snapshot = one(peer_fixtures / "altayince__instascope" / "reconstructed" / "optional-connections.zip")
    assert snapshot.lists["followers"] == {} and snapshot.lists["following"] == {}
    assert sorted(snapshot.lists["pending_sent"]) == ["request.old", "request.recent", "request.undated"]
    assert snapshot.lists["blocked"]["blocked.person"].timestamp == 1704067200
    assert snapshot.lists["restricted"] == {}
    assert list(snapshot.lists["close_friends"]) == ["close.friend"]
    assert list(snapshot.lists["hidden_story"]) == ["story.hidden"]
    # The peer keeps both unfollow events of unfollow.again; a list holds each account once (earliest time
    # kept) and the merge is reported.
    assert list(snapshot.lists["recently_unfollowed"]) == ["unfollow.again"]
    assert any("recently_unfollowed: 1 duplicate" in w for w in snapshot.warnings)


def test_cameronwolf_weeks(peer_fixtures: Path) -> None:
    base = peer_fixtures / "cameronwolf-coder__instagram-audit"
    week1, week2 = one(base / "sample-export-week1"), one(base / "sample-export-week2")
    assert (len(week1.lists["followers"]), len(week1.lists["following"])) == (5, 3)
    assert cats(week1) == {"mutuals": ["alice_designs", "bob_photos"],
                           "fans": ["charlie_travels", "dave_fitness", "eve_art"], "not_following_back": ["frank_tech"]}
    assert (len(week2.lists["followers"]), len(week2.lists["following"])) == (5, 3)
    assert cats(week2) == {"mutuals": ["alice_designs", "bob_photos", "grace_music"],
                           "fans": ["dave_fit_coach", "eve_art"], "not_following_back": []}


def test_francesco_ascenzi(peer_fixtures: Path, tmp_path: Path) -> None:
    base = peer_fixtures / "francesco-ascenzi__instaco"
    # `followings.json` is that peer's own name, not Instagram's: we read it renamed, as one export.
    snapshot = one(repack(tmp_path, "e.zip", {"followers.json": base / "followers.json",
                                              "following.json": base / "followings.json"}))
    assert [(h, e.timestamp) for h, e in snapshot.lists["followers"].items()] == [
        ("username_1", 1690000000), ("username_2", 1690001000)]
    assert [(h, e.timestamp) for h, e in snapshot.lists["following"].items()] == [
        ("username_1", 1690002000), ("username_5", 1690003000)]
    assert cats(snapshot) == {"mutuals": ["username_1"], "fans": ["username_2"], "not_following_back": ["username_5"]}
    with pytest.raises(InputError, match="invalid JSON"):
        one(repack(tmp_path, "bad.zip", {"followers.json": base / "invalid.json",
                                         "following.json": base / "followings.json"}))


def test_endika(peer_fixtures: Path) -> None:
    snapshot = one(peer_fixtures / "Endika__influence-sensor")
    assert sorted(snapshot.lists["following"]) == ["acc_followed", "acc_unengaged"]
    assert sorted(snapshot.lists["followers"]) == ["acc_followed", "follower_a"]
    assert list(snapshot.lists["close_friends"]) == ["cf_user"]  # "Nombre de usuario", not "Nombre"
    assert cats(snapshot) == {"mutuals": ["acc_followed"], "fans": ["follower_a"],
                              "not_following_back": ["acc_unengaged"]}


def test_endika_tiktok(peer_fixtures: Path) -> None:
    if not any(imp.platform == "tiktok" for imp in importers()):
        pytest.skip("the TikTok importer is not written yet")
    snapshot = one(peer_fixtures / "Endika__influence-sensor" / "reconstructed" / "tiktok-sample.zip", "tiktok")
    assert sorted(snapshot.lists["following"]) == ["a", "b"] and sorted(snapshot.lists["followers"]) == ["a", "c"]
    assert sorted(snapshot.lists["blocked"]) == ["x"]
    assert cats(snapshot) == {"mutuals": ["a"], "fans": ["c"], "not_following_back": ["b"]}
