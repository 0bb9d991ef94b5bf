"""Fixtures of the site tests: a temporary guides folder and the small site rendered once per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import loaded_config, render_to, small_report


@pytest.fixture
def guides_folder(tmp_path: Path) -> Path:
    """Two tiny guides, so the tests don't depend on the real guide texts."""
    folder = tmp_path / "guides"
    folder.mkdir()
    (folder / "follower-balance.md").write_text(
        "---\ntitle: Follower balance\nsummary: What the ratio says.\norder: 1\ndraws_on: Test article\n---\n\n"
        "See the [glossary](glossary.md) and [an article](https://example.org/a). <b>raw</b>\n"
        "[bad](javascript:alert(1))\n\n## Where this comes from\n\nIt draws on \"Test article\".\n", encoding="utf-8")
    (folder / "glossary.md").write_text(
        "---\ntitle: Glossary\norder: 9\n---\n\n- `mutuals`: **Mutual followers**.\n", encoding="utf-8")
    return folder


@pytest.fixture
def small_site(tmp_path: Path, guides_folder: Path) -> Path:
    return render_to(tmp_path / "site", small_report(), loaded_config(tmp_path), guides_folder)
