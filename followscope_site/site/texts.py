"""The words the pages use: SPEC titles of categories and counts, metric definitions, missing-list hints."""

from __future__ import annotations

CATEGORY_TITLES = {
    "mutuals": "Mutual followers",
    "fans": "Followers you don't follow back",
    "not_following_back": "Not following you back",
    "pending_sent": "Requests you sent",
    "requests_received": "Requests you received",
    "recently_unfollowed": "Recently unfollowed by you",
    "recent_requests": "Recent requests you sent",
    "close_friends": "Close friends",
    "blocked": "Blocked",
    "restricted": "Restricted",
    "hidden_story": "Hidden story",
    "favorites": "Favorites",
    "removed_suggestions": "Removed suggestions",
    "muted": "Muted",
    "removed_friends": "Removed friends",
    "allowlisted": "Expected one-way",
    "deactivated": "Deleted or deactivated",
    "following": "Accounts you follow",
    "followers": "Accounts that follow you",
}

CATEGORY_INTROS = {
    "mutuals": "You follow these accounts and they follow you.",
    "fans": "These accounts follow you; you don't follow them.",
    "not_following_back": "You follow these accounts and they don't follow you. Pending requests, accounts your "
                          "config marks as expected one-way, and deleted accounts are not in this list.",
    "pending_sent": "Follow requests you sent that are still waiting. They never count as not following back.",
    "requests_received": "Follow requests waiting for your answer.",
    "recently_unfollowed": "Accounts the platform says you unfollowed.",
    "recent_requests": "The platform's list of follow requests you sent recently. One that is also in your "
                       "following list was accepted and counts like any account you follow; the others are still "
                       "pending and never count as not following back.",
    "following": "Every account this export lists as followed by you. The export has no list of your followers, "
                 "so who follows you back is not known.",
    "followers": "Every account this export lists as following you. The export has no list of the accounts you "
                 "follow, so whom you follow back is not known.",
    "allowlisted": "Accounts you follow that don't follow you, which your config marks as fine that way.",
    "deactivated": "Placeholders the platform keeps for accounts that no longer exist. They are left out of "
                   "every other list.",
    # the platform's own lists, as the export names them
    "close_friends": "The accounts you put on your close friends list: they see the stories you share only with "
                     "close friends.",
    "blocked": "Accounts you blocked: they can't see your profile or reach you, and they are not counted as "
               "following you.",
    "restricted": "Accounts you restricted: their comments on your posts wait for your approval and they can't "
                  "tell when you have read their messages.",
    "hidden_story": "Accounts you hide your stories from: they can still follow you and see your posts.",
    "favorites": "Accounts you marked as favorites, whose posts the platform shows you first.",
    "removed_suggestions": "Accounts you dismissed from the platform's \"suggested for you\" lists.",
    "muted": "Accounts you muted: you still follow each other, but their posts don't show in your feed.",
    "removed_friends": "Friends you removed: Facebook keeps a list of them.",
}

# The lists of a change, each with its own page: title and the sentence under it ({old} and {new}: the dates).
CHANGE_TEXTS = {
    "gained_followers": ("New followers", "Accounts that follow you in the export of {new} and did not in the one "
                                          "of {old}."),
    "lost_followers": ("Lost followers", "Accounts that followed you in the export of {old} and no longer do in "
                                         "the one of {new}, with our best reading of why."),
    "new_following": ("You started following", "Accounts you follow in the export of {new} and did not in the one "
                                               "of {old}."),
    "dropped_following": ("You stopped following", "Accounts you followed in the export of {old} and no longer "
                                                   "follow in the one of {new}, with our best reading of why."),
    "became_mutual": ("Became mutual", "Between {old} and {new} these accounts and you started following each "
                                       "other."),
    "became_one_sided": ("Became one-sided", "Mutual in the export of {old}; in the one of {new} only one of you "
                                             "still follows the other."),
}

COUNT_LABELS = {
    **CATEGORY_TITLES,
    "followers": "Followers",
    "following": "Following",
}

METRIC_LABELS = {
    "follow_ratio": ("Follow ratio", "followers divided by following"),
    "follow_back_rate": ("Follow-back rate", "the share of your followers that you follow back"),
    "followed_back_rate": ("Followed-back rate", "the share of accounts you follow that follow you back"),
}

REASONS = {
    "unfollowed": "they unfollowed you",
    "you_unfollowed": "you unfollowed them",
    "blocked": "you blocked them",
    "deactivated": "the account was deleted or deactivated",
    "renamed": "the account may have been renamed",
    "mutual_ended": "you no longer follow each other",
    "unavailable": "the account may be gone (deleted or deactivated) or may have blocked you",
}

# Shown beside every reason: how sure the analysis is (analysis/changes.py decides).
CERTAINTY_LABELS = {"certain": "certain", "likely": "likely", "unknown": "unknown"}

PLATFORM_NAMES = {
    "instagram": "Instagram", "threads": "Threads", "facebook": "Facebook", "tiktok": "TikTok", "x": "X",
    "bluesky": "Bluesky", "mastodon": "Mastodon", "linkedin": "LinkedIn", "csv": "CSV",
}

