"""Gold files of the small fixed site: any change to a page shows up as a reviewable diff."""

from __future__ import annotations

from pathlib import Path

from goldtest import compare
from sitekit import loaded_config, render_to, small_report

from followscope_site.site.privacy import KEY_FILE


def test_small_site_matches_gold(small_site: Path) -> None:
    compare("small", small_site)


def test_public_small_site_matches_gold(tmp_path: Path, guides_folder: Path) -> None:
    key = tmp_path / KEY_FILE  # a fixed secret, so the gold pseudonyms stay the same from run to run
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(bytes(range(32)))
    site = render_to(tmp_path / "site", small_report(),
                     loaded_config(tmp_path, privacy="public", site_url="https://alice.github.io/f/"), guides_folder)
    compare("small-public", site)
