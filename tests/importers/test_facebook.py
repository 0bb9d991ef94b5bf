"""Facebook: display names as identifiers, friends both ways, requests and removed friends, older layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from meta_export import write_json, zip_folder

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "facebook"


def test_current_layout(tmp_path: Path) -> None:
    path = zip_folder(FIXTURES / "export-2026", tmp_path / "facebook-someone-2026-03-05-xYz123.zip")
    (snapshot,) = read_export(path, ImportRequest(source=path.name))
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("facebook", "facebook-json", "name")
    assert snapshot.date == "2026-03-05"
    followers, following = snapshot.lists["followers"], snapshot.lists["following"]
    assert sorted(e.name for e in followers.values()) == ["Ana María", "Hoàng Minh", "Jörg Example", "Some Page Name"]
    assert sorted(e.name for e in following.values()) == ["Ana María", "Cool Band 🎸", "Hoàng Minh"]
    assert followers["ana maría"].timestamp == 1772711993 - 86400 * 800  # duplicate friend merged, earliest kept
    categories = categorize(snapshot)
    assert categories["mutuals"] == ["ana maría", "hoàng minh"]
    assert categories["fans"] == ["jörg example", "some page name"]
    assert categories["not_following_back"] == ["cool band 🎸"]
    assert categories["pending_sent"] == ["pat pending"]
    assert categories["requests_received"] == ["rae request"]
    assert categories["removed_friends"] == ["old friend"]
    assert any("share a display name" in w for w in snapshot.warnings)
    assert any("friends count as both" in w for w in snapshot.warnings)


def test_older_layout_and_loose_apostrophe(tmp_path: Path) -> None:
    (snapshot,) = read_export(FIXTURES / "export-2021", ImportRequest(source="export-2021"))
    assert categorize(snapshot)["fans"] == ["jörg example"]
    folder = tmp_path / "e" / "connections" / "followers"
    write_json(folder / "who_you_ve_followed.json", {"following_v3": [{"name": "X Y", "timestamp": 1}]})
    (snapshot,) = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert list(snapshot.lists) == ["following"]


def test_instagram_2021_followers_json_is_not_facebook(tmp_path: Path) -> None:
    folder = tmp_path / "e" / "followers_and_following"
    write_json(folder / "followers.json", {"relationships_followers": []})
    (snapshot,) = read_export(tmp_path / "e", ImportRequest(source="e"))
    assert snapshot.platform == "instagram" and snapshot.lists["followers"] == {}


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "e" / "connections" / "friends"
    write_json(folder / "your_friends.json", {"friends_v9": []})
    with pytest.raises(InputError, match=r"your_friends\.json: unexpected top-level key 'friends_v9'; expected "
                                         r"'friends_v2' \(.*inspect"):
        read_export(tmp_path / "e", ImportRequest(source="e"))
    write_json(folder / "your_friends.json", {"friends_v2": [{"nom": "x"}]})
    with pytest.raises(InputError, match="entry 0 has unexpected key 'nom'; expected 'name'"):
        read_export(tmp_path / "e", ImportRequest(source="e"))
