"""Owner and export date from download names (formats.md §1.1; al-kilic's parser tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followscope_site.importers.naming import date_from_name, instagram_owner


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
