"""Page data of an account's history: what changed between each pair of exports, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field

from followscope_site.analysis.report import AccountReport, Change, LostAccount
from followscope_site.site.details import change_notes, lost_detail
from followscope_site.site.links import profile_url
from followscope_site.site.lists import change_folder, slug
from followscope_site.site.pages import charts
from followscope_site.site.pages.analysis import CHANGE_LIMIT, ChangeGroup, ChangeItem, Fact
from followscope_site.site.pages.numbers import count_text
from followscope_site.site.texts import (
    account_name,
    certainty_text,
    change_title,
    count_label,
    platform_name,
    reason_text,
)
from followscope_site.site.words import N_, _

# The list a change list is drawn from: its title names the older export it was compared with, when that is
# not the change's own (analysis/history.py: the export in between missed too much of that list).
SINCE = {"gained_followers": "followers", "lost_followers": "followers", "new_following": "following",
         "dropped_following": "following"}
GROUPS = ("gained_followers", "lost_followers", "new_following", "dropped_following", "possible_renames",
          "became_mutual", "became_one_sided")
POSSIBLE_RENAMES = N_("Possible renames")


@dataclass(slots=True)
class ChangeView:
    from_date: str
    to_date: str
    summary: list[Fact]  # the count of each group, for the line under the heading
    groups: list[ChangeGroup]
    notes: list[str]
    from_source: str = ""  # the two exports compared
    to_source: str = ""
    anchor: str = ""  # the id of its section on the history page; a group's is anchor-<group key>


@dataclass(slots=True)
class HistoryData:
    account_label: str
    snapshot_count: int
    changes: list[ChangeView]
    chart: charts.Chart | None
    duplicates: list[str] = field(default_factory=list)  # exports left out as identical to a newer one
    report_href: str = "report.json"  # where every list is whole
    platform_name: str = ""
    # exports of the account's config entry that hold none of its data (an Instagram export without Threads)
    exports_without_data: int = 0


def change_anchor(account: AccountReport, change: Change) -> str:
    """The id of a change's section on the history page: its place counted from the newest."""
    place = next(i for i, c in enumerate(account.changes) if c is change)
    return f"change-{len(account.changes) - place}"


def history_data(account: AccountReport, folder: str, list_folders: set[str]) -> HistoryData:
    """The history page; `list_folders` are the lists that have a page of their own (site/lists.py)."""
    views = []
    for change in reversed(account.changes):  # newest first
        view = change_view(account, change, change_folder(folder, change), list_folders)
        view.anchor = change_anchor(account, change)
        views.append(view)
    chart = None
    snaps = account.snapshots
    series = []
    for i, name in enumerate(("followers", "following")):
        values = [len(s.lists[name]) if name in s.lists else None for s in snaps]
        if all(v is not None for v in values):
            series.append(charts.Series(count_label(name), values, f"chart-{i + 1}"))  # type: ignore[arg-type]
    if series:
        desc = "; ".join(_("%(name)s: %(value)s") % {"name": s.name,
                                                      "value": ", ".join(count_text(v) for v in s.values)}
                         for s in series)
        chart = charts.lines(f"history-{slug(account.id)}",
                             _("Followers and following across exports, %(account)s")
                             % {"account": account_name(account.label, account.platform)},
                             desc, [s.date for s in snaps], series)
    pairs = account.extra.get("duplicates")
    duplicates = [_("%(dropped)s holds the same lists as %(kept)s, so it is counted once.")
                  % {"dropped": dropped, "kept": kept}
                  for dropped, kept in (pairs if isinstance(pairs, list) else [])]
    return HistoryData(account_name(account.label, account.platform), len(snaps), views, chart, duplicates,
                       platform_name=platform_name(account.platform),
                       exports_without_data=account.exports_without_data)


def change_view(account: AccountReport, change: Change, where: str, list_folders: set[str]) -> ChangeView:
    def link(handle: str) -> str | None:
        return profile_url(account.platform, handle, account.identifier)

    def item(value: str | LostAccount | tuple[str, str]) -> ChangeItem:
        if isinstance(value, LostAccount):
            return ChangeItem(value.handle, link(value.handle), reason_text(value.reason),
                              certainty_text(value.certainty), lost_detail(value))
        if isinstance(value, tuple):
            old, new = value
            return ChangeItem(old, link(old), new_handle=new, new_url=link(new))
        return ChangeItem(value, link(value))

    groups = []
    for key in GROUPS:
        title = _(POSSIBLE_RENAMES) if key == "possible_renames" else change_title(key)
        values = getattr(change, key)
        if key == "possible_renames" and not values:
            continue
        compared = change.compared_from.get(SINCE.get(key, ""))
        if compared is not None:
            title = _("%(title)s (since %(date)s)") % {"title": title, "date": compared[0]}
        if values is None:  # not known for this change (its notes say why)
            groups.append(ChangeGroup(key, title, None, [], 0))
            continue
        shown = [item(v) for v in values[:CHANGE_LIMIT]]
        href = f"{where}/{key}/index.html" if f"{where}/{key}" in list_folders else None
        groups.append(ChangeGroup(key, title, len(values), shown, max(0, len(values) - CHANGE_LIMIT), href))
    summary = [Fact(g.key, g.title, _("not known") if g.total is None else count_text(g.total)) for g in groups]
    return ChangeView(change.from_date, change.to_date, summary, groups, change_notes(change), change.from_source,
                      change.to_source)
