"""Charts as data (site/pages/charts.py): one number format, labels that fit and never run together, series
told apart by more than colour, and no line drawn through a single snapshot."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from followscope_site.site.pages import charts
from followscope_site.site.pages.charts import LAYOUTS, Chart, Mark, text_width

MONTHS = [f"{2023 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]
BUCKETS = ["under 1 month", "1–3 months", "3–12 months", "1–2 years", "2+ years"]


def _texts(chart: Chart) -> list[tuple[str, Mark]]:
    return [(d.layout, m) for d in chart.drawings for m in d.marks if m.shape == "text"]


def _span(m: Mark, font: int) -> tuple[float, float]:
    w = max(text_width(line, font) for line in [m.text, *m.more])
    x = float(m.x)
    return {"start": (x, x + w), "end": (x - w, x), "middle": (x - w / 2, x + w / 2)}[m.anchor]


def _undated(text: str) -> str:
    return re.sub(r"\d{4}-\d\d(-\d\d)?", "", text)


def _assert_readable(chart: Chart) -> None:
    """Every label inside its drawing, x labels on one row never overlapping, no 4-digit number unseparated."""
    for d in chart.drawings:
        texts = [m for m in d.marks if m.shape == "text"]
        for m in texts:
            left, right = _span(m, d.font)
            assert left >= -0.5 and right <= d.width + 0.5, (d.layout, m.text, left, right)
            assert not re.search(r"\d{4}", _undated(m.text)), m.text
        rows: dict[str, list[tuple[float, float]]] = {}
        for m in texts:
            rows.setdefault(m.y, []).append(_span(m, d.font))
        for spans in rows.values():  # the labels of one row (an x axis, or values above bars)
            spans.sort()
            for (_, right), (left, _) in pairwise(spans):
                assert right <= left, (d.layout, spans)
    for row in chart.rows:
        assert not any(re.search(r"\d{4}", _undated(cell)) for cell in row[1:]), row


def test_composition_labels_parts_with_separators_and_readable_ink() -> None:
    parts = [charts.Series("Mutual followers", [627], "chart-1"), charts.Series("Fans", [9654], "chart-2"),
             charts.Series("Not following back", [268], "chart-3")]
    chart = charts.composition("c", "Who follows whom", "desc", parts)
    assert [d.layout for d in chart.drawings] == [lay.name for lay in LAYOUTS]
    labels = {m.text: m.css for _, m in _texts(chart)}
    assert labels["9,654"] == "bar-label on-chart-2"  # the text colour is made for its own part's fill
    assert "9654" not in labels
    # each share isolated left to right (U+2066 … U+2069), so a right-to-left page keeps "(5.9%)" in order
    assert [k.value for k in chart.legend] == ["627 (\u20665.9%\u2069)", "9,654 (\u206691.5%\u2069)",
                                               "268 (\u20662.5%\u2069)"]
    assert chart.rows[1] == ["Fans", "9,654", "91.5%"]
    _assert_readable(chart)


def test_composition_of_nothing_draws_an_empty_bar() -> None:
    chart = charts.composition("c", "t", "d", [charts.Series("A", [0], "chart-1")])
    assert all(m.css == "grid" for d in chart.drawings for m in d.marks)
    assert chart.legend[0].value == "0"


def test_month_labels_are_thinned_so_they_never_run_together() -> None:
    values = [i * 397 % 1500 for i in range(36)]
    chart = charts.bars("m", "Follows per month", "d", MONTHS, charts.Series("Follows", values, "chart-1"), "Month")
    _assert_readable(chart)
    for d in chart.drawings:
        shown = [m.text for m in d.marks if m.shape == "text" and m.text in MONTHS]
        assert 3 <= len(shown) < 36 and shown[0] == MONTHS[0]
    assert any(m.text == "1,500" for _, m in _texts(chart)), "axis values carry separators"


def test_bucket_labels_wrap_onto_two_lines_rather_than_disappear() -> None:
    chart = charts.bars("b", "Age", "d", BUCKETS, charts.Series("Accounts", [60, 0, 36, 34, 1138], "chart-3"),
                        "Followed")
    _assert_readable(chart)
    for d in chart.drawings:
        shown = [" ".join([m.text, *m.more]) for m in d.marks if m.shape == "text" and m.css == "tick"]
        assert all(b in shown for b in BUCKETS), (d.layout, shown)
        values = [m.text for m in d.marks if m.css == "value"]
        assert values in ([], ["60", "0", "36", "34", "1,138"])  # every bar's value, or none


def test_series_differ_in_dash_marker_and_width() -> None:
    chart = charts.lines("h", "History", "d", ["2025-01-01", "2025-06-01"],
                         [charts.Series("Followers", [9654, 9700], "chart-1"),
                          charts.Series("Following", [9654, 9700], "chart-2")])
    lines = [m for m in chart.drawings[0].marks if m.shape == "polyline"]
    assert len(lines) == 2 and lines[0].points == lines[1].points  # the same values: drawn on top of each other
    assert lines[0].dash != lines[1].dash and float(lines[0].stroke) > float(lines[1].stroke)
    markers = [m.shape for m in chart.drawings[0].marks if "marker" in m.css]
    assert set(markers) == {"circle", "rect"}
    assert [len(k.marks) for k in chart.legend] == [2, 2]
    _assert_readable(chart)


@pytest.mark.parametrize("n", [2, 3, 7, 40])
def test_point_labels_keep_first_and_last_and_never_overlap(n: int) -> None:
    labels = [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]
    chart = charts.lines("h", "t", "d", labels, [charts.Series("Followers", list(range(n)), "chart-1")])
    _assert_readable(chart)
    for d in chart.drawings:
        shown = [m.text for m in d.marks if m.shape == "text" and m.text in labels]
        assert shown[0] == labels[0] and shown[-1] == labels[-1]


def test_one_snapshot_says_its_values_instead_of_drawing_dots() -> None:
    chart = charts.lines("h", "t", "d", ["2025-12-10"], [charts.Series("Followers", [25000], "chart-1"),
                                                       charts.Series("Following", [2802], "chart-2")])
    assert chart.drawings == [] and chart.legend == []
    assert chart.single == [("Followers", "25,000"), ("Following", "2,802")] and chart.single_label == "2025-12-10"
    assert chart.rows == [["2025-12-10", "25,000", "2,802"]]
    rates = charts.rate_lines("r", "t", "d", ["2025-12-10"], [charts.RateSeries("Rate", [0.5], "chart-1")])
    assert rates.drawings == [] and rates.single == [("Rate", "50%")]


def test_a_missing_rate_breaks_the_line() -> None:
    chart = charts.rate_lines("r", "t", "d", ["a", "b", "c", "d"],
                              [charts.RateSeries("Rate", [0.5, 0.6, None, 0.7], "chart-1")])
    d = chart.drawings[0]
    assert len([m for m in d.marks if m.shape == "polyline"]) == 1  # a–b; d stands alone as a marker
    assert len([m for m in d.marks if "marker" in m.css]) == 3
    assert chart.rows[2] == ["c", "–"] and chart.rows[0] == ["a", "50%"]


def test_layout_text_stays_readable_where_it_is_shown() -> None:
    """WIDE shows in boxes ≥ 36rem (576 px), NARROW down to a 390 px phone's ~330 px card: ≥ 11 px both."""
    wide, narrow = LAYOUTS
    assert wide.font * 576 / wide.width >= 11
    assert narrow.font * 330 / narrow.width >= 11
