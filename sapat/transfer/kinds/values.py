"""Data set values (sapat.datasets): one row per value, the columns of `sapat load-values`; the template lists
every cell the unit's data sets expect for their current period, to be filled in."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.access.scope import restrict
from sapat.assessment.services import BatchRefused
from sapat.core.csvfiles import RowErrors
from sapat.datasets.access import may_enter
from sapat.datasets.forms import targets_of
from sapat.datasets.loaders import RowReader, save_grouped
from sapat.datasets.models import DataSet, DataValue
from sapat.datasets.selectors import datasets_for, expected_units, form_classes
from sapat.datasets.values import shown
from sapat.structure.models import OrgUnit, Period
from sapat.structure.selectors import current_year

from ..headers import column
from ..outcome import Outcome
from ..tables import Record, RowError
from .base import ExportContext, SheetData, TableKind


class ValuesKind(TableKind):
    code = "values"
    title = gettext_lazy("Data set values")
    help = gettext_lazy(
        "One row per value of a data set (health groups, upbringing levels, equipment…): data set, unit, year, "
        "period, element, value, and the class and the student's code for data sets kept per class or student. "
        "An option is written as its code, yes/no as 1 or 0; an empty value removes the one stored."
    )
    file_name = "values"
    columns = (
        column("dataset", gettext_lazy("Data set")),
        column("unit", gettext_lazy("Unit")),
        column("year", gettext_lazy("Academic year")),
        column("period", gettext_lazy("Period")),
        column("element", gettext_lazy("Element")),
        column("value", gettext_lazy("Value"), required=False),
        column("class", gettext_lazy("Class"), required=False),
        column("student", gettext_lazy("Student code"), required=False, extra=("код",)),
    )

    def may_import(self, user, unit) -> bool:
        """Whoever sees the unit may bring a file; each row is then allowed only to who may enter its data set
        there (the deputy for upbringing work, the psychologist, a class teacher for their class)."""
        if user is None or unit is None:
            return super().may_import(user, unit)
        return restrict(OrgUnit.objects.filter(pk=unit.pk), user).exists()

    def resolver(self, ctx):
        return RowReader(reaches=ctx.reaches)

    def entry(self, record: Record, resolver: RowReader, ctx):
        row = {
            key: record[key] for key in ("dataset", "unit", "year", "period", "element", "value", "class", "student")
        }
        try:
            dataset, period, entry = resolver.entry(row, record.number)
        except ValueError as error:
            raise RowError(record.problem(str(error))) from None
        if ctx.user is not None and not may_enter(ctx.user, dataset, entry.target.unit, entry.target.school_class):
            raise RowError(record.problem(_("You may not enter the data set %(code)s here.") % {"code": dataset.code}))
        return dataset, period, entry

    def save(self, entries, ctx, outcome: Outcome) -> None:
        try:
            report = save_grouped(entries, user=ctx.actor, note=ctx.note)
        except RowErrors as refused:
            raise BatchRefused(refused.errors) from None
        for name in ("created", "changed", "unchanged", "removed"):
            outcome.add("values", name, getattr(report, name))

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        for dataset in datasets_for(ectx.unit):
            period = _period(dataset, ectx)
            if period is not None:
                rows += _rows(dataset, period, ectx)
        return [SheetData(str(self.title)[:31], self.header(), rows)]


def _period(dataset: DataSet, ectx: ExportContext) -> Period | None:
    if ectx.period is not None and ectx.period.kind == dataset.period_kind:
        return ectx.period
    year = ectx.year or current_year(ectx.unit.country)
    periods = list(Period.objects.filter(year=year, kind=dataset.period_kind).order_by("starts_on"))
    today = timezone.localdate()
    return next((p for p in periods if p.starts_on <= today <= p.ends_on), periods[-1] if periods else None)


def _rows(dataset: DataSet, period: Period, ectx: ExportContext) -> list[list]:
    """A row per expected cell of the data set under the unit, with the stored value when rows are wanted."""
    elements = list(dataset.elements.prefetch_related("options"))
    stored = {}
    if ectx.with_data:
        values = DataValue.objects.filter(dataset=dataset, period=period).select_related("option")
        for value in ectx.scoped(values):
            stored[(value.element_id, value.unit_id, value.school_class_id or 0, value.student_id or 0)] = value
    rows = []
    for unit in expected_units(dataset, ectx.unit):
        classes = form_classes(dataset, period, unit) if dataset.level == DataSet.Level.STUDENT else [None]
        for school_class in classes:
            for target in targets_of(dataset, unit, period, school_class):
                rows += [_row(dataset, period, target, element, stored) for element in elements]
    return rows


def _row(dataset, period, target, element, stored) -> list:
    value = stored.get((element.pk, *target.key))
    text = "" if value is None else shown(element, value.option.code if value.option_id else value.number)
    klass = target.school_class.name if target.school_class else ""
    student = target.student.code if target.student else ""
    return [dataset.code, target.unit.code, period.year.code, period.code, element.code, text, klass, student]
