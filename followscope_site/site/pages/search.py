"""The search page's data: every list of every account, with its data files, so search.js can look for a
handle in all of them from the data files the list pages already have (no copy of any list)."""

from __future__ import annotations

from dataclasses import dataclass, field

from followscope_site.analysis.report import Report
from followscope_site.site.listdata import data_file_names
from followscope_site.site.lists import SiteList, change_folder
from followscope_site.site.locale import group_separator
from followscope_site.site.pages.lists import deleted_words
from followscope_site.site.texts import (
    CHANGE_TEXTS,
    REASONS,
    account_name,
    category_title,
    change_title,
    reason_text,
)


@dataclass(slots=True)
class SearchList:
    """One list as search.js reads it: its page, its data files (relative to the site root) and, for a
    change list, the two exports it compares."""

    key: str  # report.json's name: "fans", "lost_followers"
    title: str
    kind: str  # site/lists.py KINDS
    href: str  # the list's page, relative to the site root
    files: list[str]
    count: int
    url_prefix: str
    from_date: str = ""  # change lists only
    to_date: str = ""


@dataclass(slots=True)
class SearchAccount:
    label: str
    name: str  # "@alice on Instagram": one person's accounts often share a handle (texts.account_name)
    platform: str
    href: str  # the account's page
    lists: list[SearchList] = field(default_factory=list)  # categories, then each change's lists, oldest first


@dataclass(slots=True)
class SearchData:
    accounts: list[SearchAccount]
    reasons: dict[str, str]  # a lost account's reason key -> how the page says it
    group: str  # what search.js puts between groups of three digits, as the page's numbers have it
    deleted_row: str  # a deleted placeholder's words with {handle} (pages/lists.deleted_words)


def search_data(report: Report, lists: list[SiteList], dirs: dict[str, str], rows_per_file: int) -> SearchData:
    """Every category and change list of every account (overlap lists repeat the accounts' own lists)."""
    by_folder = {lst.folder: lst for lst in lists}

    def item(lst: SiteList, title: str, from_date: str = "", to_date: str = "") -> SearchList:
        return SearchList(lst.key, title, lst.kind, f"{lst.folder}/index.html",
                          [f"{lst.folder}/{name}" for name in data_file_names(lst, rows_per_file)], len(lst),
                          lst.url_prefix or "", from_date, to_date)

    accounts = []
    for account in report.accounts:
        folder = dirs[account.id]
        found = SearchAccount(account.label, account_name(account.label, account.platform), account.platform,
                              f"{folder}/index.html")
        for key in account.categories:
            lst = by_folder.get(f"{folder}/{key}")
            if lst is not None and len(lst):
                found.lists.append(item(lst, category_title(key)))
        for change in account.changes:
            where = change_folder(folder, change)
            for key in CHANGE_TEXTS:
                lst = by_folder.get(f"{where}/{key}")
                if lst is not None:
                    found.lists.append(item(lst, change_title(key), change.from_date, change.to_date))
        accounts.append(found)
    return SearchData(accounts, {key: reason_text(key) for key in REASONS}, group_separator(),
                      deleted_words("{handle}"))
