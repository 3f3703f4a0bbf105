"""The demo's data sets: the shipped ones (sapat/datasets/shipped) reported by every demo region, with values for
the last two demo years entered through the values service (so every rule holds and every summary is kept),
and submissions at every stage, so that the forms, the boards and the indicators of `make demo` have data.

The first school of each district keeps the class and student data sets (health and PE groups, upbringing,
primary diagnostics, adaptation); every school keeps its own (equipment, safety, graduates, innovation). Last
year is approved everywhere; this year one school has submitted, one was returned with a reason and the first
is approved. Deterministic: the same seed gives the same values.
"""

import io
import random

from django.core.management import call_command

from sapat.datasets.forms import targets_of
from sapat.datasets.models import DataSet
from sapat.datasets.selectors import form_classes
from sapat.datasets.services import Target, ValueEntry, submission_step, values_save
from sapat.structure.models import OrgUnit, Period

from .schoolyear import YEAR_CODES

SCHOOL_SETS = ("equipment", "safety", "graduates", "innovation")
CLASS_SETS = ("health", "upbringing", "primary", "adaptation")
# A college's own (docs/colleges.md): kept by colleges only, as the school sets above are by schools only.
COLLEGE_SETS = ("college_methodical", "college_research", "college_facilities", "college_achievements")


def generate_datasets(*, seed: int, first_schools: list[OrgUnit]) -> int:
    """Load the shipped data sets for every region and enter the demo's values; returns how many values."""
    regions = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).values_list("code", flat=True))
    call_command("load_dataset", "--shipped", *[f"--assign-to={code}" for code in regions], stdout=io.StringIO())
    datasets = {d.code: d for d in DataSet.objects.prefetch_related("elements__options")}
    written = 0
    for year_code in YEAR_CODES[-2:]:
        for school in OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).order_by("path"):
            codes = SCHOOL_SETS + COLLEGE_SETS + (CLASS_SETS if school in first_schools else ())
            for code in [code for code in codes if datasets[code].fits(school)]:
                period = _period(datasets[code], school, year_code)
                if period is not None:
                    rng = random.Random(f"{seed}-{code}-{school.code}-{year_code}")
                    written += _enter(datasets[code], school, period, rng)
    return written


def _period(dataset: DataSet, school: OrgUnit, year_code: str) -> Period | None:
    found = Period.objects.filter(year__country=school.country, year__code=year_code, kind=dataset.period_kind)
    return found.order_by("starts_on").last()


def _enter(dataset: DataSet, school: OrgUnit, period: Period, rng: random.Random) -> int:
    entries = []
    classes = form_classes(dataset, period, school) if dataset.level == DataSet.Level.STUDENT else [None]
    for school_class in classes:
        for target in targets_of(dataset, school, period, school_class):
            entries += _cells(dataset, target, period, rng)
    if not entries:
        return 0
    values_save(dataset=dataset, period=period, entries=entries, note="demo")
    return len(entries)


def _cells(dataset: DataSet, target: Target, period: Period, rng: random.Random) -> list[ValueEntry]:
    maker = VALUES.get(dataset.code)
    values = maker(target, period, rng) if maker else {}
    elements = {element.code: element for element in dataset.elements.all()}
    return [ValueEntry(elements[code], target, str(text)) for code, text in values.items() if code in elements]


def _on_list(target: Target, period: Period) -> int:
    from sapat.datasets.services import students_on_list

    return students_on_list(target, period)


def _split(total: int, shares: list[float], rng: random.Random) -> list[int]:
    """`total` split by rough shares, the remainder to the first part, so that the parts add up exactly."""
    parts = [int(total * share * rng.uniform(0.8, 1.2)) for share in shares[1:]]
    parts = [max(0, min(part, total - sum(parts[:i]))) for i, part in enumerate(parts)]
    return [total - sum(parts), *parts]


