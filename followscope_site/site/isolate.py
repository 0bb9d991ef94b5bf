"""Dates in running text as `<time dir="ltr">`: an ISO date inside right-to-left words would otherwise show its
parts reversed (the bidi algorithm reads 2025-12-10 after Arabic letters as three numbers), and a line could
break at its hyphens. The theme's `time` rule keeps each one whole; this is the one place that marks them."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A whole date, not part of a path, a file name or a timestamp; a word of another script may touch it (Arabic
# writes "and" as a prefix: و2025-12-10).
_ISO_DATE = re.compile(r"(?<![0-9A-Za-z_./-])(\d{4}-\d\d-\d\d)(?![0-9A-Za-z_-])")
_TAG = re.compile(r"(<[^>]*>)")


def isolate_dates(value: object) -> Markup:
    """Text (escaped) or Markup with each ISO date in its text, outside tags and existing <time>s, wrapped."""
    parts = _TAG.split(str(escape(value)))
    in_time = False
    for i, part in enumerate(parts):
        if i % 2:
            in_time = part.startswith("<time") or (in_time and not part.startswith("</time"))
        elif not in_time:
            parts[i] = _ISO_DATE.sub(r'<time datetime="\1" dir="ltr">\1</time>', part)
    return Markup("".join(parts))
