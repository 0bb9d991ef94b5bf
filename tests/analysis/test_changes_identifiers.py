"""Exports that identify accounts differently are never compared."""

from __future__ import annotations

from datetime import UTC, datetime

from followscope_site.analysis.changes import change_between
from followscope_site.model import Entry, Snapshot


def snapshot(day: int, identifier: str, handles: list[str]) -> Snapshot:
    accounts = {h: Entry(h) for h in handles}
    return Snapshot(platform="linkedin", owner="me", taken_at=datetime(2026, 1, day, tzinfo=UTC),
                    source=f"export-{day}.zip", format="linkedin-csv", identifier=identifier,
                    lists={"followers": dict(accounts), "following": dict(accounts)})


def test_different_identifiers_give_a_note_and_no_losses() -> None:
    change = change_between(snapshot(1, "name", ["anna example"]), snapshot(2, "handle", ["anna-example-1a"]))
    assert change.lost_followers is None and change.gained_followers is None  # not comparable: unknown
    assert "cannot be compared" in change.notes[0]
