"""What every Meta export shares (Instagram, Threads, Facebook): mojibake, entry shapes, timestamps."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

from followscope_site.model import ALL_TIME_HINT, Snapshot, may_have_date_range

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
    """A Unix timestamp in seconds; 0, null and junk are unknown; milliseconds are scaled (formats.md §0.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    if value > 1e11:
        value = value / 1000
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

def check_date_range(snapshot: Snapshot) -> None:
    """Warn (and mark partial when sure) if every follow date falls in one short window."""
    if not may_have_date_range(snapshot.platform, snapshot.taken_at, snapshot.date_source):
        return  # made before the date-range option: a short window is a new account, nothing to say
    export_date_known = snapshot.date_source in ("name", "manifest", "zip")
    core = 0
    stamps: list[int] = []
    for name in ("followers", "following"):
        accounts = snapshot.lists.get(name, {})
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
