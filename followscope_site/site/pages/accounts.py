"""Page data of the accounts: the overview's cards, each account's page, and the findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from followscope_site.analysis.report import AccountReport, Finding, Report
from followscope_site.site.lists import slug
from followscope_site.site.pages import charts
from followscope_site.site.pages.analysis import (
    BalanceView,
    EngagementView,
    OverlapSummary,
    balance_view,
    engagement_view,
    overlap_summaries,
)
from followscope_site.site.pages.numbers import metric_text, number_text, numbers_text
from followscope_site.site.texts import CATEGORY_TITLES, COUNT_LABELS, METRIC_LABELS, missing_hint

IDENTIFIER_NOTES = {
    "id": "This export names accounts by numeric id, not by handle.",
    "did": "This export names accounts by DID, not by handle.",
    "name": "This export names accounts by display name only; there are no profile links.",
    "address": "Accounts are named by their full address (user@server).",
    "pseudonym": "Handles are replaced by pseudonyms (public privacy mode).",
}


@dataclass(slots=True)
class CountItem:
    key: str
    label: str
    value: int | None
    text: str  # "1,234" or "not in this export"
    href: str | None = None  # the category page, when there is one
    missing: str | None = None  # the sentence saying which download option adds the list


@dataclass(slots=True)
class MetricItem:
    key: str
    label: str
    text: str
    explanation: str


@dataclass(slots=True)
class FindingItem:
    id: str
    severity: str
    title: str
    numbers: str
    guide_slug: str
    category_href: str | None
    category_title: str | None
    account_label: str
    guide_href: str | None = None  # set by site.site_pages when the site has that guide
    guide_title: str | None = None


@dataclass(slots=True)
class CategoryLink:
    key: str
    title: str
    count: int
    href: str


@dataclass(slots=True)
class AccountCard:
    """An account as the overview shows it."""

    id: str
    label: str
    platform: str
    handle: str
    href: str
    snapshot_date: str
    snapshot_count: int
    partial: bool
    identifier_note: str | None
    counts: list[CountItem]
    metrics: list[MetricItem]
    findings: list[FindingItem]
    composition: charts.Chart | None


@dataclass(slots=True)
class OverviewData:
    cards: list[AccountCard]
    warnings: list[str]
    overlaps: list[OverlapSummary] = field(default_factory=list)


@dataclass(slots=True)
class AccountData:
    card: AccountCard
    categories: list[CategoryLink]
    history_href: str
    charts: list[charts.Chart]
    balance: BalanceView | None = None
    engagement: EngagementView | None = None


@dataclass(slots=True)
class FindingsData:
    groups: list[tuple[str, list[FindingItem]]]


def finding_item(account: AccountReport, finding: Finding, folder: str) -> FindingItem:
    category = finding.category if finding.category in account.categories else None
    return FindingItem(
        id=finding.id, severity=finding.severity, title=finding.title,
        numbers=numbers_text(finding.id, finding.numbers), guide_slug=finding.guide,
        category_href=f"{folder}/{category}/index.html" if category else None,
        category_title=CATEGORY_TITLES.get(category, category) if category else None,
        account_label=account.label,
    )


def _counts(account: AccountReport, folder: str) -> list[CountItem]:
    items = []
    for key in ("followers", "following", "mutuals", "fans", "not_following_back"):
        value = account.counts.get(key)
        items.append(CountItem(
            key=key, label=COUNT_LABELS.get(key, key), value=value, text=number_text(value),
            href=f"{folder}/{key}/index.html" if key in account.categories else None,
            missing=missing_hint(account.platform, key) if value is None else None,
        ))
    return items


def _composition(account: AccountReport, chart_id: str) -> charts.Chart | None:
    if "mutuals" not in account.categories:
        return None
    parts = [charts.Series(CATEGORY_TITLES[k], [len(account.categories[k])], f"chart-{i + 1}")
             for i, k in enumerate(("mutuals", "fans", "not_following_back"))]
    desc = ", ".join(f"{s.name}: {s.values[0]:,}" for s in parts)
    return charts.composition(chart_id, f"Who follows whom, {account.label}", desc, parts)


def card(account: AccountReport, folder: str) -> AccountCard:
    latest = account.latest
    note = IDENTIFIER_NOTES.get(account.identifier) if account.identifier != "handle" else None
    return AccountCard(
        id=account.id, label=account.label, platform=account.platform, handle=account.handle,
        href=f"{folder}/index.html", snapshot_date=latest.date, snapshot_count=len(account.snapshots),
        partial=latest.partial, identifier_note=note, counts=_counts(account, folder),
        metrics=[MetricItem(key, label, metric_text(key, account.metrics.get(key)), explanation)
                 for key, (label, explanation) in METRIC_LABELS.items()],
        findings=[finding_item(account, f, folder) for f in account.findings],
        composition=_composition(account, f"composition-{slug(account.id)}"),
    )


def overview_data(report: Report, dirs: dict[str, str]) -> OverviewData:
    return OverviewData(cards=[card(a, dirs[a.id]) for a in report.accounts], warnings=report.warnings,
                        overlaps=overlap_summaries(report))


def account_data(account: AccountReport, folder: str) -> AccountData:
    cats = [CategoryLink(k, CATEGORY_TITLES.get(k, k.replace("_", " ").capitalize()), len(v),
                         f"{folder}/{k}/index.html") for k, v in account.categories.items()]
    extra = [c for c in (_follows_per_month(account), _one_sided_age(account)) if c is not None]
    unanswered = f"{folder}/not_following_back/index.html" if "not_following_back" in account.categories else None
    return AccountData(card=card(account, folder), categories=cats, history_href=f"{folder}/history.html",
                       charts=extra, engagement=engagement_view(account),
                       balance=balance_view(account, unanswered))


def findings_data(report: Report, dirs: dict[str, str]) -> FindingsData:
    return FindingsData([(a.label, [finding_item(a, f, dirs[a.id]) for f in a.findings]) for a in report.accounts])


def _follows_per_month(account: AccountReport) -> charts.Chart | None:
    following = account.latest.lists.get("following")
    if not following:
        return None
    months = Counter(datetime.fromtimestamp(e.timestamp, tz=UTC).strftime("%Y-%m")
                     for e in following.values() if e.timestamp)
    if not months:
        return None
    first, last = min(months), max(months)
    labels, y, m = [], int(first[:4]), int(first[5:])
    while f"{y:04d}-{m:02d}" <= last:
        labels.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    labels = labels[-36:]  # the last three years at most
    series = charts.Series("Accounts you followed", [months.get(x, 0) for x in labels], "chart-1")
    return charts.bars(f"per-month-{slug(account.id)}", "Follows per month",
                       f"How many accounts you started following each month, {labels[0]} to {labels[-1]}.",
                       labels, series, "Month")


def _one_sided_age(account: AccountReport) -> charts.Chart | None:
    handles = account.categories.get("not_following_back")
    following = account.latest.lists.get("following") or {}
    if not handles:
        return None
    now = account.latest.taken_at.timestamp()
    buckets = [("under 1 month", 30), ("1–3 months", 91), ("3–12 months", 365), ("1–2 years", 730),
               ("2+ years", None)]
    values = [0] * len(buckets)
    for handle in handles:
        entry = following.get(handle)
        if entry is None or not entry.timestamp:
            continue
        age = (now - entry.timestamp) / 86_400
        for i, (_, limit) in enumerate(buckets):
            if limit is None or age < limit:
                values[i] += 1
                break
    if not any(values):
        return None
    series = charts.Series("Not following you back", values, "chart-3")
    return charts.bars(f"one-sided-age-{slug(account.id)}", "How long ago you followed accounts that don't "
                       "follow back", "Accounts not following you back, grouped by how long ago you followed "
                       "them (as of the newest export).", [b[0] for b in buckets], series, "Followed")
