"""Instagram JSON in all three layouts, every list, owner and date, partial exports and the #2 acceptance test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from meta_export import gen_a, gen_b, write_json, zip_folder

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "instagram"
ZIP_NAME = "instagram-fixture.owner-2025-12-10-WhW57JDt.zip"


def read(path: Path, owner: str | None = None) -> list[Snapshot]:
    return read_export(path, ImportRequest(source=path.name, owner=owner))


def only(snapshots: list[Snapshot], platform: str = "instagram") -> Snapshot:
    found = [s for s in snapshots if s.platform == platform]
    assert len(found) == 1
    return found[0]


def test_2025_zip_reads_every_list_with_owner_and_date(tmp_path: Path) -> None:
    snapshot = only(read(zip_folder(FIXTURES / "export-2025", tmp_path / ZIP_NAME)))
    assert snapshot.format == "instagram-json"
    assert snapshot.owner == "fixture.owner" and snapshot.date == "2025-12-10"
    lists = {name: sorted(accounts) for name, accounts in snapshot.lists.items()}
    assert lists == {
        "followers": ["anna.example", "ben_k", "cleo.art", "dev.ops"],
        "following": ["__deleted__bhiebeeajhebiaaab", "anna.example", "ben_k", "eli.writes", "fay.pending"],
        "pending_sent": ["fay.pending"], "recent_requests": ["eli.writes"], "recently_unfollowed": ["gus.gone"],
        "close_friends": ["anna.example"], "blocked": ["spam.account"], "restricted": [],
        "hidden_story": ["cleo.art"], "removed_suggestions": ["hal.suggested"], "requests_received": ["ivy.asks"],
        "favorites": ["anna.example"],
    }
    assert snapshot.lists["blocked"]["spam.account"].name == "Jörg Spam 😀"  # mojibake fixed
    assert snapshot.lists["followers"]["anna.example"].timestamp == 1765000000
    categories = categorize(snapshot)
    assert categories["mutuals"] == ["anna.example", "ben_k"]
    assert categories["fans"] == ["cleo.art", "dev.ops"]
    # fay.pending is a request still pending; eli.writes, on the recent-requests list and in following,
    # accepted it and counts like any account you follow (SPEC `recent_requests`)
    assert categories["not_following_back"] == ["eli.writes"]
    assert categories["deactivated"] == ["__deleted__bhiebeeajhebiaaab"]
    assert not any("threads" in m for m in snapshot.files_used)  # Threads' files are not Instagram's


def test_owner_from_personal_information_when_the_name_has_none(tmp_path: Path) -> None:
    snapshot = only(read(zip_folder(FIXTURES / "export-2025", tmp_path / "download.zip")))
    assert snapshot.owner == "fixture.owner"
    assert snapshot.date_source == "zip"  # dated from the zip's entry times (importers/dating.py)
    assert only(read(zip_folder(FIXTURES / "export-2025", tmp_path / "x.zip"), owner="@Me.Too")).owner == "me.too"


def test_2023_root_layout_and_old_file_names(tmp_path: Path) -> None:
    snapshot = only(read(FIXTURES / "export-2023"))
    assert sorted(snapshot.lists) == ["blocked", "followers", "following", "recently_unfollowed"]
    assert sorted(snapshot.lists["blocked"]) == ["spam.account"]
    assert categorize(snapshot)["not_following_back"] == ["dev.ops"]
    # re-zipped with a top folder of the user's own: still found by path suffix
    top = tmp_path / "my backup"
    shutil.copytree(FIXTURES / "export-2023", top / "instagram stuff")
    assert sorted(only(read(zip_folder(top, tmp_path / "again.zip"))).lists["followers"]) == [
        "anna.example", "ben_k", "cleo.art"]


def test_2026_label_values_blocked_as_a_list() -> None:
    snapshot = only(read(FIXTURES / "export-2026"))
    blocked = snapshot.lists["blocked"]
    assert sorted(blocked) == ["spam.one", "spam.two"]  # Username label, else the URL
    assert blocked["spam.one"].name == "Spam Öne" and blocked["spam.one"].timestamp == 1778000000 - 86400 * 3


def test_legacy_connections_json() -> None:
    snapshot = only(read(FIXTURES / "export-2020"))
    assert snapshot.format == "instagram-json-2020"
    assert sorted(snapshot.lists["following"]) == ["anna.example", "dev.ops", "fay.pending"]
    assert snapshot.lists["followers"]["anna.example"].timestamp == 1557162772
    categories = categorize(snapshot)
    assert categories["not_following_back"] == ["dev.ops"]  # fay.pending is a pending request
    assert categories["blocked"] == ["spam.account"] and categories["close_friends"] == ["anna.example"]


def test_localized_label_values_and_bare_object(tmp_path: Path) -> None:
    ff = tmp_path / "e" / "connections" / "followers_and_following"
    write_json(ff / "followers_1.json", [])
    write_json(ff / "following.json", {"relationships_following": []})
    write_json(ff / "close_friends.json", {"media": [], "label_values": [
        {"label": "Nombre", "value": "Señora Cf"}, {"label": "Nombre de usuario", "value": "cf_user"}]})
    snapshot = only(read(tmp_path / "e"))
    assert snapshot.lists["close_friends"]["cf_user"].name == "Señora Cf"


def test_missing_part_warns_and_marks_partial(tmp_path: Path) -> None:
    ff = tmp_path / "e" / "followers_and_following"
    write_json(ff / "followers_1.json", [gen_a("a1", 1)])
    write_json(ff / "followers_3.json", [gen_a("a3", 1)])
    write_json(ff / "following.json", {"relationships_following": [gen_b("a1", 1)]})
    snapshot = only(read(tmp_path / "e"))
    assert snapshot.partial
    assert any("followers_2.json is missing" in w for w in snapshot.warnings)


def _range_export(tmp_path: Path, name: str, newest: int, span_days: int, extra: dict | None = None) -> Snapshot:
    folder = tmp_path / name
    ff = folder / "connections" / "followers_and_following"
    step = span_days * 86400 // 30
    write_json(ff / "followers_1.json", [gen_a(f"f{i}", newest - i * step) for i in range(15)])
    write_json(ff / "following.json", {"relationships_following": [gen_b(f"g{i}", newest - i * step - 1)
                                                                   for i in range(15)]})
    for file_name, value in (extra or {}).items():
        write_json(ff / file_name, value)
    return only(read(zip_folder(folder, tmp_path / f"{name}.zip")))


def test_date_range_export_in_the_past_is_partial(tmp_path: Path) -> None:
    # export dated 2025-12-10; every follow date in 30 days of early 2025
    snapshot = _range_export(tmp_path, "instagram-me-2025-12-10-aaaaaaaa", 1740000000, 30)
    assert snapshot.partial
    assert any("date range" in w and "All time" in w for w in snapshot.warnings)


def test_recent_short_window_may_be_a_new_account(tmp_path: Path) -> None:
    snapshot = _range_export(tmp_path, "instagram-me-2025-12-10-bbbbbbbb", 1765300000, 30)
    assert not snapshot.partial
    assert any("either the account is new" in w for w in snapshot.warnings)


def test_recent_window_with_older_dates_elsewhere_is_partial(tmp_path: Path) -> None:
    old = {"close_friends.json": {"relationships_close_friends": [gen_a("old.friend", 1500000000)]}}
    snapshot = _range_export(tmp_path, "instagram-me-2025-12-10-cccccccc", 1765300000, 30, old)
    assert snapshot.partial


def test_exports_made_before_the_date_range_option_are_never_a_date_range(tmp_path: Path) -> None:
    # Meta's export form asks for a date range since about mid-2024: a 2023 export with all follows in one
    # month is a young account, not a partial export, and "request it again with All time" would be no help.
    snapshot = _range_export(tmp_path, "instagram-me-2023-11-10-eeeeeeee", 1680000000, 30)
    assert not snapshot.partial
    assert not any("All time" in w or "date range" in w for w in snapshot.warnings)


def test_long_history_and_small_lists_are_not_flagged(tmp_path: Path) -> None:
    assert not _range_export(tmp_path, "instagram-me-2025-12-10-dddddddd", 1765300000, 400).warnings
    few = tmp_path / "few" / "followers_and_following"
    write_json(few / "followers_1.json", [gen_a(f"f{i}", 1740000000 + i) for i in range(5)])
    write_json(few / "following.json", {"relationships_following": [gen_b("f1", 1740000000)]})
    assert not only(read(tmp_path / "few")).partial


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"relationships_followers_x": []}', "unexpected top-level key 'relationships_followers_x'"),
    (b'[{"bad_field": "wrong"}]', "entry 0 has unexpected key 'bad_field'"),
    (b'{"relationships_following": {"a": 1}}', "should be a list"),
    (b'[{"title": "", "string_list_data": [', "cut off"),
])
def test_unknown_shapes_name_the_file_and_the_key(tmp_path: Path, content: bytes, expected: str) -> None:
    ff = tmp_path / "e" / "connections" / "followers_and_following"
    write_json(ff / "following.json", {"relationships_following": []})
    name = "following.json" if b"relationships_following" in content else "followers_1.json"
    (ff / name).write_bytes(content)
    if name == "following.json":
        write_json(ff / "followers_1.json", [])
    with pytest.raises(InputError) as caught:
        read(tmp_path / "e")
    message = caught.value.line()
    assert name in message and expected in message
    assert "inspect" in message or "download" in message


def generated_export(folder: Path, followers: int, following: int, deleted: int) -> tuple[set[str], set[str]]:
    """A real-shaped 2025 export: followers in parts of 10,000 (gen A), following gen B with placeholders."""
    ff = folder / "connections" / "followers_and_following"
    follower_names = [f"user{i:05d}" for i in range(followers)]
    # following overlaps the second half of the followers and adds accounts of its own
    following_names = [f"user{i:05d}" for i in range(followers // 2, followers // 2 + following)]
    placeholders = [f"__deleted__{chr(97 + i % 26)}{i:06d}" for i in range(deleted)]
    base = 1765000000
    for part, start in enumerate(range(0, followers, 10_000), 1):
        write_json(ff / f"followers_{part}.json",
                   [gen_a(h, base - i * 60) for i, h in enumerate(follower_names[start:start + 10_000], start)])
    write_json(ff / "following.json", {"relationships_following": [
        gen_b(h, base - i * 97) for i, h in enumerate(following_names + placeholders)]})
    return set(follower_names), set(following_names)


def test_acceptance_12345_followers_over_two_files_equal_the_set_algebra(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    followers, following = generated_export(folder, 12_345, 7_000, 25)
    path = zip_folder(folder, tmp_path / "instagram-someone-2025-12-10-AbCdEf12.zip")
    snapshot = only(read(path))
    assert sorted(n.rsplit("/", 1)[-1] for n in snapshot.files_used) == [
        "followers_1.json", "followers_2.json", "following.json"]
    assert len(snapshot.lists["followers"]) == 12_345
    categories = categorize(snapshot)
    assert set(categories["mutuals"]) == followers & following
    assert set(categories["fans"]) == followers - following
    assert set(categories["not_following_back"]) == following - followers
    assert len(categories["deactivated"]) == 25
    assert not snapshot.partial


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "exports" / "instagram"


def test_the_activity_files_read_for_engagement_are_files_used() -> None:
    """The example's newest export: its likes, comments and every conversation drive the engagement signals
    and lost-follower evidence, so the about page and inspect list them as used, not ignored."""
    export = next(EXAMPLE.glob("*-2025-12-10-*.zip"))
    instagram, threads = only(read(export)), only(read(export), "threads")
    activity = [n for n in instagram.files_used if "/threads/" not in n and "connections/" not in n]
    assert sorted(n.split("your_instagram_activity/", 1)[1] for n in activity if "/messages/" not in n) == [
        "comments/post_comments_1.json", "likes/liked_posts.json"]
    assert len([n for n in activity if n.endswith("/message_1.json") and "/messages/inbox/" in n]) == 8
    assert instagram.signals["liked_posts"] and instagram.signals["messages"]
    assert "connections/followers_and_following/followers_1.json" in instagram.files_used  # lists first
    assert all("/threads/" in n for n in threads.files_used)


def test_an_unreadable_activity_file_is_a_warning_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(FIXTURES / "export-2025", folder)
    likes = folder / "your_instagram_activity" / "likes"
    likes.mkdir(parents=True, exist_ok=True)
    (likes / "liked_posts.json").write_bytes(b'{"likes_media_likes": [')
    snapshot = only(read(zip_folder(folder, tmp_path / ZIP_NAME)))
    assert snapshot.lists["followers"]  # the lists are read as ever
    assert [w for w in snapshot.warnings if "liked_posts.json" in w and "engagement" in w]
