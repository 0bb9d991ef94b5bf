"""Write Instagram exports byte for byte as Meta writes them (formats.md §0.1, §1), for examples, tests and bench.

Meta's JSON style: 2-space indent, `": "`, an empty array spread over three lines whose middle line holds only
spaces, every non-ASCII character as mojibake `\\u00XX` escapes, and no trailing newline.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLLOWERS_PER_FILE = 10_000  # formats.md §1.1: followers_1.json holds exactly 10,000 entries
ZIP_TIME = (2025, 12, 10, 9, 30, 0)


def meta_text(text: str) -> str:
    """The mojibake Meta writes: each UTF-8 byte as its own code point (formats.md §0.2)."""
    return text.encode("utf-8").decode("latin-1")


def meta_dumps(value: Any, indent: int = 0) -> str:
    """JSON exactly as Meta serialises it (no trailing newline; the caller adds none)."""
    pad = " " * indent
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k)}: {meta_dumps(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[\n" + inner + "\n" + pad + "]"
        return "[\n" + ",\n".join(inner + meta_dumps(v, indent + 2) for v in value) + "\n" + pad + "]"
    if isinstance(value, str):
        return json.dumps(meta_text(value), ensure_ascii=True)
    return json.dumps(value)


def entry_a(handle: str, timestamp: int, host: str = "https://www.instagram.com/") -> dict[str, Any]:
    """Generation A: `title` empty, the username in `string_list_data[0].value` (formats.md §1.2)."""
    return {"title": "", "media_list_data": [],
            "string_list_data": [{"href": f"{host}{handle}", "value": handle, "timestamp": timestamp}]}


def entry_b(handle: str, timestamp: int) -> dict[str, Any]:
    """Generation B (late 2025 on): the username in `title`, a `/_u/` href, no value (formats.md §1.3)."""
    return {"title": handle,
            "string_list_data": [{"href": f"https://www.instagram.com/_u/{handle}", "timestamp": timestamp}]}


def liked_post(owner: str, timestamp: int, index: int) -> dict[str, Any]:
    """One liked post, 2025-26 `label_values` form: the owner's username in the `Owner` group (formats §3.1)."""
    url = f"https://www.instagram.com/p/DEMO{index:05d}/"
    return {"timestamp": timestamp, "media": [], "label_values": [
        {"label": "URL", "value": url, "href": url}, {"label": "Caption", "value": ""}, {"label": "Title", "value": ""},
        {"dict": [], "title": "Hashtags"},
        {"dict": [{"dict": [{"label": "URL", "value": ""}, {"label": "Name", "value": owner.split(".")[0].title()},
                            {"label": "Username", "value": owner}], "title": ""}], "title": "Owner"}],
            "fbid": f"{18000000000000000 + index}"}


@dataclass
class InstagramExport:
    """The follow data of one export; lists hold (handle, timestamp) pairs, newest first like Meta's."""

    followers: list[tuple[str, int]]
    following: list[tuple[str, int]]
    following_generation: str = "B"
    pending_sent: list[tuple[str, int]] = field(default_factory=list)
    recently_unfollowed: list[tuple[str, int]] = field(default_factory=list)
    close_friends: list[tuple[str, int]] = field(default_factory=list)
    blocked: list[tuple[str, int]] = field(default_factory=list)
    restricted: list[tuple[str, int]] = field(default_factory=list)
    hidden_story: list[tuple[str, int]] = field(default_factory=list)
    threads_followers: list[tuple[str, int]] | None = None
    threads_following: list[tuple[str, int]] | None = None
    folder: str = "connections/followers_and_following"
    # Activity ("All available information", docs/formats.md §3): (post owner, timestamp) per like or comment,
    # newest first; conversations as (display name, thread id, [(sent by them, timestamp_ms, text)], newest first)
    liked_posts: list[tuple[str, int]] = field(default_factory=list)
    comments: list[tuple[str, int]] = field(default_factory=list)
    conversations: list[tuple[str, int, list[tuple[bool, int, str]]]] = field(default_factory=list)
    owner_name: str = "Demo Account"

    def files(self) -> Iterable[tuple[str, str]]:
        """(path inside the zip, JSON text) for every file of the export."""
        base = self.folder
        for part, start in enumerate(range(0, max(len(self.followers), 1), FOLLOWERS_PER_FILE), start=1):
            chunk = self.followers[start:start + FOLLOWERS_PER_FILE]
            yield f"{base}/followers_{part}.json", meta_dumps([entry_a(h, t) for h, t in chunk])
        make = entry_b if self.following_generation == "B" else entry_a
        yield f"{base}/following.json", meta_dumps({"relationships_following": [make(h, t) for h, t in self.following]})
        wrapped: Sequence[tuple[str, str, list[tuple[str, int]], Any]] = (
            ("pending_follow_requests.json", "relationships_follow_requests_sent", self.pending_sent, entry_a),
            ("recently_unfollowed_profiles.json", "relationships_unfollowed_users", self.recently_unfollowed, entry_a),
            ("close_friends.json", "relationships_close_friends", self.close_friends, entry_a),
            ("blocked_profiles.json", "relationships_blocked_users", self.blocked, entry_b),
            ("restricted_profiles.json", "relationships_restricted_users", self.restricted, entry_a),
            ("hide_story_from.json", "relationships_hide_stories_from", self.hidden_story, entry_a),
        )
        for name, key, rows, make_entry in wrapped:
            if rows:
                yield f"{base}/{name}", meta_dumps({key: [make_entry(h, t) for h, t in rows]})
        if self.threads_followers is not None and self.threads_following is not None:
            host = "https://www.threads.net/"
            threads = "your_instagram_activity/threads"
            yield f"{threads}/followers.json", meta_dumps(
                {"text_post_app_text_post_app_followers": [entry_a(h, t, host) for h, t in self.threads_followers]})
            yield f"{threads}/following.json", meta_dumps(
                {"text_post_app_text_post_app_following": [entry_a(h, t, host) for h, t in self.threads_following]})
        yield from self.activity_files()

    def activity_files(self) -> Iterable[tuple[str, str]]:
        """Likes (the 2025-26 label_values form), comments and one-to-one conversations (docs/formats.md §3)."""
        activity = "your_instagram_activity"
        if self.liked_posts:
            yield f"{activity}/likes/liked_posts.json", meta_dumps([liked_post(owner, t, i)
                                                                    for i, (owner, t) in enumerate(self.liked_posts)])
        if self.comments:
            yield f"{activity}/comments/post_comments_1.json", meta_dumps([
                {"media": [], "string_map_data": {"Comment": {"value": "🔥"}, "Media Owner": {"value": owner},
                                                  "Time": {"timestamp": t}}} for owner, t in self.comments])
        for name, thread, messages in self.conversations:
            folder = "".join(c for c in name.lower() if c.isascii() and c.isalnum())
            yield f"{activity}/messages/inbox/{folder}_{thread}/message_1.json", meta_dumps({
                "participants": [{"name": name}, {"name": self.owner_name}],
                "messages": [{"sender_name": name if theirs else self.owner_name, "timestamp_ms": ms, "content": text,
                              "is_geoblocked_for_viewer": False} for theirs, ms, text in messages],
                "title": name, "is_still_participant": True, "thread_path": f"inbox/{folder}_{thread}",
                "magic_words": []})

    def write_zip(self, path: Path) -> Path:
        """A zip as downloaded: entries start at `connections/`, no folder entries (formats.md §1.1)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, text in self.files():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("ascii"))
        return path

    def write_folder(self, path: Path) -> Path:
        """The same export unzipped."""
        for name, text in self.files():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("ascii"))
        return path
