"""`sapat load-marks` and `sapat load-scores`: CSV files validated as a whole and saved all or nothing.

Marks: school,year,class,student,student_name,subject,period,mark. Scores (KZ criteria-based assessment):
school,year,class,student,student_name,subject,period,kind,score,max with kind fo, sor or soch (ФО, СОр, СОч;
the Kazakh ҚБ, БЖБ, ТЖБ are read too). With create_missing, unknown classes, students, enrolments, subjects
(and the academic year with its usual periods) are created on the way.
"""

import datetime
import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sapat.colleges.models import GROUP_CODE, SEMESTERS, is_college
from sapat.colleges.services import semesters_ensure
from sapat.core import values
from sapat.core.csvfiles import RowErrors, read_rows
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass, Student, Subject

from .scores import ScoreEntry, scores_save
from .services import BatchRefused, MarkEntry, period_marks_save

MARK_COLUMNS = ("school", "year", "class", "student", "student_name", "subject", "period", "mark")
SCORE_COLUMNS = ("school", "year", "class", "student", "student_name", "subject", "period", "kind", "score", "max")
SCORE_KINDS = {"фо": "fo", "қб": "fo", "сор": "sor", "бжб": "sor", "соч": "soch", "тжб": "soch"}
CLASS_NAME = re.compile(r"^(\d{1,2})\s*-?\s*(\S{0,8})$")
# Usual period dates (month, day) used when an academic year has to be created from a file.
DEFAULT_PERIODS = {
    "q1": ((9, 2), (10, 31)), "q2": ((11, 8), (12, 28)), "q3": ((1, 13), (3, 20)), "q4": ((4, 1), (5, 25)),
    "h1": ((9, 2), (12, 28)), "h2": ((1, 13), (5, 25)), "year": ((9, 2), (5, 25)),
}  # fmt: skip


class Resolver:
    """Turns the codes of a file into objects, caching each, creating missing ones when allowed."""

    def __init__(self, create_missing: bool):
        self.create_missing = create_missing
        self.cache: dict = {}

    def get(self, key, find, create):
        if key not in self.cache:
            found = find()
            if found is None and self.create_missing:
                found = create()
            self.cache[key] = found
        return self.cache[key]

    def school(self, code: str) -> OrgUnit:
        school = self.get(
            ("school", code), lambda: OrgUnit.objects.filter(code=code, kind="school").first(), lambda: None
        )
        if school is None:
            raise ValueError(_("No school with the code %(code)s.") % {"code": code})
        return school

    def year(self, school: OrgUnit, code: str) -> AcademicYear:
        year = self.get(
            ("year", school.country, code),
            lambda: AcademicYear.objects.filter(country=school.country, code=code).first(),
            lambda: _create_year(school.country, code),
        )
        if year is None:
            raise ValueError(_("No academic year %(code)s for this country.") % {"code": code})
        return year

    def period(self, year: AcademicYear, code: str) -> Period:
        if code in SEMESTERS:
            return self.get(("period", year.pk, code), lambda: _semester(year, code), lambda: None)
        if code not in DEFAULT_PERIODS:
            raise ValueError(
                _("Unknown period “%(code)s”: use q1, q2, q3, q4, h1, h2, s1, s2 or year.") % {"code": code}
            )
        period = self.get(
            ("period", year.pk, code),
            lambda: Period.objects.filter(year=year, code=code).first(),
            lambda: _create_period(year, code),
        )
        if period is None:
            raise ValueError(_("The year %(year)s has no period %(code)s.") % {"year": year.code, "code": code})
        return period

    def school_class(self, school, year, name: str) -> SchoolClass:
        if is_college(school):
            return self.study_group(school, year, name)
        match = CLASS_NAME.match(name)
        if not match:
            raise ValueError(_("“%(name)s” is not a class name like 8б.") % {"name": name})
        grade, letter = int(match[1]), match[2]
        found = self.get(
            ("class", school.pk, year.pk, grade, letter),
            lambda: SchoolClass.objects.filter(school=school, year=year, grade=grade, letter=letter).first(),
            lambda: SchoolClass.objects.create(school=school, year=year, grade=grade, letter=letter),
        )
        if found is None:
            raise ValueError(_("No class %(name)s in %(year)s.") % {"name": name, "year": year.code})
        return found

    def study_group(self, college, year, code: str) -> SchoolClass:
        """A college's group in a year, by its code; never created here, since only load-groups knows its course."""
        if not GROUP_CODE.match(code):
            raise ValueError(_("“%(name)s” is not the code of a college's group like ВЕТ-21.") % {"name": code})
        found = self.get(
            ("group", college.pk, year.pk, code),
            lambda: SchoolClass.objects.filter(
                school=college, year=year, letter=code, group_year__isnull=False
            ).first(),
            lambda: None,
        )
        if found is None:
            raise ValueError(
                _("No group %(group)s in %(year)s: load the college's groups first (sapat load-groups).")
                % {"group": code, "year": year.code}
            )
        return found

    def student(self, school, code: str, full_name: str) -> Student:
        found = self.get(
            ("student", school.pk, code),
            lambda: Student.objects.filter(school=school, code=code).first(),
            lambda: _create_student(school, code, full_name),
        )
        if found is None:
            raise ValueError(_("No student with the code %(code)s at this school.") % {"code": code})
        return found

    def subject(self, code: str) -> Subject:
        found = self.get(
            ("subject", code),
            lambda: Subject.objects.filter(code=code).first(),
            lambda: Subject.objects.create(code=code, name_ru=code, name_en=code),
        )
        if found is None:
            raise ValueError(_("No subject with the code %(code)s.") % {"code": code})
        return found

    def enrol(self, student: Student, school_class: SchoolClass) -> None:
        key = ("enrolment", student.pk, school_class.year_id)
        if key in self.cache or not self.create_missing:
            return
        self.cache[key] = True
        if not Enrolment.objects.filter(student=student, year_id=school_class.year_id).exists():
            Enrolment.objects.create(student=student, school_class=school_class, starts_on=school_class.year.starts_on)


