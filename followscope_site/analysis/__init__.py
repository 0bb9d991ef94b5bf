"""The analysis core: pure functions from snapshots to categories, metrics, changes and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from followscope_site.analysis.categories import categorize, counts, metrics
from followscope_site.analysis.report import AccountReport, Report
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


def analyze_account(account: AccountInput, settings: AnalysisConfig) -> AccountReport:
    """Categories, counts and metrics of the newest snapshot, plus history and findings."""
    latest = account.snapshots[-1]
    categories = categorize(latest, account.allowlist, account.ignore)
    account_counts = counts(latest, categories, account.ignore)
    return AccountReport(
        id=f"{account.platform}:{account.handle}",
        platform=account.platform,
        handle=account.handle,
        label=account.label,
        identifier=latest.identifier,
        snapshots=account.snapshots,
        counts=account_counts,
        metrics=metrics(account_counts),
        categories=categories,
        tags=account.tags,
        notes=account.notes,
    )


def analyze(accounts: list[AccountInput], settings: AnalysisConfig, *, title: str,
            generated_at: datetime) -> Report:
    """The whole build's analysis."""
    return Report(
        title=title,
        generated_at=generated_at,
        accounts=[analyze_account(account, settings) for account in accounts],
    )
