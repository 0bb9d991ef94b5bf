"""The words the pages use: SPEC titles of categories and counts, metric definitions, missing-list hints.

The tables hold English msgids marked with N_ (for extraction only); the functions below translate them for
the page being made (site/words.py), so a Spanish page gets Spanish labels from the same tables.
"""

from __future__ import annotations

from followscope_site.analysis.notes import IDENTIFIER_WORDS
from followscope_site.i18n import language
from followscope_site.site.locale import current_language
from followscope_site.site.words import N_, _

CATEGORY_TITLES = {
    "mutuals": N_("Mutual followers"),
    "fans": N_("Followers you don't follow back"),
    "not_following_back": N_("Not following you back"),
    "pending_sent": N_("Requests you sent"),
    "requests_received": N_("Requests you received"),
    "recently_unfollowed": N_("Recently unfollowed by you"),
    "recent_requests": N_("Recent requests you sent"),
    "close_friends": N_("Close friends"),
    "blocked": N_("Blocked"),
    "restricted": N_("Restricted"),
    "hidden_story": N_("Hidden story"),
    "favorites": N_("Favorites"),
    "removed_suggestions": N_("Removed suggestions"),
    "muted": N_("Muted"),
    "removed_friends": N_("Removed friends"),
    "allowlisted": N_("Expected one-way"),
    "deactivated": N_("Deleted or deactivated"),
    "following": N_("Accounts you follow"),
    "followers": N_("Accounts that follow you"),
}

CATEGORY_INTROS = {
    "mutuals": N_("You follow these accounts and they follow you."),
    "fans": N_("These accounts follow you; you don't follow them."),
    "not_following_back": N_("You follow these accounts and they don't follow you. Pending requests, accounts "
                             "your config marks as expected one-way, and deleted accounts are not in this list."),
    "pending_sent": N_("Follow requests you sent that are still waiting. They never count as not following back."),
    "requests_received": N_("Follow requests waiting for your answer."),
    "recently_unfollowed": N_("Accounts the platform says you unfollowed."),
    "recent_requests": N_("The platform's list of follow requests you sent recently. One that is also in your "
                          "following list was accepted and counts like any account you follow; the others are "
                          "still pending and never count as not following back."),
    "following": N_("Every account this export lists as followed by you. The export has no list of your "
                    "followers, so who follows you back is not known."),
    "followers": N_("Every account this export lists as following you. The export has no list of the accounts "
                    "you follow, so whom you follow back is not known."),
    "allowlisted": N_("Accounts you follow that don't follow you, which your config marks as fine that way."),
    "deactivated": N_("Placeholders the platform keeps for accounts that no longer exist. They are left out of "
                      "every other list."),
    # the platform's own lists, as the export names them
    "close_friends": N_("The accounts you put on your close friends list: they see the stories you share only "
                        "with close friends."),
    "blocked": N_("Accounts you blocked: they can't see your profile or reach you, and they are not counted as "
                  "following you."),
    "restricted": N_("Accounts you restricted: their comments on your posts wait for your approval and they "
                     "can't tell when you have read their messages."),
    "hidden_story": N_("Accounts you hide your stories from: they can still follow you and see your posts."),
    "favorites": N_("Accounts you marked as favorites, whose posts the platform shows you first."),
    "removed_suggestions": N_("Accounts you dismissed from the platform's \"suggested for you\" lists."),
    "muted": N_("Accounts you muted: you still follow each other, but their posts don't show in your feed."),
    "removed_friends": N_("Friends you removed: Facebook keeps a list of them."),
}

# The lists of a change, each with its own page: title and the sentence under it (%(old)s and %(new)s: dates).
CHANGE_TEXTS = {
    "gained_followers": (N_("New followers"), N_("Accounts that follow you in the export of %(new)s and did "
                                                 "not in the one of %(old)s.")),
    "lost_followers": (N_("Lost followers"), N_("Accounts that followed you in the export of %(old)s and no "
                                                "longer do in the one of %(new)s, with our best reading of why.")),
    "new_following": (N_("You started following"), N_("Accounts you follow in the export of %(new)s and did not "
                                                       "in the one of %(old)s.")),
    "dropped_following": (N_("You stopped following"), N_("Accounts you followed in the export of %(old)s and "
                                                          "no longer follow in the one of %(new)s, with our best "
                                                          "reading of why.")),
    "became_mutual": (N_("Became mutual"), N_("Between %(old)s and %(new)s these accounts and you started "
                                              "following each other.")),
    "became_one_sided": (N_("Became one-sided"), N_("Mutual in the export of %(old)s; in the one of %(new)s only "
                                                    "one of you still follows the other.")),
}

