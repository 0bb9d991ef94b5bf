"""Numbers, percentages and dates as the reader's language writes them (CLDR through Babel), in one place.

Page code that formats while the model is made (site/pages/numbers.py) reads the language of the build
from a context variable (`use_language`); templates get the same functions as filters bound to their
Environment's language (render.py), so `1,234` in English is `1.234` in German either way. Digits are
Latin in every language (Babel's default numbering system), as the platforms' own apps show them.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
from collections.abc import Iterator
from contextvars import ContextVar

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import NumberPattern, format_decimal, get_group_symbol, parse_pattern

from followscope_site.i18n import SOURCE_LANGUAGE

_LANGUAGE: ContextVar[str] = ContextVar("followscope_language", default=SOURCE_LANGUAGE)


@contextlib.contextmanager
def use_language(code: str) -> Iterator[None]:
    """Format numbers and dates for `code` inside the block (the model of a build is made in its language)."""
    token = _LANGUAGE.set(code)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def decimal(value: float, lang: str | None = None, digits: int = 1) -> str:
    """1234 -> '1,234' (en), '1.234' (de); a fraction keeps at most `digits` decimals: 762.5 -> '762,5'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    pattern = "#,##0" if isinstance(value, int) else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=_locale(lang))


def group_separator(lang: str | None = None) -> str:
    """What decimal() puts between groups of three digits: '.' (de), ',' (en), U+202F (fr). list.js and search.js
    group the numbers they write with it, so they match the page: Intl.NumberFormat would not (Spanish writes
    9654 ungrouped, CLDR's minimum grouping digits; Hindi groups by two: 12,34,567)."""
    return get_group_symbol(_locale(lang))


def fixed(value: float, digits: int, lang: str | None = None) -> str:
    """Exactly `digits` decimals, as a ratio reads: 0.5 -> '0.50' (en), '0,50' (de)."""
    return format_decimal(value, format="#,##0." + "0" * digits, locale=_locale(lang))


def percent(value: float, lang: str | None = None, min_digits: int = 0) -> str:
    """0.298 -> '29.8%' (en), '29,8 %' (fr), '%29,8' (tr): the locale's own pattern, at most one decimal."""
    locale = _locale(lang)
    return _percent_pattern(str(locale), min_digits).apply(value, locale)


def date(value: str | dt.date | dt.datetime, lang: str | None = None) -> str:
    """An export date as the reader's language writes it: 'Dec 10, 2025' (en), '10.12.2025' (de).

    Text that is not an ISO date is returned as it is, so a page never fails on a date it cannot read.
    """
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, "medium", locale=_locale(lang))


def datetime(value: dt.datetime, lang: str | None = None) -> str:
    """A build time: 'Nov 22, 2026, 10:00 UTC' (en), '22.11.2026, 10:00 UTC' (de); 24-hour UTC everywhere."""
    locale = _locale(lang)
    value = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    clock = format_time(value, "HH:mm", tzinfo=dt.UTC, locale=locale) + " UTC"
    return str(locale.datetime_formats["medium"]).format(clock, format_date(value.date(), "medium", locale=locale))


@functools.cache
def _percent_pattern(code: str, min_digits: int) -> NumberPattern:
    pattern = copy.copy(parse_pattern(Locale.parse(code).percent_formats[None].pattern))
    pattern.frac_prec = (min(min_digits, 1), 1)
    return pattern


@functools.cache
def _parse(code: str) -> Locale:
    return Locale.parse(code)


def _locale(lang: str | None) -> Locale:
    return _parse(lang or _LANGUAGE.get())
