"""Numbers as people read them: counts with separators, rates as %, days as "N days", metrics."""

from __future__ import annotations

import math

from followscope_site.site import locale
from followscope_site.site.texts import NUMBER_LABELS, THRESHOLD_LABELS
from followscope_site.site.words import N_, _, ngettext


def count_text(value: int) -> str:
    """12,345 (en), 12.345 (de): the one number format of the site (pages, charts and the `count` filter)."""
    return locale.decimal(value)


def number_text(value: int | None) -> str:
    return _("not in this export") if value is None else locale.decimal(value)


def metric_text(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    return locale.fixed(value, 2) if key == "follow_ratio" else locale.percent(value, min_digits=1)


def plural(count: int | float, noun: str, nouns: str | None = None) -> str:
    """'1 day', '2 days', '762.5 days', '1,234 days'."""
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    text = locale.decimal(count)
    return f"{text} {noun if count == 1 else nouns or noun + 's'}"


def days_text(count: int | float) -> str:
    """'1 day', '2 days', '1,234 days', in the page's language; whole days (a median of 762 and 763 reads '763
    days': waits are counted in whole days, and half a day is noise to a reader)."""
    if isinstance(count, float):
        count = math.floor(count + 0.5)
    return ngettext("%(num)s day", "%(num)s days", count) % {"num": locale.decimal(count)}


def number_value(value: float | int | None) -> str:
    """1234 -> '1,234', 762.5 -> '762.5', 7.0 -> '7'; '–' when unknown."""
    if value is None:
        return "–"
    return locale.decimal(value)


def ratio_text(value: float | None) -> str:
    return "–" if value is None else locale.fixed(value, 2)


def percent_text(value: float | None) -> str:
    """0.5 -> '50%', 0.298 -> '29.8%'; '–' for an unknown share."""
    if value is None:
        return "–"
    return locale.percent(value)


def _number_value(kind: str, value: float | int) -> str:
    if kind == "rate":
        return percent_text(float(value))
    if kind == "ratio":
        return locale.fixed(value, 2)
    if kind == "days":
        return days_text(value)
    return locale.decimal(value, digits=6)


def numbers_text(finding_id: str, numbers: dict[str, float | int | None]) -> str:
    """A finding's numbers for people: named, rates as %, days as 'N days', counts with separators."""
    parts = []
    for key, value in numbers.items():
        if value is None:
            continue
        if key == "threshold":
            label, kind = THRESHOLD_LABELS.get(finding_id, (N_("threshold"), "count"))
        else:
            label, kind = NUMBER_LABELS.get(key, (key.replace("_", " "), "count"))
        parts.append(_("%(name)s: %(value)s") % {"name": _(label), "value": _number_value(kind, value)})
    return " · ".join(parts)
