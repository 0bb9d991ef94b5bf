"""The analysis core: pure functions from snapshots to categories, metrics, changes and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from followscope_site.analysis.balance import balance_history
from followscope_site.analysis.categories import counts, metrics, split_categories
from followscope_site.analysis.changes import collapse_duplicates, compute_changes
from followscope_site.analysis.config_check import unmatched_warnings
from followscope_site.analysis.engagement import engagement_of
from followscope_site.analysis.findings import findings_for
from followscope_site.analysis.history import review_history
from followscope_site.analysis.overlap import overlap_of
from followscope_site.analysis.report import AccountReport, Overlap, Report
from followscope_site.config.schema import AnalysisConfig
from followscope_site.model import Snapshot


@dataclass(slots=True)
class AccountInput:
    """One account's snapshots (oldest first) and what the config says about its accounts."""

    platform: str
    handle: str
    label: str
    snapshots: list[Snapshot]
    allowlist: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    tags: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    entry: int = 0  # its entry in the config's `accounts:` (an Instagram export's Threads account shares it)


def analyze_account(account: AccountInput, settings: AnalysisConfig, others: list[Snapshot] | None = None
                    ) -> AccountReport:
    """Categories, counts and metrics of the newest snapshot, plus history, balance, engagement and findings.

    `others`: the snapshots of the build's other accounts, whose lists from the same export count as traces
    of an account (Threads for Instagram and back, analysis/evidence.py).
    `extra` holds: "balance" (Balance of the newest snapshot), "balance_history" (list[Balance], oldest
    first), "engagement" (Engagement or None) and "duplicates" ((dropped source, kept source) pairs).
    """
    kept, duplicates = collapse_duplicates(account.snapshots)
    review = review_history(kept, account.ignore)
    snapshots = review.snapshots  # the same exports, with what their history shows (partial, warnings)
    latest = snapshots[-1]
    split = split_categories(latest, account.allowlist, account.ignore)
    categories = split.handles
    account_counts = counts(latest, categories, account.ignore)
    history = balance_history(snapshots, settings, account.platform, account.allowlist, account.ignore,
                              latest_categories=categories)
    report = AccountReport(
        id=f"{account.platform}:{account.handle}",
        platform=account.platform,
        handle=account.handle,
        label=account.label,
        identifier=latest.identifier,
        snapshots=snapshots,
        counts=account_counts,
        metrics=metrics(account_counts),
        categories=categories,
        changes=compute_changes(snapshots, account.ignore, review, others or ()),
        tags=account.tags,
        notes=account.notes,
        positions=split.positions,
        extra={
            "balance": history[-1],
            "balance_history": history,
            "engagement": engagement_of(latest, categories, account.platform, settings.high_interaction),
            "duplicates": duplicates,
        },
    )
    report.findings = findings_for(report, settings)
    return report


def overlaps(accounts: list[AccountInput], reports: list[AccountReport]) -> list[Overlap]:
    """Every pair of accounts on different platforms whose handles are comparable (not numeric ids)."""
    found: list[Overlap] = []
    pairs = list(zip(accounts, reports, strict=True))
    for (a, ra), (b, rb) in combinations(pairs, 2):
        if a.platform == b.platform or ra.identifier != "handle" or rb.identifier != "handle":
            continue
        found.append(overlap_of(ra.id, ra.latest, rb.id, rb.latest, left_aliases=a.aliases,
                                right_aliases=b.aliases, left_ignore=a.ignore, right_ignore=b.ignore))
    return found


def analyze(accounts: list[AccountInput], settings: AnalysisConfig, *, title: str,
            generated_at: datetime) -> Report:
    """The whole build's analysis."""
    everyone = [s for account in accounts for s in account.snapshots]
    reports = [analyze_account(account, settings, everyone) for account in accounts]
    report = Report(title=title, generated_at=generated_at, accounts=reports, overlaps=overlaps(accounts, reports))
    entries: dict[int, list[AccountInput]] = {}
    for account in accounts:
        entries.setdefault(account.entry, []).append(account)
    for account, account_report in zip(accounts, reports, strict=True):  # the exports an entry's folder gave
        read = {s.source for other in entries[account.entry] for s in other.snapshots}
        account_report.exports_without_data = len(read - {s.source for s in account.snapshots})
    for number, group in entries.items():
        first = group[0]  # an entry's accounts share its handle lists
        report.warnings += unmatched_warnings(f"accounts.{number}", [s for a in group for s in a.snapshots], {
            "allowlist": first.allowlist, "ignore": first.ignore, "tags": first.tags, "notes": first.notes})
    return report
