"""Page data of the accounts: the overview's cards, each account's page, and the findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from followscope_site.analysis.report import AccountReport, Finding, Report
from followscope_site.site.lists import change_folder, signal_folder, signal_handles, slug
from followscope_site.site.pages import charts
from followscope_site.site.pages.analysis import (
    BalanceView,
    ChangeGroup,
    EngagementView,
    OverlapSummary,
    balance_view,
    engagement_view,
    overlap_summaries,
)
from followscope_site.site.pages.history import change_anchor, change_view
from followscope_site.site.pages.numbers import count_text, metric_text, number_text, numbers_text
from followscope_site.site.texts import (
    PLATFORM_MARKS,
    account_name,
    category_intro,
    category_title,
    count_label,
    metric_labels,
    missing_hint,
    platform_name,
)
from followscope_site.site.words import N_, _

THREE_LISTS = ("mutuals", "not_following_back", "fans")  # the lists people come for, in this order
TOTALS = ("followers", "following")
FIRST_CHANGES = 5  # lost and new followers named on the overview's card
ACCOUNT_CHANGES = 25  # … and on the account page, before the link to the whole list
TOP_FINDINGS = 3  # findings on the overview's card, before "all N findings"

# A finding's one next step: the view that shows what it is about. (category, ?query) opens that list page in
# that order; ("#", anchor) a section of the account page; ("engagement", list) that engagement list's page;
# ("renames", "") the newest possible renames on the history page; ("lost", "") the latest change's lost
# followers list; ("about", "") the about page.
ACTIONS: dict[str, tuple[str, str]] = {
    "ratio-below-one": ("not_following_back", "?sort=followed_at"),
    "ratio-high": ("fans", "?sort=-follows_you_since"),
    "many-not-following-back": ("not_following_back", "?sort=followed_at"),
    "long-unanswered-follows": ("not_following_back", "?sort=followed_at"),
    "low-followed-back-rate": ("not_following_back", "?sort=followed_at"),
    "near-following-cap": ("not_following_back", "?sort=followed_at"),
    "low-follow-back-rate": ("fans", "?sort=follows_you_since"),
    "pending-requests": ("pending_sent", "?sort=at"),
    "deactivated-in-following": ("deactivated", ""),
    "follow-burst": ("#", "bursts-title"),
    "unfollow-burst": ("#", "bursts-title"),
    "partial-export": ("about", ""),
    "lost-followers": ("lost", ""),
    "possible-renames": ("renames", ""),
    "engagement-data-missing": ("#", "engagement-title"),
    "mutuals-never-interact": ("engagement", "mutuals_never_interact"),
    "one-sided-high-interaction": ("engagement", "one_sided_high_interaction"),
    "followers-who-message-you": ("engagement", "followers_who_message_you"),
}
CHANGE_FINDINGS = frozenset({"lost-followers"})  # about the latest pair of exports: the finding names them

IDENTIFIER_NOTES = {
    "id": N_("This export names accounts by numeric id, not by handle."),
    "did": N_("This export names accounts by DID, not by handle."),
    "name": N_("This export names accounts by display name only; there are no profile links."),
    "address": N_("Accounts are named by their full address (user@server)."),
    "pseudonym": N_("Handles are replaced by pseudonyms (public privacy mode)."),
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
    """A finding as a sentence (templates/findings_macros.html, keyed by id) with its numbers and next step."""

    id: str
    severity: str
    title: str  # the analysis's own title: shown for an id the templates have no sentence for
    numbers: dict[str, float | int | None]
    numbers_text: str  # the numbers in words, for that same fallback
    guide_slug: str
    account_name: str
    action_href: str | None = None  # the exact view the finding is about, relative to the root
    change_from: str | None = None  # the pair of exports a finding about a change is about
    change_to: str | None = None
    guide_href: str | None = None  # set by site.site_pages when the site has that guide
    guide_title: str | None = None


@dataclass(slots=True)
class CategoryLink:
    key: str
    title: str
    count: int
    href: str
    explanation: str = ""  # what the list is (the platform's own lists above all)


@dataclass(slots=True)
class ChangeSummary:
    """The latest pair of exports: who left and who came, the first few named, and the way to the rest."""

    from_date: str
    to_date: str
    lost: ChangeGroup | None  # None: the exports can't tell (no followers list in one of them)
    gained: ChangeGroup | None
    has_notes: bool  # the history page says what to read first


@dataclass(slots=True)
class AccountCard:
    """An account as the overview shows it: the answers first (changes, the three lists), then the balance."""

    id: str
    label: str
    name: str  # "@alice on Instagram": the label alone is not unique
    platform: str
    platform_name: str
    mark: str  # the platform's monogram
    handle: str
    href: str
    history_href: str
    findings_href: str  # this account's findings on findings.html
    snapshot_date: str
    snapshot_count: int
    exports_without_data: int  # exports of the same config entry that hold none of this account's data
    partial: bool
    identifier_note: str | None
    change: ChangeSummary | None  # None with a single export
    lists: list[CountItem]  # mutuals, not following back, fans
    totals: list[CountItem]  # followers, following
    metrics: list[MetricItem]
    findings: list[FindingItem]
    top_findings: int  # how many of them the overview shows
    composition: charts.Chart | None


@dataclass(slots=True)
class OverviewData:
    cards: list[AccountCard]
    warnings: list[str]
    overlaps: list[OverlapSummary] = field(default_factory=list)


@dataclass(slots=True)
class AccountData:
    card: AccountCard
    change: ChangeSummary | None  # as on the card, with more accounts named
    categories: list[CategoryLink]  # every list other than the three on the card
    history_href: str
    charts: list[charts.Chart]
    balance: BalanceView | None = None
    engagement: EngagementView | None = None


@dataclass(slots=True)
class FindingsGroup:
    account_name: str
    anchor: str  # the id of its heading, linked from the overview
    findings: list[FindingItem]


@dataclass(slots=True)
class FindingsData:
    groups: list[FindingsGroup]


def _action(account: AccountReport, finding: Finding, folder: str) -> str | None:
    where, query = ACTIONS.get(finding.id, (finding.category or "", ""))
    if where == "#":
        return f"{folder}/index.html#{query}"
    if where == "engagement":
        if query in signal_handles(account):  # the list has a page
            return f"{signal_folder(folder, query)}/index.html"
        return f"{folder}/index.html#signals-{query}"
    if where == "renames":
        changes = [c for c in account.changes if c.possible_renames]
        if not changes:
            return f"{folder}/history.html"
        return f"{folder}/history.html#{change_anchor(account, changes[-1])}-possible_renames"
    if where == "about":
        return "about.html"
    if where == "lost":
        if not account.changes:
            return f"{folder}/history.html"
        return f"{change_folder(folder, account.changes[-1])}/lost_followers/index.html"
    if where in account.categories:
        return f"{folder}/{where}/index.html{query}"
    return None


def finding_item(account: AccountReport, finding: Finding, folder: str) -> FindingItem:
    change = account.changes[-1] if finding.id in CHANGE_FINDINGS and account.changes else None
    return FindingItem(
        id=finding.id, severity=finding.severity, title=finding.title, numbers=dict(finding.numbers),
        numbers_text=numbers_text(finding.id, finding.numbers), guide_slug=finding.guide,
        account_name=account_name(account.label, account.platform), action_href=_action(account, finding, folder),
        change_from=change.from_date if change else None, change_to=change.to_date if change else None,
    )


def _counts(account: AccountReport, folder: str, keys: tuple[str, ...]) -> list[CountItem]:
    items = []
    for key in keys:
        value = account.counts.get(key)
        items.append(CountItem(
            key=key, label=count_label(key), value=value, text=number_text(value),
            href=f"{folder}/{key}/index.html" if key in account.categories else None,
            missing=missing_hint(account.platform, key) if value is None else None,
        ))
    return items


def change_summary(account: AccountReport, folder: str, list_folders: set[str], shown: int
                   ) -> ChangeSummary | None:
    """The latest change's lost and new followers, `shown` of each named; None with a single export."""
    if not account.changes:
        return None
    change = account.changes[-1]
    view = change_view(account, change, change_folder(folder, change), list_folders)
    groups = {g.key: g for g in view.groups}

    def cut(key: str) -> ChangeGroup | None:
        group = groups.get(key)
        if group is None or group.total is None:
            return None
        return ChangeGroup(group.key, group.title, group.total, group.items[:shown],
                           max(0, group.total - shown), group.href)

    return ChangeSummary(change.from_date, change.to_date, cut("lost_followers"), cut("gained_followers"),
                         bool(change.notes))


