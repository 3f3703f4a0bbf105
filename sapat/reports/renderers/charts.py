"""Charts for documents: the dashboards' SVG (sapat.dashboards.svg), one definition for the page, the PDF
(where WeasyPrint draws the inline SVG itself) and the DOCX (where python-docx can only hold a picture, so
the same SVG is rasterised to PNG with CairoSVG). A heatmap is drawn too; every chart's data table follows it.
"""

import re

from sapat.core.charts import Chart

DRAWABLE = ("bar", "line", "stacked")
PNG_SCALE = 3  # pixels per SVG unit: sharp when printed at 8 to 16 cm
# A chart on paper: 110 mm across for the dashboards' 320 units (the text then prints at about 11 pt), and
# never taller than a landscape page holds beside its caption; a taller chart is drawn smaller.
PAPER_WIDTH, PAPER_HEIGHT, UNITS = 110.0, 120.0, 320.0


def drawable(chart: Chart) -> bool:
    return chart.kind in DRAWABLE and bool(chart.categories) and bool(chart.series)


def pictured(chart: Chart) -> bool:
    """Whether a document shows a picture of the chart (a heatmap with values, too)."""
    return drawable(chart) or (chart.kind == "heatmap" and bool(chart.series))


def svg(chart: Chart, ident: str = "chart") -> str:
    from sapat.dashboards.svg import render

    return str(render(chart, ident=ident))


def size(markup: str) -> tuple[float, float]:
    """The width and height of an SVG from its viewBox, in its own units."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', markup)
    return float(found.group(1)), float(found.group(2))


def paper_size(markup: str) -> tuple[float, float]:
    """The chart's width and height on paper, in millimetres."""
    width, height = size(markup)
    scale = min(PAPER_WIDTH / UNITS, PAPER_HEIGHT / height, PAPER_WIDTH / width)
    return width * scale, height * scale


def on_paper(markup: str) -> str:
    """The SVG with its size on paper instead of the page's "100 % of its column"."""
    width, height = paper_size(markup)
    return re.sub(r'width="[^"]*"( height="[^"]*")?', f'width="{width:.1f}mm" height="{height:.1f}mm"', markup, count=1)


def png(chart: Chart) -> tuple[bytes, float]:
    """The chart as a PNG picture and its width on paper in millimetres."""
    import cairosvg

    markup = svg(chart)
    width, height = size(markup)
    markup = re.sub(r'width="100%"', f'width="{width}" height="{height}"', markup, count=1)
    data = cairosvg.svg2png(bytestring=markup.encode(), output_width=int(width * PNG_SCALE), background_color="white")
    return data, paper_size(markup)[0]
