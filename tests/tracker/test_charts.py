import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from factcheck.tracker.charts import Point, Series, date_ticks, line_chart, nice_ticks

NS = {"svg": "http://www.w3.org/2000/svg"}


def point(day, low, high=None, *, filled=False, label="a point"):
    return Point(date(2022, 3, day), Decimal(low), Decimal(high or low), filled, label)


def draw(series, **kwargs):
    svg = line_chart(series, title="Civilians killed", description="Two claimants", **kwargs)
    return ET.fromstring(svg)  # noqa: S314 our own output; raises if not well-formed


def marks(root, state=None):
    found = [e for e in root.iter() if "point" in e.get("class", "").split()]
    return [e for e in found if state is None or state in e.get("class").split()]


SERIES = [
    Series("UN human rights office (OHCHR)", (
        point(1, 227, filled=True, label="OHCHR: at least 227, confirmed"),
        point(6, 406, filled=True),
        point(27, 1119),
    )),
    Series("Government of Ukraine", (point(2, 2000, label="Ukraine: more than 2,000"),)),
]  # fmt: skip


def test_one_mark_per_point_confirmed_filled_others_hollow():
    root = draw(SERIES)
    assert len(marks(root)) == 4
    filled, hollow = marks(root, "filled"), marks(root, "hollow")
    assert len(filled) == 2 and len(hollow) == 2
    assert all(m.get("fill") == "#ffffff" for m in hollow)
    assert all(m.get("fill") not in ("#ffffff", "none") for m in filled)


def test_each_mark_says_what_it_is_in_words():
    titles = [m.find("svg:title", NS).text for m in marks(draw(SERIES))]
    assert "OHCHR: at least 227, confirmed" in titles
    assert "Ukraine: more than 2,000" in titles


def test_a_series_with_several_points_is_joined_by_a_line():
    lines = draw(SERIES).findall(".//svg:g[@class='series']/svg:polyline", NS)
    assert len(lines) == 1  # Ukraine's single point has no line
    assert len(lines[0].get("points").split()) == 3


def test_a_range_is_a_bar_from_low_to_high():
    root = draw([Series("Ukraine", (point(2, 1000, 2000),))])
    (bar,) = marks(root)
    assert bar.tag == "{http://www.w3.org/2000/svg}rect"
    assert "range" in bar.get("class").split()
    assert float(bar.get("height")) > 50


def test_higher_values_are_drawn_higher():
    root = draw([Series("OHCHR", (point(1, 227), point(20, 902)))])
    first, last = marks(root)
    assert float(last.get("cy")) < float(first.get("cy"))


def test_accessible_name_description_and_legend():
    root = draw(SERIES, chart_id="q1")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "q1-title q1-desc"
    assert root.find("svg:title", NS).text == "Civilians killed"
    assert root.find("svg:desc", NS).text == "Two claimants"
    legend = " ".join(t.text for t in root.findall(".//svg:g[@class='legend']/svg:text", NS))
    for words in ["UN human rights office", "Government of Ukraine", "filled: confirmed",
                  "hollow: not confirmed", "bar: a range"]:  # fmt: skip
        assert words in legend


def test_series_differ_by_shape_not_colour_alone():
    root = draw(SERIES)
    ohchr, ukraine = root.findall(".//svg:g[@class='series']", NS)
    assert marks(ohchr)[0].tag != marks(ukraine)[0].tag


def test_no_style_attributes_or_scripts():
    svg = line_chart(SERIES, title="t", description="d")
    assert "style=" not in svg and "<script" not in svg


def test_text_is_escaped():
    root = draw([Series("<script>alert(1)</script> & Co", (point(1, 5, label="<b>"),))])
    assert not root.findall(".//svg:script", NS)
    assert marks(root)[0].find("svg:title", NS).text == "<b>"


def test_nothing_to_chart_says_so():
    root = draw([])
    assert "No dated figures" in "".join(root.itertext())
    assert marks(root) == []


def test_a_single_day_still_draws():
    assert len(marks(draw([Series("UNHCR", (point(2, 1_000_000, filled=True),))]))) == 1


def test_nice_ticks_cover_the_maximum_in_round_steps():
    assert nice_ticks(1900) == [Decimal(n) for n in (0, 500, 1000, 1500, 2000)]
    assert nice_ticks(2000)[-1] == 2500  # headroom above the highest mark
    assert nice_ticks(1119)[-1] >= 1119
    zeroes = nice_ticks(0)  # all marks at zero still get a readable axis
    assert zeroes[0] == 0 and zeroes[-1] >= 1 and len(zeroes) <= 7


def test_date_ticks_span_the_dates():
    ticks = date_ticks(date(2022, 3, 1), date(2022, 3, 27))
    assert ticks[0] == date(2022, 3, 1) and ticks[-1] <= date(2022, 3, 27)
    assert len(ticks) <= 6


def test_nice_ticks_reach_below_zero_for_negative_values():
    assert nice_ticks(0, -1900) == [Decimal(n) for n in (-2000, -1500, -1000, -500, 0)]
    mixed = nice_ticks(300, -120)
    assert mixed[0] <= -120 and mixed[-1] >= 300 and Decimal(0) in mixed
    assert nice_ticks(5, 2)[0] == 0  # positive values keep the axis from zero


def test_negative_values_are_drawn_inside_the_plot_lowest_lowest():
    root = draw([Series("Budget office", (point(1, -50), point(9, -7), point(20, 30)))])
    ys = [float(m.get("cy")) for m in marks(root)]
    plot_top, plot_bottom = 28, 28 + 300
    assert all(plot_top <= y <= plot_bottom for y in ys)
    assert ys[0] > ys[1] > ys[2]  # -50 lowest, 30 highest
    zero_label = next(
        t for t in root.findall(".//svg:g[@class='axes']/svg:text", NS) if t.text == "0"
    )
    assert ys[1] > float(zero_label.get("y")) - 4 > ys[2]  # zero between -7 and 30


def test_all_negative_values_draw():
    root = draw([Series("Budget office", (point(1, -3), point(2, "-0.5", "-0.25")))])
    assert len(marks(root)) == 2


def test_a_single_point_on_the_calendars_first_or_last_day_draws():
    for day in (date.min, date.max):
        one = Point(day, Decimal(5), Decimal(5), True, "edge")
        assert len(marks(draw([Series("Edge", (one,))]))) == 1
    both = (Point(date.min, Decimal(1), Decimal(1), True, "a"),
            Point(date.max, Decimal(2), Decimal(2), True, "b"))  # fmt: skip
    assert len(marks(draw([Series("Edges", both)]))) == 2
