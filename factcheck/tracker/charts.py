"""Server-drawn SVG charts: value against as-of date, one series per claimant.

Built with ElementTree so the output is always well-formed and every text is escaped. Meaning
never rests on colour alone: each series also has its own marker shape and dash pattern and a
legend entry, confirmed points are filled and the others hollow, and every point carries a
<title> in words. Only presentation attributes are used (no style attributes), so the chart
obeys the content security policy and prints as it shows.
"""

import math

# Accepted (bandit B405): ElementTree only builds and serialises the SVG; nothing is parsed.
import xml.etree.ElementTree as ET  # nosec B405
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from factcheck.claims.figures import format_number

SVG_NS = "http://www.w3.org/2000/svg"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SHAPES = ("circle", "square", "diamond", "triangle")
DASHES = ("", "6 3", "2 3", "8 3 2 3")

WIDTH, PLOT_HEIGHT = 840, 300
LEFT, RIGHT_EDGE, TOP, BOTTOM = 84, 540, 28, 52
INSET = 14  # keeps the first and last marks off the axes
LEGEND_X, LEGEND_ROW, LEGEND_CHARS = 566, 22, 40
MARKER = 5.5
BAR_WIDTH = 10


@dataclass(frozen=True)
class Layout:
    """Where the plot and the legend go, in the SVG's own units. The SVG scales to its box, so
    text keeps its size only when the box is about `width` wide: a desk gets the wide layout
    (legend on the right), a phone the narrow one (legend below), each labels >= 12 px."""

    width: int
    left: int
    right_edge: int
    legend_x: int
    plot_height: int
    legend_below: bool
    font_size: int


DESK = Layout(WIDTH, LEFT, RIGHT_EDGE, LEGEND_X, PLOT_HEIGHT, False, 12)
# For a 390 px phone: about 366 px of content width, so 380 units show at ~0.96 scale.
PHONE = Layout(380, 74, 368, 10, 220, True, 13)


@dataclass(frozen=True)
class Point:
    day: date
    low: Decimal
    high: Decimal  # equal to low for a single value
    filled: bool  # confirmed
    label: str  # the point in words, shown as its tooltip

    @property
    def is_range(self):
        return self.high != self.low


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple


def nice_ticks(maximum, minimum=0, count=5):
    """Round tick values from 0 to at least `maximum`: 0, 500, 1000, ...; from below `minimum`
    when it is negative (-400, -200, 0, 200), so every mark lies on the axis and so does zero."""
    low, high = min(float(minimum), 0.0), max(float(maximum), 0.0)
    if low == high:  # all marks at zero still get a readable axis
        high = 1.0
    span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    headroom = span * 0.04  # a little room beyond the outermost marks
    first = step * math.floor((low - headroom) / step) if low < 0 else 0.0
    last = high + headroom if high > 0 else 0.0
    ticks = [round(first, 10)]
    while ticks[-1] < last:
        # From the first tick by index, so float steps never drift past zero.
        ticks.append(round(first + len(ticks) * step, 10))
    return [Decimal(str(t)) for t in ticks]


def date_ticks(first, last, count=6):
    span = (last - first).days
    step = max(1, math.ceil(span / (count - 1)))
    return [first + timedelta(days=d) for d in range(0, span + 1, step)]


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                          for k, v in attrs.items()})  # fmt: skip
    if text is not None:
        element.text = text
    return element


def _marker(parent, shape, x, y, size, **paint):
    if shape == "circle":
        return _sub(parent, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=size, **paint)
    if shape == "square":
        return _sub(parent, "rect", x=f"{x - size:.1f}", y=f"{y - size:.1f}",
                    width=2 * size, height=2 * size, **paint)  # fmt: skip
    s = size * 1.3
    corners = {
        "diamond": [(x, y - s), (x + s, y), (x, y + s), (x - s, y)],
        "triangle": [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)],
    }[shape]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    return _sub(parent, "polygon", points=points, **paint)


def _paint(colour, filled):
    return {"fill": colour if filled else "#ffffff", "stroke": colour, "stroke_width": 2}


