"""Numbers, percentages and dates follow the site's language (CLDR through Babel), in Python and in templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import loaded_config, render_to, small_report

from followscope_site.site import locale
from followscope_site.site.pages.numbers import metric_text, number_text, percent_text, plural
from followscope_site.site.render import make_environment


@pytest.mark.parametrize(("lang", "count", "share", "day"), [
    ("en", "1,234", "29.8%", "Dec 10, 2025"),
    ("de", "1.234", "29,8\u00a0%", "10.12.2025"),
    ("fr", "1\u202f234", "29,8\u00a0%", "10 déc. 2025"),
    ("ja", "1,234", "29.8%", "2025/12/10"),
])
def test_formats_follow_the_locale(lang: str, count: str, share: str, day: str) -> None:
    assert locale.decimal(1234, lang) == count
    assert locale.percent(0.298, lang) == share
    assert locale.date("2025-12-10", lang) == day


def test_page_code_formats_in_the_language_of_the_build() -> None:
    assert (number_text(1234), percent_text(0.5), metric_text("follow_ratio", 1.5)) == ("1,234", "50%", "1.50")
    with locale.use_language("de"):
        assert number_text(1234) == "1.234"
        assert metric_text("follow_back_rate", 0.5) == "50,0\u00a0%"
        assert plural(762.5, "day") == "762,5 days"
    assert number_text(1234) == "1,234"  # back to the default once the block ends


def test_template_filters_use_the_environment_language(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("{{ 1234|count }} {{ 0.5|percent }} {{ '2025-12-10'|date }}", encoding="utf-8")
    assert make_environment([tmp_path], lang="de").get_template("t.html").render() == "1.234 50\u00a0% 10.12.2025"
    assert make_environment([tmp_path]).get_template("t.html").render() == "1,234 50% Dec 10, 2025"


def test_a_text_that_is_no_date_is_kept() -> None:
    assert locale.date("not known", "de") == "not known"


def test_german_site_writes_german_numbers(tmp_path: Path, guides_folder: Path) -> None:
    report = small_report()
    report.accounts[0].counts["followers"] = 12_345
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path, language="de"), guides_folder)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in html
    assert "12.345" in html and "12,345" not in html


@pytest.mark.parametrize("lang", ["en", "es", "de", "fr", "hi", "ar", "ru"])
def test_the_group_separator_is_the_one_in_the_page_numbers(lang: str) -> None:
    """list.js and search.js group their counts with it: it must give what decimal() writes (Spanish 9.654,
    Hindi 1,234,567 in threes), whatever Intl.NumberFormat would do."""
    group = locale.group_separator(lang)
    for n in (9_654, 1_234_567):
        digits = str(n)
        grouped = "".join(c + (group if (len(digits) - i - 1) % 3 == 0 and i < len(digits) - 1 else "")
                          for i, c in enumerate(digits))
        assert locale.decimal(n, lang) == grouped


def test_a_deleted_placeholder_reads_as_words_in_every_direction() -> None:
    from followscope_site.site.pages.lists import deleted_words

    assert deleted_words("__deleted__x1") == "deleted account (__deleted__x1)"
    with locale.use_language("es"):
        assert deleted_words("{handle}") == "cuenta eliminada ({handle})"
    with locale.use_language("ar"):  # isolated, so the placeholder keeps its order in right-to-left text
        assert "\u2068__deleted__x1\u2069" in deleted_words("__deleted__x1")
