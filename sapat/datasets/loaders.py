"""`sapat load-values FILE.csv`: data set values, all or nothing, every bad line listed with its reason.

Columns dataset,unit,year,period,element,value, plus class and student for data sets of classes and students
(docs/cli.md). The same reading of a row serves the import of the web pages (transfer.kinds.values).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sapat.core.csvfiles import RowErrors, read_rows
from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Student

from .models import DataElement, DataSet
from .services import SaveOutcome, Target, ValueEntry, ValuesRefused, values_save

COLUMNS = ("dataset", "unit", "year", "period", "element", "value")


@dataclass
class LoadReport:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    flagged: int = 0

    def add(self, outcome: SaveOutcome) -> None:
        self.created += outcome.created
        self.changed += outcome.changed
        self.removed += outcome.removed
        self.unchanged += outcome.unchanged
        self.flagged += len(outcome.flags)


class RowReader:
    """Codes of a row → the data set, period and value entry, with a cache per code; raises ValueError with the
    reason a row cannot be used. `reaches(unit)` limits the units (an import into a school)."""

    def __init__(self, reaches=None):
        self.reaches = reaches or (lambda unit: True)
        self.cache: dict = {}

    def entry(self, row: dict, line: int) -> tuple[DataSet, Period, ValueEntry]:
        dataset = self._dataset(row["dataset"])
        element = self._element(dataset, row["element"])
        unit = self._unit(row["unit"])
        period = self._period(unit, row["year"], row["period"])
        target = self._target(dataset, unit, period, row.get("class", ""), row.get("student", ""))
        return dataset, period, ValueEntry(element, target, row["value"], row=line, column="value")

    def _cached(self, key, find):
        if key not in self.cache:
            self.cache[key] = find()
        return self.cache[key]

    def _dataset(self, code: str) -> DataSet:
        found = self._cached(("dataset", code), lambda: DataSet.objects.filter(code=code).first())
        if found is None:
            raise ValueError(_("No data set with the code %(code)s.") % {"code": code})
        return found

    def _element(self, dataset: DataSet, code: str) -> DataElement:
        elements = self._cached(
            ("elements", dataset.pk), lambda: {e.code: e for e in dataset.elements.prefetch_related("options")}
        )
        if code not in elements:
            raise ValueError(
                _("The data set %(dataset)s has no element %(code)s.") % {"dataset": dataset.code, "code": code}
            )
        return elements[code]

    def _unit(self, code: str) -> OrgUnit:
        found = self._cached(("unit", code), lambda: OrgUnit.objects.filter(code=code).first())
        if found is None or not self.reaches(found):
            raise ValueError(_("No unit with the code %(code)s.") % {"code": code})
        return found

    def _period(self, unit: OrgUnit, year_code: str, code: str) -> Period:
        year = self._cached(
            ("year", unit.country, year_code),
            lambda: AcademicYear.objects.filter(country=unit.country, code=year_code).first(),
        )
        if year is None:
            raise ValueError(_("No academic year %(code)s.") % {"code": year_code})
        if code not in Period.CODES:
            raise ValueError(_("Unknown period “%(code)s”: use q1–q4, h1, h2, s1, s2 or year.") % {"code": code})
        found = self._cached(("period", year.pk, code), lambda: Period.objects.filter(year=year, code=code).first())
        if found is None:
            raise ValueError(_("The year %(year)s has no period %(code)s.") % {"year": year.code, "code": code})
        return found

    def _target(self, dataset: DataSet, unit: OrgUnit, period: Period, class_name: str, student_code: str) -> Target:
        if not dataset.per_school:
            return Target(unit)
        if not class_name:
            raise ValueError(_("Give the class: the data set %(code)s is kept per class.") % {"code": dataset.code})
        klass = self._class(unit, period, class_name)
        if dataset.level == DataSet.Level.CLASS:
            return Target(unit, klass)
        if not student_code:
            raise ValueError(
                _("Give the student's code: the data set %(code)s is kept per student.") % {"code": dataset.code}
            )
        student = self._cached(
            ("student", unit.pk, student_code), lambda: Student.objects.filter(school=unit, code=student_code).first()
        )
        if student is None:
            raise ValueError(_("No student %(code)s in %(school)s.") % {"code": student_code, "school": unit.name})
        return Target(unit, klass, student)

    def _class(self, school: OrgUnit, period: Period, name: str) -> SchoolClass:
        classes = self._cached(
            ("classes", school.pk, period.year_id),
            lambda: {c.name.casefold(): c for c in SchoolClass.objects.filter(school=school, year_id=period.year_id)},
        )
        found = classes.get(name.strip().casefold())
        if found is None:
            raise ValueError(
                _("No class %(name)s in %(school)s in %(year)s.")
                % {"name": name, "school": school.name, "year": period.year}
            )
        return found


@transaction.atomic
def save_grouped(entries: list[tuple[DataSet, Period, ValueEntry]], *, user=None, note="") -> LoadReport:
    """Save entries of several data sets and periods, all or nothing: every refused cell of every group is
    reported (the groups that succeeded are rolled back with the rest)."""
    groups: dict[tuple, list[ValueEntry]] = defaultdict(list)
    keys = {}
    for dataset, period, entry in entries:
        groups[(dataset.pk, period.pk)].append(entry)
        keys[(dataset.pk, period.pk)] = (dataset, period)
    report, errors = LoadReport(), []
    for key, group in groups.items():
        dataset, period = keys[key]
        try:
            report.add(values_save(dataset=dataset, period=period, entries=group, user=user, note=note))
        except ValuesRefused as refused:
            first = min(entry.row for entry in group)
            errors += [(row or first, message) for row, _column, message in refused.errors]
    if errors:
        raise RowErrors(errors)
    return report


@transaction.atomic
def load_values(path: str) -> LoadReport:
    """Every line is checked, those that cannot be read and those the save refuses alike, before any is kept."""
    reader = RowReader()
    entries, errors = [], []
    for line, row in read_rows(path, COLUMNS):
        try:
            entries.append(reader.entry(row, line))
        except ValueError as error:
            errors.append((line, str(error)))
    try:
        report = save_grouped(entries, note=f"load-values {path}")
    except RowErrors as refused:
        errors += refused.errors
    if errors:
        raise RowErrors(errors)
    return report
