"""Who two accounts share: e.g. who follows you on Instagram but not on TikTok (by handle or alias)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from followscope_site.analysis.categories import live_handles
from followscope_site.analysis.report import Overlap
from followscope_site.model import Snapshot


def _live(snapshot: Snapshot, name: str, ignore: Collection[str]) -> set[str] | None:
    found = snapshot.lists.get(name)
    return None if found is None else live_handles(found, ignore)


def _split(left: set[str], right: set[str], left_aliases: Mapping[str, str],
           right_aliases: Mapping[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(both, only left, only right): a left handle matches a right one that is identical to it or to its
    alias, or whose own alias is the left handle (config `aliases:` map handle here → handle elsewhere)."""
    index: dict[str, str] = {}
    for r in sorted(right):
        index.setdefault(r, r)
        if r in right_aliases:
            index.setdefault(right_aliases[r], r)
    both, only_left, matched = [], [], set()
    for h in sorted(left):
        match = index.get(h)
        if match is None and h in left_aliases:
            match = index.get(left_aliases[h])
        if match is None:
            only_left.append(h)
        else:
            both.append(h)
            matched.add(match)
    return both, only_left, sorted(right - matched)


def overlap_of(left_id: str, left: Snapshot, right_id: str, right: Snapshot, *,
               left_aliases: Mapping[str, str] = {}, right_aliases: Mapping[str, str] = {},
               left_ignore: Collection[str] = (), right_ignore: Collection[str] = ()) -> Overlap:
    """The overlap of two accounts' newest snapshots; a list missing on either side stays None."""
    result = Overlap(left=left_id, right=right_id)
    for name in ("followers", "following"):
        a, b = _live(left, name, left_ignore), _live(right, name, right_ignore)
        if a is None or b is None:
            continue
        both, only_left, only_right = _split(a, b, left_aliases, right_aliases)
        setattr(result, f"{name}_both", both)
        setattr(result, f"{name}_only_left", only_left)
        setattr(result, f"{name}_only_right", only_right)
    return result
