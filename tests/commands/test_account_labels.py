"""A config entry's `label:` names one account: an Instagram export's Threads account gets a label of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site.commands.build import load_accounts
from followscope_site.config.loader import load_config

DEMO = Path(__file__).resolve().parents[2] / "examples" / "exports" / "instagram"


def _labels(tmp_path: Path, entry: str) -> dict[str, str]:
    path = tmp_path / "followscope.yaml"
    path.write_text(f"accounts:\n  - exports: {DEMO.as_posix()}\n{entry}", encoding="utf-8")
    return {a.platform: a.label for a in load_accounts(load_config(path))}


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWSCOPE_NO_CACHE", "1")


def test_the_label_stays_with_the_exports_own_account(tmp_path: Path) -> None:
    labels = _labels(tmp_path, "    label: My main account\n")
    assert labels == {"instagram": "My main account", "threads": "@demo.account"}


def test_with_a_platform_the_label_names_that_platforms_account(tmp_path: Path) -> None:
    assert _labels(tmp_path, "    platform: instagram\n    label: Mine\n")["instagram"] == "Mine"


def test_without_a_label_each_account_is_named_by_its_handle(tmp_path: Path) -> None:
    assert _labels(tmp_path, "") == {"instagram": "@demo.account", "threads": "@demo.account"}