def load_marks(path: str, *, create_missing: bool = False, actor=None):
    """Load the whole file or nothing; raise RowErrors listing every bad line."""
    return load_batch_file(
        path, MARK_COLUMNS, _mark_entry, period_marks_save, create_missing=create_missing, actor=actor
    )


def load_scores(path: str, *, create_missing: bool = False, actor=None):
    """Load a file of ФО/СОр/СОч scores and derive the marks, or nothing; raise RowErrors listing every bad line."""
    return load_batch_file(path, SCORE_COLUMNS, _score_entry, scores_save, create_missing=create_missing, actor=actor)


@transaction.atomic
def load_batch_file(path: str, columns: tuple[str, ...], to_entry, save, *, create_missing: bool, actor):
    """Resolve every line, hand the good ones to the service, and refuse the file if any line is bad.

    The service also sees the lines that resolved when others did not, so the errors list every bad line;
    RowErrors raised inside the transaction undoes whatever was written or created on the way.
    """
    resolver, entries, errors = Resolver(create_missing), [], []
    for line, row in read_rows(path, columns):
        try:
            entries.append(to_entry(resolver, line, row))
        except ValueError as error:
            errors.append((line, str(error)))
    entries = [entry for entry in entries if entry is not None]  # rows that say nothing (no mark)
    report = None
    try:
        report = save(entries=entries, actor=actor, note=path)
    except BatchRefused as refused:
        errors += refused.errors
    if errors:
        raise RowErrors(errors)
    return report


def _placement(resolver: Resolver, row: dict) -> tuple[Student, SchoolClass, Subject, Period]:
    school = resolver.school(row["school"])
    year = resolver.year(school, row["year"])
    school_class = resolver.school_class(school, year, row["class"])
    student = resolver.student(school, row["student"], row["student_name"])
    resolver.enrol(student, school_class)
    return student, school_class, resolver.subject(row["subject"]), resolver.period(year, row["period"])


def _mark_entry(resolver: Resolver, line: int, row: dict) -> MarkEntry | None:
    """The row's mark (sapat.core.values.mark, as the journal and the imports read it); a row without a mark
    (empty or a dash) leaves the stored mark alone, as an import does."""
    value = _column(values.mark, row, "mark")
    return MarkEntry(*_placement(resolver, row), value, row=line) if value else None


def _score_entry(resolver: Resolver, line: int, row: dict) -> ScoreEntry:
    kind = SCORE_KINDS.get(row["kind"].lower(), row["kind"].lower())
    score, maximum = _number(row, "score"), _number(row, "max")
    return ScoreEntry(*_placement(resolver, row), kind, score, maximum, row=line)


def _number(row: dict, column: str) -> Decimal:
    """A score or a maximum as spreadsheets write it, with a point or a comma before the decimals."""
    number = _column(values.score, row, column)
    if number is None:
        raise ValueError(_("Column %(column)s: %(reason)s") % {"column": column, "reason": _("The cell is empty.")})
    return number


def _column(parse, row: dict, column: str):
    """One cell read by its parser; a refusal names the column (the line is the caller's)."""
    try:
        return parse(row[column])
    except values.ValueRefused as refused:
        raise ValueError(_("Column %(column)s: %(reason)s") % {"column": column, "reason": refused}) from None


def _create_year(country: str, code: str) -> AcademicYear | None:
    match = re.match(r"^(\d{4})-(\d{4})$", code)
    if not match or int(match[2]) != int(match[1]) + 1:
        return None
    first = int(match[1])
    return AcademicYear.objects.create(
        country=country, code=code, starts_on=datetime.date(first, 9, 1), ends_on=datetime.date(first + 1, 5, 31)
    )


def _create_period(year: AcademicYear, code: str) -> Period:
    (m1, d1), (m2, d2) = DEFAULT_PERIODS[code]
    first = year.first_calendar_year
    starts = datetime.date(first if m1 >= 9 else first + 1, m1, d1)
    ends = datetime.date(first if m2 >= 9 else first + 1, m2, d2)
    return Period.objects.create(year=year, code=code, starts_on=starts, ends_on=ends)


def _semester(year: AcademicYear, code: str) -> Period:
    """A semester of the year, created with the year's other semester when missing (a college's periods)."""
    found = Period.objects.filter(year=year, code=code).first()
    return found or dict(zip(SEMESTERS, semesters_ensure(year=year), strict=True))[code]


def _create_student(school: OrgUnit, code: str, full_name: str) -> Student:
    last, first, *rest = [*full_name.split(), "", ""]
    rest = " ".join(part for part in rest if part)
    return Student.objects.create(school=school, code=code, last_name=last or code, first_name=first, patronymic=rest)
