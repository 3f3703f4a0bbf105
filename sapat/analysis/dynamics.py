"""Dynamics: an indicator of a unit over the periods of a year, over academic years, and a class followed
as a cohort of its students from year to year (7б, then 8б, then 9б), not by its name.

Figures come from the summary tables (one grouped query for all periods), except the cohort's: it is
computed per student from the period marks with the engine's definitions (cohorts.py), because a cohort is
a set of students, not a class.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Q

from sapat.core.querysets import unscoped
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass

from .cohorts import student_figures
from .counts import figures_by_period, size_of, value_of
from .honesty import Change, change_between


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
        keys = (
            "year",
            "period",
            "class_id",
            "class_name",
            "followed",
            "elsewhere",
            "gone",
            "joined",
            "value",
            "n",
            "class_value",
        )
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

    Periods in calendar order (Period.CALENDAR: q1, q2, h1, q3, q4, h2, year), only those the year has,
    narrowed to `codes` if given (e.g. ("q1", "q2", "q3", "q4", "year")). Each point's `change` is the
    honest change against the previous point of the same kind (q2 against q1, h2 against h1). Three queries.
    """
    periods = Period.objects.filter(year=year).select_related("year")
    if codes is not None:
        periods = periods.filter(code__in=codes)
    periods = list(periods.order_by(*Period.CALENDAR))
    rows = figures_by_period(unit, periods, subject_id=subject_id, grade=grade, class_ids=class_ids)
    return Series(indicator, subject_id, _points(periods, rows, indicator))


def year_dynamics(
    unit: OrgUnit,
    period_code: str,
    indicator: str,
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    class_ids: tuple[int, ...] | None = None,
    years: tuple[str, ...] | None = None,
) -> Series:
    """The indicator of a unit (or one parallel of it) for the same period code across academic years.

    All years of the unit's country that have the period, oldest first (or only `years`, given as codes);
    each point's `change` is against the year before it in the series. A class changes its name every year:
    follow it with `cohort_dynamics` instead, or give the classes of every year in `class_ids` (a class
    belongs to one year, so each year's point sums that year's classes among them: a teacher's classes of
    every year, or the class each year that held a class's students, sapat.analysis.counterparts). Three
    queries.
    """
    periods = Period.objects.filter(year__country=unit.country, code=period_code).select_related("year")
    if years is not None:
        periods = periods.filter(year__code__in=years)
    periods = list(periods.order_by("year__code"))
    rows = figures_by_period(unit, periods, subject_id=subject_id, grade=grade, class_ids=class_ids)
    return Series(indicator, subject_id, _points(periods, rows, indicator))


def _points(periods: list[Period], rows: dict, indicator: str) -> tuple[Point, ...]:
    points, last_of_kind = [], {}
    for period in periods:
        row = rows.get(period.pk)
        change = change_between(last_of_kind.get(period.kind), row, indicator)
        points.append(Point(period.year.code, period.code, value_of(row, indicator), size_of(row), row, change))
        last_of_kind[period.kind] = row
    return tuple(points)


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
    `period_code` (ties: the lower grade, then letter); the indicator is computed per student over exactly
    the cohort students on its list, with the engine's definitions (cohorts.student_figures). Students who
    joined are counted apart (`joined`) and never in the figure; `class_value` is the whole class's figure.
    Years without the period are skipped; it stops at `last_year` or at the first year with no class
    holding any of the cohort. About seven queries per year.
    """
    start = school_class.year
    periods = periods_from(start, period_code, last_year)
    start_period = periods.get(start.pk)
    cohort = _on_list(Enrolment.objects.filter(school_class=school_class), end_of(start, start_period))
    years = []
    for year in AcademicYear.objects.filter(pk__in=periods).order_by("code"):
        followed = _follow(school_class.school_id, year, periods[year.pk], cohort)
        if followed is None:
            break
        years.append(_cohort_year(year, periods[year.pk], followed, cohort, indicator, subject_id))
    return Cohort(indicator, subject_id, school_class.pk, len(cohort), _with_changes(years, indicator))


def periods_from(start: AcademicYear, period_code: str, last_year: str | None) -> dict[int, Period]:
    periods = Period.objects.filter(year__country=start.country, year__code__gte=start.code, code=period_code)
    if last_year:
        periods = periods.filter(year__code__lte=last_year)
    return {period.year_id: period for period in periods.select_related("year")}


def end_of(year: AcademicYear, period: Period | None):
    return period.ends_on if period else year.ends_on


def on_list_at(enrolments, day):
    """The enrolments on the list at the end of `day` (the engine's rule: joined by then, not left before)."""
    return enrolments.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@unscoped("an analysis engine: the class lists of the cohort the caller reached through the scope")
def _on_list(enrolments, day) -> set[int]:
    return set(on_list_at(enrolments, day).values_list("student_id", flat=True))


@unscoped("an analysis engine: where a reached cohort's students were placed in other years (figures only)")
def _follow(school_id: int, year: AcademicYear, period: Period, cohort: set[int]) -> dict | None:
    """The class holding most of the cohort at the end of the period, with who is where; None if nobody."""
    enrolments = Enrolment.objects.filter(student_id__in=cohort, year=year, school_class__school_id=school_id)
    placed = dict(on_list_at(enrolments, period.ends_on).values_list("student_id", "school_class_id"))
    if not placed:
        return None
    tally = Counter(placed.values())
    classes = {c.pk: c for c in SchoolClass.objects.filter(pk__in=tally).select_related("school")}
    best = min(tally, key=lambda pk: (-tally[pk], classes[pk].grade, classes[pk].letter))
    members = {student for student, class_id in placed.items() if class_id == best}
    return {"class": classes[best], "members": members, "placed": len(placed)}


def _cohort_year(year, period, followed, cohort, indicator, subject_id) -> CohortYear:
    school_class, members = followed["class"], followed["members"]
    on_list = _on_list(Enrolment.objects.filter(school_class=school_class), period.ends_on)
    row = student_figures(school_class, period, sorted(members), subject_id=subject_id)
    whole = figures(Filter(school_class.school, period, subject_id=subject_id, class_ids=(school_class.pk,)))[None]
    return CohortYear(
        year=year.code,
        period=period.code,
        class_id=school_class.pk,
        class_name=school_class.name,
        followed=len(members),
        elsewhere=followed["placed"] - len(members),
        gone=len(cohort) - followed["placed"],
        joined=len(on_list - cohort),
        value=value_of(row, indicator),
        n=size_of(row),
        figures=row,
        class_value=whole[indicator],
    )


def _with_changes(years: list[CohortYear], indicator: str) -> tuple[CohortYear, ...]:
    result, before = [], None
    for year in years:
        result.append(replace(year, change=change_between(before, year.figures, indicator)))
        before = year.figures
    return tuple(result)
