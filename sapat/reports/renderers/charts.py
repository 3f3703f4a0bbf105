"""Drawing a Chart for documents: a reportlab Drawing (vector, for the PDF) and a PNG (for DOCX).

Word files cannot hold a vector chart that python-docx can write, so DOCX gets a picture drawn with
Pillow; the chart's data table is printed beside it in every format anyway. A heatmap has no drawing:
its table is the figure.
"""

import io

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from sapat.core.charts import Chart

from .fonts import BOLD, REGULAR, font_path, register

PALETTE = ("#1f5f8b", "#e08a1e", "#4c9a2a", "#b03a48", "#6f4e9c", "#3b8c8c")
DRAWABLE = ("bar", "line", "stacked")


def drawable(chart: Chart) -> bool:
    return chart.kind in DRAWABLE and bool(chart.categories) and bool(chart.series)


def _top(chart: Chart) -> float:
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.kind == "stacked":
        values = [sum(v or 0 for v in column) for column in zip(*(s.values for s in chart.series), strict=True)]
    if chart.unit == "percent":
        return 100
    if chart.unit == "mark":
        return 5
    return max([*values, chart.reference or 0, 1]) * 1.1


def drawing(chart: Chart, width: float = 460, height: float = 220) -> Drawing:
    """A reportlab Drawing of a bar, stacked bar or line chart, with a legend and the reference line."""
    register()
    d = Drawing(width, height)
    plot = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y, plot.width, plot.height = 40, 50, width - 60, height - 80
    plot.data = [tuple(0 if v is None else v for v in s.values) for s in chart.series]
    plot.categoryAxis.categoryNames = list(chart.categories)
    plot.categoryAxis.labels.fontName = REGULAR
    plot.categoryAxis.labels.fontSize = 7
    plot.valueAxis.labels.fontName = REGULAR
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin, plot.valueAxis.valueMax = 0, _top(chart)
    for i, _series in enumerate(chart.series):
        color = colors.HexColor(PALETTE[i % len(PALETTE)])
        if chart.kind == "line":
            plot.lines[i].strokeColor = color
            plot.lines[i].strokeWidth = 2
        else:
            plot.bars[i].fillColor = color
            plot.bars[i].strokeColor = None
    if chart.kind == "stacked":
        plot.categoryAxis.style = "stacked"
    d.add(plot)
    _reference(d, chart, plot)
    d.add(String(0, height - 12, chart.title, fontName=BOLD, fontSize=9))
    d.add(_legend(chart, width))
    return d


def _reference(d: Drawing, chart: Chart, plot) -> None:
    if chart.reference is None:
        return
    y = plot.y + plot.height * chart.reference / plot.valueAxis.valueMax
    d.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=colors.black, strokeDashArray=[4, 3]))
    if chart.reference_label:
        d.add(String(plot.x + plot.width - 2, y + 3, chart.reference_label, fontName=REGULAR, fontSize=7,
                     textAnchor="end"))  # fmt: skip


def _legend(chart: Chart, width: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = 40, 18
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = min(140, (width - 60) / max(1, len(chart.series)))
    legend.colorNamePairs = [(colors.HexColor(PALETTE[i % len(PALETTE)]), s.name) for i, s in enumerate(chart.series)]
    return legend


# PNG for DOCX ---------------------------------------------------------------------------------------


def png(chart: Chart, width: int = 920, height: int = 440) -> bytes:
    """A raster picture of the chart (bars or lines, axis from 0, legend), drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path(REGULAR), 16)
    bold = ImageFont.truetype(font_path(BOLD), 18)
    box = (70, 40, width - 20, height - 90)  # left, top, right, bottom of the plot area
    draw.text((10, 8), chart.title, fill="black", font=bold)
    top = _top(chart)
    _png_axes(draw, box, top, font)
    _png_series(draw, chart, box, top, font)
    _png_legend(draw, chart, box, font, height)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _png_axes(draw, box, top, font) -> None:
    left, upper, right, bottom = box
    for step in range(6):
        value = top * step / 5
        y = bottom - (bottom - upper) * step / 5
        draw.line((left, y, right, y), fill="#dddddd")
        draw.text((8, y - 9), f"{value:.0f}" if top >= 10 else f"{value:.1f}", fill="black", font=font)
    draw.line((left, upper, left, bottom), fill="black")
    draw.line((left, bottom, right, bottom), fill="black")


def _png_series(draw, chart: Chart, box, top, font) -> None:
    left, upper, right, bottom = box
    slot = (right - left) / len(chart.categories)
    scale = (bottom - upper) / top

    def y_of(value):
        return bottom - min(value, top) * scale

    for i, category in enumerate(chart.categories):
        draw.text((left + slot * i + 4, bottom + 6), str(category)[:14], fill="black", font=font)
    if chart.kind == "line":
        for n, series in enumerate(chart.series):
            points = [(left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(series.values) if v is not None]
            color = PALETTE[n % len(PALETTE)]
            if len(points) > 1:
                draw.line(points, fill=color, width=4)
            for x, y in points:
                draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=color)
        return
    _png_bars(draw, chart, box, slot, y_of)
    if chart.reference is not None:
        y = y_of(chart.reference)
        for x in range(int(left), int(right), 14):
            draw.line((x, y, x + 8, y), fill="black", width=2)


def _png_bars(draw, chart: Chart, box, slot, y_of) -> None:
    left, _upper, _right, bottom = box
    stacked = chart.kind == "stacked"
    width = slot * 0.7 / (1 if stacked else len(chart.series))
    for i in range(len(chart.categories)):
        base = bottom
        for n, series in enumerate(chart.series):
            value = series.values[i] or 0
            x = left + slot * i + slot * 0.15 + (0 if stacked else n * width)
            y = y_of(value) if not stacked else base - (bottom - y_of(value))
            draw.rectangle((x, min(y, base), x + width, base), fill=PALETTE[n % len(PALETTE)])
            if stacked:
                base = y


def _png_legend(draw, chart: Chart, box, font, height) -> None:
    x = box[0]
    for n, series in enumerate(chart.series):
        draw.rectangle((x, height - 40, x + 14, height - 26), fill=PALETTE[n % len(PALETTE)])
        draw.text((x + 20, height - 43), series.name, fill="black", font=font)
        x += 30 + draw.textlength(series.name, font=font)
