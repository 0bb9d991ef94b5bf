"""What every Meta export shares (Instagram, Threads, Facebook): mojibake, timestamps, links, the owner."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from itertools import islice
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

from followscope_site.errors import InputError
from followscope_site.importers.archive import ExportFiles
from followscope_site.importers.jsonfile import load_json
from followscope_site.model import ALL_TIME_HINT, Snapshot, may_have_date_range, normalize_handle

# Instagram usernames: letters, digits, '.', '_', at most 30 (perf-security-browser.md §2.6).
HANDLE_RE = re.compile(r"[a-z0-9._]{1,30}")


def fix_meta_text(text: str) -> str:
    """Undo Meta's mojibake: every UTF-8 byte written as its own \\u00XX escape (formats.md §0.2)."""
    if not text or text.isascii() or any(ord(c) > 0xFF for c in text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text  # genuine Latin-1 text, or already fixed


def fix_meta_tree(value: Any) -> Any:
    """fix_meta_text applied to every string in a decoded JSON value."""
    if isinstance(value, str):
        return fix_meta_text(value)
    if isinstance(value, list):
        return [fix_meta_tree(v) for v in value]
    if isinstance(value, dict):
        return {fix_meta_text(k): fix_meta_tree(v) for k, v in value.items()}
    return value


def seconds(value: Any) -> int | None:
    """A Unix timestamp in seconds; 0, null and junk are unknown; milliseconds are scaled (formats.md §0.1).

    Any size comes back as an int (NaN and infinities as None); whether it is a usable date is the
    Collector's check (importers/dates.py).
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value > 1e11:
        value = value // 1000  # integer division: a huge int divided by 1000 overflows a float
    return int(value)


def handle_from_href(href: str, hosts: tuple[str, ...]) -> str | None:
    """The username in a profile URL on one of `hosts`, skipping a `_u` segment and a leading '@'.

    Only profile URLs count: `/p/`, `/explore/`, `/accounts/`, `/stories/` and help pages are not accounts.
    """
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if host not in hosts:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[0] == "_u":
        segments = segments[1:]
    if len(segments) != 1:
        return None
    name = segments[0].lstrip("@")
    if name.lower() in {"p", "explore", "accounts", "stories", "reel", "reels", "direct", "legal", "about",
                        "privacy", "help", "web", "tv"}:
        return None
    return name or None


# Labels that carry the username in the 2025–26 `label_values` shape, in the languages seen (formats.md §1.5;
# Endika/influence-sensor's fixture uses Spanish labels).
USERNAME_LABELS = {"username", "nombre de usuario", "nom d'utilisateur", "benutzername", "nome de usuário",
                   "nome utente", "nama pengguna", "nome de utilizador"}
NAME_LABELS = {"name", "nombre", "nom", "nome", "nama"}
URL_LABELS = {"url", "link", "enlace", "lien"}


# A date-range export (formats.md §1.1, jj4giya/ity#4) keeps only relations whose time falls in the range,
# so every follow date sits in one short window. A new account looks the same, hence the extra evidence:
# - at least DATE_RANGE_MIN_ENTRIES dated entries, and nearly all entries dated (an undated list proves nothing);
# - all of them within DATE_RANGE_DAYS;
# - "not new": the window ends more than DATE_RANGE_DAYS before the export date (a new account's follows run up
#   to the day of its export), or another list of the export holds a date older than the window.
# A window that ends at the export date with no other evidence may be a new account: we warn, but do not mark
# the snapshot partial. The export date must be the export's own (name, manifest, zip entry times): a file's
# modification time is the day it was unzipped, which can be long after a genuine export of a new account.
# Longer ranges ("Last year") are found from the history instead (analysis/history.py).
DATE_RANGE_DAYS = 45
DATE_RANGE_MIN_ENTRIES = 20
_DAY = 86_400
_TIMESTAMP = attrgetter("timestamp")
_ENDS = 200


def check_date_range(snapshot: Snapshot) -> None:
    """Warn (and mark partial when sure) if every follow date falls in one short window."""
    if not may_have_date_range(snapshot.platform, snapshot.taken_at, snapshot.date_source):
        return  # made before the date-range option: a short window is a new account, nothing to say
    export_date_known = snapshot.date_source in ("name", "manifest", "zip")
    lists = [snapshot.lists.get(name, {}) for name in ("followers", "following")]
    # The newest and the oldest few entries of each list (Meta writes them newest first) usually span more
    # than the window already, and then no date of the other million needs a look.
    ends = [e.timestamp for a in lists for end in (a.values(), reversed(a.values()))
            for e in islice(end, _ENDS) if e.timestamp]
    if ends and max(ends) - min(ends) >= DATE_RANGE_DAYS * _DAY:
        return
    core = 0
    stamps: list[int] = []
    for accounts in lists:
        core += len(accounts)
        stamps += filter(None, map(_TIMESTAMP, accounts.values()))  # C-level: a million entries in ~0.04 s
    if len(stamps) < DATE_RANGE_MIN_ENTRIES or len(stamps) < 0.9 * core:
        return
    first, last = min(stamps), max(stamps)
    if last - first >= DATE_RANGE_DAYS * _DAY:
        return
    window = f"{_day(first)} and {_day(last)}"
    others = [entry.timestamp for name, accounts in snapshot.lists.items() if name not in ("followers", "following")
              for entry in accounts.values() if entry.timestamp]
    older_elsewhere = any(t < first - DATE_RANGE_DAYS * _DAY for t in others)
    ended_early = export_date_known and snapshot.taken_at.timestamp() - last > DATE_RANGE_DAYS * _DAY
    if ended_early or older_elsewhere:
        snapshot.partial = True
        snapshot.warnings.append(f"all {len(stamps):,} follow dates fall between {window}: this export covers a "
                                 f"date range, not your whole history, so the lists are incomplete ({ALL_TIME_HINT})")
    else:
        snapshot.warnings.append(f"all {len(stamps):,} follow dates fall between {window}: either the account is "
                                 f"new, or the export covers only a recent date range (if so, {ALL_TIME_HINT})")


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


# Folders whose files share Instagram's names but belong to another platform or another list (formats.md §1.8):
# `connections/followers/` is Facebook's folder; Instagram's is `followers_and_following/`.
_NOT_INSTAGRAM = {"threads", "friends_and_followers", "friends", "followers"}


def instagram_folders(folders: tuple[str, ...]) -> bool:
    """Whether a member in these (lower-cased) folders may be Instagram's own file, not Threads' or Facebook's."""
    return not any(f in _NOT_INSTAGRAM for f in folders)


def is_instagram_member(path: str) -> bool:
    """instagram_folders() of a member path."""
    return instagram_folders(tuple(path.lower().split("/")[:-1]))


def owner_from_profile(files: ExportFiles) -> str | None:
    """The owner's username from `personal_information.json` (`profile_user[0].string_map_data.Username.value`).

    A missing or odd file is no error: the owner is optional, so anything unexpected gives None.
    """
    found = [m for m in files.find("personal_information/personal_information.json") if is_instagram_member(m)]
    if not found:
        return None
    try:
        value = load_json(files, found[0])
    except InputError:
        return None
    users = value.get("profile_user") if isinstance(value, dict) else None
    first = users[0] if isinstance(users, list) and users else None
    fields = first.get("string_map_data") if isinstance(first, dict) else None
    if not isinstance(fields, dict):
        return None
    for label, item in fields.items():
        if fix_meta_text(label).strip().lower() in USERNAME_LABELS and isinstance(item, dict):
            raw = item.get("value")
            if isinstance(raw, str) and HANDLE_RE.fullmatch(normalize_handle(raw)):
                return normalize_handle(raw)
    return None
