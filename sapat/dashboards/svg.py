"""Charts as inline SVG, drawn on the server from a sapat.core.charts.Chart: no JavaScript at all.

Readable on a 360-pixel phone: line, bar and stacked charts are drawn 320 units wide and scaled to their
column, bars run horizontally (one row per unit, so long names fit); a heatmap keeps its size and scrolls
sideways. Printable: values are written next to bars and inside cells, and the chart's data table stands
beside it, so nothing depends on colour alone. Every piece of text is escaped; the chart's title is its
accessible name (<title>), the description says where the numbers are.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sapat.core.charts import Chart
from sapat.core.numbers import format_number, format_percent

WIDTH = 320
ROW = 18  # height of one bar
LABEL = 96  # width of the label column of bar charts
SERIES_COLOURS = ("#1f6f8b", "#d9822b", "#6a4c93", "#2a9d8f", "#8a8a8a", "#b5446e")
# Marks 5, 4, 3, 2 and н/а, from good to bad; also used for any stacked chart in order.
STACK_COLOURS = ("#2e7d32", "#8bc34a", "#f2c12e", "#e53935", "#7b7b7b", "#4a4a4a")
CHAR = 6.6  # the width of an average character at the chart's font size, for fitting labels
MAX_LABEL = 18  # characters of a label drawn in a chart; the full one is in its <title> and in the table


def render(chart: Chart, *, ident: str) -> SafeString:
    """The chart as one <svg> element; `ident` makes its title's id unique on the page."""
    draw = {"line": _line, "bar": _bars, "stacked": _stacked, "heatmap": _heatmap}[chart.kind]
    width, height, body = draw(chart)
    title_id = f"{escape(ident)}-title"
    scaled = chart.kind != "heatmap"
    size = 'width="100%"' if scaled else f'width="{width}" height="{height}"'
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" role="img" '
        f'aria-labelledby="{title_id}" viewBox="0 0 {width} {height}" {size} font-size="12">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f"<desc>{escape(_('The numbers are in the table beside the chart.'))}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text above and in body is escaped


