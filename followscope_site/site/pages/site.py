"""The site model: the data of every page of one build, made from the Report and its lists; and the pages.

The model holds no markup and nothing from templates, guides or the theme, and encodes with msgspec, so a
build whose data did not change (site/incremental.py) loads it instead of importing and analysing again,
then makes its pages with site_pages().
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from followscope_site.analysis.report import Report
from followscope_site.site.guides import Guide
from followscope_site.site.lists import SiteList, account_dirs, overlap_folder
from followscope_site.site.pages.accounts import (
    AccountData,
    FindingItem,
    FindingsData,
    OverviewData,
    account_data,
    findings_data,
    overview_data,
)
from followscope_site.site.pages.analysis import OverlapData, overlap_view
from followscope_site.site.pages.figures import AccountFigures, account_figures
from followscope_site.site.pages.history import HistoryData, history_data
from followscope_site.site.pages.lists import ListPage, list_pages
from followscope_site.site.pages.navigation import Crumb, Page, SiteSettings, finish, nav_links
from followscope_site.site.pages.numbers import count_text
from followscope_site.site.pages.search import SearchData, search_data
from followscope_site.site.texts import account_name, count_label, definitions, identifier_name, platform_name
from followscope_site.site.words import _, ngettext


@dataclass(slots=True)
class SnapshotInfo:
    date: str
    source: str
    format: str
    partial: bool
    files_used: list[str]  # conversations' files as one line each kind (files_shown)
    warnings: list[str]
    lists: list[str]


@dataclass(slots=True)
class AboutAccount:
    label: str
    platform: str
    identifier: str  # "handle", "id", "did", "name" or "address" (model.IDENTIFIER_KINDS)
    identifier_name: str  # the same as the reader says it
    snapshots: list[SnapshotInfo]


@dataclass(slots=True)
class AboutData:
    accounts: list[AboutAccount]
    definitions: list[tuple[str, str]]
    warnings: list[str]


@dataclass(slots=True)
class AccountPages:
    folder: str
    label: str
    account: AccountData
    history: HistoryData


@dataclass(slots=True)
class GuideData:
    guide: Guide
    guides: list[Guide]
    figures: list[AccountFigures]  # the reader's own figures, per account, for the guide's ::figure[KEY] marks


@dataclass(slots=True)
class GuidesIndexData:
    guides: list[Guide]


@dataclass(slots=True)
class NotFoundData:
    pass


@dataclass(slots=True)
class SiteModel:
    """Every page's data of one build (the lists themselves are in their data files and report.json)."""

    generated_at: str
    overview: OverviewData
    accounts: list[AccountPages]
    lists: list[ListPage]
    findings: FindingsData
    about: AboutData
    search: SearchData
    figures: list[AccountFigures]
    overlap: OverlapData | None = None


def build_model(report: Report, lists: list[SiteList], *, page_size: int, rows_per_file: int) -> SiteModel:
    dirs = account_dirs(report)
    folders = {lst.folder for lst in lists}
    accounts = [AccountPages(dirs[a.id], account_name(a.label, a.platform), account_data(a, dirs[a.id], folders),
                             history_data(a, dirs[a.id], folders))
                for a in report.accounts]
    overlap = None
    if report.overlaps:
        overlap = OverlapData()
        for item in report.overlaps:
            view = overlap_view(report, item)
            where = overlap_folder(dirs, item)
            for group in view.groups:
                group.href = f"{where}/{group.key}/index.html" if f"{where}/{group.key}" in folders else None
            overlap.overlaps.append(view)
    about = AboutData([
        AboutAccount(account_name(a.label, a.platform), platform_name(a.platform), a.identifier,
                     identifier_name(a.identifier), [
            SnapshotInfo(s.date, s.source, s.format, s.partial, files_shown(s.files_used), list(s.warnings),
                         [count_label(n) for n in s.lists])
            for s in a.snapshots])
        for a in report.accounts], definitions(), report.warnings)
    return SiteModel(
        generated_at=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        overview=overview_data(report, dirs, folders), accounts=accounts,
        lists=list(list_pages(report, lists, dirs, page_size, rows_per_file)),
        findings=findings_data(report, dirs), about=about, overlap=overlap,
        figures=[account_figures(a, dirs[a.id], folders) for a in report.accounts],
        search=search_data(report, lists, dirs, rows_per_file),
    )


