"""The external tests section of a report (ЖРТ/ОРТ, ЕНТ/ҰБТ, МОДО): for the report's unit, per kind and subject
the takers, average score and share at or over the threshold with last year's and the change; with `by`, the
same per school or district; then the objectivity of journal marks against the results (seed 001 2.16.1).
The figures are sapat.analysis's, the dashboard's (sapat/dashboards/external.py); None when the unit has no
result in the year."""

from django.utils.translation import gettext as _

from sapat.analysis import selectors as analysis
from sapat.analysis.honesty import FALL, RISE
from sapat.core.numbers import format_figure
from sapat.dashboards.external import change_label, limits_text, objectivity_cells, objectivity_note
from sapat.structure.models import AcademicYear, OrgUnit

from ..document import CHANGE, CHANGE_MARK, COUNT, PERCENT, SCORE, Column, Paragraph, Section, Table


def external_section(unit: OrgUnit, year: AcademicYear, language: str, *, by: str | None = None) -> Section | None:
    if not analysis.has_external_results(unit, year):
        return None
    rows = analysis.external_by_subject(unit, year)
    blocks = [_results_table(rows, year), *_lines(rows, year)]
    if by is not None:
        units = OrgUnit.objects.filter(path__startswith=unit.path, kind=by).order_by("path")
        blocks.append(_by_unit_table(units, year, language))
    compared = analysis.external_objectivity(unit, year)
    if compared:
        blocks.append(_objectivity_table(compared))
    return Section(_("External tests"), tuple(blocks))


def _results_table(rows, year: AcademicYear) -> Table:
    columns = (Column(_("Test")), Column(_("Subject")), Column(_("Maximum")), Column(_("Threshold")),
               Column(_("Took the test"), COUNT, group=year.code), Column(_("Average score"), SCORE, group=year.code),
               Column(_("At or over the threshold, %"), PERCENT, group=year.code),
               Column(_("Took the test"), COUNT, group=_("previous year")),
               Column(_("Average score"), SCORE, group=_("previous year")),
               Column(_("At or over the threshold, %"), PERCENT, group=_("previous year")),
               Column(_("Change of the average score"), CHANGE),
               Column(_("Change of the share, pp"), CHANGE), Column(_("Is the change clear?")))  # fmt: skip
    body = tuple(
        (r.kind_label, r.subject, limits_text(r.maximum), limits_text(r.threshold), r.participants, r.average_score,
         r.over_threshold_pct, r.previous_participants, r.previous_average_score, r.previous_over_threshold_pct,
         r.change_average_score, r.change_over_threshold_pct, change_label(r))
        for r in rows
    )  # fmt: skip
    note = _(
        "The average and the share count every result in the subject; the previous year is the same test and "
        "subject a year earlier (a dash when it had none)."
    )
    title = _("External tests, %(year)s, by subject") % {"year": year.code}
    return Table(title, columns, body, note=note, sheet=_("External tests"))


def _lines(rows, year: AcademicYear) -> list[Paragraph]:
    """A sentence per clear rise or fall of the share at or over the threshold (sapat.analysis.honesty), then
    one for the rows with no clear change or too few takers to judge."""
    lines, rest = [], []
    for r in rows:
        change = r.share_change
        if change is None:
            continue
        values = {"test": r.kind_label, "subject": r.subject, "before": _pct(r.previous_over_threshold_pct),
                  "now": _pct(r.over_threshold_pct)}  # fmt: skip
        if change.verdict == RISE:
            text = _("%(test)s, %(subject)s: the share at or over the threshold rose from %(before)s to %(now)s.")
            lines.append(Paragraph(text % values))
        elif change.verdict == FALL:
            text = _("%(test)s, %(subject)s: the share at or over the threshold fell from %(before)s to %(now)s.")
            lines.append(Paragraph(text % values))
        else:
            rest.append(f"{values['test']}, {values['subject']} ({values['before']} → {values['now']})")
    if rest:
        text = _("No clear change of the share at or over the threshold, or too few takers to judge: %(rows)s.")
        lines.append(Paragraph(text % {"rows": "; ".join(rest)}))
    return lines


def _pct(value) -> str:
    return format_figure(value, "percent")


def _by_unit_table(units, year: AcademicYear, language: str) -> Table:
    """Each school (or district) of the unit: per kind and subject, takers, average and share over threshold."""
    per_unit = {u.pk: {(r.kind, r.subject_id): r for r in analysis.external_by_subject(u, year)} for u in units}
    keys, names = [], {}
    for found in per_unit.values():
        for key, row in found.items():
            if key not in names:
                keys.append(key)
                names[key] = f"{row.kind_label}: {row.subject}"
    columns = [Column(_("Unit"))]
    for key in keys:
        columns += [Column(_("Took the test"), COUNT, group=names[key]),
                    Column(_("Average score"), SCORE, group=names[key]),
                    Column(_("At or over the threshold, %"), PERCENT, group=names[key])]  # fmt: skip
    body = []
    for u in units:
        cells = [u.name_in(language)]
        for key in keys:
            r = per_unit[u.pk].get(key)
            cells += [r.participants, r.average_score, r.over_threshold_pct] if r else [None, None, None]
        body.append(tuple(cells))
    title = _("External tests by unit, %(year)s") % {"year": year.code}
    return Table(title, tuple(columns), tuple(body), sheet=_("External by unit"))


def _objectivity_table(rows) -> Table:
    columns = (Column(_("Test")), Column(_("Subject")), Column(_("compared"), COUNT),
               Column(_("confirmed, %"), PERCENT),
               Column(_("journal higher, %"), PERCENT),
               Column(_("journal 4 or 5"), COUNT), Column(_("of them below the threshold"), COUNT),
               Column(_("4 or 5 below the threshold, %"), PERCENT), Column(_("Mean difference, marks"), CHANGE_MARK),
               Column(_("no journal mark"), COUNT), Column(_("Signal")))  # fmt: skip
    body = tuple(tuple(objectivity_cells(r)) for r in rows)
    title = _("Annual journal marks against external results")
    return Table(title, columns, body, note=objectivity_note(), sheet=_("Objectivity, external"))