# A platform's mark on the pages: a monogram of our own in a badge (no brand logo), and its colour class.
PLATFORM_MARKS = {
    "instagram": "Ig", "threads": "Th", "facebook": "Fb", "tiktok": "Tt", "x": "X", "bluesky": "Bs",
    "mastodon": "Ma", "linkedin": "In", "csv": "Cs",
}


def platform_name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def account_name(label: str, platform: str) -> str:
    """'@alice on Instagram': the label alone is not unique, as one person's accounts often share a handle."""
    return f"{label} on {platform_name(platform)}"

# Engagement signal kinds (analysis/engagement.py) as people say them.
SIGNAL_LABELS = {
    "liked_posts": "likes on posts",
    "comments": "comments",
    "story_likes": "story likes",
    "messages": "messages in one-to-one conversations",
    "messages_received": "messages you received",
}

# Finding numbers: key -> (label, kind); kind picks the format (count, rate, ratio, days).
NUMBER_LABELS: dict[str, tuple[str, str]] = {
    "follow_ratio": ("follow ratio", "ratio"),
    "ratio_low": ("noticed below", "ratio"),
    "ratio_high": ("noticed above", "ratio"),
    "followers": ("followers", "count"),
    "following": ("following", "count"),
    "mutuals": ("mutual followers", "count"),
    "fans": ("followers you don't follow back", "count"),
    "not_following_back": ("not following you back", "count"),
    "share_of_following": ("share of the accounts you follow", "rate"),
    "follow_back_rate": ("follow-back rate", "rate"),
    "followed_back_rate": ("followed-back rate", "rate"),
    "pending_sent": ("pending requests", "count"),
    "deactivated": ("deleted or deactivated", "count"),
    "count": ("accounts", "count"),
    "median_days": ("median wait", "days"),
    "max_days": ("longest wait", "days"),
    "grace_days": ("grace period", "days"),
    "within_grace": ("followed within the grace period", "count"),
    "cap": ("the platform's following cap", "count"),
    "share": ("share of the cap", "rate"),
    "days": ("days with a burst", "count"),
    "max_per_day": ("most in one day", "count"),
    "partial_exports": ("partial exports", "count"),
    "lost": ("lost", "count"),
    "gained": ("gained", "count"),
    "unfollowed": ("they unfollowed you", "count"),
    "blocked": ("you blocked", "count"),
    "renamed": ("possibly renamed", "count"),
    "possible_renames": ("possible renames", "count"),
    "missing_kinds": ("kinds of activity missing", "count"),
}

# What `threshold` means in each finding that carries one: (label, kind).
THRESHOLD_LABELS: dict[str, tuple[str, str]] = {
    "low-follow-back-rate": ("noticed below", "rate"),
    "low-followed-back-rate": ("noticed below", "rate"),
    "follow-burst": ("a burst is more than this many in a day", "count"),
    "unfollow-burst": ("a burst is more than this many in a day", "count"),
    "one-sided-high-interaction": ("a lot means at least this many interactions", "count"),
}

DEFINITIONS = [
    ("Followers", "accounts that follow you, in the newest export (deleted placeholders and ignored accounts "
                  "left out)"),
    ("Following", "accounts you follow, counted the same way"),
    ("Mutual followers", "you follow them and they follow you"),
    ("Followers you don't follow back", "they follow you, you don't follow them"),
    ("Not following you back", "you follow them, they don't follow you; pending requests, expected one-way "
                               "accounts and deleted accounts are left out"),
    ("Follow ratio", "followers divided by following; shown as – when you follow nobody"),
    ("Follow-back rate", "mutual followers divided by followers"),
    ("Followed-back rate", "mutual followers divided by following"),
    ("Not in this export", "the export holds no such list, so the number is unknown rather than zero"),
]

_META = ("Request a new export in Accounts Center (\"Download your information\") and tick \"Followers and "
         "following\" under Connections; JSON or HTML both work.")
_HINTS = {
    "instagram": _META,
    "threads": _META,
    "facebook": "Request a new export in Accounts Center (\"Download your information\") and include "
                "\"Friends and followers\".",
    "tiktok": "Request \"Download your data\" again with all data selected; the follower and following lists "
              "are part of the profile section.",
    "x": "Request \"Download an archive of your data\"; the archive holds follower.js and following.js.",
    "bluesky": "Bluesky's repository export (Settings → Account → Export My Data) holds only the accounts you "
               "follow: no export option adds your followers.",
    "mastodon": "Mastodon's Data export page (Preferences → Import and export) offers the accounts you follow as "
                "a CSV; newer servers also offer your followers as a second CSV: download both.",
    "linkedin": "LinkedIn's \"Get a copy of your data\" includes Connections.csv; connections go both ways, so "
                "there is no separate followers list.",
    "csv": "Name the file with `csv.followers` or `csv.following` under this account in the config.",
}


def missing_hint(platform: str, list_name: str) -> str:
    """The sentence shown where a count is unknown: which download option adds the list."""
    hint = _HINTS.get(platform, "Request a new export that includes your follow lists.")
    needs = {"followers": "your followers", "following": "the accounts you follow"}.get(
        list_name, "both your followers and the accounts you follow")
    return f"This export does not hold {needs}. {hint}"
