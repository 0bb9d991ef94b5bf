"""The public privacy mode: other people's handles become stable pseudonyms before any page is built.

Applied to the Report itself, so pages, downloads and report.json can't disagree (SPEC "report.json":
"in the pages and in this file alike"). Display names, notes and engagement signals are left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from followscope_site.analysis.categories import is_deactivated
from followscope_site.analysis.report import AccountReport, Change, LostAccount, Overlap, Report
from followscope_site.model import AccountList, Entry, Snapshot


def pseudonym(account_id: str, handle: str) -> str:
    """`account-<12 hex>`: stable per (account, handle); 48 bits keep 1M handles free of collisions."""
    digest = hashlib.sha256(f"{account_id}\n{handle}".encode()).hexdigest()
    return f"account-{digest[:12]}"


class _Mapper:
    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.names: dict[str, str] = {}

    def __call__(self, handle: str) -> str:
        found = self.names.get(handle)
        if found is None:
            # `__deleted__…` placeholders name nobody and must stay recognisable (formats.md §1.1)
            found = handle if is_deactivated(handle) else pseudonym(self.account_id, handle)
            self.names[handle] = found
        return found

    def entries(self, accounts: AccountList) -> AccountList:
        return {(p := self(h)): Entry(p, e.timestamp, None) for h, e in accounts.items()}

    def lost(self, item: LostAccount) -> LostAccount:
        return LostAccount(self(item.handle), item.reason, item.certainty, None)


def _snapshot(snapshot: Snapshot, mapper: _Mapper) -> Snapshot:
    lists = {name: mapper.entries(accounts) for name, accounts in snapshot.lists.items()}
    return replace(snapshot, lists=lists, signals={})


def _change(change: Change, m: _Mapper) -> Change:
    return Change(
        from_date=change.from_date, to_date=change.to_date,
        gained_followers=sorted(map(m, change.gained_followers)),
        lost_followers=sorted((m.lost(x) for x in change.lost_followers), key=lambda x: x.handle),
        new_following=sorted(map(m, change.new_following)),
        dropped_following=sorted((m.lost(x) for x in change.dropped_following), key=lambda x: x.handle),
        became_mutual=sorted(map(m, change.became_mutual)),
        became_one_sided=sorted(map(m, change.became_one_sided)),
        notes=list(change.notes),
        possible_renames=[(m(old), m(new)) for old, new in change.possible_renames],
    )


def public_account(account: AccountReport) -> AccountReport:
    """The account with every other person's handle replaced; the owner's own handle stays."""
    m = _Mapper(account.id)
    return replace(
        account,
        identifier="pseudonym",  # links.profile_url builds no link for a pseudonym
        snapshots=[_snapshot(s, m) for s in account.snapshots],
        categories={key: sorted(map(m, handles)) for key, handles in account.categories.items()},
        changes=[_change(c, m) for c in account.changes],
        tags={m(h): t for h, t in account.tags.items()},
        notes={},
        extra={},
    )


def _overlap(overlap: Overlap) -> Overlap:
    left, right = _Mapper(overlap.left), _Mapper(overlap.right)

    def mapped(handles: list[str] | None, m: _Mapper) -> list[str] | None:
        return None if handles is None else sorted(map(m, handles))

    return replace(
        overlap,
        followers_both=mapped(overlap.followers_both, left),
        followers_only_left=mapped(overlap.followers_only_left, left),
        followers_only_right=mapped(overlap.followers_only_right, right),
        following_both=mapped(overlap.following_both, left),
        following_only_left=mapped(overlap.following_only_left, left),
        following_only_right=mapped(overlap.following_only_right, right),
    )


def public_report(report: Report) -> Report:
    """The report with every other person's handle pseudonymised (`site.privacy: public`)."""
    return replace(report, accounts=[public_account(a) for a in report.accounts],
                   overlaps=[_overlap(o) for o in report.overlaps])
