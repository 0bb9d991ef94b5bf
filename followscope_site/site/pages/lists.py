"""The page of one list: its columns, its first page of rows, the filters that filter something, and what
list.js needs to show the rest (templates/list.html draws it; themes/default/static/list.js runs it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from followscope_site.analysis.report import Report
from followscope_site.i18n import SOURCE_LANGUAGE, language
from followscope_site.site.details import code_words, detail_words
from followscope_site.site.listdata import data_file_names, iso_time
from followscope_site.site.lists import (
    CSV_COLUMNS,
    LOST,
    PLATFORM,
    RELATION,
    SIGNAL_LISTS,
    SiteList,
    change_folder,
    overlap_folder,
    signal_folder,
)
from followscope_site.site.locale import current_language, group_separator
from followscope_site.site.pages.analysis import overlap_view, signal_texts
from followscope_site.site.pages.history import SINCE
from followscope_site.site.pages.navigation import Crumb
from followscope_site.site.texts import (
    CERTAINTY_LABELS,
    CHANGE_TEXTS,
    account_name,
    category_intro,
    category_title,
    certainty_text,
    change_intro,
    change_title,
    reason_text,
)
from followscope_site.site.words import N_, _

# The header row of a CSV download in another language than English, per column. An English site keeps
# report.json's keys as the header (scripts read them); JSON downloads keep them in every language.
CSV_HEADERS = {
    "handle": N_("Handle"), "name": N_("Name"), "url": N_("Profile URL"), "followed_at": N_("You followed"),
    "follows_you_since": N_("Follows you since"), "at": N_("Date"), "tags": N_("Tags"), "note": N_("Note"),
    "reason": N_("Reason"), "certainty": N_("Certainty"), "detail": N_("Detail"),
}

# How a deleted-account placeholder (`__deleted__bejahfghfafdebbgah`, model.DELETED_PREFIX) reads on a page: in
# words; a list row keeps the export's raw value as its tooltip (a row must fit a phone on one line), a search
# result, with room to spare, after the words. Downloads keep the raw value.
DELETED_ROW = N_("deleted account")
DELETED_RESULT = N_("deleted account (%(placeholder)s)")


def deleted_words(placeholder: str) -> str:
    """'deleted account (__deleted__x1)', a search result's heading; on a right-to-left page the placeholder is
    isolated (U+2068 … U+2069), as texts.account_name isolates a label. deleted_words("{handle}") is the
    sentence search.js fills in."""
    if language(current_language()).direction == "rtl":
        placeholder = f"\u2068{placeholder}\u2069"
    return _(DELETED_RESULT) % {"placeholder": placeholder}


@dataclass(slots=True)
class Choice:
    value: str  # as report.json and the URL say it
    label: str  # as people read it


@dataclass(slots=True)
class ColumnView:
    """A column of the list's table: `key` is the report.json key (also `?sort=` and the data's column)."""

    key: str
    label: str
    kind: str  # "handle", "date", "text", "tags", "choice"
    choices: list[Choice] = field(default_factory=list)  # kind "choice": every value the list holds


@dataclass(slots=True)
class RowView:
    """One row as the page shows it; `blank` is the row list.js clones, with every variant in it."""

    handle: str  # as the page shows it: a deleted placeholder in words (DELETED_ROW)
    url: str | None
    raw: str = ""  # the handle as the export has it, the row's tooltip
    name: str = ""
    followed_at: str = ""  # YYYY-MM-DD
    follows_you_since: str = ""
    at: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""
    reason: str = ""
    certainty: str = ""
    detail: str = ""
    allowlisted: bool = False
    deactivated: bool = False
    blank: bool = False


@dataclass(slots=True)
class ListFilters:
    """Only the filters that filter something in this list (a tag some rows have, a flag some rows carry)."""

    tags: list[str] = field(default_factory=list)
    allowlisted: bool = False
    deactivated: bool = False
    choices: list[ColumnView] = field(default_factory=list)  # reason, certainty: more than one value


@dataclass(slots=True)
class ListData:
    account_label: str
    key: str
    title: str
    intro: str
    kind: str
    count: int
    columns: list[ColumnView]
    rows: list[RowView]  # the first page, in handle order
    blank: RowView
    filters: ListFilters
    data_files: list[str]  # relative to the page
    url_prefix: str
    page_size: int
    download: str  # file name stem of the downloads
    csv_columns: list[str]
    csv_headers: dict[str, str]  # the CSV download's header row, in the page's language
    # how list.js makes a detail's words from its code (site/details.py): in the page's language, and in English
    # for the downloads (report.json's words; empty on an English page, whose words are English already)
    details: dict[str, dict[str, str]] = field(default_factory=dict)
    details_english: dict[str, dict[str, str]] = field(default_factory=dict)
    report_href: str = "report.json"  # relative to the site root: the whole list, without JavaScript
    pick: str | None = None  # the config key that rows can be picked for (not following back: "allowlist")
    group: str = ","  # what list.js puts between groups of three digits, as the page's numbers have it
    deleted_row: str = ""  # a deleted placeholder's words, for the rows list.js draws


def _day(time: int | None) -> str:
    return (iso_time(time) or "")[:10]


def _columns(lst: SiteList) -> list[ColumnView]:
    columns = [ColumnView("handle", _("Account"), "handle")]
    if lst.kind in (RELATION, PLATFORM):
        if lst.names:
            columns.append(ColumnView("name", _("Name"), "text"))
        # a date column that no row has is left out (not following back: nobody follows you; fans: you follow
        # nobody), and so is its sort
        if lst.kind == RELATION:
            columns += [ColumnView(key, label, "date") for key, label in
                        (("followed_at", _("You followed")), ("follows_you_since", _("Follows you since")))
                        if getattr(lst, key) is not None]
        else:
            columns.append(ColumnView("at", _("Date"), "date"))
        if lst.tags:
            columns.append(ColumnView("tags", _("Tags"), "tags"))
        if lst.notes:
            columns.append(ColumnView("note", _("Note"), "text"))
    elif lst.kind == LOST:
        reasons = sorted(set(lst.reasons or ()))
        certainties = [c for c in CERTAINTY_LABELS if c in set(lst.certainties or ())]
        columns += [
            ColumnView("reason", _("Reason"), "choice", [Choice(r, reason_text(r)) for r in reasons]),
            ColumnView("certainty", _("Certainty"), "choice", [Choice(c, certainty_text(c)) for c in certainties]),
        ]
        if lst.details:
            columns.append(ColumnView("detail", _("Detail"), "text"))
    return columns


def list_rows(lst: SiteList, start: int, stop: int) -> list[RowView]:
    """Rows start..stop-1 as the page shows them (dates as days; platform rows show their own date)."""
    allowlisted, deactivated, codes = set(lst.allowlisted), set(lst.deactivated), lst.detail_codes
    rows = []
    for i in range(start, min(stop, len(lst))):
        handle = _(DELETED_ROW) if i in deactivated else lst.handles[i]
        row = RowView(handle, lst.url(i), raw=lst.handles[i], name=lst.names.get(i, ""), tags=list(lst.tags.get(i, ())),
                      note=lst.notes.get(i, ""), detail=code_words(codes[i]) if i in codes else "",
                      allowlisted=i in allowlisted, deactivated=i in deactivated)
        if lst.kind in (RELATION, PLATFORM):
            row.followed_at, row.follows_you_since, row.at = (_day(lst.times(key, i, i + 1)[0])
                                                              for key in ("followed_at", "follows_you_since", "at"))
        if lst.reasons is not None and lst.certainties is not None:
            row.reason, row.certainty = lst.reasons[i], lst.certainties[i]
        rows.append(row)
    return rows


def list_data(lst: SiteList, *, account_label: str, title: str, intro: str, page_size: int,
              rows_per_file: int) -> ListData:
    """The page data of one list."""
    columns = _columns(lst)
    english = current_language() == SOURCE_LANGUAGE
    filters = ListFilters(
        tags=sorted({t for tags in lst.tags.values() for t in tags}),
        allowlisted=0 < len(lst.allowlisted) < len(lst), deactivated=0 < len(lst.deactivated) < len(lst),
        choices=[c for c in columns if c.kind == "choice" and len(c.choices) > 1],
    )
    return ListData(
        account_label=account_label, key=lst.key, title=title, intro=intro, kind=lst.kind, count=len(lst),
        columns=columns, rows=list_rows(lst, 0, page_size),
        blank=RowView("", "", tags=[""], allowlisted=bool(lst.allowlisted), deactivated=bool(lst.deactivated),
                      blank=True),
        filters=filters, data_files=data_file_names(lst, rows_per_file), url_prefix=lst.url_prefix or "",
        page_size=page_size, download=lst.stem, csv_columns=list(CSV_COLUMNS[lst.kind]),
        csv_headers={} if english else
        {key: _(CSV_HEADERS[key]) for key in CSV_COLUMNS[lst.kind] if key in CSV_HEADERS},
        pick="allowlist" if lst.key == "not_following_back" and lst.kind == RELATION else None,
        details=detail_words() if lst.detail_codes else {},
        details_english=detail_words(english=True) if lst.detail_codes and not english else {},
        group=group_separator(), deleted_row=_(DELETED_ROW) if lst.deactivated else "",
    )


@dataclass(slots=True)
class ListPage:
    path: str
    title: str
    crumbs: list[Crumb]
    data: ListData


def list_pages(report: Report, lists: list[SiteList], dirs: dict[str, str], page_size: int, rows_per_file: int
               ) -> Iterator[ListPage]:
    """One page per list: every category, then each change's, engagement's and overlap's lists that hold
    someone."""
    by_folder = {lst.folder: lst for lst in lists}

    def page(lst: SiteList, account_label: str, title: str, intro: str, crumbs: list[Crumb]) -> ListPage:
        data = list_data(lst, account_label=account_label, title=title, intro=intro, page_size=page_size,
                         rows_per_file=rows_per_file)
        return ListPage(f"{lst.folder}/index.html", title, [*crumbs, Crumb(title, None)], data)

    for account in report.accounts:
        folder = dirs[account.id]
        name = account_name(account.label, account.platform)
        account_crumbs = [Crumb(_("Overview"), "index.html"), Crumb(name, f"{folder}/index.html")]
        for key in account.categories:
            yield page(by_folder[f"{folder}/{key}"], name, category_title(key), category_intro(key), account_crumbs)
        for change in account.changes:
            where = change_folder(folder, change)
            crumbs = [*account_crumbs, Crumb(_("History"), f"{folder}/history.html")]
            for key in CHANGE_TEXTS:
                if f"{where}/{key}" in by_folder:
                    # compared with an older export than the change's own when the one between missed too much
                    old = change.compared_from.get(SINCE.get(key, ""), (change.from_date, ""))[0]
                    title = _("%(title)s, %(old)s to %(new)s") % {"title": change_title(key), "old": old,
                                                                    "new": change.to_date}
                    yield page(by_folder[f"{where}/{key}"], name, title, change_intro(key, old, change.to_date),
                               crumbs)
        threshold = getattr(account.extra.get("engagement"), "threshold", 0)
        for key in SIGNAL_LISTS:
            if signal_folder(folder, key) in by_folder:
                title, intro = signal_texts(key, threshold)
                yield page(by_folder[signal_folder(folder, key)], name, title, intro, account_crumbs)
    for overlap in report.overlaps:
        where = overlap_folder(dirs, overlap)
        view = overlap_view(report, overlap)
        crumbs = [Crumb(_("Overview"), "index.html"), Crumb(_("Across platforms"), "overlap.html")]
        for group in view.groups:
            if f"{where}/{group.key}" in by_folder:
                yield page(by_folder[f"{where}/{group.key}"],
                           _("%(left)s and %(right)s") % {"left": view.left_label, "right": view.right_label},
                           group.title, _("Matched by identical handle or by the aliases in your config."), crumbs)