def line_chart(series, *, title, description, chart_id="chart", value_label="", layout=DESK):
    """The SVG document (a string) for `series`, each a Series of Points, in `layout`."""
    points = [p for s in series for p in s.points]
    legend_rows = len(series) + 3
    plot_bottom = TOP + layout.plot_height + BOTTOM
    if layout.legend_below:
        height = plot_bottom + legend_rows * LEGEND_ROW + 30
    else:
        height = max(plot_bottom, TOP + legend_rows * LEGEND_ROW + 20)
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {layout.width} {height}", "width": str(layout.width),
        "height": str(height), "role": "img", "class": "figure-chart",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "font-family": "system-ui, sans-serif", "font-size": str(layout.font_size),
    })  # fmt: skip
    _sub(svg, "title", title, id=f"{chart_id}-title")
    _sub(svg, "desc", description, id=f"{chart_id}-desc")
    if not points:
        _sub(svg, "text", "No dated figures to chart yet.", x=layout.left, y=TOP + 40)
        return ET.tostring(svg, encoding="unicode")

    first = min(p.day for p in points)
    last = max(p.day for p in points)
    if first == last:
        # A day either side, except beyond the calendar's first or last day.
        first = first - timedelta(days=1) if first > date.min else first
        last = last + timedelta(days=1) if last < date.max else last
    y_ticks = nice_ticks(max(p.high for p in points), min(p.low for p in points))
    bottom_value, top_value = float(y_ticks[0]), float(y_ticks[-1])
    bottom_y = TOP + layout.plot_height

    def x_of(day):
        span = layout.right_edge - layout.left - 2 * INSET
        return layout.left + INSET + span * (day - first).days / (last - first).days

    def y_of(value):
        share = (float(value) - bottom_value) / (top_value - bottom_value)
        return bottom_y - layout.plot_height * share

    x_ticks = date_ticks(first, last)
    if layout.legend_below:  # fewer date labels where they would run into each other
        x_ticks = x_ticks[:: max(1, -(-len(x_ticks) // 4))]
    _axes(svg, y_ticks, x_ticks, x_of, y_of, bottom_y, value_label, layout)
    for index, one in enumerate(series):
        _series(svg, one, index, x_of, y_of)
    _legend(svg, series, layout, top=plot_bottom + 10 if layout.legend_below else TOP)
    return ET.tostring(svg, encoding="unicode")


def _axes(svg, y_ticks, x_ticks, x_of, y_of, bottom_y, value_label, layout):
    left, right_edge = layout.left, layout.right_edge
    axes = _sub(svg, "g", class_="axes", stroke="#6c757d", fill="#212529")
    for tick in y_ticks:
        y = y_of(tick)
        _sub(axes, "line", x1=left, x2=right_edge, y1=f"{y:.1f}", y2=f"{y:.1f}",
             stroke="#dee2e6" if tick else "#495057")  # fmt: skip
        _sub(axes, "text", format_number(tick), x=left - 8, y=f"{y + 4:.1f}",
             text_anchor="end", stroke="none")  # fmt: skip
    same_year = len({t.year for t in x_ticks}) == 1
    for tick in x_ticks:
        x = x_of(tick)
        _sub(axes, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=bottom_y, y2=bottom_y + 5)
        label = f"{tick.day} {tick:%b}" if same_year else f"{tick:%b %Y}"
        _sub(axes, "text", label, x=f"{x:.1f}", y=bottom_y + 20, text_anchor="middle",
             stroke="none")  # fmt: skip
    year = f" ({x_ticks[0].year})" if same_year else ""
    _sub(axes, "text", f"As of{year}", x=(left + right_edge) / 2, y=bottom_y + 42,
         text_anchor="middle", stroke="none", font_weight="bold")  # fmt: skip
    if value_label:
        _sub(axes, "text", value_label, x=left - 8, y=TOP - 12, text_anchor="start",
             stroke="none", font_weight="bold")  # fmt: skip


def _series(svg, one, index, x_of, y_of):
    colour, shape = COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]
    dash = DASHES[index % len(DASHES)]
    group = _sub(svg, "g", class_="series")
    _sub(group, "title", one.name)
    ordered = sorted(one.points, key=lambda p: p.day)
    if len(ordered) > 1:
        line = " ".join(f"{x_of(p.day):.1f},{y_of((p.low + p.high) / 2):.1f}" for p in ordered)
        attrs = {"stroke_dasharray": dash} if dash else {}
        _sub(group, "polyline", points=line, fill="none", stroke=colour, stroke_width=2, **attrs)
    for point in ordered:
        x = x_of(point.day)
        state = "filled" if point.filled else "hollow"
        if point.is_range:
            top, bottom = y_of(point.high), y_of(point.low)
            mark = _sub(group, "rect", class_=f"point range {state}",
                        x=f"{x - BAR_WIDTH / 2:.1f}", y=f"{top:.1f}", width=BAR_WIDTH,
                        height=f"{max(bottom - top, 1):.1f}",
                        **_paint(colour, point.filled))  # fmt: skip
        else:
            mark = _marker(group, shape, x, y_of(point.low), MARKER, class_=f"point {state}",
                           **_paint(colour, point.filled))  # fmt: skip
        _sub(mark, "title", point.label)


def _legend(svg, series, layout, top):
    legend_x = layout.legend_x
    legend = _sub(svg, "g", class_="legend")
    y = top
    _sub(legend, "text", "Claimants", x=legend_x, y=y, font_weight="bold")
    for index, one in enumerate(series):
        y += LEGEND_ROW
        colour, shape = COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]
        dash = DASHES[index % len(DASHES)]
        attrs = {"stroke_dasharray": dash} if dash else {}
        _sub(legend, "line", x1=legend_x, x2=legend_x + 28, y1=y - 4, y2=y - 4, stroke=colour,
             stroke_width=2, **attrs)  # fmt: skip
        _marker(legend, shape, legend_x + 14, y - 4, MARKER, **_paint(colour, True))
        short = len(one.name) <= LEGEND_CHARS
        name = one.name if short else one.name[: LEGEND_CHARS - 1] + "…"
        text = _sub(legend, "text", name, x=legend_x + 36, y=y)
        if not short:
            _sub(text, "title", one.name)
    y += LEGEND_ROW * 1.5
    _marker(legend, "circle", legend_x + 14, y - 4, MARKER, **_paint("#212529", True))
    _sub(legend, "text", "filled: confirmed", x=legend_x + 36, y=y)
    y += LEGEND_ROW
    _marker(legend, "circle", legend_x + 14, y - 4, MARKER, **_paint("#212529", False))
    _sub(legend, "text", "hollow: not confirmed", x=legend_x + 36, y=y)
    y += LEGEND_ROW
    _sub(legend, "rect", x=legend_x + 9, y=y - 14, width=BAR_WIDTH, height=16,
         **_paint("#212529", False))  # fmt: skip
    _sub(legend, "text", "bar: a range", x=legend_x + 36, y=y)
