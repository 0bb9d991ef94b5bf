"""Owner handles and export dates read from the names platforms give their downloads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

# instagram-<username>-YYYY-MM-DD-<8 random chars>.zip (formats.md §1.1)
_INSTAGRAM_NAME = re.compile(r"^instagram-(?P<handle>[A-Za-z0-9._]{1,30})-(?P<date>\d{4}-\d{2}-\d{2})-[A-Za-z0-9_-]+$")
_ANY_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_US_DATE = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")  # LinkedIn: Complete_LinkedInDataExport_MM-DD-YYYY


def stem(name: str) -> str:
    """A download's name without folders and without `.zip`."""
    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return base[:-4] if base.lower().endswith(".zip") else base


def _plausible(year: int, month: int, day: int) -> datetime | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None  # an impossible date such as 2026-13-40 is no date at all
    if found.year < 2010 or found > datetime.now(tz=UTC).date() + timedelta(days=1):
        return None  # a future date is a typo or a version number, not an export date
    return datetime(found.year, found.month, found.day, 12, 0, tzinfo=UTC)


def instagram_owner(name: str) -> str | None:
    match = _INSTAGRAM_NAME.match(stem(name))
    return match.group("handle").lower() if match else None


def date_from_name(name: str) -> datetime | None:
    """The export date a file name carries (YYYY-MM-DD, YYYYMMDD or MM-DD-YYYY), at noon UTC; else None."""
    base = stem(name)
    for match in _ANY_DATE.finditer(base):
        found = _plausible(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found
    for match in _US_DATE.finditer(base):
        found = _plausible(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        if found:
            return found
    return None


# Part numbers of split lists (`followers_12.json`, `follower-part3.js`): a million followers make 100 parts, so
# six digits are plenty; a longer number is not a part (int() of 4,300+ digits even raises ValueError).
MAX_PART_DIGITS = 6
_SHOWN_MISSING = 5


def part_number(digits: str | None) -> int | None:
    """The part number of a file name's digits (0 when it has none); None when too long to be one."""
    if not digits:
        return 0
    return int(digits) if len(digits) <= MAX_PART_DIGITS and digits.isascii() and digits.isdigit() else None


def missing_parts(numbers: list[int]) -> tuple[int, list[int]]:
    """(how many of the parts 1..max are missing, the first few of them), without listing the whole range."""
    count = 0
    first: list[int] = []
    expected = 1
    for number in sorted(set(numbers)):
        if number > expected:
            count += number - expected
            first.extend(range(expected, min(number, expected + _SHOWN_MISSING - len(first))))
        expected = number + 1
    return count, first
