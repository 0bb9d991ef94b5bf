"""Charts as data: the numbers of each chart and where its shapes go. templates/charts.html draws them as
inline SVG (no script, colours from CSS classes, a table for screen readers); a theme can override it.

Every chart is a <figure> whose <svg role="img"> is labelled by its own <title> and <desc>, followed by
the same numbers as a visually hidden table (WAI "complex images" pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


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
    line (x, y to x2, y2), text (x, y, anchor, text), polyline (points), circle (x, y, r)."""

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


@dataclass(slots=True)
class LegendKey:
    name: str
    css: str


@dataclass(slots=True)
class Chart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    marks: list[Mark]
    headers: list[str]  # the data table: column headers, then rows of cells (the first is the row's header)
    rows: list[list[str]]
    legend: list[LegendKey] = field(default_factory=list)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _fmt(value: int) -> str:
    return f"{value:,}"


def _short(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return str(value)


def _scale(top: int) -> int:
    """A round upper bound for the value axis, divisible by 4 (five grid lines with whole numbers)."""
    if top <= 4:
        return 4
    step = 10 ** (len(str(top)) - 1)
    bound = ((top + step - 1) // step) * step
    return bound + (-bound) % 4


def _axis(top: int, label: Callable[[int], str] = lambda i: "") -> list[Mark]:
    """Five grid lines with their value beside each; `label(i)` overrides the value of line i."""
    plot_h = HEIGHT - TOP - BOTTOM
    marks = []
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        marks.append(Mark("line", "grid", x=str(LEFT), y=_f(y), x2=str(WIDTH - RIGHT), y2=_f(y)))
        marks.append(Mark("text", "tick", x=str(LEFT - 6), y=_f(y + 4), anchor="end",
                          text=label(i) or _short(top * i // 4)))
    return marks


def _x_ticks(labels: list[str], point: Callable[[int, int], tuple[float, float]]) -> list[Mark]:
    """At most about eight date labels under a line chart's x axis, the first and last always shown."""
    n = len(labels)
    every = max(1, n // 8)
    ticks = []
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x, _ = point(i, 0)
            anchor = "middle" if n == 1 else ("start" if i == 0 else "end" if i == n - 1 else "middle")
            ticks.append(Mark("text", "tick", x=_f(x), y=str(HEIGHT - BOTTOM + 16), anchor=anchor, text=label))
    return ticks


def composition(chart_id: str, title: str, desc: str, parts: list[Series]) -> Chart:
    """One horizontal bar split into parts (e.g. mutuals / fans / not following back)."""
    total = sum(s.values[0] for s in parts)
    x, marks = float(LEFT), []
    bar_w = WIDTH - LEFT - RIGHT
    for s in parts:
        w = bar_w * s.values[0] / total if total else 0
        if w > 0:
            marks.append(Mark("rect", s.css, x=_f(x), y="10", width=_f(w), height="80"))
            if w > 60:
                marks.append(Mark("text", "bar-label", x=_f(x + w / 2), y="56", anchor="middle",
                                  text=_short(s.values[0])))
        x += w
    if not total:
        marks.append(Mark("text", "tick", x=str(WIDTH / 2), y="56", anchor="middle", text="no accounts"))
    rows = [[s.name, _fmt(s.values[0]), f"{100 * s.values[0] / total:.1f}%" if total else "–"] for s in parts]
    return Chart(chart_id, title, desc, WIDTH, 100, marks, ["Group", "Accounts", "Share"], rows,
                 [LegendKey(s.name, s.css) for s in parts])


def bars(chart_id: str, title: str, desc: str, labels: list[str], series: Series, label_header: str) -> Chart:
    """Vertical bars, one per label (follows per month, age buckets)."""
    top = _scale(max(series.values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(labels), 1)
    slot = plot_w / n
    marks = _axis(top)
    every = max(1, n // 12)  # at most about 12 axis labels, so they never overlap
    for i, (label, value) in enumerate(zip(labels, series.values, strict=True)):
        h = plot_h * value / top
        x = LEFT + i * slot
        marks.append(Mark("rect", series.css, x=_f(x + slot * 0.1), y=_f(TOP + plot_h - h), width=_f(slot * 0.8),
                          height=_f(h)))
        if i % every == 0:
            marks.append(Mark("text", "tick", x=_f(x + slot / 2), y=str(HEIGHT - BOTTOM + 16), anchor="middle",
                              text=label))
    rows = [[label, _fmt(v)] for label, v in zip(labels, series.values, strict=True)]
    return Chart(chart_id, title, desc, WIDTH, HEIGHT, marks, [label_header, series.name], rows)


def _points(n: int) -> tuple[float, Callable[[int], float]]:
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / (n - 1) if n > 1 else 0
    return step, lambda i: LEFT + (i * step if n > 1 else plot_w / 2)


def lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]) -> Chart:
    """Lines across snapshots (followers and following over time); a single point shows as a dot."""
    top = _scale(max((v for s in series for v in s.values), default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    _, x_of = _points(len(labels))

    def point(i: int, v: int) -> tuple[float, float]:
        return x_of(i), TOP + plot_h - plot_h * v / top

    marks = [*_axis(top), *_x_ticks(labels, point)]
    for s in series:
        points = [point(i, v) for i, v in enumerate(s.values)]
        if len(points) > 1:
            marks.append(Mark("polyline", f"line {s.css}", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points)))
        marks += [Mark("circle", s.css, x=_f(x), y=_f(y), r="4") for x, y in points]
    rows = [[label, *(_fmt(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    return Chart(chart_id, title, desc, WIDTH, HEIGHT, marks, ["Snapshot", *(s.name for s in series)], rows,
                 [LegendKey(s.name, s.css) for s in series])


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def rate_lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[RateSeries]) -> Chart:
    """Lines of shares (0–100 %) across snapshots; a missing value breaks the line instead of faking a zero."""
    plot_h = HEIGHT - TOP - BOTTOM
    _, x_of = _points(len(labels))

    def point(i: int, v: float) -> tuple[float, float]:
        return x_of(i), TOP + plot_h - plot_h * min(max(v, 0.0), 1.0)

    marks = [*_axis(4, lambda i: f"{25 * i}%"), *_x_ticks(labels, point)]
    for s in series:
        run: list[tuple[float, float]] = []
        for i, v in enumerate([*s.values, None]):
            if v is not None:
                run.append(point(i, v))
                continue
            if len(run) > 1:
                marks.append(Mark("polyline", f"line {s.css}", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in run)))
            marks += [Mark("circle", s.css, x=_f(x), y=_f(y), r="4") for x, y in run]
            run = []
    rows = [[label, *(_percent(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    return Chart(chart_id, title, desc, WIDTH, HEIGHT, marks, ["Snapshot", *(s.name for s in series)], rows,
                 [LegendKey(s.name, s.css) for s in series])
