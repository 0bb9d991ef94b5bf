"""A short fuzz run for CI: every importer returns snapshots or raises FollowScopeError, never anything else.

The long run is `tests/fuzz/run_fuzz.py --minutes 10` (not collected by pytest).
"""

from __future__ import annotations

import pytest
from fuzz_strategies import (
    PLATFORM_STRATEGIES,
    Export,
    available_platforms,
    mutated,
    read_once,
    seed_exports,
    zip_layer,
)
from hypothesis import HealthCheck, given, settings

SEEDS = seed_exports()
FAST = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("platform", list(PLATFORM_STRATEGIES))
def test_generated_exports(platform: str) -> None:
    if platform not in available_platforms():
        pytest.skip(f"the {platform} importer is not in this tree yet")

    @FAST
    @given(PLATFORM_STRATEGIES[platform])
    def check(export: Export) -> None:
        read_once(export)

    check()


@settings(FAST, max_examples=60)
@given(mutated(SEEDS))
def test_mutated_fixtures(export: Export) -> None:
    read_once(export)


@settings(FAST, max_examples=40)
@given(zip_layer(SEEDS))
def test_zips_with_damaged_headers(export: Export) -> None:
    read_once(export)


def _instagram(member: str, data: bytes) -> Export:
    good = next(s for s in SEEDS if s.name == "good")
    return Export({**good.members, member: data}, name="instagram-fuzz-2025-06-01-AbCdEfGh")


def test_regression_non_utf8_string_fast_path() -> None:
    """Found by fuzzing: msgspec raised UnicodeDecodeError (fixed in importers/meta/lists.py)."""
    read_once(_instagram("connections/followers_and_following/following.json",
                         b'{"relationships_following": [{"title": "a\xe9"}]}'), known=set())


def test_regression_non_utf8_string_slow_path() -> None:
    """Found by fuzzing: the same in importers/jsonfile.py load_json."""
    read_once(_instagram("connections/followers_and_following/following.json", b'{"x\xe9": 1}'), known=set())


def test_regression_x_account_js_not_utf8() -> None:
    """Found by the 10-minute run: one byte flipped in a key of `data/account.js`."""
    seed = next((s for s in SEEDS if "data/account.js" in s.members), None)
    if seed is None or "x" not in available_platforms():
        pytest.skip("no X fixture or importer in this tree")
    members = {**seed.members, "data/account.js": b'window.YTD.account.part0 = [{"accoun\xac": {}}]'}
    read_once(Export(members, name=seed.name), known=set())
