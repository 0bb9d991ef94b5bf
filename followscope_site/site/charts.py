"""Charts as inline SVG, made at build time: no script, colours from CSS classes, a table for screen readers.

Every chart is a <figure> whose <svg role="img"> is labelled by its own <title> and <desc>, followed by
the same numbers as a visually hidden table (WAI "complex images" pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


@dataclass(frozen=True, slots=True)
class Series:
    """One named run of values; `css` picks its colour in the theme (chart-1 … chart-4)."""

    name: str
    values: list[int]
    css: str


def _fmt(value: int) -> str:
    return f"{value:,}"


def _figure(chart_id: str, title: str, desc: str, body: str, headers: list[str],
            rows: list[list[str]], legend: list[Series], height: int = HEIGHT) -> Markup:
    t, d = escape(title), escape(desc)
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in headers)
    table_rows = "".join(
        "<tr>" + f"<th scope=\"row\">{escape(r[0])}</th>" + "".join(f"<td>{escape(c)}</td>" for c in r[1:]) + "</tr>"
        for r in rows
    )
    keys = "".join(
        f"<li><svg class=\"key\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"{s.css}\" width=\"10\" "
        f"height=\"10\"/></svg>{escape(s.name)}</li>" for s in legend
    )
    legend_html = f"<ul class=\"chart-legend\" aria-hidden=\"true\">{keys}</ul>" if legend else ""
    return Markup(
        f"<figure class=\"chart\" id=\"{chart_id}\">"
        f"<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" "
        f"aria-labelledby=\"{chart_id}-title {chart_id}-desc\" preserveAspectRatio=\"xMidYMid meet\">"
        f"<title id=\"{chart_id}-title\">{t}</title><desc id=\"{chart_id}-desc\">{d}</desc>{body}</svg>"
        f"<figcaption>{t}</figcaption>{legend_html}"
        f"<table class=\"visually-hidden\"><caption>{t}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{table_rows}</tbody></table></figure>"
    )


def _scale(top: int) -> int:
    """A round upper bound for the value axis, divisible by 4 (five grid lines with whole numbers)."""
    if top <= 4:
        return 4
    step = 10 ** (len(str(top)) - 1)
    bound = ((top + step - 1) // step) * step
    return bound + (-bound) % 4


def _axis(top: int) -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f"<line class=\"grid\" x1=\"{LEFT}\" x2=\"{WIDTH - RIGHT}\" y1=\"{y:.1f}\" y2=\"{y:.1f}\"/>"
                     f"<text class=\"tick\" x=\"{LEFT - 6}\" y=\"{y + 4:.1f}\" text-anchor=\"end\">"
                     f"{_short(value)}</text>")
    return "".join(parts)


def _short(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return str(value)


def composition(chart_id: str, title: str, desc: str, parts: list[Series]) -> Markup:
    """One horizontal bar split into parts (e.g. mutuals / fans / not following back)."""
    total = sum(s.values[0] for s in parts)
    x, body = float(LEFT), []
    bar_w = WIDTH - LEFT - RIGHT
    for s in parts:
        w = bar_w * s.values[0] / total if total else 0
        if w > 0:
            body.append(f"<rect class=\"{s.css}\" x=\"{x:.1f}\" y=\"10\" width=\"{w:.1f}\" height=\"80\"/>")
            if w > 60:
                body.append(f"<text class=\"bar-label\" x=\"{x + w / 2:.1f}\" y=\"56\" text-anchor=\"middle\">"
                            f"{_short(s.values[0])}</text>")
        x += w
    if not total:
        body.append(f"<text class=\"tick\" x=\"{WIDTH / 2}\" y=\"56\" text-anchor=\"middle\">no accounts</text>")
    rows = [[s.name, _fmt(s.values[0]), f"{100 * s.values[0] / total:.1f}%" if total else "–"] for s in parts]
    return _figure(chart_id, title, desc, "".join(body), ["Group", "Accounts", "Share"], rows, parts, height=100)


def bars(chart_id: str, title: str, desc: str, labels: list[str], series: Series, label_header: str) -> Markup:
    """Vertical bars, one per label (follows per month, age buckets)."""
    top = _scale(max(series.values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(labels), 1)
    slot = plot_w / n
    body = [_axis(top)]
    every = max(1, n // 12)  # at most about 12 axis labels, so they never overlap
    for i, (label, value) in enumerate(zip(labels, series.values, strict=True)):
        h = plot_h * value / top
        x = LEFT + i * slot
        body.append(f"<rect class=\"{series.css}\" x=\"{x + slot * 0.1:.1f}\" y=\"{TOP + plot_h - h:.1f}\" "
                    f"width=\"{slot * 0.8:.1f}\" height=\"{h:.1f}\"/>")
        if i % every == 0:
            body.append(f"<text class=\"tick\" x=\"{x + slot / 2:.1f}\" y=\"{HEIGHT - BOTTOM + 16}\" "
                        f"text-anchor=\"middle\">{escape(label)}</text>")
    rows = [[label, _fmt(v)] for label, v in zip(labels, series.values, strict=True)]
    return _figure(chart_id, title, desc, "".join(body), [label_header, series.name], rows, [])


def lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[Series]) -> Markup:
    """Lines across snapshots (followers and following over time); a single point shows as a dot."""
    top = _scale(max((v for s in series for v in s.values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(labels)
    step = plot_w / (n - 1) if n > 1 else 0

    def point(i: int, v: int) -> tuple[float, float]:
        x = LEFT + (i * step if n > 1 else plot_w / 2)
        return x, TOP + plot_h - plot_h * v / top

    body = [_axis(top)]
    body.extend(_x_ticks(labels, point))
    for s in series:
        points = [point(i, v) for i, v in enumerate(s.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        if len(points) > 1:
            body.append(f"<polyline class=\"line {s.css}\" points=\"{path}\"/>")
        body.extend(f"<circle class=\"{s.css}\" cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"4\"/>" for x, y in points)
    rows = [[label, *(_fmt(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    return _figure(chart_id, title, desc, "".join(body), ["Snapshot", *(s.name for s in series)], rows, series)


@dataclass(frozen=True, slots=True)
class RateSeries:
    """Shares between 0 and 1 across snapshots; None where a snapshot lacks the lists to compute one."""

    name: str
    values: list[float | None]
    css: str


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def rate_lines(chart_id: str, title: str, desc: str, labels: list[str], series: list[RateSeries]) -> Markup:
    """Lines of shares (0–100 %) across snapshots; a missing value breaks the line instead of faking a zero."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(labels)
    step = plot_w / (n - 1) if n > 1 else 0

    def point(i: int, v: float) -> tuple[float, float]:
        x = LEFT + (i * step if n > 1 else plot_w / 2)
        return x, TOP + plot_h - plot_h * min(max(v, 0.0), 1.0)

    body = []
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        body.append(f"<line class=\"grid\" x1=\"{LEFT}\" x2=\"{WIDTH - RIGHT}\" y1=\"{y:.1f}\" y2=\"{y:.1f}\"/>"
                    f"<text class=\"tick\" x=\"{LEFT - 6}\" y=\"{y + 4:.1f}\" text-anchor=\"end\">{25 * i}%</text>")
    body.extend(_x_ticks(labels, point))
    for s in series:
        run: list[tuple[float, float]] = []
        for i, v in enumerate([*s.values, None]):
            if v is not None:
                run.append(point(i, v))
                continue
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                body.append(f"<polyline class=\"line {s.css}\" points=\"{path}\"/>")
            body.extend(f"<circle class=\"{s.css}\" cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"4\"/>" for x, y in run)
            run = []
    rows = [[label, *(_percent(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    legend = [Series(s.name, [], s.css) for s in series]
    return _figure(chart_id, title, desc, "".join(body), ["Snapshot", *(s.name for s in series)], rows, legend)


def _x_ticks(labels: list[str], point: Callable[[int, int], tuple[float, float]]) -> list[str]:
    """At most about eight date labels under a line chart's x axis, the first and last always shown."""
    n = len(labels)
    every = max(1, n // 8)
    ticks = []
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x, _ = point(i, 0)
            anchor = "middle" if n == 1 else ("start" if i == 0 else "end" if i == n - 1 else "middle")
            ticks.append(f"<text class=\"tick\" x=\"{x:.1f}\" y=\"{HEIGHT - BOTTOM + 16}\" text-anchor=\"{anchor}\">"
                         f"{escape(label)}</text>")
    return ticks
