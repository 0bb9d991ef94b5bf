"""The reader's own figures for the guides' `::figure[KEY]` marks: per account, the numbers and the view to open.

Templates turn them into sentences (templates/figure_macros.html, keyed by KEY); a figure an account can't
show (its export lacks the list) is left out, and a mark no account can fill shows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followscope_site.analysis.balance import Balance
from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.report import AccountReport
from followscope_site.site.lists import change_folder
from followscope_site.site.pages.analysis import HandleItem, handle_item
from followscope_site.site.pages.numbers import days_text
from followscope_site.site.texts import PLATFORM_MARKS, account_name

OLDEST_SHOWN = 5  # the oldest unanswered follows named in a guide


@dataclass(slots=True)
class Figure:
    """One figure of one account: its numbers (keys as report.json and the findings say them) and its view."""

    numbers: dict[str, float | int | None]
    href: str | None  # relative to the site root
    from_date: str = ""  # figures about a change: the pair of exports
    to_date: str = ""
    items: list[HandleItem] = field(default_factory=list)  # accounts named (the oldest unanswered follows)


@dataclass(slots=True)
class AccountFigures:
    name: str
    platform: str
    mark: str
    figures: dict[str, Figure]


def _count_figure(account: AccountReport, folder: str, key: str, whole: str, query: str = "") -> Figure | None:
    value = account.counts.get(key)
    if value is None or key not in account.categories:
        return None
    return Figure({key: value, whole: account.counts.get(whole)}, f"{folder}/{key}/index.html{query}")


def _rate_figure(account: AccountReport, folder: str, key: str, whole: str, target: str, query: str
                 ) -> Figure | None:
    rate = account.metrics.get(key)
    if rate is None:
        return None
    href = f"{folder}/{target}/index.html{query}" if target in account.categories else f"{folder}/index.html"
    return Figure({key: rate, "mutuals": account.counts.get("mutuals"), whole: account.counts.get(whole)}, href)


def _change_figure(account: AccountReport, folder: str, list_folders: set[str], key: str) -> Figure | None:
    if not account.changes:
        return None
    change = account.changes[-1]
    values = getattr(change, key)
    if values is None:
        return None
    where = f"{change_folder(folder, change)}/{key}"
    href = f"{where}/index.html" if where in list_folders else f"{folder}/history.html"
    return Figure({key: len(values)}, href, change.from_date, change.to_date)


def _balance_figures(account: AccountReport, folder: str) -> dict[str, Figure]:
    b = account.extra.get("balance")
    if not isinstance(b, Balance):
        return {}
    out = {}
    if "not_following_back" in account.categories:
        out["oldest_unanswered"] = Figure(
            {"unanswered": len(b.unanswered), "median_days": b.unanswered_median_days,
             "max_days": b.unanswered_max_days, "grace_days": b.grace_days},
            f"{folder}/not_following_back/index.html?sort=followed_at",
            items=[handle_item(account, h, days_text(d)) for h, d in b.unanswered[:OLDEST_SHOWN]])
    out["bursts"] = Figure({"follow_days": len(b.follow_bursts), "unfollow_days": len(b.unfollow_bursts)},
                           f"{folder}/index.html#bursts-title")
    return out


def _engagement_figure(account: AccountReport, folder: str) -> Figure | None:
    e = account.extra.get("engagement")
    if not isinstance(e, Engagement) or not e.available:
        return None
    return Figure({"mutuals_never_interact": len(e.mutuals_never_interact),
                   "one_sided_high_interaction": len(e.one_sided_high_interaction),
                   "followers_who_message_you": len(e.followers_who_message_you),
                   "mutuals": account.counts.get("mutuals")}, f"{folder}/index.html#engagement-title")


def account_figures(account: AccountReport, folder: str, list_folders: set[str]) -> AccountFigures:
    """Every figure this account can show, keyed like site/guides.FIGURE_KEYS."""
    ratio = account.metrics.get("follow_ratio")
    found: dict[str, Figure | None] = {
        "follow_ratio": None if ratio is None else Figure(
            {"follow_ratio": ratio, "followers": account.counts.get("followers"),
             "following": account.counts.get("following")}, f"{folder}/index.html"),
        "follow_back_rate": _rate_figure(account, folder, "follow_back_rate", "followers", "fans",
                                         "?sort=follows_you_since"),
        "followed_back_rate": _rate_figure(account, folder, "followed_back_rate", "following",
                                           "not_following_back", "?sort=followed_at"),
        "mutuals": _count_figure(account, folder, "mutuals", "followers"),
        "fans": _count_figure(account, folder, "fans", "followers", "?sort=follows_you_since"),
        "not_following_back": _count_figure(account, folder, "not_following_back", "following", "?sort=followed_at"),
        "pending_sent": _count_figure(account, folder, "pending_sent", "following", "?sort=at"),
        "allowlisted": _count_figure(account, folder, "allowlisted", "following"),
        "deactivated": _count_figure(account, folder, "deactivated", "following"),
        "lost_followers": _change_figure(account, folder, list_folders, "lost_followers"),
        "gained_followers": _change_figure(account, folder, list_folders, "gained_followers"),
        "engagement": _engagement_figure(account, folder),
        **_balance_figures(account, folder),
    }
    return AccountFigures(account_name(account.label, account.platform), account.platform,
                          PLATFORM_MARKS.get(account.platform, account.platform[:2].capitalize()),
                          {k: v for k, v in found.items() if v is not None})
