"""Page data as plain dataclasses, built from the Report: every number, slice and link is decided here.

Templates only present what these objects hold (the coverage.py html.py split of data and presentation).
site.py makes the site model (every page's data) and the pages; the other modules each build one kind of
page: accounts (overview, account pages, findings), history, lists, analysis (balance, engagement,
overlaps), charts (shapes drawn by templates/charts.html), navigation, numbers.
"""

from __future__ import annotations

from followscope_site.site.pages.navigation import Page, SiteSettings
from followscope_site.site.pages.site import SiteModel, build_model, site_pages

__all__ = ["Page", "SiteModel", "SiteSettings", "build_model", "site_pages"]