def _composition(account: AccountReport, chart_id: str) -> charts.Chart | None:
    if "mutuals" not in account.categories:
        return None
    parts = [charts.Series(category_title(k), [len(account.categories[k])], f"chart-{i + 1}")
             for i, k in enumerate(("mutuals", "fans", "not_following_back"))]
    desc = ", ".join(_("%(name)s: %(value)s") % {"name": s.name, "value": count_text(s.values[0])} for s in parts)
    name = account_name(account.label, account.platform)
    return charts.composition(chart_id, _("Who follows whom, %(account)s") % {"account": name}, desc, parts)


def card(account: AccountReport, folder: str, list_folders: set[str]) -> AccountCard:
    latest = account.latest
    note = _(IDENTIFIER_NOTES[account.identifier]) if account.identifier in IDENTIFIER_NOTES else None
    findings = [finding_item(account, f, folder) for f in account.findings]
    return AccountCard(
        id=account.id, label=account.label, name=account_name(account.label, account.platform),
        platform=account.platform, platform_name=platform_name(account.platform),
        mark=PLATFORM_MARKS.get(account.platform, account.platform[:2].capitalize()), handle=account.handle,
        href=f"{folder}/index.html", history_href=f"{folder}/history.html",
        findings_href=f"findings.html#findings-{slug(account.id)}", snapshot_date=latest.date,
        snapshot_count=len(account.snapshots), exports_without_data=account.exports_without_data,
        partial=latest.partial, identifier_note=note,
        change=change_summary(account, folder, list_folders, FIRST_CHANGES),
        lists=_counts(account, folder, THREE_LISTS), totals=_counts(account, folder, TOTALS),
        metrics=[MetricItem(key, label, metric_text(key, account.metrics.get(key)), explanation)
                 for key, label, explanation in metric_labels()],
        findings=findings, top_findings=TOP_FINDINGS,
        composition=_composition(account, f"composition-{slug(account.id)}"),
    )