COUNT_LABELS = {
    **CATEGORY_TITLES,
    "followers": N_("Followers"),
    "following": N_("Following"),
}

METRIC_LABELS = {
    "follow_ratio": (N_("Follow ratio"), N_("followers divided by following")),
    "follow_back_rate": (N_("Follow-back rate"), N_("the share of your followers that you follow back")),
    "followed_back_rate": (N_("Followed-back rate"), N_("the share of accounts you follow that follow you back")),
}

REASONS = {
    "unfollowed": N_("they unfollowed you"),
    "you_unfollowed": N_("you unfollowed them"),
    "blocked": N_("you blocked them"),
    "deactivated": N_("the account was deleted or deactivated"),
    "renamed": N_("the account may have been renamed"),
    "mutual_ended": N_("you no longer follow each other"),
    "unavailable": N_("the account may be gone (deleted or deactivated) or may have blocked you"),
}

# Shown beside every reason: how sure the analysis is (analysis/changes.py decides).
# "unknown" reads "unconfirmed": beside a plain reason ("they unfollowed you") the word "unknown" read as a
# contradiction; the reason is the remaining reading, not confirmed by anything in the export.
CERTAINTY_LABELS = {"certain": N_("certain"), "likely": N_("likely"), "unknown": N_("unconfirmed")}

# Brand names: the same in every language.
PLATFORM_NAMES = {
    "instagram": "Instagram", "threads": "Threads", "facebook": "Facebook", "tiktok": "TikTok", "x": "X",
    "bluesky": "Bluesky", "mastodon": "Mastodon", "linkedin": "LinkedIn", "csv": "CSV",
}

# A platform's mark on the pages: a monogram of our own in a badge (no brand logo), and its colour class.
PLATFORM_MARKS = {
    "instagram": "Ig", "threads": "Th", "facebook": "Fb", "tiktok": "Tt", "x": "X", "bluesky": "Bs",
    "mastodon": "Ma", "linkedin": "In", "csv": "Cs",
}

# Engagement signal kinds (analysis/engagement.py) as people say them.
SIGNAL_LABELS = {
    "liked_posts": N_("likes on posts"),
    "comments": N_("comments"),
    "story_likes": N_("story likes"),
    "messages": N_("messages in one-to-one conversations"),
    "messages_received": N_("messages you received"),
}

# Finding numbers: key -> (label, kind); kind picks the format (count, rate, ratio, days).
NUMBER_LABELS: dict[str, tuple[str, str]] = {
    "follow_ratio": (N_("follow ratio"), "ratio"),
    "ratio_low": (N_("noticed below"), "ratio"),
    "ratio_high": (N_("noticed above"), "ratio"),
    "followers": (N_("followers"), "count"),
    "following": (N_("following"), "count"),
    "mutuals": (N_("mutual followers"), "count"),
    "fans": (N_("followers you don't follow back"), "count"),
    "not_following_back": (N_("not following you back"), "count"),
    "share_of_following": (N_("share of the accounts you follow"), "rate"),
    "follow_back_rate": (N_("follow-back rate"), "rate"),
    "followed_back_rate": (N_("followed-back rate"), "rate"),
    "pending_sent": (N_("pending requests"), "count"),
    "deactivated": (N_("deleted or deactivated"), "count"),
    "count": (N_("accounts"), "count"),
    "median_days": (N_("median wait"), "days"),
    "max_days": (N_("longest wait"), "days"),
    "grace_days": (N_("grace period"), "days"),
    "within_grace": (N_("followed within the grace period"), "count"),
    "cap": (N_("the platform's following cap"), "count"),
    "share": (N_("share of the cap"), "rate"),
    "days": (N_("days with a burst"), "count"),
    "max_per_day": (N_("most in one day"), "count"),
    "partial_exports": (N_("partial exports"), "count"),
    "lost": (N_("lost"), "count"),
    "gained": (N_("gained"), "count"),
    "unfollowed": (N_("they unfollowed you"), "count"),
    "blocked": (N_("you blocked"), "count"),
    "renamed": (N_("possibly renamed"), "count"),
    "possible_renames": (N_("possible renames"), "count"),
    "missing_kinds": (N_("kinds of activity missing"), "count"),
}

# What `threshold` means in each finding that carries one: (label, kind).
THRESHOLD_LABELS: dict[str, tuple[str, str]] = {
    "low-follow-back-rate": (N_("noticed below"), "rate"),
    "low-followed-back-rate": (N_("noticed below"), "rate"),
    "follow-burst": (N_("a burst is more than this many in a day"), "count"),
    "unfollow-burst": (N_("a burst is more than this many in a day"), "count"),
    "one-sided-high-interaction": (N_("a lot means at least this many interactions"), "count"),
}

