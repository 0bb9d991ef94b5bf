"""Page data as plain dataclasses, built from the Report: every number, slice and link is decided here.

Templates only present what these objects hold (the coverage.py html.py split of data and presentation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from markupsafe import Markup

from followscope_site.analysis.report import AccountReport, Change, Finding, LostAccount, Report
from followscope_site.site import charts
from followscope_site.site.guides import Guide
from followscope_site.site.links import profile_url
from followscope_site.site.listpage import list_data
from followscope_site.site.lists import SiteList, account_dirs, change_folder, overlap_folder
from followscope_site.site.texts import (
    CATEGORY_INTROS,
    CATEGORY_TITLES,
    CERTAINTY_LABELS,
    CHANGE_TEXTS,
    COUNT_LABELS,
    DEFINITIONS,
    METRIC_LABELS,
    REASONS,
    missing_hint,
)
from followscope_site.site.views import (
    CHANGE_LIMIT,
    BalanceView,
    ChangeGroup,
    ChangeItem,
    EngagementView,
    Fact,
    OverlapData,
    OverlapSummary,
    balance_view,
    engagement_view,
    metric_text,
    number_text,
    numbers_text,
    overlap_summaries,
    overlap_view,
    slug,
)


@dataclass(slots=True)
class SiteSettings:
    """What every page needs from the config."""

    title: str
    privacy: str  # "private" | "public"
    site_url: str | None  # normalised to end with "/"
    page_size: int
    stylesheets: list[str]  # asset paths relative to the site root
    scripts: list[str]
    list_script: str | None
    version: str
    generated_at: str


@dataclass(slots=True)
class NavLink:
    label: str
    href: str  # relative to the site root
    current: str | None = None  # aria-current value: "page" or "true" (inside that section)


@dataclass(slots=True)
class Crumb:
    label: str
    href: str | None  # relative to the site root; None for the current page


@dataclass(slots=True)
class Page:
    """One HTML file: where it goes, which template shows it, and its data."""

    path: str
    template: str
    title: str
    section: str
    data: object
    crumbs: list[Crumb] = field(default_factory=list)
    root: str = ""  # prefix that leads from this page to the site root ("", "../", "/sub/" for 404)
    nav: list[NavLink] = field(default_factory=list)
    canonical: str | None = None


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
    guide_href: str | None
    guide_title: str | None
    category_href: str | None
    category_title: str | None
    account_label: str


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
    composition: Markup | None


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
    charts: list[Markup]
    balance: BalanceView | None = None
    engagement: EngagementView | None = None


@dataclass(slots=True)
class ChangeView:
    from_date: str
    to_date: str
    summary: list[Fact]  # the count of each group, for the line under the heading
    groups: list[ChangeGroup]
    notes: list[str]


@dataclass(slots=True)
class HistoryData:
    account_label: str
    snapshot_count: int
    changes: list[ChangeView]
    chart: Markup | None
    duplicates: list[str] = field(default_factory=list)  # exports left out as identical to a newer one
    report_href: str = "report.json"  # where the lists cut at CHANGE_LIMIT are whole


@dataclass(slots=True)
class FindingsData:
    groups: list[tuple[str, list[FindingItem]]]


@dataclass(slots=True)
class GuideData:
    guide: Guide
    guides: list[Guide]


@dataclass(slots=True)
class GuidesIndexData:
    guides: list[Guide]


@dataclass(slots=True)
class SnapshotInfo:
    date: str
    source: str
    format: str
    partial: bool
    files_used: list[str]
    warnings: list[str]
    lists: list[str]


@dataclass(slots=True)
class AboutAccount:
    label: str
    platform: str
    identifier: str
    snapshots: list[SnapshotInfo]


@dataclass(slots=True)
class AboutData:
    accounts: list[AboutAccount]
    definitions: list[tuple[str, str]]
    warnings: list[str]


@dataclass(slots=True)
class NotFoundData:
    pass


# --------------------------------------------------------------------------------------------------
# Paths


def slugify(text: str) -> str:
    return slug(text)


# --------------------------------------------------------------------------------------------------
# Builders


class PageBuilder:
    """Turns one Report and its lists (site/lists.py) into Page objects."""

    def __init__(self, report: Report, settings: SiteSettings, guides: list[Guide], lists: list[SiteList],
                 rows_per_file: int) -> None:
        self.report = report
        self.settings = settings
        self.guides = guides
        self.guide_slugs = {g.slug: g for g in guides}
        self.lists = {lst.folder: lst for lst in lists}
        self.rows_per_file = rows_per_file
        self.dirs = account_dirs(report)

    # -- shared pieces ------------------------------------------------------------------------------

    def _finding(self, account: AccountReport, finding: Finding) -> FindingItem:
        guide = self.guide_slugs.get(finding.guide)
        category = finding.category if finding.category in account.categories else None
        return FindingItem(
            id=finding.id, severity=finding.severity, title=finding.title,
            numbers=numbers_text(finding.id, finding.numbers),
            guide_href=f"guides/{guide.slug}.html" if guide else None,
            guide_title=guide.title if guide else None,
            category_href=f"{self.dirs[account.id]}/{category}/index.html" if category else None,
            category_title=CATEGORY_TITLES.get(category, category) if category else None,
            account_label=account.label,
        )

    def _counts(self, account: AccountReport) -> list[CountItem]:
        folder = self.dirs[account.id]
        items = []
        for key in ("followers", "following", "mutuals", "fans", "not_following_back"):
            value = account.counts.get(key)
            has_page = key in account.categories
            items.append(CountItem(
                key=key, label=COUNT_LABELS.get(key, key), value=value, text=number_text(value),
                href=f"{folder}/{key}/index.html" if has_page else None,
                missing=missing_hint(account.platform, key) if value is None else None,
            ))
        return items

    def _metrics(self, account: AccountReport) -> list[MetricItem]:
        return [MetricItem(key, label, metric_text(key, account.metrics.get(key)), explanation)
                for key, (label, explanation) in METRIC_LABELS.items()]

    def _composition(self, account: AccountReport, chart_id: str) -> Markup | None:
        if "mutuals" not in account.categories:
            return None
        parts = [charts.Series(CATEGORY_TITLES[k], [len(account.categories[k])], f"chart-{i + 1}")
                 for i, k in enumerate(("mutuals", "fans", "not_following_back"))]
        desc = ", ".join(f"{s.name}: {s.values[0]:,}" for s in parts)
        return charts.composition(chart_id, f"Who follows whom, {account.label}", desc, parts)

    def card(self, account: AccountReport) -> AccountCard:
        latest = account.latest
        note = None
        if account.identifier != "handle":
            note = {"id": "This export names accounts by numeric id, not by handle.",
                    "did": "This export names accounts by DID, not by handle.",
                    "name": "This export names accounts by display name only; there are no profile links.",
                    "address": "Accounts are named by their full address (user@server).",
                    "pseudonym": "Handles are replaced by pseudonyms (public privacy mode)."}.get(account.identifier)
        return AccountCard(
            id=account.id, label=account.label, platform=account.platform, handle=account.handle,
            href=f"{self.dirs[account.id]}/index.html", snapshot_date=latest.date,
            snapshot_count=len(account.snapshots), partial=latest.partial, identifier_note=note,
            counts=self._counts(account), metrics=self._metrics(account),
            findings=[self._finding(account, f) for f in account.findings],
            composition=self._composition(account, f"composition-{slugify(account.id)}"),
        )

    # -- pages --------------------------------------------------------------------------------------

    def overview(self) -> Page:
        data = OverviewData(cards=[self.card(a) for a in self.report.accounts], warnings=self.report.warnings,
                            overlaps=overlap_summaries(self.report))
        return Page("index.html", "overview.html", "Overview", "overview", data)

    def account(self, account: AccountReport) -> Page:
        folder = self.dirs[account.id]
        cats = [CategoryLink(k, CATEGORY_TITLES.get(k, k.replace("_", " ").capitalize()), len(v),
                             f"{folder}/{k}/index.html") for k, v in account.categories.items()]
        extra = [c for c in (self._follows_per_month(account), self._one_sided_age(account)) if c is not None]
        data = AccountData(card=self.card(account), categories=cats, history_href=f"{folder}/history.html",
                           charts=extra, engagement=engagement_view(account),
                           balance=balance_view(account, f"{folder}/not_following_back/index.html"
                                                if "not_following_back" in account.categories else None))
        return Page(f"{folder}/index.html", "account.html", account.label, "overview", data,
                    crumbs=[Crumb("Overview", "index.html"), Crumb(account.label, None)])

    def _follows_per_month(self, account: AccountReport) -> Markup | None:
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
        return charts.bars(f"per-month-{slugify(account.id)}", "Follows per month",
                           f"How many accounts you started following each month, {labels[0]} to {labels[-1]}.",
                           labels, series, "Month")

    def _one_sided_age(self, account: AccountReport) -> Markup | None:
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
        return charts.bars(f"one-sided-age-{slugify(account.id)}", "How long ago you followed accounts that don't "
                           "follow back", "Accounts not following you back, grouped by how long ago you followed "
                           "them (as of the newest export).", [b[0] for b in buckets], series, "Followed")

    def list_pages(self) -> Iterator[Page]:
        """One page per list: every category, then each change's and each overlap's lists that hold someone."""
        for account in self.report.accounts:
            folder = self.dirs[account.id]
            account_crumbs = [Crumb("Overview", "index.html"), Crumb(account.label, f"{folder}/index.html")]
            for key in account.categories:
                title = CATEGORY_TITLES.get(key, key.replace("_", " ").capitalize())
                yield self._list_page(self.lists[f"{folder}/{key}"], account.label, title,
                                      CATEGORY_INTROS.get(key, ""), account_crumbs)
            for change in account.changes:
                where = change_folder(folder, change)
                crumbs = [*account_crumbs, Crumb("History", f"{folder}/history.html")]
                for key, (title, intro) in CHANGE_TEXTS.items():
                    lst = self.lists.get(f"{where}/{key}")
                    if lst is not None:
                        yield self._list_page(lst, account.label, f"{title}, {change.from_date} to {change.to_date}",
                                              intro.format(old=change.from_date, new=change.to_date), crumbs)
        for overlap in self.report.overlaps:
            where = overlap_folder(self.dirs, overlap)
            view = overlap_view(self.report, overlap)
            label = f"{view.left_label} and {view.right_label}"
            crumbs = [Crumb("Overview", "index.html"), Crumb("Across platforms", "overlap.html")]
            for group in view.groups:
                lst = self.lists.get(f"{where}/{group.key}")
                if lst is not None:
                    yield self._list_page(lst, label, group.title, "Matched by identical handle or by the "
                                          "aliases in your config.", crumbs)

    def _list_page(self, lst: SiteList, account_label: str, title: str, intro: str, crumbs: list[Crumb]) -> Page:
        data = list_data(lst, account_label=account_label, title=title, intro=intro,
                         page_size=self.settings.page_size, rows_per_file=self.rows_per_file)
        return Page(f"{lst.folder}/index.html", "list.html", title, "overview", data,
                    crumbs=[*crumbs, Crumb(title, None)])

    def list_href(self, folder: str) -> str | None:
        """The page of the list kept in `folder`, when it has one."""
        return f"{folder}/index.html" if folder in self.lists else None

    def history(self, account: AccountReport) -> Page:
        folder = self.dirs[account.id]
        views = [self._change_view(account, c) for c in reversed(account.changes)]  # newest first
        chart = None
        snaps = account.snapshots
        series = []
        for i, name in enumerate(("followers", "following")):
            values = [len(s.lists[name]) if name in s.lists else None for s in snaps]
            if all(v is not None for v in values):
                series.append(charts.Series(name.capitalize(), values, f"chart-{i + 1}"))  # type: ignore[arg-type]
        if series:
            desc = "; ".join(f"{s.name}: " + ", ".join(f"{v:,}" for v in s.values) for s in series)
            chart = charts.lines(f"history-{slugify(account.id)}", "Followers and following across exports",
                                 desc, [s.date for s in snaps], series)
        pairs = account.extra.get("duplicates")
        duplicates = [f"{dropped} holds the same lists as {kept}, so it is counted once."
                      for dropped, kept in (pairs if isinstance(pairs, list) else [])]
        data = HistoryData(account.label, len(snaps), views, chart, duplicates)
        return Page(f"{folder}/history.html", "history.html", f"History of {account.label}", "overview", data,
                    crumbs=[Crumb("Overview", "index.html"), Crumb(account.label, f"{folder}/index.html"),
                            Crumb("History", None)])

    def _change_view(self, account: AccountReport, change: Change) -> ChangeView:
        def item(handle: str) -> ChangeItem:
            return ChangeItem(handle, profile_url(account.platform, handle, account.identifier))

        def lost(x: LostAccount) -> ChangeItem:
            return ChangeItem(x.handle, profile_url(account.platform, x.handle, account.identifier),
                              REASONS.get(x.reason, x.reason.replace("_", " ")),
                              CERTAINTY_LABELS.get(x.certainty, x.certainty), x.detail)

        def renamed(pair: tuple[str, str]) -> ChangeItem:
            old, new = pair
            return ChangeItem(old, profile_url(account.platform, old, account.identifier), new_handle=new,
                              new_url=profile_url(account.platform, new, account.identifier))

        groups = []
        where = change_folder(self.dirs[account.id], change)
        for key, title, values, make in (
            ("gained_followers", "New followers", change.gained_followers, item),
            ("lost_followers", "Lost followers", change.lost_followers, lost),
            ("new_following", "You started following", change.new_following, item),
            ("dropped_following", "You stopped following", change.dropped_following, lost),
            ("possible_renames", "Possible renames", change.possible_renames, renamed),
            ("became_mutual", "Became mutual", change.became_mutual, item),
            ("became_one_sided", "Became one-sided", change.became_one_sided, item),
        ):
            if key == "possible_renames" and not values:
                continue
            shown = [make(v) for v in values[:CHANGE_LIMIT]]  # type: ignore[operator]
            groups.append(ChangeGroup(key, title, len(values), shown, max(0, len(values) - CHANGE_LIMIT),
                                      self.list_href(f"{where}/{key}")))
        summary = [Fact(g.key, g.title, f"{g.total:,}") for g in groups]
        return ChangeView(change.from_date, change.to_date, summary, groups, list(change.notes))

    def overlap(self) -> Page | None:
        if not self.report.overlaps:
            return None
        views = []
        for overlap in self.report.overlaps:
            view = overlap_view(self.report, overlap)
            where = overlap_folder(self.dirs, overlap)
            for group in view.groups:
                group.href = self.list_href(f"{where}/{group.key}")
            views.append(view)
        data = OverlapData(views)
        return Page("overlap.html", "overlap.html", "Across platforms", "overlap", data,
                    crumbs=[Crumb("Overview", "index.html"), Crumb("Across platforms", None)])

    def findings(self) -> Page:
        groups = [(a.label, [self._finding(a, f) for f in a.findings]) for a in self.report.accounts]
        return Page("findings.html", "findings.html", "Findings", "findings", FindingsData(groups))

    def guide_pages(self) -> Iterator[Page]:
        if not self.guides:
            return
        yield Page("guides/index.html", "guides.html", "Guides", "guides", GuidesIndexData(self.guides),
                   crumbs=[Crumb("Overview", "index.html"), Crumb("Guides", None)])
        for guide in self.guides:
            section = "glossary" if guide.slug == "glossary" else "guides"
            yield Page(f"guides/{guide.slug}.html", "guide.html", guide.title, section,
                       GuideData(guide, self.guides),
                       crumbs=[Crumb("Overview", "index.html"), Crumb("Guides", "guides/index.html"),
                               Crumb(guide.title, None)])

    def about(self) -> Page:
        accounts = [
            AboutAccount(a.label, a.platform, a.identifier, [
                SnapshotInfo(s.date, s.source, s.format, s.partial, list(s.files_used), list(s.warnings),
                             [COUNT_LABELS.get(n, n.replace("_", " ")) for n in s.lists])
                for s in a.snapshots])
            for a in self.report.accounts
        ]
        return Page("about.html", "about.html", "About this report", "about",
                    AboutData(accounts, DEFINITIONS, self.report.warnings))

    def not_found(self) -> Page:
        return Page("404.html", "404.html", "Page not found", "", NotFoundData())

    def pages(self) -> Iterator[Page]:
        """Every page of the site, finished (root, navigation, canonical link)."""
        yield self.finish(self.overview())
        for account in self.report.accounts:
            yield self.finish(self.account(account))
            yield self.finish(self.history(account))
        for page in self.list_pages():
            yield self.finish(page)
        yield self.finish(self.findings())
        overlap = self.overlap()
        if overlap is not None:
            yield self.finish(overlap)
        for page in self.guide_pages():
            yield self.finish(page)
        yield self.finish(self.about())
        yield self.finish(self.not_found())

    # -- navigation ---------------------------------------------------------------------------------

    def nav_links(self) -> list[NavLink]:
        links = [NavLink("Overview", "index.html"), NavLink("Findings", "findings.html")]
        if self.report.overlaps:
            links.append(NavLink("Across platforms", "overlap.html"))
        if self.guides:
            links.append(NavLink("Guides", "guides/index.html"))
        if "glossary" in self.guide_slugs:
            links.append(NavLink("Glossary", "guides/glossary.html"))
        links.append(NavLink("About", "about.html"))
        return links

    def finish(self, page: Page) -> Page:
        if page.path == "404.html":
            # GitHub Pages serves 404.html at any depth: links must start from the site's root URL.
            page.root = _url_path(self.settings.site_url) if self.settings.site_url else ""
        else:
            page.root = "../" * page.path.count("/")
        sections = {"overview": "index.html", "findings": "findings.html", "overlap": "overlap.html",
                    "guides": "guides/index.html",
                    "glossary": "guides/glossary.html", "about": "about.html"}
        page.nav = []
        for link in self.nav_links():
            current = None
            if link.href == page.path:
                current = "page"
            elif sections.get(page.section) == link.href:
                current = "true"
            page.nav.append(NavLink(link.label, link.href, current))
        if self.settings.site_url and page.path != "404.html":
            path = page.path[:-len("index.html")] if page.path.endswith("index.html") else page.path
            page.canonical = self.settings.site_url + path
        return page


def _url_path(site_url: str) -> str:
    """`https://alice.github.io/followers/` -> `/followers/`."""
    rest = site_url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"
