"""Page data of what the analysis adds to the counts: engagement balance, engagement signals and overlaps.

Like every builder of this package, this decides every word and number; templates only show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followscope_site.analysis.balance import Balance
from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.report import AccountReport, Overlap, Report
from followscope_site.site.links import profile_url
from followscope_site.site.lists import signal_folder, slug
from followscope_site.site.pages import charts
from followscope_site.site.pages.numbers import count_text, days_text, metric_text, number_text, percent_text
from followscope_site.site.texts import account_name, count_label, metric_labels, platform_name, signal_label
from followscope_site.site.words import _, ngettext

CHANGE_LIMIT = 200  # accounts shown per change or overlap list; the list's own page has them all
SIGNAL_LIMIT = 10  # accounts shown per engagement list on the account page; the list's own page has them all
UNANSWERED_SHOWN = 10  # longest-unanswered follows named on the account page


@dataclass(slots=True)
class Fact:
    """One labelled number of a section (e.g. "Median wait" / "762.5 days")."""

    key: str
    label: str
    text: str
    hint: str | None = None


@dataclass(slots=True)
class HandleItem:
    """An account named in a list, with an optional number beside it (days waited, interactions)."""

    handle: str
    url: str | None
    count: str | None = None


@dataclass(slots=True)
class BurstView:
    title: str  # "Days with many follows"
    days: list[tuple[str, str]]  # (YYYY-MM-DD, "60")


@dataclass(slots=True)
class BalanceView:
    """The engagement balance of the newest snapshot, and its course over every snapshot."""

    date: str
    counts: list[Fact]
    metrics: list[Fact]  # the three SPEC metrics and the share of mutuals
    unanswered: list[Fact]  # count, median, longest, within grace, undated
    grace_days: int
    longest: list[HandleItem]  # the longest-unanswered follows, with days
    unanswered_href: str | None  # the not_following_back page
    bursts: list[BurstView]
    burst_threshold: str | None
    cap: str | None  # "898 of 7,500 (12%)"
    chart: charts.Chart | None  # metrics over snapshots, when there are two or more


@dataclass(slots=True)
class SignalList:
    key: str
    title: str
    explanation: str
    total: int
    items: list[HandleItem]
    more: int
    href: str | None = None  # the list's own page (sortable, searchable, with downloads), relative to the root


@dataclass(slots=True)
class EngagementView:
    available: list[str]  # signal kinds as words
    missing: list[str]
    download_hint: str | None
    lists: list[SignalList]  # empty when the export has no signals


@dataclass(slots=True)
class ChangeItem:
    handle: str
    url: str | None
    reason: str | None = None  # in plain words: "they unfollowed you"
    certainty: str | None = None  # "certain", "likely", "unknown": shown as a visible label
    detail: str | None = None  # e.g. "possibly renamed to new.handle"
    new_handle: str | None = None  # a possible rename: handle → new_handle
    new_url: str | None = None


@dataclass(slots=True)
class ChangeGroup:
    key: str
    title: str
    total: int | None  # None: not known for this change (see its notes)
    items: list[ChangeItem]
    more: int
    href: str | None = None  # the list's own page (sortable, searchable, with downloads), relative to the root


@dataclass(slots=True)
class OverlapView:
    """Two accounts of the config and who they share."""

    left_label: str
    right_label: str
    summary: list[Fact]
    groups: list[ChangeGroup]
    missing: list[str]  # lists that can't be compared, in words


@dataclass(slots=True)
class OverlapData:
    overlaps: list[OverlapView] = field(default_factory=list)
    report_href: str = "report.json"


@dataclass(slots=True)
class OverlapSummary:
    """One line per pair on the overview, linking to overlap.html."""

    text: str
    href: str


# --------------------------------------------------------------------------------------------------
# Sections


def handle_item(account: AccountReport, handle: str, count: str | None = None) -> HandleItem:
    return HandleItem(handle, profile_url(account.platform, handle, account.identifier), count)


def balance_view(account: AccountReport, unanswered_href: str | None) -> BalanceView | None:
    """The engagement balance section of the account page; None when the analysis made none."""
    b = account.extra.get("balance")
    if not isinstance(b, Balance):
        return None
    counts = [Fact(k, count_label(k), number_text(b.counts.get(k)))
              for k in ("followers", "following", "mutuals", "fans", "not_following_back")]
    metrics = [Fact(k, label, metric_text(k, b.metrics.get(k)), explanation)
               for k, label, explanation in metric_labels()]
    metrics.append(Fact("mutual_share", _("Share of mutuals"), percent_text(b.mutual_share),
                        _("mutual followers among everyone you follow or who follows you")))
    dated = len(b.unanswered)
    unanswered = [
        Fact("unanswered", _("Unanswered for more than %(days)s") % {"days": days_text(b.grace_days)},
             count_text(dated)),
        Fact("median_days", _("Median wait"), days_text(b.unanswered_median_days)
             if b.unanswered_median_days is not None else "–"),
        Fact("max_days", _("Longest wait"), days_text(b.unanswered_max_days)
             if b.unanswered_max_days is not None else "–"),
        Fact("within_grace", _("Followed within the grace period"), count_text(len(b.within_grace)),
             _("too recent to judge")),
        Fact("undated", _("No follow date in the export"), count_text(len(b.unanswered_undated))),
    ]
    bursts = [BurstView(title, [(x.day, count_text(x.count)) for x in found])
              for title, found in ((_("Days with many follows"), b.follow_bursts),
                                   (_("Days with many unfollows"), b.unfollow_bursts)) if found]
    threshold = next((f.numbers.get("threshold") for f in account.findings
                      if f.id in ("follow-burst", "unfollow-burst")), None)
    cap = None
    following = b.counts.get("following")
    if b.following_cap and following is not None:
        cap = _("%(following)s of %(cap)s (%(share)s)") % {
            "following": count_text(following), "cap": count_text(b.following_cap), "share": percent_text(b.cap_share)}
    return BalanceView(
        date=b.date, counts=counts, metrics=metrics, unanswered=unanswered, grace_days=b.grace_days,
        longest=[handle_item(account, h, days_text(d)) for h, d in b.unanswered[:UNANSWERED_SHOWN]],
        unanswered_href=unanswered_href,
        bursts=bursts, burst_threshold=count_text(threshold) if isinstance(threshold, int) else None, cap=cap,
        chart=balance_chart(account),
    )


def balance_chart(account: AccountReport) -> charts.Chart | None:
    """The SPEC rates and the share of mutuals over every snapshot, from two snapshots on."""
    history = [b for b in account.extra.get("balance_history") or [] if isinstance(b, Balance)]
    if len(history) < 2:
        return None
    labels = {key: label for key, label, _explanation in metric_labels()}
    series = [charts.RateSeries(labels[k], [b.metrics.get(k) for b in history], f"chart-{i + 1}")
              for i, k in enumerate(("follow_back_rate", "followed_back_rate"))]
    series.append(charts.RateSeries(_("Share of mutuals"), [b.mutual_share for b in history], "chart-4"))
    if all(v is None for s_ in series for v in s_.values):
        return None
    desc = "; ".join(_("%(name)s: %(value)s") % {"name": s_.name,
                                                  "value": ", ".join(percent_text(v) for v in s_.values)}
                     for s_ in series)
    return charts.rate_lines(f"balance-{slug(account.id)}", _("Balance across exports"), desc,
                             [b.date for b in history], series)


def signal_texts(key: str, threshold: int) -> tuple[str, str]:
    """An engagement list's title and what it holds, for the account page and the list's own page."""
    if key == "mutuals_never_interact":
        return (_("Mutuals you never interact with"),
                _("You follow each other, but the export shows no like, comment or message between you."))
    if key == "one_sided_high_interaction":
        return (_("One-sided follows you interact with a lot"),
                _("You follow them and interact with them often (at least %(threshold)s); they don't follow you.")
                % {"threshold": _interactions(threshold)})
    return (_("Followers who message you that you don't follow"),
            _("They follow you and send you messages; you don't follow them."))


def _interactions(n: int) -> str:
    return ngettext("%(num)s interaction", "%(num)s interactions", n) % {"num": count_text(n)}


def engagement_view(account: AccountReport, folder: str, list_folders: set[str]) -> EngagementView | None:
    """The three engagement lists, or which download adds the files they need. Each list shows its first
    SIGNAL_LIMIT accounts (most interactions first) and links to its own page."""
    e = account.extra.get("engagement")
    if not isinstance(e, Engagement):
        return None
    lists = []
    if e.available:
        def messages(n: int) -> str:
            return ngettext("%(num)s message", "%(num)s messages", n) % {"num": count_text(n)}

        specs = (
            ("mutuals_never_interact", [(h, None) for h in e.mutuals_never_interact]),
            ("one_sided_high_interaction", [(h, _interactions(n)) for h, n in e.one_sided_high_interaction]),
            ("followers_who_message_you", [(h, messages(n)) for h, n in e.followers_who_message_you]),
        )
        for key, items in specs:
            title, explanation = signal_texts(key, e.threshold)
            where = signal_folder(folder, key)
            lists.append(SignalList(key, title, explanation, len(items),
                                    [handle_item(account, h, n) for h, n in items[:SIGNAL_LIMIT]],
                                    max(0, len(items) - SIGNAL_LIMIT),
                                    f"{where}/index.html" if where in list_folders else None))
    return EngagementView(available=[signal_label(k) for k in e.available],
                          missing=[signal_label(k) for k in e.missing],
                          download_hint=_(e.download_hint) if e.download_hint else None, lists=lists)


def _account(report: Report, account_id: str) -> AccountReport | None:
    return next((a for a in report.accounts if a.id == account_id), None)


def account_label(report: Report, account_id: str) -> str:
    """'@alice on Instagram': two accounts of one person often share a label."""
    account = _account(report, account_id)
    if account is None:
        return account_id
    return account_name(account.label, account.platform)


def overlap_view(report: Report, overlap: Overlap) -> OverlapView:
    """Who two accounts share, group by group, each cut at CHANGE_LIMIT."""
    left, right = _account(report, overlap.left), _account(report, overlap.right)
    ln = platform_name(left.platform) if left else overlap.left
    rn = platform_name(right.platform) if right else overlap.right
    names = {"left": ln, "right": rn}

    def handles(values: list[str], owner: AccountReport | None) -> list[ChangeItem]:
        return [ChangeItem(h, profile_url(owner.platform, h, owner.identifier) if owner else None)
                for h in values[:CHANGE_LIMIT]]

    groups, missing = [], []
    for key, title, values, owner in (
        ("followers_only_left", _("Follow you on %(left)s but not on %(right)s") % names,
         overlap.followers_only_left, left),
        ("followers_only_right", _("Follow you on %(left)s but not on %(right)s") % {"left": rn, "right": ln},
         overlap.followers_only_right, right),
        ("followers_both", _("Follow you on both %(left)s and %(right)s") % names, overlap.followers_both, left),
        ("following_only_left", _("You follow on %(left)s but not on %(right)s") % names,
         overlap.following_only_left, left),
        ("following_only_right", _("You follow on %(left)s but not on %(right)s") % {"left": rn, "right": ln},
         overlap.following_only_right, right),
        ("following_both", _("You follow on both %(left)s and %(right)s") % names, overlap.following_both, left),
    ):
        if values is None:
            continue
        groups.append(ChangeGroup(key, title, len(values), handles(values, owner),
                                  max(0, len(values) - CHANGE_LIMIT)))
    for text, value in ((_("The followers lists can't be compared: one of the exports does not hold them."),
                         overlap.followers_both),
                        (_("The following lists can't be compared: one of the exports does not hold them."),
                         overlap.following_both)):
        if value is None:
            missing.append(text)
    summary = [Fact(g.key, g.title, count_text(g.total or 0)) for g in groups]
    return OverlapView(account_label(report, overlap.left), account_label(report, overlap.right), summary,
                       groups, missing)


def _platform(report: Report, account_id: str) -> str:
    account = _account(report, account_id)
    return platform_name(account.platform) if account else account_id


def overlap_summaries(report: Report) -> list[OverlapSummary]:
    """One sentence per pair of accounts for the overview."""
    out = []
    for o in report.overlaps:
        left, right = account_label(report, o.left), account_label(report, o.right)
        ln, rn = _platform(report, o.left), _platform(report, o.right)
        words = {"left": left, "right": right, "left_platform": ln, "right_platform": rn}
        if o.followers_only_left is not None and o.followers_only_right is not None:
            text = _("%(left)s and %(right)s: %(both)s follow you on both, %(only_left)s only on %(left_platform)s, "
                     "%(only_right)s only on %(right_platform)s.") % {
                **words, "both": count_text(len(o.followers_both or [])),
                "only_left": count_text(len(o.followers_only_left)),
                "only_right": count_text(len(o.followers_only_right))}
        elif o.following_both is not None:
            text = ngettext("%(left)s and %(right)s: you follow %(num)s account on both.",
                            "%(left)s and %(right)s: you follow %(num)s accounts on both.",
                            len(o.following_both)) % {**words, "num": count_text(len(o.following_both))}
        else:
            text = _("%(left)s and %(right)s: no list to compare.") % words
        out.append(OverlapSummary(text, "overlap.html"))
    return out
