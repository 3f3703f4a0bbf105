"""The structure of the education system: units, calendars, classes, students, subjects and staff."""

from .calendar import AcademicYear, Period
from .classes import Enrolment, SchoolClass, Student
from .staff import CategoryRecord, MethodicalAssociation, Staff, TeachingAssignment
from .subjects import Subject, SubjectGrade
from .units import Country, OrgUnit, UnitGroup

__all__ = [
    "AcademicYear",
    "CategoryRecord",
    "Country",
    "Enrolment",
    "MethodicalAssociation",
    "OrgUnit",
    "Period",
    "SchoolClass",
    "Staff",
    "Student",
    "Subject",
    "SubjectGrade",
    "TeachingAssignment",
    "UnitGroup",
]
