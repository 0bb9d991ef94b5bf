"""The site: page data as plain dataclasses, rendered by Jinja templates, written by one writer."""

from __future__ import annotations

from collections.abc import Iterator

from followscope_site.analysis.report import Report
from followscope_site.config.schema import LoadedConfig
from followscope_site.site.report_json import render_report_json
from followscope_site.site.writer import OutputFile


def render_site(report: Report, loaded: LoadedConfig) -> Iterator[OutputFile]:
    """Every file of the site, one at a time (pages of big categories are never all in memory)."""
    yield OutputFile("report.json", render_report_json(report))
    yield OutputFile("index.html", b"<!doctype html><title>FollowScope</title><p>site renderer pending</p>\n")