def _health(target, period, rng):
    students = _on_list(target, period)
    groups = _split(students, [0.55, 0.35, 0.07, 0.02, 0.01], rng)
    pe = _split(students, [0.8, 0.12, 0.05, 0.03], rng)
    cells = {f"hg{i}": n for i, n in enumerate(groups, start=1)}
    cells.update(dict(zip(("pe_main", "pe_prep", "pe_special", "pe_exempt"), pe, strict=True)))
    cells["examined"] = 1 if rng.random() < 0.9 else 0
    return cells


def _choice(rng, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _upbringing(target, period, rng):
    level = _choice(rng, {"high": 25, "good": 40, "medium": 28, "low": 7})
    return {"level": level, "activity": 1 if rng.random() < 0.6 else 0}


def _primary(target, period, rng):
    grade = target.school_class.grade
    speed = max(10, int(rng.gauss(25 + 20 * grade, 12)))
    norm = {1: 30, 2: 50, 3: 70, 4: 90}.get(grade, 90)
    reading = "above" if speed >= norm + 15 else "norm" if speed >= norm else "below"
    return {"reading_speed": speed, "reading": reading, "test": _choice(rng, {"high": 30, "medium": 55, "low": 15})}


def _adaptation(target, period, rng):
    if target.school_class.grade not in (1, 5, 10):
        return {}
    return {
        "adaptation": _choice(rng, {"adapted": 78, "partly": 17, "maladapted": 5}),
        "anxiety": _choice(rng, {"low": 50, "medium": 38, "high": 12}),
    }


def _equipment(target, period, rng):
    classrooms = rng.randint(14, 40)
    computers = rng.randint(10, 60)
    needed = rng.randint(3000, 12000)
    return {
        "classrooms": classrooms,
        "equipped": rng.randint(classrooms // 3, classrooms),
        "computers": computers,
        "computers_online": rng.randint(computers // 2, computers),
        "boards": rng.randint(1, 15),
        "internet": 1 if rng.random() < 0.7 else 0,
        "textbooks_needed": needed,
        "textbooks_provided": int(needed * rng.uniform(0.7, 1.0)),
    }


def _safety(target, period, rng):
    students = _on_list(target, period)
    flags = {
        key: 1 if rng.random() < chance else 0
        for key, chance in (
            ("fire_alarm", 0.9),
            ("panic_button", 0.7),
            ("video", 0.6),
            ("guard", 0.8),
            ("drinking_water", 0.85),
            ("indoor_toilets", 0.5),
        )
    }
    return {
        **flags,
        "students": students,
        "hot_meals": int(students * rng.uniform(0.2, 0.6)),
        "injuries": rng.randint(0, 3),
    }


def _graduates(target, period, rng):
    g9, g11 = rng.randint(30, 90), rng.randint(15, 60)
    nine = _split(g9, [0.6, 0.35, 0.05], rng)
    eleven = _split(g11, [0.55, 0.3, 0.15], rng)
    return {
        "g9_total": g9,
        "g9_grade10": nine[0],
        "g9_college": nine[1],
        "g9_other": nine[2],
        "g11_total": g11,
        "g11_university": eleven[0],
        "g11_college": eleven[1],
        "g11_other": eleven[2],
    }


def _innovation(target, period, rng):
    teachers = rng.randint(30, 80)
    return {
        "experimental_site": 1 if rng.random() < 0.3 else 0,
        "projects": rng.randint(0, 4),
        "teachers": teachers,
        "teachers_innovating": rng.randint(0, teachers // 3),
        "conferences": rng.randint(0, 12),
        "publications": rng.randint(0, 10),
    }


def _college_methodical(target, period, rng):
    disciplines, teachers = rng.randint(60, 110), rng.randint(35, 70)
    return {
        "disciplines": disciplines,
        "disciplines_complex": rng.randint(disciplines * 2 // 3, disciplines),
        "programmes_updated": rng.randint(disciplines // 4, disciplines // 2),
        "aids_published": rng.randint(1, 8),
        "guidelines_published": rng.randint(4, 20),
        "electronic_resources": rng.randint(2, 15),
        "open_lessons": rng.randint(10, 40),
        "teachers": teachers,
    }


def _college_research(target, period, rng):
    teachers, students = rng.randint(35, 70), _on_list(target, period)
    return {
        "teachers": teachers,
        "teachers_research": rng.randint(teachers // 6, teachers // 2),
        "projects": rng.randint(0, 5),
        "publications": rng.randint(3, 25),
        "conferences": rng.randint(2, 20),
        "innovations_introduced": rng.randint(0, 6),
        "students": students,
        "students_research": int(students * rng.uniform(0.05, 0.2)),
        "student_reports": rng.randint(2, 15),
    }


def _college_facilities(target, period, rng):
    labs, computers, students = rng.randint(8, 20), rng.randint(40, 120), _on_list(target, period)
    return {
        "classrooms": rng.randint(20, 45),
        "labs": labs,
        "labs_equipped": rng.randint(labs // 2, labs),
        "practice_base": 1,
        "computers": computers,
        "computers_online": rng.randint(computers // 2, computers),
        "internet": 1 if rng.random() < 0.8 else 0,
        "library_copies": students * rng.randint(8, 20),
        "students": students,
        "dormitory_places": rng.randint(100, 300),
    }


def _college_achievements(target, period, rng):
    students, graduates = _on_list(target, period), rng.randint(40, 90)
    participants = int(students * rng.uniform(0.05, 0.15))
    placed = _split(graduates, [0.2, 0.6, 0.2], rng)  # nowhere yet, employed, at a university
    return {
        "students": students,
        "scholarship": int(students * rng.uniform(0.2, 0.4)),
        "skills_participants": participants,
        "skills_awarded": rng.randint(0, participants // 3),
        "graduates": graduates,
        "graduates_honours": rng.randint(1, graduates // 8),
        "graduates_employed": placed[1],
        "graduates_continuing": placed[2],
    }


VALUES = {
    "college_methodical": _college_methodical,
    "college_research": _college_research,
    "college_facilities": _college_facilities,
    "college_achievements": _college_achievements,
    "health": _health,
    "upbringing": _upbringing,
    "primary": _primary,
    "adaptation": _adaptation,
    "equipment": _equipment,
    "safety": _safety,
    "graduates": _graduates,
    "innovation": _innovation,
}


def generate_submissions() -> None:
    """Last year approved everywhere; this year the first school of the district approved, the second
    submitted, the third returned with a reason. Each step is taken by who would take it: a login of the school
    that enters the data set (the superuser where the demo has none) and the district's coordinator."""
    from sapat.access.models import Membership, User
    from sapat.datasets.access import entry_roles
    from sapat.datasets.models import Submission

    admin = User.objects.filter(is_superuser=True).first()
    members = list(Membership.objects.select_related("user", "unit"))
    last, current = YEAR_CODES[-2], YEAR_CODES[-1]
    submissions = Submission.objects.select_related("dataset", "period__year", "unit__parent").order_by("unit__path")
    for position, submission in enumerate(submissions):
        year = submission.period.year.code
        if year not in (last, current):
            continue
        steps = (
            ("submit", "approve")
            if year == last
            else (("submit", "approve"), ("submit",), ("submit", "return"))[position % 3]
        )
        roles = entry_roles(submission.dataset)
        submitter = next((m.user for m in members if m.unit_id == submission.unit_id and m.role in roles), admin)
        approver = next(
            (m.user for m in members if m.unit_id == submission.unit.parent_id and m.role == "district_coordinator"),
            admin,
        )
        for action in steps:
            submission_step(
                dataset=submission.dataset,
                period=submission.period,
                unit=submission.unit,
                action=action,
                user=submitter if action == "submit" else approver,
                reason="Проверьте данные 8-х классов" if action == "return" else "",
            )
