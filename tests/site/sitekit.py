"""A small fixed Report built by hand (no importers), and a helper that renders it into a folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from followscope_site.analysis import AccountInput, analyze_account
from followscope_site.analysis.report import Change, Finding, LostAccount, Report
from followscope_site.config.schema import AnalysisConfig, Config, LoadedConfig
from followscope_site.model import Entry, Snapshot
from followscope_site.site import render_site
from followscope_site.site.report_json import DEFAULT_LIMITS, DataLimits

EVIL = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ 7*7 }}"]
T0 = 1_700_000_000  # 2023-11-14


def _entries(handles: list[str], start: int = T0, names: dict[str, str] | None = None) -> dict[str, Entry]:
    names = names or {}
    return {h: Entry(h, start + i * 86_400, names.get(h)) for i, h in enumerate(handles)}


def snapshot(day: str, followers: list[str], following: list[str], **extra: list[str]) -> Snapshot:
    lists = {"followers": _entries(followers, names={"anna.example": EVIL[1]}), "following": _entries(following)}
    lists.update({name: _entries(handles) for name, handles in extra.items()})
    return Snapshot(
        platform="instagram", owner="alice", taken_at=datetime.fromisoformat(f"{day}T12:00:00+00:00"),
        source=f"exports/instagram-alice-{day}.zip", format="instagram-json", lists=lists,
        files_used=["followers_1.json", "following.json"], warnings=["followers_2.json is missing"],
    )


def small_report() -> Report:
    """Two snapshots of one Instagram account, with hostile text in names, tags and notes."""
    old = snapshot("2025-09-01", ["anna.example", "gone.fan", "ben_b"], ["anna.example", "carl.c"])
    new = snapshot(
        "2025-12-10",
        ["anna.example", "ben_b", "new.fan", "__deleted__xyz"],
        ["anna.example", "carl.c", "dora.d", "brand.co", "pending.p"],
        pending_sent=["pending.p"],
    )
    account = AccountInput(
        platform="instagram", handle="alice", label="@alice", snapshots=[old, new],
        allowlist=frozenset({"brand.co"}),
        tags={"carl.c": [EVIL[0], "friend"], "ben_b": ["friend"]},
        notes={"carl.c": EVIL[3], "dora.d": EVIL[2]},
    )
    result = analyze_account(account, AnalysisConfig())
    result.changes = [Change(
        from_date="2025-09-01", to_date="2025-12-10", gained_followers=["new.fan", "__deleted__xyz"],
        lost_followers=[LostAccount("gone.fan", "unfollowed", "likely")], new_following=["dora.d", "brand.co"],
        notes=["a note"],
    )]
    result.findings = [Finding(id="ratio-below-one", severity="notice", title="You follow more than follow you",
                               guide="follower-balance", numbers={"follow_ratio": 0.8},
                               category="not_following_back")]
    return Report(title="Alice's followers", generated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                  accounts=[result])


def big_report(n: int) -> Report:
    """One account whose fans category holds n accounts."""
    followers = [f"user{i:07d}" for i in range(n)]
    snap = snapshot("2025-12-10", followers, ["user0000001", "other.one"])
    account = AccountInput(platform="instagram", handle="big", label="@big", snapshots=[snap])
    return Report(title="Big", generated_at=datetime(2026, 1, 2, tzinfo=UTC),
                  accounts=[analyze_account(account, AnalysisConfig())])


def loaded_config(tmp_path: Path, **site: object) -> LoadedConfig:
    config = Config.model_validate({"accounts": [{"exports": "exports"}], "site": site})
    return LoadedConfig(path=tmp_path / "followscope.yaml", config=config)


def render_to(folder: Path, report: Report, loaded: LoadedConfig, guides: Path | None = None,
              limits: DataLimits = DEFAULT_LIMITS) -> Path:
    """Render the site and write it as the writer would (flat, no staging)."""
    for item in render_site(report, loaded, guides_folder=guides, limits=limits):
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
    return folder
