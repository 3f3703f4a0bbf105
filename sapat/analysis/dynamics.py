"""Dynamics: an indicator of a unit over the periods of a year, over academic years, and a class followed
as a cohort of its students from year to year (7б, then 8б, then 9б), not by its name.

Figures come from the summary tables (one grouped query for all periods), except the cohort's: it is
computed per student from the period marks with the engine's definitions (cohorts.py), because a cohort is
a set of students, not a class.
"""

from dataclasses import dataclass, field

from sapat.structure.models import AcademicYear, OrgUnit, SchoolClass

from .honesty import Change


@dataclass(frozen=True)
class Point:
    """One period of a series: the indicator's value (unrounded; None without data), N and every figure."""

    year: str  # academic year code, "2024-2025"
    period: str  # period code, "q1" … "year"
    value: float | None
    n: int  # students (N) behind the figure
    figures: dict | None = None  # every indicator of the catalogue (sapat.indicators.catalogue.compute)
    change: Change | None = None  # against the previous point, for proportions (honesty.change_between)

    @property
    def label(self) -> str:
        from sapat.structure.models.calendar import PERIOD_LABELS

        return f"{self.year} {PERIOD_LABELS.get(self.period, self.period)}"

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "period": self.period,
            "label": self.label,
            "value": self.value,
            "n": self.n,
            "change": self.change.as_dict() if self.change else None,
        }


@dataclass(frozen=True)
class Series:
    """An indicator over time, oldest first."""

    indicator: str
    subject_id: int | None
    points: tuple[Point, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "subject_id": self.subject_id,
            "points": [p.as_dict() for p in self.points],
        }


@dataclass(frozen=True)
class CohortYear:
    """Where the cohort is in one academic year and the indicator over exactly those students.

    followed: cohort students on the followed class's list at the end of the period (the ones counted);
    elsewhere: cohort students in other classes of the school; gone: on no class list of the school;
    joined: students of the followed class who were not in the cohort (shown, never counted).
    class_value: the indicator of the followed class as a whole (its own summary), for reference.
    """

    year: str
    period: str
    class_id: int | None
    class_name: str | None
    followed: int
    elsewhere: int
    gone: int
    joined: int
    value: float | None
    n: int
    figures: dict | None = None
    class_value: float | None = None
    change: Change | None = None

    def as_dict(self) -> dict:
        keys = ("year", "period", "class_id", "class_name", "followed", "elsewhere", "gone", "joined", "value", "n",
                "class_value")  # fmt: skip
        return {**{key: getattr(self, key) for key in keys}, "change": self.change.as_dict() if self.change else None}


@dataclass(frozen=True)
class Cohort:
    """A class followed by its students: `students` were on its list at the end of the starting period."""

    indicator: str
    subject_id: int | None
    start_class_id: int
    students: int
    years: tuple[CohortYear, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "subject_id": self.subject_id,
            "start_class_id": self.start_class_id,
            "students": self.students,
            "years": [y.as_dict() for y in self.years],
        }


def period_dynamics(
    unit: OrgUnit,
    year: AcademicYear,
    indicator: str,
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    class_ids: tuple[int, ...] | None = None,
    codes: tuple[str, ...] | None = None,
) -> Series:
    """The indicator of a unit (a parallel with `grade`, a class with `class_ids`) over the periods of a year.

    Periods in the order of the school year (q1, q2, h1, s1, q3, q4, h2, s2, year), only those the year
    has, narrowed to `codes` if given (e.g. ("q1", "q2", "q3", "q4", "year")). Two queries in all.
    """
    raise NotImplementedError


def year_dynamics(
    unit: OrgUnit,
    period_code: str,
    indicator: str,
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    years: tuple[str, ...] | None = None,
) -> Series:
    """The indicator of a unit (or one parallel of it) for the same period code across academic years.

    All years of the unit's country that have the period, oldest first (or only `years`, given as codes).
    A class changes its name every year: follow it with `cohort_dynamics` instead.
    """
    raise NotImplementedError


def cohort_dynamics(
    school_class: SchoolClass,
    indicator: str,
    *,
    period_code: str = "year",
    subject_id: int | None = None,
    last_year: str | None = None,
) -> Cohort:
    """A class followed by its students through the later years (7б of 2022-2023, then 8б, then 9б).

    The cohort is the students on the class's list at the end of `period_code` of its year. In each later
    year the followed class is the one of the school holding most of them at the end of that year's
    `period_code` (ties: the lower class name); the indicator is computed per student over exactly the
    cohort students on its list, with the engine's definitions (cohorts.student_figures). Students who
    joined are counted apart (`joined`) and never in the figure. Stops at `last_year` or the last year
    with such a class.
    """
    raise NotImplementedError
