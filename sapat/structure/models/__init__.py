"""The structure of the education system: units, calendars, classes, students, subjects and staff."""

from .calendar import AcademicYear, Period
from .classes import Enrolment, SchoolClass, Student
from .staff import CategoryRecord, MethodicalAssociation, Staff, TeachingAssignment
from .subjects import Subject, SubjectGrade
from .units import TIME_ZONES, Country, OrgUnit, UnitGroup, time_zone_of

__all__ = [
    "TIME_ZONES",
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
    "time_zone_of",
]
