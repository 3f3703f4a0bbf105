"""Charts as inline SVG, drawn on the server from a sapat.core.charts.Chart: no JavaScript at all.

Readable on a 360-pixel phone: line, bar and stacked charts are drawn 320 units wide and scaled to their
column, bars run horizontally (one row per unit, so long names fit); a heatmap keeps its size and scrolls
sideways. Printable: values are written next to bars and inside cells, and the chart's data table stands
beside it, so nothing depends on colour alone. Every piece of text is escaped; the chart's title is its
accessible name (<title>), the description says where the numbers are.
"""

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sapat.core.charts import Chart
from sapat.core.numbers import format_figure, format_number
from sapat.core.textwidth import shortened, text_width

WIDTH = 480  # drawn at this size (max-width in dashboards.css), so that the 12-pixel labels stay 12 pixels
ROW = 18  # height of one bar
LABEL = 96  # width of the label column of bar charts
LINE = 15  # height of a label written above its bars
SERIES_COLOURS = ("#1f6f8b", "#d9822b", "#6a4c93", "#2a9d8f", "#8a8a8a", "#b5446e")
# Marks 5, 4, 3, 2 and н/а, from good to bad; also used for any stacked chart in order.
STACK_COLOURS = ("#2e7d32", "#8bc34a", "#f2c12e", "#e53935", "#7b7b7b", "#4a4a4a")
FONT = 12  # the font size of every text of a chart, in its own units
# Labels are shortened until they fit their room, measured in DejaVu Sans (wider than most screen fonts);
# the full label is in the element's <title> (a tooltip) and in the data table beside the chart.


def render(chart: Chart, *, ident: str) -> SafeString:
    """The chart as one <svg> element; `ident` makes its title's id unique on the page."""
    draw = {"line": _line, "bar": _bars, "stacked": _stacked, "heatmap": _heatmap}[chart.kind]
    width, height, body = draw(chart)
    title_id = f"{escape(ident)}-title"
    scaled = chart.kind != "heatmap"
    size = 'width="100%"' if scaled else f'width="{width}" height="{height}"'
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{chart.kind}" role="img" '
        f'aria-labelledby="{title_id}" viewBox="0 0 {width} {height}" {size} font-size="{FONT}" '
        'font-family="DejaVu Sans, Verdana, sans-serif">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f"<desc>{escape(_('The numbers are in the table beside the chart.'))}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text above and in body is escaped


def value_text(value, unit: str, places: int | None = None) -> str:
    """A value as people read it: a percent, a mark with two decimals, or a whole count (`places`: the
    precision of the indicator shown, where it says otherwise)."""
    return format_figure(value, unit if unit in ("percent", "mark") else "count", places=places)


