"""The classes of a parallel followed across years by their students, for the comparative report.

The rule is the one of `sapat.analysis.dynamics.cohort_dynamics` (docs/analysis.md, "Cohorts"): a class's
cohort is the students on its list at the end of the period of its year; in each later year it is followed
into the class of the same school holding most of them (ties: the lower grade, then letter), and its figures
are computed over exactly those students, per student, with the engine's definitions
(`sapat.analysis.cohorts.figures_of_marks`). Here it is applied to every class of a parallel of a district
or region at once: four queries per year in all, instead of about seven per class and year, so a region's
hundreds of classes cost what one class costs. A test checks every class against `cohort_dynamics`.

The classes are then pooled into rows a report can print: one row per class, or per school, or per district,
the finest of these that keeps the table within `MAX_ROWS` rows. A pooled row sums the counts of its classes
and computes its figures from the sums, never from averaged percentages.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sapat.analysis.cohorts import figures_of_marks
from sapat.analysis.dynamics import end_of, on_list_at, periods_from  # the cohort rule's own helpers
from sapat.assessment.models import PeriodMark
from sapat.indicators.catalogue import CLASS_COUNT_FIELDS, COUNT_FIELDS, compute
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, SchoolClass

MAX_ROWS = 40
GROUPINGS = ("class", "school", "district")


@dataclass
class Followed:
    """One class of the parallel and where its cohort went: year code -> the class followed and the figures
    over the cohort students on its list (None: no marks in that period)."""

    start: SchoolClass
    students: set[int]
    classes: dict[str, SchoolClass] = field(default_factory=dict)
    figures: dict[str, dict | None] = field(default_factory=dict)
    stopped: bool = False  # a year where no class of the school held any of the cohort ends the series


@dataclass(frozen=True)
class Row:
    """A printed row: one class, or the classes of one school or district pooled (counts summed)."""

    key: str
    unit: OrgUnit  # the school (a class's or a school's row) or the district
    classes: tuple[tuple[str, ...], ...]  # per year (oldest first), the names of the classes followed
    figures: dict  # year code -> figures row (None without marks)


def follow_parallel(unit: OrgUnit, start_year: AcademicYear, grade: int, period_code: str, last_year: str):
    """Every class of `grade` in `start_year` under `unit`, followed up to `last_year`, in the order of the
    unit tree and the letters. About four queries per year."""
    schools = OrgUnit.objects.school_ids_under(unit)
    starts = SchoolClass.objects.filter(school_id__in=schools, year=start_year, grade=grade)
    starts = list(starts.select_related("school", "school__parent").order_by("school__path", "letter"))
    if not starts:
        return []
    periods = periods_from(start_year, period_code, last_year)
    start_day = end_of(start_year, periods.get(start_year.pk))
    on_list = on_list_at(Enrolment.objects.filter(school_class__in=starts), start_day)
    cohorts = defaultdict(set)
    for student, class_id in on_list.values_list("student_id", "school_class_id"):
        cohorts[class_id].add(student)
    followed = [Followed(start, cohorts[start.pk]) for start in starts]
    students = on_list.values("student_id")  # a subquery: no list of ids however large the region
    for year in AcademicYear.objects.filter(pk__in=periods).order_by("code"):
        _follow_year(followed, year, periods[year.pk], students)
    return followed


def _follow_year(followed: list[Followed], year: AcademicYear, period, students) -> None:
    enrolments = on_list_at(Enrolment.objects.filter(year=year, student_id__in=students), period.ends_on)
    places = defaultdict(list)
    for student, class_id, school_id in enrolments.values_list(
        "student_id", "school_class_id", "school_class__school_id"
    ):
        places[student].append((class_id, school_id))
    tallies = {f.start.pk: _tally(f, places) for f in followed if not f.stopped}
    classes = SchoolClass.objects.in_bulk({pk for placed in tallies.values() for pk in placed.values()})
    chosen = []
    for cohort in followed:
        placed = tallies.get(cohort.start.pk)
        if not placed:
            cohort.stopped = True
            continue
        tally = Counter(placed.values())
        best = classes[min(tally, key=lambda pk: (-tally[pk], classes[pk].grade, classes[pk].letter))]
        cohort.classes[year.code] = best
        chosen.append((cohort, best, sorted(s for s, pk in placed.items() if pk == best.pk)))
    _figures(chosen, period, students)


def _tally(cohort: Followed, places: dict) -> dict[int, int]:
    """{student: class} of the cohort students on a class list of the cohort's own school."""
    school_id = cohort.start.school_id
    return {s: class_id for s in cohort.students for class_id, school in places.get(s, ()) if school == school_id}


def _figures(chosen: list, period, students) -> None:
    """The figures of each cohort over its members, from two queries for the whole parallel."""
    expected = defaultdict(set)
    pairs = PeriodMark.objects.filter(period=period, school_class_id__in=[best.pk for _c, best, _m in chosen])
    for class_id, subject in pairs.values_list("school_class_id", "subject_id").distinct():
        expected[class_id].add(subject)
    marks = defaultdict(list)
    found = PeriodMark.objects.filter(period=period, student_id__in=students)
    for row in found.values_list("student_id", "subject_id", "value", "changed_at"):
        marks[row[0]].append(row)
    for cohort, best, ids in chosen:
        subjects = expected.get(best.pk)
        rows = [row for s in ids for row in marks[s]]
        cohort.figures[period.year.code] = figures_of_marks(subjects, rows, ids) if subjects else None


# Rows -----------------------------------------------------------------------------------------------------


def rows_of(followed: list[Followed], years: list[str]) -> tuple[str, list[Row]]:
    """The finest grouping (class, school, district) with at most MAX_ROWS rows, and its rows."""
    grouping = next((g for g in GROUPINGS if len(_groups(followed, g)) <= MAX_ROWS), GROUPINGS[-1])
    return grouping, [_row(key, members, years, grouping) for key, members in _groups(followed, grouping).items()]


def _groups(followed: list[Followed], grouping: str) -> dict:
    groups = defaultdict(list)
    for cohort in followed:
        school = cohort.start.school
        key = {"class": cohort.start.pk, "school": school.pk, "district": school.parent_id}[grouping]
        groups[key].append(cohort)
    return groups


def _row(key, members: list[Followed], years: list[str], grouping: str) -> Row:
    school = members[0].start.school
    figures = {y: pooled([m.figures.get(y) for m in members]) for y in years}
    unit = school.parent if grouping == "district" else school
    return Row(f"{grouping}:{key}", unit, names_by_year(members, years), figures)


def names_by_year(followed: list[Followed], years: list[str]) -> tuple[tuple[str, ...], ...]:
    """Per year, the names of the classes the cohorts were followed into (sorted, each once)."""

    def names(year: str) -> tuple[str, ...]:
        classes = sorted({f.classes[year] for f in followed if year in f.classes}, key=lambda c: (c.grade, c.letter))
        return tuple(c.name for c in classes)

    return tuple(names(year) for year in years)


def pooled(rows: list[dict | None]) -> dict | None:
    """The figures of several groups together: their counts summed, the indicators computed from the sums."""
    present = [row for row in rows if row]
    if not present:
        return None
    counts = {key: sum(row[key] or 0 for row in present) for key in (*COUNT_FIELDS, *CLASS_COUNT_FIELDS)}
    stamps = [row["as_of"] for row in present if row.get("as_of")]
    return {**compute(counts, across_subjects=True), "as_of": max(stamps, default=None)}
