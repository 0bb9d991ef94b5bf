"""The rows of each category, computed once and shared by the pages, the downloads and report.json."""

from __future__ import annotations

from dataclasses import dataclass

from followscope_site.analysis.categories import is_deactivated
from followscope_site.analysis.report import AccountReport
from followscope_site.site.links import profile_url


@dataclass(slots=True)
class Row:
    """One account in one category, with what the export and the config say about it."""

    handle: str
    name: str | None
    url: str | None  # from links.profile_url, never from an export
    relation: bool  # True: followed_at / follows_you_since apply; False: `at` (a platform list's date)
    followed_at: int | None
    follows_you_since: int | None
    at: int | None
    tags: list[str] | None
    note: str | None
    allowlisted: bool
    deactivated: bool


def build_rows(account: AccountReport, key: str) -> list[Row]:
    """Rows of one category in handle order (the order of account.categories)."""
    following = account.latest.lists.get("following") or {}
    followers = account.latest.lists.get("followers") or {}
    source = account.latest.lists.get(key) or {}
    allowed = set(account.categories.get("allowlisted", ()))
    platform, identifier = account.platform, account.identifier
    tags, notes = account.tags, account.notes
    rows: list[Row] = []
    append = rows.append
    for handle in account.categories[key]:
        followed = following.get(handle)
        follows_you = followers.get(handle)
        own = source.get(handle)
        entry = followed or follows_you or own
        deactivated = is_deactivated(handle)
        name = (followed and followed.name) or (follows_you and follows_you.name) or (own and own.name) or None
        append(Row(
            handle=handle,
            name=name,
            url=None if deactivated else profile_url(platform, handle, identifier),
            relation=followed is not None or follows_you is not None,
            followed_at=followed.timestamp if followed is not None else None,
            follows_you_since=follows_you.timestamp if follows_you is not None else None,
            at=own.timestamp if own is not None else (entry.timestamp if entry is not None else None),
            tags=tags.get(handle),
            note=notes.get(handle),
            allowlisted=handle in allowed,
            deactivated=deactivated,
        ))
    return rows


class CategoryTables:
    """A cache of build_rows for one render pass, so each category is computed once."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], list[Row]] = {}

    def rows(self, account: AccountReport, key: str) -> list[Row]:
        found = self._rows.get((account.id, key))
        if found is None:
            found = self._rows[(account.id, key)] = build_rows(account, key)
        return found
