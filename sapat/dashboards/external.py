"""External tests on a dashboard (ЖРТ/ОРТ, ЕНТ/ҰБТ, МОДО): per kind and subject the takers, average score and
share at or over the threshold with their change against the previous year, and the objectivity of journal
marks against external results (seed 001 2.16.1). The figures are sapat.analysis's (external_by_subject,
external_objectivity), counted by the external tests source of the registry; no section when the unit has no
result in the year."""

from django.utils.translation import gettext as _

from sapat.analysis import selectors as analysis
from sapat.core.numbers import format_figure
from sapat.structure.models import OrgUnit

from .blocks import Section
from .selection import Selection
from .tables import CHANGE, COUNT, MARK, PERCENT, TEXT, Column, Table

SCORE = "score"


def external_sections(unit: OrgUnit, selection: Selection) -> list[Section]:
    """The results section and the objectivity section (the latter only with subject results)."""
    if not analysis.has_external_results(unit, selection.year):
        return []
    rows = analysis.external_by_subject(unit, selection.year)
    sections = [results_section(rows, selection.year.code)]
    compared = analysis.external_objectivity(unit, selection.year)
    if compared:
        sections.append(objectivity_section(compared))
    return sections


def limits_text(values: tuple) -> str:
    """A maximum or threshold: "110", or "50–65" when the year's tests differ."""
    return "–".join(format_figure(v, "points") for v in values)


def change_label(row) -> str:
    """ "rise", "fall", "no clear change" or "too small to judge" for the share; empty without a previous year."""
    change = row.share_change
    return change.label if change is not None else ""


def results_section(rows, year_code: str) -> Section:
    columns = [Column(_("Test")), Column(_("Subject")), Column(_("Took the test"), COUNT),
               Column(_("Maximum"), TEXT), Column(_("Threshold"), TEXT), Column(_("Average score"), SCORE),
               Column(_("At or over the threshold, %"), PERCENT),
               Column(_("Change of the average score"), f"change_{SCORE}"),
               Column(_("Change of the share, pp"), CHANGE[PERCENT]), Column(_("Is the change clear?")),
               Column(_("Took the test last year"), COUNT)]  # fmt: skip
    body = [[r.kind_label, r.subject, r.participants, limits_text(r.maximum), limits_text(r.threshold),
             r.average_score, r.over_threshold_pct, r.change_average_score, r.change_over_threshold_pct,
             change_label(r), r.previous_participants] for r in rows]  # fmt: skip
    title = _("External tests, %(year)s, by subject") % {"year": year_code}
    note = _(
        "The average and the share count every result in the subject; a change compares with the same test and "
        "subject of the previous academic year (a dash when it had none)."
    )
    return Section("external", _("External tests"), table=Table("external", title, columns, body), note=note)


def objectivity_section(rows) -> Section:
    columns = [Column(_("Test")), Column(_("Subject")), Column(_("compared"), COUNT),
               Column(_("confirmed, %"), PERCENT), Column(_("journal higher, %"), PERCENT),
               Column(_("journal 4 or 5"), COUNT),
               Column(_("of them below the threshold"), COUNT), Column(_("4 or 5 below the threshold, %"), PERCENT),
               Column(_("Mean difference, marks"), CHANGE[MARK]), Column(_("no journal mark"), COUNT),
               Column(_("Signal"))]  # fmt: skip
    body = [objectivity_cells(r) for r in rows]
    title = _("Annual journal marks against external results")
    note = objectivity_note()
    return Section("external_objectivity", _("Objectivity of marks against external tests"),
                   table=Table("external_objectivity", title, columns, body), note=note, wide=True)  # fmt: skip


def objectivity_cells(r) -> list:
    return [r.kind_label, r.subject, r.compared, r.pct("confirmed"), r.pct("lowered"), r.high,
            r.high_below, r.high_below_pct, r.mean_difference, r.no_journal_mark, r.verdict]  # fmt: skip


def objectivity_note() -> str:
    return _(
        "Each result is turned into a mark by the percent of the maximum (85 % and more: 5, 65 %: 4, 40 %: 3, "
        "below: 2) and compared with the student's annual journal mark in the subject. Journal higher: the "
        "journal mark is not confirmed; the others compared have the same mark or a higher external one. Mean "
        "difference: journal mark minus the external mark. A signal, never a verdict: read it with the group "
        "sizes."
    )
