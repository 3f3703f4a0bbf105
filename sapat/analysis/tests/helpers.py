"""Small builders for the analysis tests: classes with students and their marks, through the real services."""

from sapat.testing import factories as f
from sapat.testing.marks import put_marks


def enrol(school_class, codes):
    """New students of the class's school on its list from the start of its year, in the order of `codes`."""
    return [
        f.EnrolmentFactory(
            school_class=school_class, student__code=code, student__last_name=code, student__school=school_class.school
        ).student
        for code in codes
    ]


def marks(school_class, period, subject, students, values):
    """One mark per student (None: no mark), in one batch."""
    put_marks(school_class, period, {(s, subject): v for s, v in zip(students, values, strict=True) if v})


def class_with_marks(school, year, period, subject, values, *, grade=8, letter="а"):
    """A class of len(values) new students with these marks in one subject; returns the class and students."""
    school_class = f.SchoolClassFactory(school=school, year=year, grade=grade, letter=letter)
    students = enrol(school_class, [f"{school.code}{grade}{letter}-{i}" for i in range(len(values))])
    marks(school_class, period, subject, students, values)
    return school_class, students
