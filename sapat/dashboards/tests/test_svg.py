"""Charts are drawn as well-formed, accessible SVG with every text escaped and no script."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from sapat.core.charts import Chart, Series
from sapat.dashboards.svg import render

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "quotes"'


def parse(markup: str):
    """Our own output, parsed strictly: anything not well formed (an unescaped "<" or "&") raises."""
    return ET.fromstring(markup)  # noqa: S314 - the renderer's output, not untrusted input


def charts() -> list[Chart]:
    return [
        Chart("line", EVIL, ("q1", "q2", EVIL), (Series(EVIL, (50.0, None, 61.25)), Series("b", (1.0, 2.0, 3.0)))),
        Chart("bar", EVIL, (EVIL, "8б"), (Series(EVIL, (61.25, None)),), reference=55.0, reference_label=EVIL),
        Chart("bar", "marks", ("a", "b"), (Series("x", (4.5, 3.0)), Series("y", (None, 5.0))), unit="mark"),
        Chart("bar", "counts", ("a",), (Series("x", (1234,)),), unit="count"),
        Chart("stacked", EVIL, (EVIL, "b"), tuple(Series(n, (40.0, 0.0)) for n in ("5", "4", "3", "2", EVIL))),
        Chart(
            "heatmap", EVIL, (EVIL, "math"), (Series("8а", (75.0, None)), Series(EVIL, (0.0, 100.0))), rows=("8а", EVIL)
        ),
    ]


@pytest.mark.parametrize("chart", charts(), ids=lambda c: f"{c.kind}-{c.unit}")
def test_chart_is_well_formed_svg_with_an_accessible_title(chart):
    markup = str(render(chart, ident="c1"))
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title"
    assert root.find(f"{SVG}title").text == chart.title
    assert "<script" not in markup
    assert not any(element.tag.endswith("script") or element.tag.endswith("foreignObject") for element in root.iter())


def test_values_are_written_in_the_languages_format():
    chart = Chart("bar", "t", ("a",), (Series("x", (61.25,)),))
    with translation.override("ru"):
        assert "61,3\u00a0%" in render(chart, ident="c")
    with translation.override("en"):
        assert "61.3\u00a0%" in render(chart, ident="c")


def test_missing_values_show_a_dash_not_a_zero_bar():
    markup = str(render(Chart("bar", "t", ("a",), (Series("x", (None,)),)), ident="c"))
    assert "—" in markup
    assert "<rect" not in markup


def test_a_line_breaks_where_a_value_is_missing():
    chart = Chart("line", "t", ("1", "2", "3", "4"), (Series("x", (10.0, 20.0, None, 40.0)),))
    root = parse(str(render(chart, ident="c")))
    assert len(root.findall(f".//{SVG}polyline")) == 1  # 1–2 joined; 4 stands alone as a dot
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_the_reference_value_is_drawn_across_the_bars_with_its_label():
    chart = Chart("bar", "t", ("a", "b"), (Series("x", (40.0, 80.0)),), reference=50.0, reference_label="District")
    markup = str(render(chart, ident="c"))
    assert 'stroke-dasharray="4 3"' in markup
    assert "District: 50.0\u00a0%" in markup


def test_long_labels_are_shortened_in_the_chart_and_kept_whole_in_its_title():
    name = "Secondary school of the village with a very long name, named after a hero of the republic"
    markup = str(render(Chart("bar", "t", (name, "8а"), (Series("x", (1.0, 2.0)),)), ident="c"))
    assert f"<title>{name}</title>" in markup
    drawn = re.findall(r">([^<>]+)</text>", markup)[0]  # above its bar: the beginning and the end
    assert drawn.startswith("Secondary") and "…" in drawn and drawn.endswith("of the republic")
    assert len(drawn) < len(name)


LONG = "Средняя общеобразовательная школа № 1 с. Лебединовка имени Героя Кыргызской Республики"


def long_charts() -> list[Chart]:
    """Every kind with names as long as real ones, values at the edges and a reference far to the right."""
    years = ("2022-2023", "2023-2024", "2024-2025")
    periods = ("1-я четверть", "2-я четверть", "1-е полугодие", "3-я четверть", "4-я четверть", "2-е полугодие", "год")
    return [
        Chart("bar", LONG, (LONG, "Школа-гимназия № 2 с. Аламудун"), (Series(LONG, (100.0, 0.0)),),
              reference=99.0, reference_label="Итого по Аламединскому району Чуйской области"),
        Chart("bar", "короткие", ("8а", "8б"), (Series("Качество", (100.0, 3.0)), Series(LONG, (50.0, None))),
              reference=1.0, reference_label=LONG),
        Chart("bar", "counts", ("8а",), (Series("x", (123456,)),), unit="count", reference=99999, reference_label="Σ"),
        Chart("line", "t", years, (Series(LONG, (10.0, 100.0, 0.0)),)),
        Chart("line", "t", periods, (Series("Качество знаний", tuple(float(i * 15) for i in range(7))),)),
        Chart("line", "t", ("Орто мектептин 1-чейреги",), (Series("x", (50.0,)),), unit="mark"),
        Chart("stacked", "t", (LONG, "8а"), tuple(Series(n, (25.0, 0.0)) for n in ("5", "4", "3", LONG))),
        Chart("heatmap", "t", (LONG, "Математика", "История Кыргызстана и всемирная история"),
              (Series("r1", (75.0, None, 10.0)), Series("r2", (0.0, 100.0, 55.0))), rows=(LONG, "8а")),
    ]  # fmt: skip


@pytest.mark.parametrize("chart", long_charts(), ids=lambda c: f"{c.kind}-{c.title[:8]}")
def test_no_label_lies_outside_the_chart(chart):
    from sapat.reports.tests.paper import assert_svg_text_inside

    with translation.override("ru"):
        assert_svg_text_inside(str(render(chart, ident="c")))


def test_phone_sized_charts_scale_and_a_heatmap_keeps_its_size():
    bar = parse(str(render(charts()[1], ident="c")))
    heatmap = parse(str(render(charts()[-1], ident="c")))
    assert bar.get("width") == "100%" and bar.get("viewBox").startswith("0 0 480 ")
    assert heatmap.get("width").isdigit()
