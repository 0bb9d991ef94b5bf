"""Rules over one account's analysis that raise findings, each with its numbers and the guide that explains it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from followscope_site.analysis.balance import Balance
from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.report import AccountReport, Finding
from followscope_site.config.schema import AnalysisConfig

# Guide pages a finding may link to (written under followscope_site/guides/<slug>.md).
GUIDES = frozenset({
    "mutual-followers", "following-back", "follower-balance", "reciprocity-etiquette", "selective-follow-back",
    "auditing-following", "engagement-over-counts", "automation-rules", "history-and-changes",
    "growing-mutual-follows", "after-a-follow-back", "follow-back-policy", "active-and-passive-followers",
})
SEVERITY_ORDER = {"warning": 0, "notice": 1, "info": 2}

Rule = Callable[[AccountReport, AnalysisConfig], Iterator[Finding]]


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """'1 follower', '3 followers'."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _share(part: int | None, whole: int | None) -> float | None:
    return round(part / whole, 3) if part is not None and whole else None


def _balance(account: AccountReport) -> Balance | None:
    found = account.extra.get("balance")
    return found if isinstance(found, Balance) else None


def _engagement(account: AccountReport) -> Engagement | None:
    found = account.extra.get("engagement")
    return found if isinstance(found, Engagement) else None


def ratio_rules(account: AccountReport, s: AnalysisConfig) -> Iterator[Finding]:
    ratio = account.metrics.get("follow_ratio")
    numbers = {"follow_ratio": ratio, "followers": account.counts.get("followers"),
               "following": account.counts.get("following")}
    if ratio is not None and ratio < 1:
        yield Finding("ratio-below-one", "notice" if ratio < s.ratio_low else "info",
                      "You follow more accounts than follow you", "follower-balance",
                      {**numbers, "ratio_low": s.ratio_low})
    if ratio is not None and ratio > s.ratio_high:
        yield Finding("ratio-high", "info", "Many more people follow you than you follow", "follower-balance",
                      {**numbers, "ratio_high": s.ratio_high})


def reciprocity_rules(account: AccountReport, s: AnalysisConfig) -> Iterator[Finding]:
    c, m = account.counts, account.metrics
    not_back = c.get("not_following_back")
    if not_back:
        share = _share(not_back, c.get("following"))
        yield Finding("many-not-following-back", "notice" if (share or 0) >= 0.25 else "info",
                      f"{_n(not_back, 'account')} you follow don't follow you back", "auditing-following",
                      {"not_following_back": not_back, "share_of_following": share}, "not_following_back")
    rate = m.get("follow_back_rate")
    if rate is not None and rate < s.low_follow_back_rate:
        yield Finding("low-follow-back-rate", "info", "You follow back few of your followers",
                      "follow-back-policy", {"follow_back_rate": rate, "threshold": s.low_follow_back_rate,
                                                "fans": c.get("fans")}, "fans")
    rate = m.get("followed_back_rate")
    if rate is not None and rate < s.low_followed_back_rate:
        yield Finding("low-followed-back-rate", "notice", "Few of the accounts you follow follow you back",
                      "reciprocity-etiquette", {"followed_back_rate": rate,
                                                "threshold": s.low_followed_back_rate}, "not_following_back")
    pending = c.get("pending_sent")
    if pending:
        yield Finding("pending-requests", "info", f"{_n(pending, 'follow request')} you sent still pending",
                      "following-back", {"pending_sent": pending}, "pending_sent")
    deactivated = len(account.categories.get("deactivated", []))
    if deactivated:
        yield Finding("deactivated-in-following", "info",
                      f"{_n(deactivated, 'deleted or deactivated account')} in your lists", "auditing-following",
                      {"deactivated": deactivated}, "deactivated")


def balance_rules(account: AccountReport, s: AnalysisConfig) -> Iterator[Finding]:
    b = _balance(account)
    if b is None:
        return
    if b.unanswered:
        yield Finding("long-unanswered-follows", "notice",
                      f"{_n(len(b.unanswered), 'follow')} unanswered for more than {_n(b.grace_days, 'day')}",
                      "auditing-following", {"count": len(b.unanswered), "median_days": b.unanswered_median_days,
                                             "max_days": b.unanswered_max_days, "grace_days": b.grace_days,
                                             "within_grace": len(b.within_grace)}, "not_following_back")
    if b.cap_share is not None and b.following_cap and b.cap_share >= s.following_cap_warning:
        yield Finding("near-following-cap", "warning", "You are close to the most accounts you may follow",
                      "auditing-following", {"following": b.counts.get("following"), "cap": b.following_cap,
                                             "share": b.cap_share})
    for kind, found in (("follow", b.follow_bursts), ("unfollow", b.unfollow_bursts)):
        if found:
            yield Finding(f"{kind}-burst", "warning", f"Days with more than {s.burst_per_day} {kind}s",
                          "automation-rules", {"days": len(found), "max_per_day": max(x.count for x in found),
                                               "threshold": s.burst_per_day})


