"""Snapshots built in code for the analysis tests (no importer involved)."""

from __future__ import annotations

from datetime import UTC, datetime

from followscope_site.model import Entry, Snapshot

DAY = 86400


def at(date: str) -> datetime:
    return datetime.fromisoformat(date).replace(tzinfo=UTC)


def entries(items: dict[str, int | None] | list[str]) -> dict[str, Entry]:
    if isinstance(items, list):
        return {h: Entry(h) for h in items}
    return {h: Entry(h, ts) for h, ts in items.items()}


def snap(date: str, *, partial: bool = False, platform: str = "instagram", source: str | None = None,
         signals: dict[str, dict[str, int]] | None = None,
         **lists: dict[str, int | None] | list[str]) -> Snapshot:
    return Snapshot(platform=platform, owner="me", taken_at=at(date), source=source or f"exports/{date}.zip",
                    format="instagram-json", lists={k: entries(v) for k, v in lists.items()},
                    partial=partial, signals=signals or {})
