"""Owner and export date from download names (formats.md §1.1; al-kilic's parser tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followscope_site.importers.naming import date_from_name, instagram_owner, missing_parts, part_number


@pytest.mark.parametrize(("name", "expected"), [
    ("instagram-sebastiencs-2026-08-31-L6iOOC8w.zip", datetime(2026, 8, 31, 12, tzinfo=UTC)),
    ("username_20260215.zip", datetime(2026, 2, 15, 12, tzinfo=UTC)),
    ("Complete_LinkedInDataExport_11-04-2018.zip", datetime(2018, 11, 4, 12, tzinfo=UTC)),
    ("export.zip", None),
    ("archive-12345.zip", None),
    ("instagram-x-2026-13-40-abc.zip", None),  # impossible date
    ("instagram-x-2099-01-01-abc.zip", None),  # future date
])
def test_date_from_name(name: str, expected: datetime | None) -> None:
    assert date_from_name(name) == expected


def test_instagram_owner() -> None:
    assert instagram_owner("downloads/instagram-Some.User-2025-12-10-WhW57JDt.zip") == "some.user"
    assert instagram_owner("instagram-some.user-2025-12-10-WhW57JDt") == "some.user"  # unzipped folder
    assert instagram_owner("my-export.zip") is None


@pytest.mark.parametrize(("digits", "expected"), [
    (None, 0), ("", 0), ("1", 1), ("000012", 12), ("999999", 999_999), ("1000000", None), ("9" * 5000, None),
    ("²", None), ("٣", None),
])
def test_part_number_is_bounded(digits: str | None, expected: int | None) -> None:
    assert part_number(digits) == expected


def test_missing_parts_are_counted_not_listed() -> None:
    assert missing_parts([1, 2, 3]) == (0, [])
    assert missing_parts([1, 3]) == (1, [2])
    assert missing_parts([3, 3, 5]) == (3, [1, 2, 4])
    assert missing_parts([1, 999_999]) == (999_997, [2, 3, 4, 5, 6])
    assert missing_parts([1, 10**11]) == (10**11 - 2, [2, 3, 4, 5, 6])  # no range of 10^11 numbers is made
