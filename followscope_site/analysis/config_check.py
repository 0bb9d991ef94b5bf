"""Handles the config names that match nobody: a typo in an allow-list is otherwise silently ignored."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from followscope_site.model import Snapshot

SHOWN = 10  # handles quoted per warning; the rest are counted


def unmatched_warnings(where: str, snapshots: list[Snapshot], named: Mapping[str, Collection[str]]) -> list[str]:
    """One warning per config key (allowlist, ignore, tags, notes) of one config entry (`where`: accounts.0)
    whose handles are in no list of any of the entry's exports, quoting the first few (quoted, so public mode
    hides them like any quoted value)."""
    known: set[str] = set()
    for snapshot in snapshots:
        for entries in snapshot.lists.values():
            known.update(entries)
    warnings = []
    for key, handles in named.items():
        missing = sorted(h for h in handles if h not in known)
        if not missing:
            continue
        shown = ", ".join(repr("@" + h) for h in missing[:SHOWN])
        more = f" and {len(missing) - SHOWN:,} more" if len(missing) > SHOWN else ""
        count = "1 handle matches" if len(missing) == 1 else f"{len(missing):,} handles match"
        warnings.append(f"{where}.{key} in the config: {count} nobody in any export: {shown}{more}")
    return warnings
