"""Instagram engagement signals: liked posts, comments, story likes and messages, read from real-shaped files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.meta.common import fix_meta_text
from followscope_site.importers.meta.signals import read_signals_with_warnings

EXPORT = Path(__file__).resolve().parents[2] / "fixtures" / "instagram_signals" / "export"


def read_signals(files: ExportFiles, used: list[str] | None = None) -> dict[str, dict[str, int]]:
    """The signals alone (the importer keeps the warnings too)."""
    return read_signals_with_warnings(files, used)[0]


def test_reads_every_kind_from_a_folder():
    with ExportFiles(EXPORT) as files:
        signals = read_signals(files)
    assert signals["liked_posts"] == {"anna.example": 1, "jorg.music": 2}  # label_values Owner → Username
    assert signals["comments"] == {"anna.example": 1, "ben_k": 1}  # string_map_data "Media Owner"
    assert signals["story_likes"] == {"anna.example": 1, "ben_k": 2}  # older title form
    assert signals["messages"] == {"annaexample": 3, "fanmsg": 1}  # one-to-one threads only
    assert signals["messages_received"] == {"annaexample": 2, "fanmsg": 1}


def test_reads_the_same_from_a_zip(tmp_path):
    archive = tmp_path / "instagram-me-2026-05-07-AbCdEfGh.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(EXPORT.rglob("*.json")):
            z.write(path, path.relative_to(EXPORT).as_posix())
    with ExportFiles(EXPORT) as folder, ExportFiles(archive) as zipped:
        assert read_signals(zipped) == read_signals(folder)


def test_missing_files_leave_kinds_absent_and_empty_files_present(tmp_path):
    (tmp_path / "connections").mkdir()
    (tmp_path / "connections" / "x.json").write_text("[]")
    with ExportFiles(tmp_path) as files:
        assert read_signals(files) == {}
    likes = tmp_path / "your_instagram_activity" / "likes"
    likes.mkdir(parents=True)
    (likes / "liked_posts.json").write_text(json.dumps({"likes_media_likes": []}))
    with ExportFiles(tmp_path) as files:
        assert read_signals(files) == {"liked_posts": {}}


def test_older_wrapped_likes_and_a_broken_file(tmp_path):
    likes = tmp_path / "likes"
    likes.mkdir()
    older = {"likes_media_likes": [{"title": "Old.Friend", "string_list_data": [
        {"href": "https://www.instagram.com/p/x/", "value": "\u00f0\u009f\u0091\u008d", "timestamp": 1600000000}]}]}
    (likes / "liked_posts.json").write_text(json.dumps(older))
    (tmp_path / "story_interactions").mkdir()
    (tmp_path / "story_interactions" / "story_likes.json").write_text("{not json")
    with ExportFiles(tmp_path) as files:
        signals, warnings = read_signals_with_warnings(files)
    assert signals["liked_posts"] == {"old.friend": 1}
    assert signals["story_likes"] == {} and len(warnings) == 1 and "story_likes.json" in warnings[0]


def test_mojibake_fix():
    assert fix_meta_text("J\u00c3\u00b6rg") == "Jörg"
    assert fix_meta_text("plain") == "plain" and fix_meta_text("Jörg") == "Jörg"


def test_the_files_read_are_recorded_and_a_broken_one_is_not(tmp_path):
    with ExportFiles(EXPORT) as files:
        used: list[str] = []
        read_signals(files, used)
    assert sorted(name.split("your_instagram_activity/", 1)[1] for name in used) == [
        "comments/post_comments_1.json", "likes/liked_posts.json",
        "messages/inbox/annaexample_1908156000580369/message_1.json",
        "messages/inbox/fanmsg_1700397778022860/message_1.json",
        "messages/inbox/groupchat_1684670519595586/message_1.json",
        "story_interactions/story_likes.json"]
    (tmp_path / "story_interactions").mkdir()
    (tmp_path / "story_interactions" / "story_likes.json").write_text("{not json")
    with ExportFiles(tmp_path) as files:
        used = []
        read_signals(files, used)
    assert used == []  # not read: a warning, never a file used
