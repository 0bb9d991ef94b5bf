"""Profile links, built from the handle and the platform's own domain, never copied from an export.

Autoescape does not stop a `javascript:` href (perf-security-browser.md §2.1), so no URL from an
export ever reaches an attribute: we build it here from a handle, percent-encoded.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_PROFILE = {
    "instagram": "https://www.instagram.com/{}",
    "threads": "https://www.threads.com/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "x": "https://x.com/i/user/{}",
    "bluesky": "https://bsky.app/profile/{}",
}


def profile_url(platform: str, handle: str, identifier: str = "handle") -> str | None:
    """The account's public profile, or None where the platform has no address for it (display names)."""
    if identifier == "name":
        return None  # Facebook exports carry display names only: there is no profile address to build
    if identifier == "pseudonym":
        return None  # public privacy mode: a pseudonym may be someone else's real handle
    if platform == "mastodon" and "@" in handle:
        user, _, domain = handle.partition("@")
        return f"https://{quote(domain, safe='.-')}/@{quote(user, safe='._-')}"
    if platform == "linkedin":
        return f"https://www.linkedin.com/in/{quote(handle, safe='-_')}" if identifier == "handle" else None
    template = _PROFILE.get(platform)
    if template is None:
        return None
    return template.format(quote(handle, safe="._-:"))


# Characters that every profile template keeps as they are (quote's always-safe set minus "~").
SAFE_HANDLE = re.compile(r"[A-Za-z0-9._-]+").fullmatch


def profile_prefix(platform: str, identifier: str = "handle") -> str | None:
    """The part of profile_url before the handle, when the URL is simply prefix + handle (fast path)."""
    probe = profile_url(platform, "a", identifier)
    return probe[:-1] if probe is not None and probe.endswith("a") else None
