"""Gold files of the small fixed site: any change to a page, a data file or report.json is a reviewable diff."""

from __future__ import annotations

from pathlib import Path

from goldtest import compare
from sitekit import loaded_config, render_to, small_report

from followscope_site.site.privacy import KEY_FILE
from followscope_site.site.report_json import DataLimits


def test_small_site_matches_gold(small_site: Path) -> None:
    compare("small", small_site)


def test_public_small_site_matches_gold(tmp_path: Path, guides_folder: Path) -> None:
    key = tmp_path / KEY_FILE  # a fixed secret, so the gold pseudonyms stay the same from run to run
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(bytes(range(32)))
    site = render_to(tmp_path / "site", small_report(),
                     loaded_config(tmp_path, privacy="public", site_url="https://alice.github.io/f/"), guides_folder)
    compare("small-public", site)


def test_report_json_with_parts_matches_gold(tmp_path: Path, guides_folder: Path) -> None:
    """Every list of more than one row written as parts of one row: report.json refers to them."""
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path), guides_folder,
                     limits=DataLimits(list_rows=1))
    compare("small-parts", site, suffixes=(".json",))