def _fit(label, room: float) -> str:
    """The label shortened with "…" until it is at most `room` wide."""
    return shortened(str(label), max(room, 0.0), FONT)


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
        parts.append(f"<g><title>{escape(series.name)}</title>")
        parts.append(f'<rect x="4" y="{y:.1f}" width="10" height="10" fill="{colours[index % len(colours)]}"/>')
        parts.append(_text(18, y + 9, _fit(series.name, WIDTH - 22)) + "</g>")
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
        x = x_of(index)
        room = min(step if count > 1 else plot_w, 2 * x, 2 * (WIDTH - x))  # centred: never past either edge
        parts.append(_axis_label(x, top + plot_h + 14, str(category), room))
    for index, series in enumerate(chart.series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts += _polyline(series, colour, x_of, y_of, chart)
    legend, bottom = _legend(chart, top + plot_h + 38, SERIES_COLOURS)
    return WIDTH, int(bottom + 4), parts + legend


def _axis_label(x: float, y: float, label: str, room: float) -> str:
    """A category under the axis; when it is wider than its room ("1-я четверть"), on two lines."""
    if text_width(label, FONT) <= room - 4 or " " not in label:
        return f"<g><title>{escape(label)}</title>{_text(x, y, _fit(label, room - 4), anchor='middle')}</g>"
    first, second = label.split(" ", 1)
    return (
        f'<g><title>{escape(label)}</title><text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
        f"{escape(_fit(first, room - 4))}"
        f'<tspan x="{x:.1f}" dy="13">{escape(_fit(second, room - 4))}</tspan></text></g>'
    )


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
        label = f"{series.name}, {chart.categories[index]}: {value_text(value, chart.unit, series.places)}"
        parts.append(
            f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" fill="{colour}">'
            f"<title>{escape(label)}</title></circle>"
        )
    return parts


# Bars: the children of a unit compared, with the unit's own value as a line -------------------------------


def _bars(chart: Chart) -> tuple[int, int, list[str]]:
    """Bars side by side with their labels; when a label is too long for the label column (the names of
    schools), every label goes on its own line above its bars, across the whole width."""
    values = [v for s in chart.series for v in s.values]
    high = _top(chart, values)
    above = any(text_width(str(c), FONT) > LABEL - 8 for c in chart.categories)
    left = 4 if above else LABEL
    plot_w = WIDTH - left - 58
    group = ROW * len(chart.series) + 6 + (LINE if above else 0)
    top = 18 if chart.reference is not None else 4

    def x_of(value):
        return left + value / high * plot_w

    parts = []
    bottom = top + len(chart.categories) * group
    reference = x_of(chart.reference) if chart.reference is not None else None
    if reference is not None:  # drawn first, so that bars lie over the dashed line
        spans = [
            (top + i * group + (LINE if above else 0), top + (i + 1) * group) for i in range(len(chart.categories))
        ]
        parts += _reference(chart, reference, top, spans if above else [(top - 4, bottom)])
    for index, category in enumerate(chart.categories):
        parts += _bar_group(chart, index, category, top + index * group, x_of, above, reference)
    legend, bottom = _legend(chart, bottom + 4, SERIES_COLOURS) if len(chart.series) > 1 else ([], bottom)
    return WIDTH, int(bottom + 4), parts + legend


def _bar_group(chart: Chart, index: int, category: str, y: float, x_of, above: bool, reference) -> list[str]:
    if above:
        label = _text(4, y + 12, _fit_words(category, WIDTH - 8))
        y += LINE
    else:
        label = _text(LABEL - 4, y + 13, _fit(category, LABEL - 8), anchor="end")
    start = x_of(0)
    parts = [f"<g><title>{escape(category)}</title>", label]
    for number, series in enumerate(chart.series):
        value, row_y = series.values[index], y + number * ROW
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        if value is None:
            parts.append(_text(start + 2, row_y + 13, "—"))
            continue
        end = x_of(value)
        parts.append(f'<rect x="{start}" y="{row_y + 2:.1f}" width="{end - start:.1f}" height="{ROW - 4}" '
                     f'fill="{colour}"/>')  # fmt: skip
        parts.append(_value(value_text(value, chart.unit, series.places), start, end, row_y + 13, reference))
    parts.append("</g>")
    return parts


def _value(text: str, start: float, end: float, y: float, reference) -> str:
    """A bar's value after its end; where the reference line would cross it, inside the bar (white) or past
    the line, so that the line never runs through the figures."""
    width = text_width(text, FONT)
    if reference is None or not end + 1 <= reference <= end + 5 + width:
        return _text(end + 3, y, text)
    if end - start >= width + 6:
        return _text(end - 3, y, text, anchor="end", extra=' fill="#fff"')
    return _text(reference + 3, y, text)


def _fit_words(label: str, room: float) -> str:
    """A long name kept recognisable: its beginning and its end ("Средняя … № 1 с. Лебединовка"), since
    names of the same kind differ at the end."""
    label = str(label)
    if text_width(label, FONT) <= room or " " not in label:
        return _fit(label, room)
    words = label.split(" ")
    head, tail = words[0], []
    for word in reversed(words[1:]):
        if text_width(" ".join([head, "…", word, *tail]), FONT) > room:
            break
        tail.insert(0, word)
    return " ".join([head, "…", *tail]) if tail else _fit(label, room)


def _reference(chart: Chart, x: float, top: float, spans) -> list[str]:
    """A dashed line at the reference value across the bars (`spans`, leaving out labels written above
    them), labelled at the top on the side where there is room."""
    value = value_text(chart.reference, chart.unit, chart.series[0].places if chart.series else None)
    name = _fit(chart.reference_label, WIDTH - 8 - text_width(f": {value}", FONT))
    label = f"{name}: {value}"
    room_left, room_right = x - 4, WIDTH - x - 4
    width = text_width(label, FONT)
    if width <= room_right:
        place = _text(x + 4, top - 7, label)
    elif width <= room_left:
        place = _text(x - 4, top - 7, label, anchor="end")
    else:
        place = _text(WIDTH - 4, top - 7, label, anchor="end")
    lines = [f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" stroke="#1d2733" stroke-width="1.5" '
             'stroke-dasharray="4 3"/>' for y1, y2 in spans]  # fmt: skip
    return [*lines, f"<g><title>{escape(chart.reference_label)}: {escape(value)}</title>{place}</g>"]


# Stacked: the distribution of marks 5/4/3/2 (shares of 100 %) ---------------------------------------------


def _stacked(chart: Chart) -> tuple[int, int, list[str]]:
    plot_w = WIDTH - LABEL - 6
    parts = []
    for index, category in enumerate(chart.categories):
        y = 4 + index * (ROW + 4)
        parts.append(f"<g><title>{escape(category)}</title>")
        parts.append(_text(LABEL - 4, y + 13, _fit(category, LABEL - 8), anchor="end"))
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
SIN, COS = math.sin(math.radians(50)), math.cos(math.radians(50))


def _heatmap(chart: Chart) -> tuple[int, int, list[str]]:
    labels = [chart.rows[row] if row < len(chart.rows) else s.name for row, s in enumerate(chart.series)]
    left = int(min(140, max([text_width(label, FONT) for label in labels] + [36.0]) + 8))
    room = (HEAD - 4 - FONT) / SIN  # a column header rises at 50 degrees and stays below the top edge
    right = left + CELL_W * len(chart.categories) + 4
    parts = []
    for column, category in enumerate(chart.categories):
        x = left + column * CELL_W + CELL_W / 2
        label = _fit(category, room)
        right = max(right, x + text_width(label, FONT) * COS + 4)
        rotate = f' transform="rotate(-50 {x:.1f} {HEAD - 4})"'
        parts.append(f"<g><title>{escape(category)}</title>{_text(x, HEAD - 4, label, extra=rotate)}</g>")
    for row, series in enumerate(chart.series):
        y = HEAD + row * CELL_H
        label = _text(left - 4, y + 13, _fit(labels[row], left - 8), anchor="end")
        parts.append(f"<g><title>{escape(labels[row])}</title>{label}</g>")
        parts += [_cell(left + column * CELL_W, y, value, chart) for column, value in enumerate(series.values)]
    return int(right + 1), HEAD + CELL_H * len(chart.series) + 4, parts


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
