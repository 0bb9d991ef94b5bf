"""The site: page data as plain dataclasses, rendered by Jinja templates, written by one writer."""

from __future__ import annotations

from followscope_site.site.render import render_site

__all__ = ["render_site"]
