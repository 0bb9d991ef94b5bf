"""`inspect` and `build` give the same number for every list of the same export (one counting function)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followscope_site.commands.build import build
from followscope_site.commands.inspect import inspect_path
from followscope_site.config.loader import load_config

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"
EXAMPLE = TESTS.parent / "examples" / "exports" / "instagram" / "instagram-demo.account-2025-12-10-WhK3mZ8s.zip"
CASES = [
    FIXTURES / "instagram" / "export-2025",  # Instagram with Threads: two accounts
    FIXTURES / "instagram" / "export-2026-html",
    FIXTURES / "tiktok" / "TikTok_Data_2025-12-05",  # N/A rows: deactivated
    FIXTURES / "x" / "twitter-2026-07-25-abc123",
    FIXTURES / "bluesky" / "bsky-export-2026-03-03",  # followers unknown
    FIXTURES / "mastodon" / "mastodon-4-2026-03-01",
    FIXTURES / "linkedin" / "Complete_LinkedInDataExport_03-02-2026",
    FIXTURES / "facebook" / "export-2026",
    EXAMPLE,  # deleted placeholders in followers and following
]


@pytest.mark.parametrize("export", CASES, ids=lambda p: p.name)
def test_inspect_and_build_agree_on_every_count(tmp_path: Path, export: Path) -> None:
    config = tmp_path / "followscope.yaml"
    config.write_text(f"accounts:\n  - exports: {json.dumps(str(export))}\n", encoding="utf-8")
    build(load_config(config), output=tmp_path / "site")
    report = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    inspected = inspect_path(export)["exports"]
    assert len(inspected) == len(report["accounts"])
    for entry in inspected:
        [account] = [a for a in report["accounts"] if a["platform"] == entry["platform"]]
        assert entry["counts"], entry
        for name, number in entry["counts"].items():
            assert account["counts"][name] == number, (entry["platform"], name)


def test_without_followers_the_accounts_you_follow_have_a_page_of_their_own(tmp_path: Path) -> None:
    export = FIXTURES / "mastodon" / "mastodon-3-2022-05-01"  # before follower_accounts.csv existed
    config = tmp_path / "followscope.yaml"
    config.write_text(f"accounts:\n  - exports: {json.dumps(str(export))}\n", encoding="utf-8")
    build(load_config(config), output=tmp_path / "site")
    report = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))
    [account] = report["accounts"]
    assert account["counts"]["followers"] is None and "mutuals" not in account["categories"]
    following = [row["handle"] for row in account["categories"]["following"]]
    assert len(following) == account["counts"]["following"] > 0
    [page] = (tmp_path / "site").glob("accounts/*/following/index.html")
    text = page.read_text(encoding="utf-8")
    assert "Accounts you follow" in text and all(handle in text for handle in following)
