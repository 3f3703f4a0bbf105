"""Codes in a file → objects, through the loaders' Resolver, kept inside the unit the import goes into."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sapat.assessment.control_loaders import parse_date
from sapat.assessment.loaders import CLASS_NAME, DEFAULT_PERIODS, Resolver
from sapat.colleges.models import is_college
from sapat.structure import services as structure_services
from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Student, Subject
from sapat.structure.selectors import current_year

from .headers import Choices, normal

# Latin letters typed for the Cyrillic class letters they look like ("8a" for "8а").
LOOK_ALIKES = str.maketrans("aeocpxykmhbt", "аеосрхукмнвт")


@dataclass
class Context:
    """Who imports, into which unit (None: anywhere, only from the command line), the academic year a file
    without a year column means, and the note written into the audit trail with every change."""

    user: object = None
    unit: OrgUnit | None = None
    year: AcademicYear | None = None
    note: str = ""
    extras: dict = field(default_factory=dict)

    @property
    def actor(self):
        return self.user if getattr(self.user, "pk", None) else None

    def reaches(self, unit: OrgUnit | None) -> bool:
        return unit is not None and (self.unit is None or unit.path.startswith(self.unit.path))

    @property
    def default_school(self) -> str:
        return self.unit.code if self.unit is not None and self.unit.is_school else ""


class ScopedResolver(Resolver):
    """The loaders' Resolver, creating only the kinds of things named in `creatable`, refusing schools outside
    the import's unit (with the message a missing school gets: nothing is told about other units), and
    matching class letters regardless of case and of Latin look-alikes."""

    def __init__(self, ctx: Context, creatable: tuple[str, ...] = ()):
        super().__init__(create_missing=False)
        self.ctx, self.creatable = ctx, set(creatable)
        self.created: list = []  # classes created on the way, for the counts

    def get(self, key, find, create):
        if key not in self.cache:
            found = find()
            if found is None and key[0] in self.creatable:
                found = create()
            self.cache[key] = found
        return self.cache[key]

    def school(self, code: str) -> OrgUnit:
        code = code or self.ctx.default_school
        if not code:
            raise ValueError(_("Give the code of the school."))
        found = self.get(("school", code), lambda: OrgUnit.objects.filter(code=code, kind="school").first(), None)
        if not self.ctx.reaches(found):
            if self.ctx.unit is None:
                raise ValueError(_("No school with the code %(code)s.") % {"code": code})
            raise ValueError(_("No school with the code %(code)s in %(unit)s.") % {"code": code, "unit": self.ctx.unit})
        return found

    def period(self, year: AcademicYear, code: str) -> Period:
        if code not in Period.CODES:
            raise ValueError(_("Unknown period “%(code)s”: use q1, q2, q3, q4, h1, h2 or year.") % {"code": code})
        if code in DEFAULT_PERIODS:
            return super().period(year, code)
        found = self.get(("period", year.pk, code), lambda: Period.objects.filter(year=year, code=code).first(), None)
        if found is None:
            raise ValueError(_("The year %(year)s has no period %(code)s.") % {"year": year.code, "code": code})
        return found

    def year(self, school: OrgUnit, code: str) -> AcademicYear:
        if not code:
            year = self.get(("default year", school.country), lambda: self._default_year(school.country), None)
            if year is None:
                raise ValueError(_("Give the academic year, like 2024-2025."))
            return year
        return super().year(school, code)

    def _default_year(self, country: str) -> AcademicYear | None:
        """The year the import was given, else the current one: for rows (and sheets) that name none."""
        if self.ctx.year is not None and self.ctx.year.country == country:
            return self.ctx.year
        return current_year(country)

    def school_class(self, school, year, name: str) -> SchoolClass:
        if is_college(school):
            return self.study_group(school, year, name.strip())  # a group by its code; never created by an import
        match = CLASS_NAME.match(name.strip())
        if not match:
            raise ValueError(_("“%(name)s” is not a class name like 8б.") % {"name": name})
        classes = self.get(("classes", school.pk, year.pk), lambda: _classes_of(school, year), None)
        grade, letter = int(match[1]), match[2]
        found = classes.get((grade, letter)) or classes.get((grade, _letter_key(letter)))
        if found is None and "class" in self.creatable:
            found = structure_services.school_class_create(school=school, year=year, grade=grade, letter=letter)
            classes[(grade, letter)] = classes[(grade, _letter_key(letter))] = found
            self.created.append(found)
        if found is None:
            raise ValueError(_("No class %(name)s in %(year)s.") % {"name": name, "year": year.code})
        return found

    def student(self, school, code: str, full_name: str) -> Student:
        """By code among the school's students, all fetched with one query the first time."""
        students = self.get(("students", school.pk), lambda: _students_of(school), None)
        found = students.get(code)
        if found is None:
            found = super().student(school, code, full_name)
            students[code] = found
        return found

    def student_in(self, school, code: str, full_name: str, school_class: SchoolClass | None) -> Student:
        """By code; without a code, by full name among the class's students (old journals have no codes)."""
        if code:
            return self.student(school, code, full_name)
        if not full_name or school_class is None:
            raise ValueError(_("Give the student's code."))
        names = self.get(("names", school_class.pk), lambda: _names_in(school_class), None)
        found = names.get(normal(full_name), [])
        if len(found) != 1:
            message = (
                _("No student named %(name)s in class %(class)s.")
                if not found
                else _("Several students of class %(class)s are named %(name)s: give their codes.")
            )
            raise ValueError(message % {"name": full_name, "class": school_class.name})
        return found[0]

    def subject_named(self, text: str) -> Subject:
        """A subject by its code, by "Name [code]", or by its name in any of the four languages."""
        bracketed = re.match(r"^.*\[([\w-]+)\]\s*$", text)
        code = bracketed[1] if bracketed else text.strip()
        subjects = self.get(("subjects",), _subjects_by_word, None)
        found = subjects.get(code) or subjects.get(normal(text), [])
        if isinstance(found, Subject):
            return found
        if len(found) != 1:
            message = (
                _("No subject with the code or name “%(name)s”.")
                if not found
                else _("Several subjects are called “%(name)s”: write the code in brackets, like “%(name)s [math]”.")
            )
            raise ValueError(message % {"name": text})
        return found[0]