DEFINITIONS = [
    (N_("Followers"), N_("accounts that follow you, in the newest export (deleted placeholders and ignored "
                         "accounts left out)")),
    (N_("Following"), N_("accounts you follow, counted the same way")),
    (N_("Mutual followers"), N_("you follow them and they follow you")),
    (N_("Followers you don't follow back"), N_("they follow you, you don't follow them")),
    (N_("Not following you back"), N_("you follow them, they don't follow you; pending requests, expected "
                                      "one-way accounts and deleted accounts are left out")),
    (N_("Follow ratio"), N_("followers divided by following; shown as – when you follow nobody")),
    (N_("Follow-back rate"), N_("mutual followers divided by followers")),
    (N_("Followed-back rate"), N_("mutual followers divided by following")),
    (N_("Not in this export"), N_("the export holds no such list, so the number is unknown rather than zero")),
]

_META = N_("Request a new export in Accounts Center (\"Download your information\") and tick \"Followers and "
           "following\" under Connections; JSON or HTML both work.")
_HINTS = {
    "instagram": _META,
    "threads": _META,
    "facebook": N_("Request a new export in Accounts Center (\"Download your information\") and include "
                   "\"Friends and followers\"."),
    "tiktok": N_("Request \"Download your data\" again with all data selected; the follower and following lists "
                 "are part of the profile section."),
    "x": N_("Request \"Download an archive of your data\"; the archive holds follower.js and following.js."),
    "bluesky": N_("Bluesky's repository export (Settings → Account → Export My Data) holds only the accounts you "
                  "follow: no export option adds your followers."),
    "mastodon": N_("Mastodon's Data export page (Preferences → Import and export) offers the accounts you follow "
                   "as a CSV; newer servers also offer your followers as a second CSV: download both."),
    "linkedin": N_("LinkedIn's \"Get a copy of your data\" includes Connections.csv; connections go both ways, so "
                   "there is no separate followers list."),
    "csv": N_("Name the file with `csv.followers` or `csv.following` under this account in the config."),
}
_LACKS = {
    "followers": N_("This export does not hold your followers."),
    "following": N_("This export does not hold the accounts you follow."),
}


def _key_words(key: str) -> str:
    return key.replace("_", " ").capitalize()


def category_title(key: str) -> str:
    return _(CATEGORY_TITLES[key]) if key in CATEGORY_TITLES else _key_words(key)


def category_intro(key: str) -> str:
    return _(CATEGORY_INTROS[key]) if key in CATEGORY_INTROS else ""


def count_label(key: str) -> str:
    return _(COUNT_LABELS[key]) if key in COUNT_LABELS else key.replace("_", " ")


def change_title(key: str) -> str:
    return _(CHANGE_TEXTS[key][0])


def change_intro(key: str, old: str, new: str) -> str:
    return _(CHANGE_TEXTS[key][1]) % {"old": old, "new": new}


def metric_labels() -> list[tuple[str, str, str]]:
    """(key, label, explanation) of the three SPEC metrics."""
    return [(key, _(label), _(explanation)) for key, (label, explanation) in METRIC_LABELS.items()]


def reason_text(key: str) -> str:
    return _(REASONS[key]) if key in REASONS else key.replace("_", " ")


def certainty_text(key: str) -> str:
    return _(CERTAINTY_LABELS[key]) if key in CERTAINTY_LABELS else key


def signal_label(key: str) -> str:
    return _(SIGNAL_LABELS[key]) if key in SIGNAL_LABELS else key


def definitions() -> list[tuple[str, str]]:
    return [(_(term), _(text)) for term, text in DEFINITIONS]


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def identifier_name(kind: str) -> str:
    return _(IDENTIFIER_WORDS[kind]) if kind in IDENTIFIER_WORDS else kind


def account_name(label: str, platform: str) -> str:
    """'@alice on Instagram': the label alone is not unique, as one person's accounts often share a handle.

    In a right-to-left language the label is isolated (U+2068 … U+2069, the plain-text <bdi>), so '@alice'
    keeps its @ in front in headings, breadcrumbs and <title> alike; left-to-right pages need no isolation.
    """
    if language(current_language()).direction == "rtl":
        label = f"\u2068{label}\u2069"
    return _("%(account)s on %(platform)s") % {"account": label, "platform": platform_name(platform)}


def missing_hint(platform: str, list_name: str) -> str:
    """The sentence shown where a count is unknown: which download option adds the list."""
    hint = _HINTS.get(platform, N_("Request a new export that includes your follow lists."))
    lacks = _LACKS.get(list_name, N_("This export does not hold your followers or the accounts you follow."))
    return f"{_(lacks)} {_(hint)}"
