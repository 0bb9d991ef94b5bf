"""Instagram engagement signals: whose posts you liked or commented on, whose stories you liked, who you message.

Formats and their evidence are in docs/formats.md §3. Every file is optional: a kind is present in the
result only when its file is in the export (an empty file gives an empty mapping), so "absent" and
"none" stay different. HTML exports are not read here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from followscope_site.errors import FollowScopeError
from followscope_site.importers.archive import ExportFiles, decode_text
from followscope_site.importers.jsonfile import check_value_count, describe_invalid_json
from followscope_site.importers.meta.common import fix_meta_text
from followscope_site.model import normalize_handle

_LIKED_POSTS = re.compile(r"(^|/)likes/liked_posts\.json$", re.I)
_COMMENTS = re.compile(r"(^|/)comments/(post_comments(_\d+)?|reels_comments)\.json$", re.I)
_STORY_LIKES = re.compile(r"(^|/)story_interactions/story_likes\.json$", re.I)
_MESSAGES = re.compile(r"(^|/)messages/inbox/([^/]+)/message_\d+\.json$", re.I)
_THREAD_ID = re.compile(r"_\d+$")


def _list(value: object) -> list:
    """The value when it is a list, else [] (an activity file of another shape counts nothing, never fails)."""
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _handle(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = normalize_handle(fix_meta_text(value))
    return text or None


def _owner_from_label_values(item: dict) -> str | None:
    """The `Owner` group's `Username` in the 2025-26 `label_values` shape (formats.md §0.3, docs §3.1)."""
    for group in _list(item.get("label_values")):
        if not isinstance(group, dict):
            continue
        if group.get("label") in ("Username", "Media Owner", "Owner") and isinstance(group.get("value"), str):
            return _handle(group["value"])
        if group.get("title") == "Owner":
            for inner in _list(group.get("dict")):
                for pair in _list(inner.get("dict")) if isinstance(inner, dict) else []:
                    if isinstance(pair, dict) and pair.get("label") == "Username":
                        return _handle(pair.get("value"))
    return None


def _records(data: object, *keys: str) -> list[dict]:
    """The records of a file: a bare list (newer), or the list under one of the wrapper keys (older)."""
    if isinstance(data, dict) and "label_values" in data:
        return [data]  # one record is written as a bare object (formats.md §0.3)
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return [r for r in data[key] if isinstance(r, dict)]
        return []
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    return []


def _owner(record: dict) -> str | None:
    """Whose post or story: `Media Owner` (comments), `title` (older likes), or the label_values owner."""
    smd = record.get("string_map_data")
    if isinstance(smd, dict) and isinstance(smd.get("Media Owner"), dict):
        return _handle(smd["Media Owner"].get("value"))
    if "label_values" in record:
        return _owner_from_label_values(record)
    return _handle(record.get("title"))


def _count_owners(records: Iterable[dict]) -> dict[str, int]:
    counted = Counter(h for h in map(_owner, records) if h)
    return dict(sorted(counted.items()))


def _load(files: ExportFiles, name: str, warnings: list[str], used: list[str]) -> object:
    """The file's JSON (its name then goes to `used`), or None with a warning when it can't be read."""
    label = files.label(name)
    data = b""
    try:
        data = files.read_bytes(name)
        check_value_count(data, label, files.limits.max_entries)
        found = json.loads(decode_text(data, label))
    except FollowScopeError as exc:
        problem = exc.problem
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested too deep
        problem = describe_invalid_json(data)  # our words for the fault, never the parser's message
    else:
        used.append(name)
        return found
    warnings.append(f"{label}: not read ({problem}); engagement from it is left out")
    return None


def _message_counts(files: ExportFiles, names: list[str], warnings: list[str], used: list[str]
                    ) -> tuple[dict[str, int], dict[str, int]]:
    """(all messages, messages from the other person) per one-to-one conversation.

    Participants carry display names only; the thread folder (`<name letters>_<id>`) is the key the
    analysis matches against handles (engagement.message_key). Group threads are left out.
    """
    # Kept per thread: the first part's participants and a count of messages per sender, never the decoded
    # parts (a zip of many 1 MiB message files, each within the limits, decodes into gigabytes).
    threads: dict[str, tuple[list[str], Counter[str]]] = {}
    for name in names:
        match = _MESSAGES.search(name)
        data = _load(files, name, warnings, used)
        if match is None or not isinstance(data, dict):
            continue
        if match.group(2) not in threads:
            people = [fix_meta_text(_text(p.get("name"))) for p in _list(data.get("participants"))
                      if isinstance(p, dict)]
            threads[match.group(2)] = (people, Counter())
        threads[match.group(2)][1].update(fix_meta_text(_text(m.get("sender_name")))
                                          for m in _list(data.get("messages")) if isinstance(m, dict))
    participants = {folder: people for folder, (people, _) in threads.items() if len(people) == 2}
    # You are the participant of every one-to-one thread; with one thread, the one the folder isn't named after.
    seen = Counter(p for people in participants.values() for p in set(people))
    owner = seen.most_common(1)[0][0] if seen and len(participants) > 1 else None
    total: dict[str, int] = {}
    received: dict[str, int] = {}
    for folder, people in sorted(participants.items()):
        key = _THREAD_ID.sub("", folder).casefold()
        me = owner or next((p for p in people if re.sub(r"[^a-z0-9]", "", p.casefold()) != key), None)
        senders = threads[folder][1]
        total[key] = total.get(key, 0) + sum(senders.values())
        received[key] = received.get(key, 0) + sum(
            count for sender, count in senders.items() if me is not None and sender != me)
    return total, received


def _matching(files: ExportFiles, pattern: re.Pattern[str]) -> list[str]:
    return [n for n in files.names() if pattern.search(n)]


def read_signals_with_warnings(files: ExportFiles, used: list[str] | None = None
                               ) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Signals (kind → handle → count) and one warning per activity file that could not be read. `used`
    (Snapshot.files_used): gets the name of every file that was read, for the about page and inspect."""
    used = [] if used is None else used
    warnings: list[str] = []
    signals: dict[str, dict[str, int]] = {}

    def records(pattern: re.Pattern[str], *keys: str) -> Iterator[dict]:
        for name in _matching(files, pattern):
            yield from _records(_load(files, name, warnings, used), *keys)

    for kind, pattern, keys in (
        ("liked_posts", _LIKED_POSTS, ("likes_media_likes",)),
        ("comments", _COMMENTS, ("comments_media_comments", "comments_reels_comments")),
        ("story_likes", _STORY_LIKES, ("story_activities_story_likes",)),
    ):
        if _matching(files, pattern):
            signals[kind] = _count_owners(records(pattern, *keys))  # one file's records in memory at a time
    message_files = _matching(files, _MESSAGES)
    if message_files:
        signals["messages"], signals["messages_received"] = _message_counts(files, message_files, warnings, used)
    return signals, warnings
