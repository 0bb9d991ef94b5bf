"""Config handles that match nobody: one warning per key of an entry, over every export of the entry."""

from __future__ import annotations

from datetime import UTC, datetime

from analysis_builders import snap

from followscope_site.analysis import AccountInput, analyze
from followscope_site.analysis.config_check import SHOWN, unmatched_warnings
from followscope_site.config.schema import AnalysisConfig


def test_a_handle_in_any_list_of_any_export_matches() -> None:
    snapshots = [snap("2025-01-01", followers=["old.friend"]), snap("2025-02-01", following=["brand"])]
    named = {"allowlist": {"brand", "typo"}, "ignore": {"old.friend"}, "tags": {"brand": ["x"]}, "notes": {}}
    assert unmatched_warnings("accounts.0", snapshots, named) == [
        "accounts.0.allowlist in the config: 1 handle matches nobody in any export: '@typo'"]


def test_the_warning_quotes_a_few_and_counts_the_rest() -> None:
    missing = {f"ghost{i:02d}" for i in range(SHOWN + 3)}
    [warning] = unmatched_warnings("accounts.2", [snap("2025-01-01", followers=["a"])], {"ignore": missing})
    assert warning.startswith(f"accounts.2.ignore in the config: {SHOWN + 3} handles match nobody in any export: "
                              "'@ghost00', '@ghost01'")
    assert warning.endswith("'@ghost09' and 3 more")


def test_accounts_of_one_entry_are_checked_together() -> None:
    """An Instagram export's Threads account shares its entry's allow-list: a handle found in either counts."""
    instagram = AccountInput("instagram", "me", "Instagram", [snap("2025-01-01", following=["brand"])],
                             allowlist=frozenset({"brand", "thread.only", "nobody"}))
    threads = AccountInput("threads", "me", "Threads",
                           [snap("2025-01-01", platform="threads", following=["thread.only"])],
                           allowlist=instagram.allowlist)
    report = analyze([instagram, threads], AnalysisConfig(), title="t", generated_at=datetime.now(tz=UTC))
    assert [w for w in report.warnings if "nobody" in w] == [
        "accounts.0.allowlist in the config: 1 handle matches nobody in any export: '@nobody'"]