def history_rules(account: AccountReport, s: AnalysisConfig) -> Iterator[Finding]:
    partial = sum(1 for x in account.snapshots if x.partial)
    if partial:
        yield Finding("partial-export", "warning", f"{_n(partial, 'export')} with only part of your lists",
                      "history-and-changes", {"partial_exports": partial})
    if not account.changes:
        return
    latest = account.changes[-1]
    lost = latest.lost_followers
    if lost:  # None: not known for this change (the export lacks the list, or missed part of it)
        by_reason = {r: sum(1 for x in lost if x.reason == r) for r in ("unfollowed", "blocked", "deactivated",
                                                                         "renamed")}
        yield Finding("lost-followers", "info", f"{_n(len(lost), 'follower')} gone between the exports of "
                      f"{latest.from_date} and {latest.to_date}",
                      "history-and-changes", {"lost": len(lost), "gained": len(latest.gained_followers or ()),
                                              **by_reason})
    renames = sum(len(c.possible_renames) for c in account.changes)
    if renames:
        yield Finding("possible-renames", "info", f"{_n(renames, 'account')} renamed rather than gone, it seems",
                      "history-and-changes", {"possible_renames": renames})


def engagement_rules(account: AccountReport, s: AnalysisConfig) -> Iterator[Finding]:
    e = _engagement(account)
    if e is None:
        return
    if not e.available:
        yield Finding("engagement-data-missing", "info", "This export has no likes, comments or messages",
                      "engagement-over-counts", {"missing_kinds": len(e.missing)})
        return
    if e.mutuals_never_interact:
        yield Finding("mutuals-never-interact", "info",
                      f"{_n(len(e.mutuals_never_interact), 'mutual')} you never interact with",
                      "active-and-passive-followers",
                      {"count": len(e.mutuals_never_interact), "mutuals": account.counts.get("mutuals")})
    if e.one_sided_high_interaction:
        yield Finding("one-sided-high-interaction", "info",
                      f"{_n(len(e.one_sided_high_interaction), 'account')} you engage with a lot don't follow you",
                      "selective-follow-back", {"count": len(e.one_sided_high_interaction),
                                                "threshold": e.threshold})
    if e.followers_who_message_you:
        yield Finding("followers-who-message-you", "notice",
                      f"{_n(len(e.followers_who_message_you), 'follower')} message you; you don't follow them",
                      "after-a-follow-back", {"count": len(e.followers_who_message_you)}, "fans")


RULES: tuple[Rule, ...] = (ratio_rules, reciprocity_rules, balance_rules, history_rules, engagement_rules)


# The number that says how big a finding is (the first of these it has), to order findings of one severity.
SIZE_KEYS = ("not_following_back", "count", "lost", "pending_sent", "deactivated", "fans", "possible_renames",
             "days", "partial_exports", "missing_kinds")


def finding_size(finding: Finding) -> float:
    return next((float(v) for k in SIZE_KEYS if (v := finding.numbers.get(k)) is not None), 0.0)


def _more_severe(a: str, b: str) -> str:
    return a if SEVERITY_ORDER.get(a, 9) <= SEVERITY_ORDER.get(b, 9) else b


def merge_duplicates(found: list[Finding]) -> list[Finding]:
    """One finding per fact: the unanswered follows and a low followed-back rate are the accounts not
    following back seen from another side, so they join that finding (its numbers and its severity)."""
    by_id = {f.id: f for f in found}
    main = by_id.get("many-not-following-back")
    if main is None:
        return found
    dropped = set()
    unanswered = by_id.get("long-unanswered-follows")
    if unanswered is not None:
        n = unanswered.numbers
        main.numbers.update({"unanswered": n.get("count"), "median_days": n.get("median_days"),
                             "max_days": n.get("max_days"), "grace_days": n.get("grace_days")})
        main.severity = _more_severe(main.severity, unanswered.severity)
        dropped.add(unanswered.id)
    low = by_id.get("low-followed-back-rate")
    if low is not None:
        main.numbers["followed_back_rate"] = low.numbers.get("followed_back_rate")
        main.severity = _more_severe(main.severity, low.severity)
        dropped.add(low.id)
    return [f for f in found if f.id not in dropped]


def findings_for(account: AccountReport, settings: AnalysisConfig) -> list[Finding]:
    """Every finding for one account, duplicates merged: most severe first, then the biggest, then by id."""
    found = merge_duplicates([f for rule in RULES for f in rule(account, settings)])
    return sorted(found, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), -finding_size(f), f.id))
