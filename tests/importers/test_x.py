"""X archive: `window.YTD` files never evaluated, manifest parts and counts, numeric ids, odd shapes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.model import Snapshot
from followscope_site.site.links import profile_url

ARCHIVE = Path(__file__).resolve().parent.parent / "fixtures" / "x" / "twitter-2026-07-25-abc123"


def read(path: Path) -> Snapshot:
    [snapshot] = read_export(path, ImportRequest(source=path.name))
    return snapshot


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    copy = tmp_path / "twitter-2026-07-25-abc123"
    shutil.copytree(ARCHIVE, copy)
    return copy


def test_archive_gives_ids_owner_date_and_the_set_algebra() -> None:
    snapshot = read(ARCHIVE)
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("x", "x-archive", "id")
    assert snapshot.owner == "my_handle"
    assert snapshot.date == "2026-07-25"
    followers = set(snapshot.lists["followers"])
    following = set(snapshot.lists["following"])
    assert followers == {"1234567890123456789", "98765432", "555"}
    assert following == {"98765432", "777", "555"}
    assert set(snapshot.lists["blocked"]) == {"666"}
    assert snapshot.lists["muted"] == {}  # `window.YTD.mute.part0 = [ ]`
    categories = categorize(snapshot)
    assert categories["mutuals"] == sorted(followers & following)
    assert categories["fans"] == sorted(followers - following)
    assert categories["not_following_back"] == sorted(following - followers)
    assert snapshot.declared_counts == {"followers": 3, "following": 3, "blocked": 1, "muted": 0}
    assert not snapshot.partial and snapshot.warnings == []
    assert "Your archive.html" not in snapshot.files_used and "data/follower.js" in snapshot.files_used


def test_ids_are_linked_on_x() -> None:
    assert profile_url("x", "98765432", "id") == "https://x.com/i/user/98765432"


def test_manifest_counts_above_the_lists_warn_of_truncation(archive: Path) -> None:
    manifest = archive / "data" / "manifest.js"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('"YTD.follower.part0",\n          "count" : "3"',
                                     '"YTD.follower.part0",\n          "count" : "300"'), encoding="utf-8")
    snapshot = read(archive)
    assert snapshot.partial
    assert snapshot.declared_counts["followers"] == 300
    assert any("followers" in w and "300" in w for w in snapshot.warnings)


def test_a_partial_archive_is_said(archive: Path) -> None:
    manifest = archive / "data" / "manifest.js"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"isPartialArchive" : false',
                                                                     '"isPartialArchive" : true'), encoding="utf-8")
    snapshot = read(archive)
    assert snapshot.partial and any("partial archive" in w for w in snapshot.warnings)


def test_part_files_listed_in_the_manifest_are_merged(archive: Path) -> None:
    data = archive / "data"
    (data / "follower-part1.js").write_text(
        'window.YTD.follower.part1 = [\n  {\n    "follower" : {\n      "accountId" : "4242"\n    }\n  }\n]',
        encoding="utf-8")
    manifest = data / "manifest.js"
    text = manifest.read_text(encoding="utf-8")
    extra = ('"count" : "3"\n        },\n        {\n          "fileName" : "data/follower-part1.js",\n'
             '          "globalName" : "YTD.follower.part1",\n          "count" : "1"')
    text = text.replace('"YTD.follower.part0",\n          "count" : "3"', '"YTD.follower.part0",\n          ' + extra)
    manifest.write_text(text, encoding="utf-8")
    snapshot = read(archive)
    assert "4242" in snapshot.lists["followers"] and len(snapshot.lists["followers"]) == 4
    assert snapshot.declared_counts["followers"] == 4 and not snapshot.partial
    assert "data/follower-part1.js" in snapshot.files_used


def test_a_part_the_manifest_lists_but_the_archive_lacks(archive: Path) -> None:
    manifest = archive / "data" / "manifest.js"
    text = manifest.read_text(encoding="utf-8").replace('"fileName" : "data/following.js"',
                                                       '"fileName" : "data/following-part9.js"')
    manifest.write_text(text, encoding="utf-8")
    snapshot = read(archive)
    assert snapshot.partial and any("following-part9.js" in w for w in snapshot.warnings)


def test_javascript_is_never_evaluated(archive: Path) -> None:
    (archive / "data" / "follower.js").write_text("window.YTD.follower.part0 = alert(document.cookie)",
                                                   encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(archive)
    assert "follower.js" in caught.value.line() and "invalid JSON" in caught.value.line()


def test_a_file_without_the_assignment_prefix_is_named(archive: Path) -> None:
    (archive / "data" / "following.js").write_text('var following = [ ]', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(archive)
    assert re.search(r"data[/\\]following\.js", caught.value.line())
    assert "window.YTD" in caught.value.line()


def test_an_unknown_item_key_names_the_file_and_the_key(archive: Path) -> None:
    (archive / "data" / "follower.js").write_text(
        'window.YTD.follower.part0 = [\n  {\n    "followedBy" : {\n      "accountId" : "1"\n    }\n  }\n]',
        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(archive)
    line = caught.value.line()
    assert "follower.js" in line and "'followedBy'" in line and "expected 'follower'" in line


def test_without_manifest_the_owner_comes_from_account_js_and_files_are_found(archive: Path) -> None:
    (archive / "data" / "manifest.js").unlink()
    snapshot = read(archive)
    assert snapshot.owner == "my_handle" and snapshot.date == "2026-07-25"  # from the folder name
    assert snapshot.declared_counts == {}


def test_a_pre_2019_archive_says_what_it_is() -> None:
    old = Path(__file__).resolve().parent.parent / "fixtures" / "x" / "twitter-archive-2014-02-10"
    with pytest.raises(InputError, match="a Twitter archive from before 2019") as caught:
        read_export(old, ImportRequest(source="twitter-archive-2014-02-10"))
    assert "followscope inspect" not in caught.value.line()
