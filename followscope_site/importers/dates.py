"""Dates from exports, converted without ever raising and kept only when every OS can show them.

An export can say anything: Instagram `timestamp` 10^15, Bluesky `createdAt` in year 9999 or 0001 with a time
zone, an X `generationDate` of year 33658. Converting those with datetime raises ValueError, OverflowError or
(on Windows, past year 3000) OSError, far from the file that said it. So conversions here never raise, and
`usable()` is the one rule for what the rest of the pipeline may receive: importers' Collectors drop a date
outside it (the account is kept) and warn once per list.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EARLIEST = 1  # 1970-01-01T00:00:01Z; Meta writes 0 for "unknown"
LATEST = 32_503_680_000  # 3000-01-01T00:00:00Z (exclusive): Windows' time functions end with the year 3000
_SECOND = timedelta(seconds=1)


def usable(seconds: int) -> bool:
    """Whether a time in seconds since the epoch is one the site can show on every OS."""
    return EARLIEST <= seconds < LATEST


def seconds_of(moment: datetime) -> int:
    """Seconds since the epoch of any datetime (naive means UTC), out of range or not, without raising."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // _SECOND  # timedelta arithmetic: no datetime is built, so nothing overflows


def number_seconds(value: float) -> int | None:
    """A finite number as whole seconds; None for NaN and infinities."""
    return int(value) if math.isfinite(value) else None


def datetime_of(seconds: int) -> datetime | None:
    """The UTC datetime of a usable time, else None."""
    return EPOCH + timedelta(seconds=seconds) if usable(seconds) else None


def year_of(seconds: int) -> int:
    """The year a time falls in, roughly, for messages about times out of range (any size, never raises)."""
    return 1970 + seconds // 31_556_952


def parse_formats(text: str | None, formats: tuple[str, ...]) -> int | None:
    """Seconds of a date written in one of `formats` (strptime), read as UTC; None when none fits."""
    if not text:
        return None
    text = text.strip()
    if len(text) > 64:
        return None  # no date format is this long; strptime's regexes need not see it
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except (ValueError, OverflowError):
            continue
        return seconds_of(parsed)
    return None


def parse_iso(text: object) -> int | None:
    """Seconds of an ISO 8601 timestamp such as `2024-11-20T12:34:56.789Z`; None for anything else."""
    if not isinstance(text, str) or not text.strip() or len(text) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        return None
    return seconds_of(parsed)