def _subjects_by_word() -> dict:
    """Codes → subject, and each name (any language, reduced by `normal`) → the subjects that bear it."""
    table: dict = {}
    subjects = list(Subject.objects.all())
    for subject in subjects:
        for name in {normal(getattr(subject, f"name_{code}", "")) for code in ("ky", "kk", "ru", "en")} - {""}:
            table.setdefault(name, []).append(subject)
    for subject in subjects:
        table[subject.code] = subject
    return table


def _letter_key(letter: str) -> str:
    return letter.casefold().translate(LOOK_ALIKES)


def _classes_of(school, year) -> dict:
    classes = {}
    for school_class in SchoolClass.objects.filter(school=school, year=year).select_related("school", "year"):
        classes.setdefault((school_class.grade, school_class.letter), school_class)
        classes.setdefault((school_class.grade, _letter_key(school_class.letter)), school_class)
    return classes


def _students_of(school) -> dict:
    return {student.code: student for student in Student.objects.filter(school=school)}


def _names_in(school_class: SchoolClass) -> dict:
    names = {}
    for student in Student.objects.filter(enrolments__school_class=school_class).distinct():
        names.setdefault(normal(student.full_name), []).append(student)
    return names


def day(text: str) -> datetime.date:
    """A date as written in the region: 2024-12-20, 20.12.2024 or 20/12/2024 (sapat.core.values.day)."""
    return parse_date(text)


def optional_day(text: str) -> datetime.date | None:
    return day(text) if text else None


def choice(choices: Choices, text: str, message) -> str:
    """The code a value stands for; `message` (with %(value)s) when it stands for none."""
    code = choices.pick(text)
    if code is None:
        raise ValueError(message % {"value": text})
    return code