# A conversation's file (Instagram: messages/inbox/<name>_<id>/message_1.json): an export holds one folder per
# conversation, thousands of lines on the about page, so they are shown as one line with a count.
_CONVERSATION_FILE = re.compile(r"^(?P<folder>(?:.*/)?messages/[^/]+/)[^/]+/(?P<name>[a-z]+)_\d+\.(?P<ext>json|html)$")


def files_shown(files: list[str]) -> list[str]:
    """The files a snapshot used, as the about page lists them: each file, but the conversations' files
    as one line per folder of them (`…/messages/inbox/*/message_*.json (8 files)`) where the first was."""
    shown: list[str] = []
    groups: dict[str, list[int]] = {}  # pattern -> [its line in shown, files]
    for name in files:
        match = _CONVERSATION_FILE.match(name)
        if match is None:
            shown.append(name)
            continue
        pattern = f"{match['folder']}*/{match['name']}_*.{match['ext']}"
        if pattern not in groups:
            groups[pattern] = [len(shown), 0]
            shown.append(pattern)
        groups[pattern][1] += 1
    for pattern, (line, count) in groups.items():
        shown[line] = ngettext("%(files)s (%(num)s file)", "%(files)s (%(num)s files)", count) % {
            "files": pattern, "num": count_text(count)}
    return shown


def site_pages(model: SiteModel, settings: SiteSettings, guides: list[Guide]) -> Iterator[Page]:
    """Every page of the site, finished (root, navigation, canonical link), in a stable order."""
    slugs = {g.slug: g for g in guides}
    for item in _finding_items(model):
        guide = slugs.get(item.guide_slug)
        item.guide_href = f"guides/{guide.slug}.html" if guide else None
        item.guide_title = guide.title if guide else None
    links = nav_links(model.overlap is not None, set(slugs))
    overview = [Crumb(_("Overview"), "index.html")]
    history = _("History")
    pages = [Page("index.html", "overview.html", _("Overview"), "overview", model.overview)]
    pages.append(Page("history.html", "history_index.html", history, "history", model.overview,
                      crumbs=[*overview, Crumb(history, None)]))
    for a in model.accounts:
        pages.append(Page(f"{a.folder}/index.html", "account.html", a.label, "overview", a.account,
                          crumbs=[*overview, Crumb(a.label, None)]))
        pages.append(Page(f"{a.folder}/history.html", "history.html",
                          _("History of %(account)s") % {"account": a.label}, "history",
                          a.history, crumbs=[*overview, Crumb(a.label, f"{a.folder}/index.html"),
                                             Crumb(history, None)]))
    # a list's title names its account: two accounts' lists of one kind must not share a title
    pages += [Page(p.path, "list.html", _("%(list)s, %(account)s") % {"list": p.title, "account": p.data.account_label},
                   "overview", p.data, crumbs=p.crumbs)
              for p in model.lists]
    pages.append(Page("findings.html", "findings.html", _("Findings"), "findings", model.findings))
    if model.overlap is not None:
        pages.append(Page("overlap.html", "overlap.html", _("Across platforms"), "overlap", model.overlap,
                          crumbs=[*overview, Crumb(_("Across platforms"), None)]))
    guides_title = _("Guides")
    if guides:
        pages.append(Page("guides/index.html", "guides.html", guides_title, "guides", GuidesIndexData(guides),
                          crumbs=[*overview, Crumb(guides_title, None)]))
        for guide in guides:
            pages.append(Page(f"guides/{guide.slug}.html", "guide.html", guide.title,
                              "glossary" if guide.slug == "glossary" else "guides",
                              GuideData(guide, guides, model.figures),
                              crumbs=[*overview, Crumb(guides_title, "guides/index.html"), Crumb(guide.title, None)]))
    pages.append(Page("search.html", "search.html", _("Search every list"), "", model.search,
                      crumbs=[*overview, Crumb(_("Search"), None)]))
    pages.append(Page("about.html", "about.html", _("About this report"), "about", model.about))
    pages.append(Page("404.html", "404.html", _("Page not found"), "", NotFoundData()))
    for page in pages:
        yield finish(page, links, settings.site_url)


def _finding_items(model: SiteModel) -> Iterator[FindingItem]:
    for card in model.overview.cards:
        yield from card.findings
    for account in model.accounts:
        yield from account.account.card.findings
    for group in model.findings.groups:
        yield from group.findings
