"""Paper and tables: the page every PDF and DOCX is printed on, and how a table is made to fit it.

A4 with the margins of official papers in Kyrgyzstan and Kazakhstan (left 30 mm for the binding, right 15 mm,
top and bottom 20 mm). A page is portrait unless a table cannot fit across it: then that section is printed on
landscape A4 pages, whose top edge goes to the binding (top 30 mm, bottom 15 mm, sides 20 mm).

A column is never narrower than its longest word (header words in bold), so a header breaks between words,
never inside one ("Успеваемость", not "Успевае мость"); the room left over goes to the columns whose text
is longest (the names of units), as a browser's automatic table layout does. When the words alone do not fit
a portrait page, the table goes landscape; when they do not fit a landscape page at the normal size, the
type gets smaller, down to a size still read without a magnifier.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from sapat.core.textwidth import longest_word, text_width

from ..document import TEXT, Table

MM = 72 / 25.4  # points in a millimetre
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
PORTRAIT_MARGINS = (20, 15, 20, 30)  # top, right, bottom, left in mm
LANDSCAPE_MARGINS = (30, 20, 15, 20)
PORTRAIT_WIDTH = A4_WIDTH - (PORTRAIT_MARGINS[1] + PORTRAIT_MARGINS[3]) * MM
LANDSCAPE_WIDTH = A4_HEIGHT - (LANDSCAPE_MARGINS[1] + LANDSCAPE_MARGINS[3]) * MM
SIZES = (8.0, 7.0, 6.5)  # the table's type size in points, tried in turn
CELL_PADDING = 3  # points left and right inside a cell (the PDF's CSS and the DOCX's cell margins)
PADDING = 2 * CELL_PADDING + 1.5  # both paddings of a cell plus its border, in points
SLACK = 1.05  # a word measured here may set a little wider in Word, LibreOffice or WeasyPrint (hinting, kerning)


@dataclass(frozen=True)
class Fit:
    landscape: bool
    size: float  # type size of the table, points
    widths: tuple[float, ...]  # column widths in points, summing to at most the text width of the page


def pieces(table: Table, language: str) -> list[Table]:
    """The table as printed: itself when its words fit a landscape page at 7 pt, else cut into tables of
    whole column groups (years) or of columns, each repeating the columns in front (the names of the units)."""
    if _fits(table, language, LANDSCAPE_WIDTH, SIZES[1]) or len(table.columns) < 3:
        return [table]
    front, rest = _front(table)
    chunks: list[list[int]] = []
    for indexes in rest:
        if chunks and _fits(_cut(table, front + chunks[-1] + indexes), language, LANDSCAPE_WIDTH, SIZES[1]):
            chunks[-1] += indexes
        else:
            chunks.append(indexes)
    cut = [_cut(table, front + chunk) for chunk in chunks]
    return [replace(piece, title=_continued(table.title) if i else table.title, note=table.note if i == len(cut) - 1
                    else "") for i, piece in enumerate(cut)]  # fmt: skip


def _front(table: Table) -> tuple[list[int], list[list[int]]]:
    """The columns every piece repeats (the ungrouped ones, or the leading text columns) and the rest, in
    the units a piece takes whole (a group, or a column)."""
    columns = table.columns
    if any(column.group for column in columns):
        first = next(i for i, column in enumerate(columns) if column.group)
        rest: list[list[int]] = []
        for i in range(first, len(columns)):
            group = columns[i].group
            if rest and (not group or columns[rest[-1][-1]].group == group):
                rest[-1].append(i)  # a group's columns together; columns after the groups stay at the end
            else:
                rest.append([i])
        return list(range(first)), rest
    lead = next((i for i, column in enumerate(columns) if column.kind != TEXT), len(columns))
    front = list(range(max(1, min(lead, 2))))
    return front, [[i] for i in range(len(front), len(columns))]


def _continued(title: str) -> str:
    """The caption of a table's later piece (never empty: Word joins two tables with nothing between them)."""
    if not title:
        return _("(continued)")
    return _("%(title)s (continued)") % {"title": title}


def _cut(table: Table, indexes: list[int]) -> Table:
    columns = tuple(table.columns[i] for i in indexes)
    return replace(table, columns=columns, rows=tuple(tuple(row[i] for i in indexes) for row in table.rows))


def _fits(table: Table, language: str, width: float, size: float) -> bool:
    cells = [[c.show(v, language) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    return sum(_least(table, cells, size)) <= width


def fit(table: Table, language: str) -> Fit:
    """The orientation, type size and column widths that let `table` fit its page without breaking a word."""
    cells = [[c.show(v, language) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    for landscape, width in ((False, PORTRAIT_WIDTH), (True, LANDSCAPE_WIDTH)):
        for size in SIZES if landscape else SIZES[:1]:
            least = _least(table, cells, size)
            if sum(least) <= width:
                return Fit(landscape, size, _spread(table, cells, least, size, width))
    size = SIZES[-1]
    least = _least(table, cells, size)
    return Fit(True, size, tuple(w * LANDSCAPE_WIDTH / sum(least) for w in least))


def _least(table: Table, cells, size: float) -> list[float]:
    """Each column's narrowest width: its longest word, header or cell, plus the cell's padding."""
    widths = []
    for index, column in enumerate(table.columns):
        words = [longest_word(column.label, size, bold=True)]
        words += [longest_word(row[index], size, bold=i in table.total_rows) for i, row in enumerate(cells)]
        widths.append(max(words) * SLACK + PADDING)
    return widths


def _spread(table: Table, cells, least: list[float], size: float, width: float) -> tuple[float, ...]:
    """Give the room left over to the columns in proportion to how much more their longest line wants, up
    to what they want: a small table stays narrow, as a browser's automatic layout leaves it."""
    wants = []
    for index, column in enumerate(table.columns):
        header = text_width(column.label, size, bold=True) * SLACK + PADDING if column.kind == TEXT else 0.0
        longest = max([text_width(row[index], size) * SLACK + PADDING for row in cells] + [header])
        wants.append(max(0.0, longest - least[index]))
    total = sum(wants)
    if not total:
        return tuple(least)
    extra = min(width - sum(least), total)
    return tuple(w + extra * want / total for w, want in zip(least, wants, strict=True))
