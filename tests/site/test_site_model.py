"""The site model (every page's data) is plain data: it encodes with msgspec and gives the same pages back."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from sitekit import big_report, loaded_config, small_report
from test_site_analysis_views import analysis_report

from followscope_site.site import render
from followscope_site.site.guides import read_guides
from followscope_site.site.lists import site_lists
from followscope_site.site.pages import SiteModel, build_model, site_pages
from followscope_site.site.theme import load_theme


@pytest.mark.parametrize("make", [small_report, analysis_report, lambda: big_report(300)])
def test_the_model_survives_msgpack_and_renders_the_same_pages(make, tmp_path: Path, guides_folder: Path) -> None:  # type: ignore[no-untyped-def]
    report = make()
    model = build_model(report, site_lists(report), page_size=100, rows_per_file=1000)
    again = msgspec.msgpack.decode(msgspec.msgpack.encode(model), type=SiteModel)
    assert again == model
    loaded = loaded_config(tmp_path)
    env = render.make_environment(render.template_dirs(loaded, load_theme("default")))
    settings = render.SiteSettings("T", "private", None, 100, [], [], None, "0", "now")
    guides = read_guides(guides_folder)

    def pages(m: SiteModel) -> dict[str, bytes]:
        return {p.path: render.render_page(env, p, settings) for p in site_pages(m, settings, guides)}

    assert pages(again) == pages(model)
