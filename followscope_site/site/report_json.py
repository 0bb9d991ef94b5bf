"""report.json: the same facts the pages show, in the SPEC's shape, with a stable key order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from followscope_site import __version__
from followscope_site.analysis.report import AccountReport, Change, LostAccount, Report
from followscope_site.site.links import profile_url

SCHEMA = "followscope.report/1"


def iso_time(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def category_rows(account: AccountReport, key: str) -> Iterator[dict[str, object]]:
    """The rows of one category as report.json and the JSON downloads show them."""
    following = account.latest.lists.get("following") or {}
    followers = account.latest.lists.get("followers") or {}
    source = account.latest.lists.get(key) or {}
    for handle in account.categories[key]:
        entry = following.get(handle) or followers.get(handle) or source.get(handle)
        row: dict[str, object] = {"handle": handle}
        if entry is not None and entry.name:
            row["name"] = entry.name
        row["url"] = profile_url(account.platform, handle, account.identifier)
        followed = following.get(handle)
        follows_you = followers.get(handle)
        if followed is not None or follows_you is not None:
            row["followed_at"] = iso_time(followed.timestamp) if followed is not None else None
            row["follows_you_since"] = iso_time(follows_you.timestamp) if follows_you is not None else None
        elif entry is not None:
            row["at"] = iso_time(entry.timestamp)
        if handle in account.tags:
            row["tags"] = account.tags[handle]
        if handle in account.notes:
            row["note"] = account.notes[handle]
        yield row


def _lost(item: LostAccount) -> dict[str, object]:
    row: dict[str, object] = {"handle": item.handle, "reason": item.reason, "certainty": item.certainty}
    if item.detail:
        row["detail"] = item.detail
    return row


def _change(change: Change) -> dict[str, object]:
    return {
        "from": change.from_date,
        "to": change.to_date,
        "gained_followers": [{"handle": h} for h in change.gained_followers],
        "lost_followers": [_lost(x) for x in change.lost_followers],
        "new_following": [{"handle": h} for h in change.new_following],
        "dropped_following": [_lost(x) for x in change.dropped_following],
        "became_mutual": [{"handle": h} for h in change.became_mutual],
        "became_one_sided": [{"handle": h} for h in change.became_one_sided],
        "notes": change.notes,
    }


def account_dict(account: AccountReport) -> dict[str, object]:
    return {
        "id": account.id,
        "platform": account.platform,
        "handle": account.handle,
        "identifier": account.identifier,
        "snapshots": [
            {"taken_at": s.date, "source": s.source, "format": s.format, "partial": s.partial,
             "warnings": s.warnings}
            for s in account.snapshots
        ],
        "counts": account.counts,
        "metrics": account.metrics,
        "categories": {key: list(category_rows(account, key)) for key in account.categories},
        "changes": [_change(c) for c in account.changes],
        "findings": [
            {"id": f.id, "severity": f.severity, "title": f.title, "guide": f.guide, "category": f.category,
             "numbers": f.numbers}
            for f in account.findings
        ],
    }


def report_dict(report: Report) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "generator": {"name": "followscope", "version": __version__},
        "generated_at": report.generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "accounts": [account_dict(a) for a in report.accounts],
    }


def render_report_json(report: Report) -> bytes:
    """UTF-8 JSON, keys in the SPEC's order (insertion order), non-ASCII kept as is."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
