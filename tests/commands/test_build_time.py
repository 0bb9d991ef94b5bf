"""SOURCE_DATE_EPOCH: the build's time when it is a time every OS can show, else now (never an error)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from followscope_site.commands.build import build_time


@pytest.mark.parametrize(("value", "expected"), [
    ("1767225600", datetime(2026, 1, 1, tzinfo=UTC)),
    ("0", datetime(1970, 1, 1, tzinfo=UTC)),
])
def test_a_usable_epoch_is_the_build_time(monkeypatch: pytest.MonkeyPatch, value: str, expected: datetime) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert build_time() == expected


@pytest.mark.parametrize("value", ["99999999999999", "32503680000", "²²²", "9" * 5000, "-1", "1e9", ""])
def test_anything_else_is_ignored(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert abs((build_time() - datetime.now(tz=UTC)).total_seconds()) < 3600
