"""Charts as data: the numbers of each chart and where its shapes go. templates/charts.html draws them as
inline SVG (no script, colours from CSS classes, a "Show the numbers" table); a theme can override it.

SVG text scales with its drawing, so one drawing cannot keep its text readable from a phone to a desktop:
every chart is laid out twice, WIDE and NARROW, and the stylesheet shows the one that fits its box (a
container query). Each layout sizes its text so that it renders at 11 px or more where it is shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from followscope_site.site.pages.numbers import count_text, percent_text
from followscope_site.site.words import _


@dataclass(frozen=True, slots=True)
class Layout:
    """A drawing size. style.css shows WIDE in boxes 36rem and wider (13 × 576/640 ≥ 11.7 px) and NARROW
    below, down to a 390 px phone's ~330 px card (12 × 330/320 ≥ 12 px)."""

    name: str
    width: int
    height: int
    font: int  # text size in viewBox units


WIDE = Layout("wide", 640, 260, 13)
NARROW = Layout("narrow", 320, 260, 12)
LAYOUTS = (WIDE, NARROW)
GAP = 8  # space kept between two labels, in viewBox units
DASHES = ("", "7 4", "2 3", "10 3 2 3")  # series 1…4 differ in dash and marker, not only in colour
MARKERS = ("circle", "square", "triangle", "diamond")
STROKES = ("4", "3", "2.5", "2.5")  # the first series widest, so a later one drawn on top never hides it


@dataclass(frozen=True, slots=True)
class Series:
    """One named run of values; `css` picks its colour in the theme (chart-1 … chart-4)."""

    name: str
    values: list[int]
    css: str


@dataclass(frozen=True, slots=True)
class RateSeries:
    """Shares between 0 and 1 across snapshots; None where a snapshot lacks the lists to compute one."""

    name: str
    values: list[float | None]
    css: str


@dataclass(slots=True)
class Mark:
    """One shape of a chart, its coordinates as drawn (rounded text). shape: rect (x, y, width, height),
    line (x, y to x2, y2), text (x, y, anchor, text, then `more` lines below), polyline and polygon (points),
    circle (x, y, r). `dash` and `stroke` set a line's dash pattern and width."""

    shape: str
    css: str
    x: str = ""
    y: str = ""
    width: str = ""
    height: str = ""
    x2: str = ""
    y2: str = ""
    points: str = ""
    r: str = ""
    text: str = ""
    anchor: str = ""
    more: list[str] = field(default_factory=list)
    dash: str = ""
    stroke: str = ""


@dataclass(slots=True)
class LegendKey:
    """A legend entry: its sample drawing (a swatch, or a line with its marker) and, for parts, its number."""

    name: str
    css: str
    marks: list[Mark] = field(default_factory=list)
    value: str = ""


@dataclass(slots=True)
class Drawing:
    """One layout of a chart: the SVG's size, text size and shapes."""

    layout: str
    width: int
    height: int
    font: int
    marks: list[Mark]


@dataclass(slots=True)
class Chart:
    id: str
    title: str
    desc: str
    drawings: list[Drawing]  # one per layout; empty when `single` says it in words
    headers: list[str]  # the data table: column headers, then rows of cells (the first is the row's header)
    rows: list[list[str]]
    legend: list[LegendKey] = field(default_factory=list)
    single: list[tuple[str, str]] = field(default_factory=list)  # one snapshot: (series, value), no line
    single_label: str = ""  # that snapshot's label


def _f(value: float) -> str:
    return f"{value:.1f}"


def text_width(text: str, font: float) -> float:
    """An estimate of a label's width, on the generous side: digits are the widest glyphs of common system
    fonts (0.64 em in DejaVu Sans), most letters narrower."""
    return sum(0.64 if c.isdigit() or c in "%–—" else 0.32 if c == " " else 0.58 for c in text) * font


