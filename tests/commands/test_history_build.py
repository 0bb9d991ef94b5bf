"""Held-out-style histories through the whole build: real zips in, report.json out, no invented losses.

The exports are written byte for byte as Meta writes them (examples/instagram_export.py); the history is one
synthetic account followed from 2019 on.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from followscope_site.commands.build import build
from followscope_site.config.loader import load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
from instagram_export import InstagramExport

DATES = {"june": "2025-06-01", "september": "2025-09-01", "december": "2025-12-10"}


def ts(date: str) -> int:
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())


def history(seed: int) -> tuple[dict[str, int], dict[str, int], dict[str, int], list[str]]:
    """June followers, following, December followers (September's are June's minus `lost`), lost handles."""
    rng = random.Random(seed)
    followers = {f"fan.{i:04d}": rng.randint(ts("2019-01-01"), ts("2025-05-30")) for i in range(1500)}
    following = {f"pal.{i:04d}": rng.randint(ts("2019-01-01"), ts("2025-05-30")) for i in range(400)}
    lost = rng.sample(sorted(followers), 12)
    december = {h: t for h, t in followers.items() if h not in lost}
    december.update({f"new.{i:03d}": rng.randint(ts("2025-09-02"), ts("2025-12-09")) for i in range(30)})
    return followers, following, december, lost


def write(folder: Path, date: str, followers: dict[str, int], following: dict[str, int]) -> None:
    def newest_first(accounts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(accounts.items(), key=lambda item: (-item[1], item[0]))

    InstagramExport(newest_first(followers), newest_first(following), "B").write_zip(
        folder / f"instagram-held.out-{date}-AbCdEfGh.zip")


def build_report(tmp_path: Path) -> dict:
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports\n", encoding="utf-8")
    build(load_config(tmp_path / "followscope.yaml"), output=tmp_path / "site")
    [account] = json.loads((tmp_path / "site" / "report.json").read_text(encoding="utf-8"))["accounts"]
    return account


def lost_handles(change: dict) -> set[str]:
    return {row["handle"] for row in change["lost_followers"]}


def test_a_last_year_export_between_two_full_ones(tmp_path: Path) -> None:
    followers, following, december, lost = history(1)
    exports = tmp_path / "exports"
    write(exports, DATES["june"], followers, following)
    cut = ts("2024-09-01")  # "Last year" requested on 2025-09-01
    write(exports, DATES["september"], {h: t for h, t in followers.items() if t >= cut and h not in lost[:6]},
          {h: t for h, t in following.items() if t >= cut})
    write(exports, DATES["december"], december, following)
    account = build_report(tmp_path)
    june, september, december_snapshot = account["snapshots"]
    assert september["partial"] and not june["partial"] and not december_snapshot["partial"]
    assert any("date range" in w and "2024-09" in w for w in september["warnings"])
    [change] = account["changes"]
    assert (change["from"], change["to"]) == (DATES["june"], DATES["december"])
    assert change["from_export"].endswith(f"{DATES['june']}-AbCdEfGh.zip")
    assert lost_handles(change) == set(lost)  # exactly the twelve who left, none invented
    assert change["dropped_following"] == [] and change["new_following"] == []


def test_an_export_that_silently_misses_a_block_of_followers(tmp_path: Path) -> None:
    followers, following, december, lost = history(2)
    exports = tmp_path / "exports"
    write(exports, DATES["june"], followers, following)
    september = {h: t for h, t in followers.items() if h not in lost[:6]}
    by_time = sorted(september, key=september.__getitem__, reverse=True)  # the export's own order
    dropped = set(by_time[500:560])  # 60 entries of the list gone, as a dropped page
    write(exports, DATES["september"], {h: t for h, t in september.items() if h not in dropped}, following)
    write(exports, DATES["december"], december, following)
    account = build_report(tmp_path)
    middle = account["snapshots"][1]
    assert any("same follow date" in w for w in middle["warnings"])
    first, second = account["changes"]
    assert lost_handles(first) == set(lost[:6]) and lost_handles(second) == set(lost[6:])
    assert not dropped & {row["handle"] for row in second["gained_followers"]}  # not gained again either


def test_the_newest_export_missing_a_block_of_followers(tmp_path: Path) -> None:
    followers, following, _, _ = history(3)
    exports = tmp_path / "exports"
    write(exports, DATES["june"], followers, following)
    by_time = sorted(followers, key=followers.__getitem__, reverse=True)
    dropped = set(by_time[700:800])
    write(exports, DATES["september"], {h: t for h, t in followers.items() if h not in dropped}, following)
    account = build_report(tmp_path)
    assert any("all missing at once" in w for w in account["snapshots"][1]["warnings"])
    [change] = account["changes"]
    assert change["lost_followers"] is None and change["gained_followers"] is None  # unknown, not invented
    assert change["dropped_following"] == []
