"""The words Python code puts on pages, in the language of the page being made (`locale.use_language`).

Templates say their words themselves ({{ _("…") }}); these are for the words that page data carries (list
titles, chart labels, crumbs). `N_` marks a constant for extraction only: it is translated where it is used.
Placeholders are `%(name)s`, as in the templates, so one catalog style serves both.
"""

from __future__ import annotations

from followscope_site.i18n import N_, SOURCE_LANGUAGE, translations
from followscope_site.site.locale import current_language

__all__ = ["N_", "_", "ngettext"]


def _(message: str) -> str:
    """`message` in the current language (itself in English, or when the catalog lacks it)."""
    code = current_language()
    return message if code == SOURCE_LANGUAGE else translations(code).gettext(message)


def ngettext(singular: str, plural: str, n: int | float) -> str:
    """The singular or a plural form for `n`, by the current language's plural rules (CLDR)."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    # gettext's plural rules take whole numbers; a fraction ("762.5 days") reads as a plural
    whole = int(n) if float(n).is_integer() else 2
    return translations(code).ngettext(singular, plural, whole)