def _scale(top: int) -> int:
    """A round upper bound for the value axis, divisible by 4 (five grid lines with whole numbers)."""
    if top <= 4:
        return 4
    step = 10 ** (len(str(top)) - 1)
    bound = ((top + step - 1) // step) * step
    return bound + (-bound) % 4


@dataclass(frozen=True, slots=True)
class _Plot:
    """The plotting area of one layout: left edge (after the value labels), right edge, top and bottom."""

    lay: Layout
    left: float
    top: float = 12

    @property
    def right(self) -> float:
        return self.lay.width - 8

    @property
    def bottom(self) -> float:
        return self.lay.height - 2.6 * self.lay.font - 8  # room for two lines of x labels

    @property
    def w(self) -> float:
        return self.right - self.left

    @property
    def h(self) -> float:
        return self.bottom - self.top


def _value_axis(lay: Layout, labels: list[str]) -> tuple[_Plot, list[Mark]]:
    """Five grid lines, bottom to top, each with its label; the plot starts after the widest label."""
    left = max(text_width(t, lay.font) for t in labels) + 10
    plot = _Plot(lay, left)
    marks = []
    for i, label in enumerate(labels):
        y = plot.bottom - plot.h * i / 4
        marks.append(Mark("line", "grid", x=_f(left), y=_f(y), x2=_f(plot.right), y2=_f(y)))
        marks.append(Mark("text", "tick", x=_f(left - 6), y=_f(y + lay.font * 0.35), anchor="end", text=label))
    return plot, marks


def _wrap(label: str, room: float, font: float) -> list[str] | None:
    """The label in one or two lines of at most `room` wide, or None when it does not fit."""
    if text_width(label, font) <= room:
        return [label]
    words = label.split()
    for cut in range(len(words) - 1, 0, -1):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        if all(text_width(line, font) <= room for line in lines):
            return lines
    return None


def _slot_labels(plot: _Plot, labels: list[str], x_of: Callable[[int], float], slot: float) -> list[Mark]:
    """Labels under evenly spaced slots: whole (wrapped onto two lines if need be) when every one fits,
    else every k-th label so that neighbours never run together."""
    font = plot.lay.font
    wrapped = [_wrap(label, slot - GAP / 2, font) for label in labels]
    every = 1
    if any(w is None for w in wrapped):
        widest = max(text_width(label, font) for label in labels)
        every = max(1, math.ceil((widest + GAP) / slot))
        wrapped = [[label] for label in labels]
    y = plot.bottom + font + 4

    def x_in(i: int, lines: list[str]) -> float:  # a label near an edge moves inwards rather than off the SVG
        half = max(text_width(line, font) for line in lines) / 2
        return min(max(x_of(i), half + 1), plot.lay.width - half - 1)

    return [Mark("text", "tick", x=_f(x_in(i, lines)), y=_f(y), anchor="middle", text=lines[0], more=lines[1:])
            for i, lines in enumerate(wrapped) if i % every == 0 and lines]


def _point_labels(plot: _Plot, labels: list[str], x_of: Callable[[int], float]) -> list[Mark]:
    """Labels under the points of a line chart: the first and last always, others only where they fit."""
    font, n = plot.lay.font, len(labels)

    def span(i: int) -> tuple[float, float, str]:
        w, x = text_width(labels[i], font), x_of(i)
        if i == 0:
            return x, x + w, "start"
        if i == n - 1:
            return x - w, x, "end"
        return x - w / 2, x + w / 2, "middle"

    kept: list[int] = []
    for i in range(n):
        if i == n - 1:
            while kept and span(kept[-1])[1] + GAP > span(i)[0]:
                kept.pop()
        if not kept or span(kept[-1])[1] + GAP <= span(i)[0]:
            kept.append(i)
    y = plot.bottom + font + 4
    return [Mark("text", "tick", x=_f(x_of(i)), y=_f(y), anchor=span(i)[2], text=labels[i]) for i in kept]


def _marker(kind: str, css: str, x: float, y: float, size: float) -> Mark:
    if kind == "square":
        return Mark("rect", f"marker {css}", x=_f(x - size), y=_f(y - size), width=_f(2 * size), height=_f(2 * size))
    if kind == "triangle":
        pts = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)]
    elif kind == "diamond":
        pts = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
    else:
        return Mark("circle", f"marker {css}", x=_f(x), y=_f(y), r=_f(size))
    return Mark("polygon", f"marker {css}", points=" ".join(f"{px:.1f},{py:.1f}" for px, py in pts))


def _line_key(name: str, css: str, i: int) -> LegendKey:
    """A legend sample: the series' line with its dash, width and marker, in a 28 × 12 box."""
    return LegendKey(name, css, [
        Mark("line", f"line {css}", x="1", y="6", x2="27", y2="6", dash=DASHES[i % 4], stroke=STROKES[i % 4]),
        _marker(MARKERS[i % 4], css, 14, 6, 3.5),
    ])


def composition(chart_id: str, title: str, desc: str, parts: list[Series]) -> Chart:
    """One horizontal bar split into parts (e.g. mutuals / fans / not following back), each part labelled
    with its number where the label fits inside it, and every number in the legend."""
    total = sum(s.values[0] for s in parts)
    drawings = []
    for lay in LAYOUTS:
        x, marks, bar_w, bar_h = 4.0, [], lay.width - 8.0, 2.8 * lay.font
        for s in parts:
            w = bar_w * s.values[0] / total if total else 0
            if w > 0:
                marks.append(Mark("rect", f"part {s.css}", x=_f(x), y="4", width=_f(max(w - 2, 1)), height=_f(bar_h)))
                label = count_text(s.values[0])
                if text_width(label, lay.font) + GAP <= w - 2:
                    marks.append(Mark("text", f"bar-label on-{s.css}", x=_f(x + (w - 2) / 2),
                                      y=_f(4 + bar_h / 2 + lay.font * 0.35), anchor="middle", text=label))
            x += w
        if not total:
            marks.append(Mark("rect", "grid", x="4", y="4", width=_f(bar_w), height=_f(bar_h)))
        drawings.append(Drawing(lay.name, lay.width, int(bar_h + 8), lay.font, marks))
    share = [percent_text(s.values[0] / total) if total else "–" for s in parts]  # as the cards write it
    rows = [[s.name, count_text(s.values[0]), p] for s, p in zip(parts, share, strict=True)]
    legend = [LegendKey(s.name, s.css, [Mark("rect", s.css, x="0", y="0", width="12", height="12")],
                        # the share isolated left to right: in a right-to-left legend the bidi algorithm
                        # would otherwise move the percent sign across the number ("(%5.9)")
                        f"{count_text(s.values[0])} (\u2066{p}\u2069)" if total else count_text(0))
              for s, p in zip(parts, share, strict=True)]
    return Chart(chart_id, title, desc, drawings, [_("Group"), _("Accounts"), _("Share")], rows, legend)


