"""`sapat load-groups`: a college's study groups by course and year from a CSV file, idempotently, all or nothing.

Columns: college,year,group,course,speciality,speciality_name,department; optional speciality_name_ky,
speciality_name_kk, speciality_name_ru, speciality_name_en. Departments and specialities are created when
missing; the academic year (with its semesters s1 and s2) too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.assessment.loaders import Resolver
from sapat.core.csvfiles import RowErrors, read_rows
from sapat.core.multilingual import LANGUAGE_CODES
from sapat.structure.models import OrgUnit

from . import services
from .models import MAX_COURSE, is_college

GROUP_COLUMNS = ("college", "year", "group", "course", "speciality", "speciality_name", "department")


@transaction.atomic
def load_groups(path: str) -> dict[str, int]:
    """Place every group of the file in its course and year; refuse the whole file if any line is bad."""
    counts = {"created": 0, "unchanged": 0, "departments": 0, "specialities": 0}
    resolver, errors = Resolver(create_missing=True), []
    for line, row in read_rows(path, GROUP_COLUMNS):
        try:
            college = _college(row["college"])
            year = resolver.year(college, row["year"])  # outside the line's savepoint: the resolver caches it
            with transaction.atomic():
                _apply_group(college, year, row, counts)
        except (ValueError, ValidationError) as error:
            errors.append((line, "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)))
    if errors:
        raise RowErrors(errors)
    return counts


def _apply_group(college: OrgUnit, year, row: dict, counts: dict) -> None:
    services.semesters_ensure(year=year)
    course = _course(row["course"])
    if not row["speciality"] or not row["department"]:
        raise ValueError(_("Give the speciality and the department of the group."))
    department, new_department = services.department_ensure(college=college, code=row["department"])
    speciality, new_speciality = services.speciality_ensure(
        college=college, code=row["speciality"], department=department, names=_speciality_names(college, row)
    )
    _group_year, created = services.study_group_place(
        college=college, year=year, code=row["group"], course=course, speciality=speciality
    )
    counts["created" if created else "unchanged"] += 1
    counts["departments"] += new_department
    counts["specialities"] += new_speciality


def _college(code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValueError(_("No unit with the code %(code)s.") % {"code": code})
    if not is_college(unit):
        raise ValueError(_("%(unit)s is not a college.") % {"unit": code})
    return unit


def _course(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_COURSE:
        raise ValueError(_("“%(value)s” is not a course: use 1 to %(max)s.") % {"value": text, "max": MAX_COURSE})
    return int(text)


def _speciality_names(college: OrgUnit, row: dict) -> dict[str, str]:
    names = {services.name_language(college): row["speciality_name"]} if row["speciality_name"] else {}
    names.update(
        {lang: row[f"speciality_name_{lang}"] for lang in LANGUAGE_CODES if row.get(f"speciality_name_{lang}")}
    )
    return names