def overview_data(report: Report, dirs: dict[str, str], list_folders: set[str]) -> OverviewData:
    return OverviewData(cards=[card(a, dirs[a.id], list_folders) for a in report.accounts], warnings=report.warnings,
                        overlaps=overlap_summaries(report))


def account_data(account: AccountReport, folder: str, list_folders: set[str]) -> AccountData:
    cats = [CategoryLink(k, category_title(k), len(v), f"{folder}/{k}/index.html", category_intro(k))
            for k, v in account.categories.items() if k not in THREE_LISTS]
    extra = [c for c in (_follows_per_month(account), _one_sided_age(account)) if c is not None]
    unanswered = f"{folder}/not_following_back/index.html" if "not_following_back" in account.categories else None
    return AccountData(card=card(account, folder, list_folders),
                       change=change_summary(account, folder, list_folders, ACCOUNT_CHANGES), categories=cats,
                       history_href=f"{folder}/history.html", charts=extra,
                       engagement=engagement_view(account, folder, list_folders),
                       balance=balance_view(account, unanswered))


def findings_data(report: Report, dirs: dict[str, str]) -> FindingsData:
    return FindingsData([FindingsGroup(account_name(a.label, a.platform), f"findings-{slug(a.id)}",
                                       [finding_item(a, f, dirs[a.id]) for f in a.findings])
                         for a in report.accounts])


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
    series = charts.Series(_("Accounts you followed"), [months.get(x, 0) for x in labels], "chart-1")
    return charts.bars(f"per-month-{slug(account.id)}", _("Follows per month"),
                       _("How many accounts you started following each month, %(first)s to %(last)s.")
                       % {"first": labels[0], "last": labels[-1]}, labels, series, _("Month"))


def _one_sided_age(account: AccountReport) -> charts.Chart | None:
    handles = account.categories.get("not_following_back")
    following = account.latest.lists.get("following") or {}
    if not handles:
        return None
    now = account.latest.taken_at.timestamp()
    buckets = [(_("under 1 month"), 30), (_("1–3 months"), 91), (_("3–12 months"), 365), (_("1–2 years"), 730),
               (_("2+ years"), None)]
    values = [0] * len(buckets)
    for handle in handles:
        entry = following.get(handle)
        if entry is None or not entry.timestamp:
            continue
        age = (now - entry.timestamp) / 86_400
        for i, (_label, limit) in enumerate(buckets):
            if limit is None or age < limit:
                values[i] += 1
                break
    if not any(values):
        return None
    series = charts.Series(category_title("not_following_back"), values, "chart-3")
    return charts.bars(f"one-sided-age-{slug(account.id)}", _("How long ago you followed accounts that don't "
                       "follow back"), _("Accounts not following you back, grouped by how long ago you followed "
                       "them (as of the newest export)."), [b[0] for b in buckets], series, _("Followed"))