def bars(chart_id: str, title: str, desc: str, labels: list[str], series: Series, label_header: str) -> Chart:
    """Vertical bars, one per label (follows per month, age buckets), each with its value where it fits."""
    top = _scale(max(series.values, default=0))
    drawings = []
    for lay in LAYOUTS:
        plot, marks = _value_axis(lay, [count_text(top * i // 4) for i in range(5)])
        n = max(len(labels), 1)
        slot = plot.w / n

        def x_of(i: int, plot: _Plot = plot, slot: float = slot) -> float:
            return plot.left + (i + 0.5) * slot

        # every bar's value above it when every value fits its slot, else none (the table has them all)
        labelled = all(text_width(count_text(v), lay.font) + 2 <= slot for v in series.values)
        for i, value in enumerate(series.values):
            h = plot.h * value / top
            marks.append(Mark("rect", series.css, x=_f(x_of(i) - slot * 0.4), y=_f(plot.bottom - h),
                              width=_f(slot * 0.8), height=_f(h)))
            if labelled:
                marks.append(Mark("text", "value", x=_f(x_of(i)), y=_f(plot.bottom - h - 4), anchor="middle",
                                  text=count_text(value)))
        marks += _slot_labels(plot, labels, x_of, slot)
        drawings.append(Drawing(lay.name, lay.width, lay.height, lay.font, marks))
    rows = [[label, count_text(v)] for label, v in zip(labels, series.values, strict=True)]
    return Chart(chart_id, title, desc, drawings, [label_header, series.name], rows)


def _x_of(plot: _Plot, n: int) -> Callable[[int], float]:
    """Points spread evenly, the first and last a marker's width inside the plot (clear of the axis)."""
    inset = 10.0
    step = (plot.w - 2 * inset) / (n - 1) if n > 1 else 0
    return lambda i: plot.left + (inset + i * step if n > 1 else plot.w / 2)


def _runs(values: list[float | None]) -> list[list[tuple[int, float]]]:
    """Unbroken runs of known values: a missing value breaks the line instead of faking a zero."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _line_drawings(labels: list[str], values: list[list[float | None]], css: list[str], top: float,
                   tick_labels: list[str]) -> list[Drawing]:
    drawings = []
    for lay in LAYOUTS:
        plot, marks = _value_axis(lay, tick_labels)
        x_of = _x_of(plot, len(labels))
        marks += _point_labels(plot, labels, x_of)
        for k, (vals, klass) in enumerate(zip(values, css, strict=True)):
            for run in _runs(vals):
                pts = [(x_of(i), plot.bottom - plot.h * min(max(v / top, 0.0), 1.0)) for i, v in run]
                if len(pts) > 1:
                    marks.append(Mark("polyline", f"line {klass}", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in pts),
                                      dash=DASHES[k % 4], stroke=STROKES[k % 4]))
                marks += [_marker(MARKERS[k % 4], klass, x, y, 5 - k * 0.5) for x, y in pts]
        drawings.append(Drawing(lay.name, lay.width, lay.height, lay.font, marks))
    return drawings


def lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    """Lines across snapshots (followers and following over time). A single snapshot draws no line: the
    chart says its values instead."""
    rows = [[label, *(count_text(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    legend = [_line_key(s.name, s.css, i) for i, s in enumerate(series)]
    chart = Chart(chart_id, title, desc, [], [_("Snapshot"), *(s.name for s in series)], rows, legend)
    if len(labels) == 1:
        chart.single = [(s.name, count_text(s.values[0])) for s in series]
        chart.single_label, chart.legend = labels[0], []
        return chart
    top = _scale(max((v for s in series for v in s.values), default=0))
    chart.drawings = _line_drawings(labels, [list(s.values) for s in series], [s.css for s in series], top,
                                    [count_text(top * i // 4) for i in range(5)])
    return chart


def rate_lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[RateSeries]) -> Chart:
    """Lines of shares (0–100 %) across snapshots; a missing value breaks the line instead of faking a zero."""
    rows = [[label, *(percent_text(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    legend = [_line_key(s.name, s.css, i) for i, s in enumerate(series)]
    chart = Chart(chart_id, title, desc, [], [_("Snapshot"), *(s.name for s in series)], rows, legend)
    if len(labels) == 1:
        chart.single = [(s.name, percent_text(s.values[0])) for s in series]
        chart.single_label, chart.legend = labels[0], []
        return chart
    chart.drawings = _line_drawings(labels, [list(s.values) for s in series], [s.css for s in series], 1.0,
                                    [percent_text(i / 4) for i in range(5)])
    return chart
