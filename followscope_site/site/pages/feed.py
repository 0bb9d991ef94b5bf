"""The Atom feed of changes (feed.xml): one entry per account per pair of exports, made from the site model.

A reader subscribes to a site that `watch` or a scheduled workflow keeps rebuilding; templates/feed.xml
writes the words. Ids are urn:uuid values derived from the site's address (when set), the account's folder
and the two dates, so the same change keeps its id from build to build.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from followscope_site.site.pages.analysis import ChangeGroup
from followscope_site.site.pages.site import SiteModel

_ID_SPACE = uuid.UUID("6f1c1d8e-5b0f-4c3e-9a51-3a0f2c9e7d10")  # FollowScope's own uuid5 namespace


@dataclass(slots=True)
class FeedEntry:
    id: str
    account_name: str
    from_date: str
    to_date: str
    updated: str  # RFC 3339
    href: str  # absolute with site.site_url, else relative to the site root
    lost: ChangeGroup | None  # None: not known for this pair of exports
    gained: ChangeGroup | None


@dataclass(slots=True)
class FeedData:
    id: str
    updated: str
    home: str
    self_href: str | None  # only with an absolute address
    entries: list[FeedEntry]


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_SPACE, chr(31).join(parts))}"


def _day(date: str) -> str:
    return f"{date[:10]}T00:00:00Z"


def feed_data(model: SiteModel, site_url: str | None) -> FeedData:
    """Every change of every account, newest first; links absolute when the site's address is known."""
    base = site_url or ""
    entries = []
    for account in model.accounts:
        for change in account.history.changes:
            groups = {g.key: g for g in change.groups}
            lost, gained = groups.get("lost_followers"), groups.get("gained_followers")
            href = (lost.href if lost is not None and lost.href else f"{account.folder}/history.html")
            entries.append(FeedEntry(
                id=_urn(base, account.folder, change.from_date, change.to_date), account_name=account.label,
                from_date=change.from_date, to_date=change.to_date, updated=_day(change.to_date),
                href=base + href, lost=lost if lost is None or lost.total is not None else None,
                gained=gained if gained is None or gained.total is not None else None,
            ))
    entries.sort(key=lambda e: (e.updated, e.account_name), reverse=True)
    generated = model.generated_at  # "2026-01-02 03:04 UTC"
    fallback = f"{generated[:10]}T{generated[11:16]}:00Z"
    return FeedData(id=_urn(base or "followscope-site"), updated=max((e.updated for e in entries), default=fallback),
                    home=base + "index.html", self_href=base + "feed.xml" if site_url else None, entries=entries)