def value_text(value, unit: str) -> str:
    """A value as people read it: a percent, a mark with two decimals, or a whole count."""
    if unit == "percent":
        return format_percent(value)
    return format_number(value, 2 if unit == "mark" else 0)


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _top(chart: Chart, values) -> float:
    """The end of the value axis: 100 for percents, 5 for marks, a round number above the largest count."""
    if chart.unit == "percent":
        return 100.0
    if chart.unit == "mark":
        return 5.0
    largest = max([v for v in values if v is not None] + [chart.reference or 0, 1])
    step = 10 ** max(0, len(str(int(largest))) - 1)
    return float((int(largest) // step + 1) * step)


def _text(x, y, content, *, anchor="start", extra="") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'


def _legend(chart: Chart, y: float, colours) -> tuple[list[str], float]:
    """One line per series under the chart: a swatch and the series' name."""
    parts = []
    for index, series in enumerate(chart.series):
        parts.append(f'<rect x="4" y="{y:.1f}" width="10" height="10" fill="{colours[index % len(colours)]}"/>')
        parts.append(_text(18, y + 9, series.name))
        y += 15
    return parts, y


# Line: dynamics over periods or years ----------------------------------------------------------------------


def _line(chart: Chart) -> tuple[int, int, list[str]]:
    left, top, plot_w, plot_h = 40, 10, WIDTH - 76, 140
    values = [v for s in chart.series for v in s.values]
    low = 2.0 if chart.unit == "mark" else 0.0
    high = _top(chart, values)

    def y_of(value):
        return top + plot_h - (value - low) / (high - low) * plot_h

    count = len(chart.categories)
    step = plot_w / max(count - 1, 1)

    def x_of(index):
        return left + (plot_w / 2 if count == 1 else index * step)

    parts = _grid(chart, low, high, left, plot_w, y_of)
    for index, category in enumerate(chart.categories):
        parts.append(_axis_label(x_of(index), top + plot_h + 14, str(category), step if count > 1 else plot_w))
    for index, series in enumerate(chart.series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts += _polyline(series, colour, x_of, y_of, chart)
    legend, bottom = _legend(chart, top + plot_h + 38, SERIES_COLOURS)
    return WIDTH, int(bottom + 4), parts + legend


def _axis_label(x: float, y: float, label: str, room: float) -> str:
    """A category under the axis; when it is wider than its room ("1-я четверть"), on two lines."""
    if len(label) * CHAR <= room - 4 or " " not in label:
        return _text(x, y, _fit(label, room), anchor="middle")
    first, second = label.split(" ", 1)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{escape(_fit(first, room))}'
        f'<tspan x="{x:.1f}" dy="13">{escape(_fit(second, room))}</tspan></text>'
    )


def _fit(label: str, room: float) -> str:
    most = max(3, int((room - 4) // CHAR))
    return label if len(label) <= most else label[: most - 1] + "…"


def _grid(chart: Chart, low, high, left, plot_w, y_of) -> list[str]:
    parts, steps = [], 3 if chart.unit == "mark" else 4  # marks: 2, 3, 4, 5
    for i in range(steps + 1):
        value = low + (high - low) * i / steps
        y = y_of(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d5dde6"/>')
        tick = format_number(value, 0)
        parts.append(_text(left - 4, y + 4, tick, anchor="end"))
    return parts


def _polyline(series, colour: str, x_of, y_of, chart: Chart) -> list[str]:
    """The series as line segments broken where a value is missing, with a dot (and its title) per value."""
    parts, run = [], []
    for index, value in enumerate((*series.values, None)):
        if value is not None:
            run.append(f"{x_of(index):.1f},{y_of(value):.1f}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        run = []
    for index, value in enumerate(series.values):
        if value is None:
            continue
        label = f"{series.name}, {chart.categories[index]}: {value_text(value, chart.unit)}"
        parts.append(
            f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" fill="{colour}">'
            f"<title>{escape(label)}</title></circle>"
        )
    return parts


# Bars: the children of a unit compared, with the unit's own value as a line -------------------------------


def _bars(chart: Chart) -> tuple[int, int, list[str]]:
    values = [v for s in chart.series for v in s.values]
    high = _top(chart, values)
    plot_w = WIDTH - LABEL - 58
    group = ROW * len(chart.series) + 6
    top = 18 if chart.reference is not None else 4

    def x_of(value):
        return LABEL + value / high * plot_w

    parts = []
    for index, category in enumerate(chart.categories):
        parts += _bar_group(chart, index, category, top + index * group, x_of)
    bottom = top + len(chart.categories) * group
    if chart.reference is not None:
        parts += _reference(chart, x_of(chart.reference), top, bottom)
    legend, bottom = _legend(chart, bottom + 4, SERIES_COLOURS) if len(chart.series) > 1 else ([], bottom)
    return WIDTH, int(bottom + 4), parts + legend


def _bar_group(chart: Chart, index: int, category: str, y: float, x_of) -> list[str]:
    parts = [f"<g><title>{escape(category)}</title>", _text(LABEL - 4, y + 13, _short(category), anchor="end")]
    for number, series in enumerate(chart.series):
        value, row_y = series.values[index], y + number * ROW
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        if value is None:
            parts.append(_text(LABEL + 2, row_y + 13, "—"))
            continue
        end = x_of(value)
        parts.append(f'<rect x="{LABEL}" y="{row_y + 2:.1f}" width="{end - LABEL:.1f}" height="{ROW - 4}" '
                     f'fill="{colour}"/>')  # fmt: skip
        parts.append(_text(end + 3, row_y + 13, value_text(value, chart.unit)))
    parts.append("</g>")
    return parts


def _reference(chart: Chart, x: float, top: float, bottom: float) -> list[str]:
    """A dashed line at the reference value, labelled on the side where there is room."""
    label = f"{_short(chart.reference_label)}: {value_text(chart.reference, chart.unit)}"
    left = x > (WIDTH + LABEL) / 2
    return [
        f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#1d2733" stroke-width="1.5" '
        'stroke-dasharray="4 3"/>',
        _text(x - 4 if left else x + 4, top - 7, label, anchor="end" if left else "start"),
    ]


# Stacked: the distribution of marks 5/4/3/2 (shares of 100 %) ---------------------------------------------


def _stacked(chart: Chart) -> tuple[int, int, list[str]]:
    plot_w = WIDTH - LABEL - 6
    parts = []
    for index, category in enumerate(chart.categories):
        y = 4 + index * (ROW + 4)
        parts.append(f"<g><title>{escape(category)}</title>")
        parts.append(_text(LABEL - 4, y + 13, _short(category), anchor="end"))
        parts += _segments(chart, index, y, plot_w)
        parts.append("</g>")
    legend, bottom = _legend(chart, 8 + len(chart.categories) * (ROW + 4), STACK_COLOURS)
    return WIDTH, int(bottom + 4), parts + legend


def _segments(chart: Chart, index: int, y: float, plot_w: float) -> list[str]:
    values = [series.values[index] or 0 for series in chart.series]
    total = sum(values)
    if not total:
        return [_text(LABEL + 2, y + 13, "—")]
    parts, x = [], float(LABEL)
    for number, value in enumerate(values):
        width = value / total * plot_w
        if width <= 0:
            continue
        colour = STACK_COLOURS[number % len(STACK_COLOURS)]
        parts.append(f'<rect x="{x:.1f}" y="{y + 1:.1f}" width="{width:.1f}" height="{ROW - 2}" fill="{colour}"/>')
        if width >= 26:
            ink = "#fff" if number in (0, 3, 4, 5) else "#1d2733"
            parts.append(_text(x + width / 2, y + 13, format_number(value, 0), anchor="middle",
                               extra=f' fill="{ink}"'))  # fmt: skip
        x += width
    return parts


# Heatmap: quality of each class (rows) in each subject (columns) -------------------------------------------


CELL_W, CELL_H, HEAD = 38, 18, 74


def _heatmap(chart: Chart) -> tuple[int, int, list[str]]:
    left = 44
    width = left + CELL_W * len(chart.categories) + 4
    parts = []
    for column, category in enumerate(chart.categories):
        x = left + column * CELL_W + CELL_W / 2
        rotate = f' transform="rotate(-50 {x:.1f} {HEAD - 4})"'
        parts.append(f"<g><title>{escape(category)}</title>{_text(x, HEAD - 4, _short(category), extra=rotate)}</g>")
    for row, series in enumerate(chart.series):
        y = HEAD + row * CELL_H
        label = chart.rows[row] if row < len(chart.rows) else series.name
        parts.append(_text(left - 4, y + 13, _short(label), anchor="end"))
        parts += [_cell(left + column * CELL_W, y, value, chart) for column, value in enumerate(series.values)]
    return width, HEAD + CELL_H * len(chart.series) + 4, parts


def _cell(x: float, y: float, value, chart: Chart) -> str:
    if value is None:
        return f'<rect x="{x}" y="{y}" width="{CELL_W - 1}" height="{CELL_H - 1}" fill="#f1f1f1"/>'
    share = max(0.0, min(1.0, value / 100))
    fill = _blend(share)
    ink = "#fff" if share > 0.55 else "#1d2733"
    number = format_number(value, 0)
    return f'<rect x="{x}" y="{y}" width="{CELL_W - 1}" height="{CELL_H - 1}" fill="{fill}"/>' + _text(
        x + CELL_W / 2, y + 13, number, anchor="middle", extra=f' fill="{ink}"'
    )


def _blend(share: float) -> str:
    """From a pale to a deep blue as the value goes from 0 to 100 %."""
    pale, deep = (0xEE, 0xF4, 0xFA), (0x0B, 0x4F, 0x8A)
    channels = (round(a + (b - a) * share) for a, b in zip(pale, deep, strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)
