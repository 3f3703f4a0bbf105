"""The data set form as rows × elements of cells, read from and written to the POST of the page."""

from dataclasses import dataclass, field

from sapat.core.querysets import unscoped
from sapat.structure.models import OrgUnit, Period, SchoolClass

from .models import DataElement, DataSet, DataValue
from .selectors import form_classes
from .services import Target, ValueEntry
from .values import shown


@dataclass
class Cell:
    element: DataElement
    name: str  # the input's name
    text: str
    flagged: bool = False
    error: str = ""


@dataclass
class Row:
    target: Target
    label: str
    cells: list[Cell] = field(default_factory=list)
    editable: bool = True


def targets_of(dataset: DataSet, unit: OrgUnit, period: Period, school_class: SchoolClass | None) -> list[Target]:
    """The rows of the form: the unit itself, its classes, or the students on the list of one class at the end of
    the period."""
    if dataset.level == DataSet.Level.CLASS:
        return [Target(unit, klass) for klass in form_classes(dataset, period, unit)]
    if dataset.level == DataSet.Level.STUDENT:
        if school_class is None:
            return []
        on_list = school_class.enrolments.filter(starts_on__lte=period.ends_on).exclude(ends_on__lt=period.ends_on)
        students = [
            e.student for e in on_list.select_related("student").order_by("student__last_name", "student__first_name")
        ]
        return [Target(unit, school_class, student) for student in students]
    return [Target(unit)]


def input_name(element: DataElement, target: Target) -> str:
    _unit, klass, student = target.key
    return f"v-{element.pk}-{klass}-{student}"


def rows_of(dataset, period, targets: list[Target], posted=None, errors=None, editable=lambda target: True) -> list:
    """The form's rows with the stored values, or with what was posted (after a refused save) and its errors."""
    elements = list(dataset.elements.prefetch_related("options"))
    stored = _stored(dataset, period, targets)
    rows = []
    for target in targets:
        row = Row(target, str(target), editable=editable(target))
        for element in elements:
            name = input_name(element, target)
            value = stored.get((element.pk, target.key))
            text = posted.get(name, "") if posted is not None else shown(element, _value(value))
            row.cells.append(Cell(element, name, text, bool(value and value.flagged), (errors or {}).get(name, "")))
        rows.append(row)
    return rows


@unscoped("the values stored for the units of a form the view checked the user may enter (datasets.access)")
def _stored(dataset, period, targets) -> dict:
    units = {target.unit.pk for target in targets}
    keys = {target.key for target in targets}
    found = {}
    for value in DataValue.objects.filter(dataset=dataset, period=period, unit_id__in=units).select_related("option"):
        key = (value.unit_id, value.school_class_id or 0, value.student_id or 0)
        if key in keys:
            found[(value.element_id, key)] = value
    return found


def _value(value: DataValue | None):
    if value is None:
        return None
    return value.option.code if value.option_id else value.number


def entries_of(rows: list[Row], posted) -> list[ValueEntry]:
    """The posted cells of the editable rows, as the service takes them (the row number is the form's row)."""
    entries = []
    for number, row in enumerate(rows, start=1):
        if not row.editable:
            continue
        for cell in row.cells:
            if cell.name in posted:
                text = posted.get(cell.name, "")
                entries.append(ValueEntry(cell.element, row.target, text, row=number, column=cell.element.name))
    return entries
