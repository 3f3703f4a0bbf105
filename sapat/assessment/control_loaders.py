"""`sapat load-control` and `sapat load-external`: results from CSV files, validated as a whole, all or nothing.

Both reuse the codes → objects Resolver of the marks loader (schools, years, classes, students, subjects).
"""

import datetime
import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sapat.core import values

from .control import ControlEntry, control_results_save
from .external import ExternalEntry, external_results_save
from .loaders import Resolver, load_batch_file

CONTROL_COLUMNS = (
    "school", "year", "class", "student", "student_name", "subject", "work", "date", "score", "max", "mark",
)  # fmt: skip
EXTERNAL_COLUMNS = (
    "school", "year", "class", "student", "student_name", "test", "kind", "date", "score", "max", "threshold",
)  # fmt: skip
# Optional columns: a task of a control work, "task:<number>:<maximum>" (e.g. task:1:4), holding the points
# for that task; a component of an external test, "part:<code>" (e.g. part:math), holding its score; the
# subject of an external subject test, "subject" (a subject code; empty or absent for a whole test).
TASK_COLUMN = re.compile(r"^task:([0-9]{1,3}):([0-9]{1,4}(?:[.,][0-9]{1,2})?)$")
PART_COLUMN = re.compile(r"^part:([\w-]{1,32})$")


@transaction.atomic
def load_control(path: str, *, create_missing: bool = False, actor=None):
    """Load a file of control-work results or nothing; raise RowErrors listing every bad line."""
    return load_batch_file(
        path, CONTROL_COLUMNS, _control_entry, control_results_save, create_missing=create_missing, actor=actor
    )


@transaction.atomic
def load_external(path: str, *, create_missing: bool = False, actor=None):
    """Load a file of external test results or nothing; raise RowErrors listing every bad line."""
    return load_batch_file(
        path, EXTERNAL_COLUMNS, _external_entry, external_results_save, create_missing=create_missing, actor=actor
    )


def _control_entry(resolver: Resolver, line: int, row: dict) -> ControlEntry:
    _year, school_class, student = _pupil(resolver, row)
    task_scores, task_maxima = _tasks(row)
    return ControlEntry(
        student=student,
        school_class=school_class,
        subject=resolver.subject(row["subject"]),
        code=row["work"],
        written_on=parse_date(row["date"]),
        score=parse_decimal(row["score"]),
        max_score=parse_decimal(row["max"]),
        mark=values.mark(row["mark"]),
        task_scores=task_scores,
        task_maxima=task_maxima,
        row=line,
    )


def _external_entry(resolver: Resolver, line: int, row: dict) -> ExternalEntry:
    year, school_class, student = _pupil(resolver, row)
    parts = {match[1]: parse_decimal(value) for key, value in row.items() if (match := PART_COLUMN.match(key))}
    return ExternalEntry(
        student=student,
        school_class=school_class,
        year=year,
        test=row["test"],
        kind=row["kind"],
        held_on=parse_date(row["date"]) if row["date"] else None,
        score=parse_decimal(row["score"]),
        max_score=parse_decimal(row["max"]),
        threshold=parse_decimal(row["threshold"]),
        component_scores={code: score for code, score in parts.items() if score is not None},
        subject=resolver.subject(row["subject"]) if row.get("subject") else None,
        row=line,
    )


def _pupil(resolver: Resolver, row: dict) -> tuple:
    school = resolver.school(row["school"])
    year = resolver.year(school, row["year"])
    school_class = resolver.school_class(school, year, row["class"])
    student = resolver.student(school, row["student"], row["student_name"])
    resolver.enrol(student, school_class)
    return year, school_class, student


def _tasks(row: dict) -> tuple[dict, dict]:
    """Task scores and maxima from the "task:<number>:<maximum>" columns; empty cells are left out."""
    scores, maxima = {}, {}
    for key, value in row.items():
        match = TASK_COLUMN.match(key)
        if match and value:
            number = int(match[1])
            scores[number], maxima[number] = parse_decimal(value), parse_decimal(match[2])
    return scores, maxima


def parse_date(text: str) -> datetime.date:
    """ISO (2024-12-20) or the usual local form (20.12.2024); see sapat.core.values.day."""
    found = values.day(text)
    if found is None:
        raise values.ValueRefused(_("The cell is empty."))
    return found


def parse_decimal(text: str) -> Decimal | None:
    """A score with a decimal point or comma (17,5); None for an empty cell (sapat.core.values.score)."""
    return values.score(text)
