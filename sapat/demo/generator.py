"""The demo data generator: a realistic monitoring world, identical for the same seed.

Generation runs as a list of stages (STAGES) inside one transaction. Each stage takes the `Demo` being
built and returns what later stages need; the result is kept on the Demo under the stage's name. A later
stage, e.g. period marks, is added by appending ("marks", build_marks) to STAGES (and a `marks` field to
Demo): it finds the units in `demo.units`, the years and periods in `demo.calendar`, the subjects in
`demo.subjects`, the staff in `demo.staff` and every school's classes in `demo.classes`.

Randomness comes only from `demo.rng(stage, key)`, a random.Random seeded with the seed, the stage and
the thing being made, so that a stage or a school can change without reshuffling all the others; dates
are fixed academic years, never today's date.

The big tables are written with bulk_create in batches. That bypasses Model.save(), so the unit paths
and the period kinds that save() would fill in are computed here, and it bypasses django-auditlog's
signals: demo data is nobody's change to monitoring data, so it carries no audit entries on purpose.
"""

import datetime
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sapat.access.models import Membership, ParentLink, Role, User
from sapat.structure.models import (
    AcademicYear,
    CategoryRecord,
    Enrolment,
    MethodicalAssociation,
    OrgUnit,
    Period,
    SchoolClass,
    Staff,
    Student,
    Subject,
    SubjectGrade,
    TeachingAssignment,
    UnitGroup,
)
from sapat.structure.models.staff import Category, Position
from sapat.structure.models.units import PATH_SEPARATOR

from . import names
from .curriculum import (
    ASSOCIATIONS,
    PRIMARY,
    PRIMARY_LAST_GRADE,
    SMALL_SCHOOL_MERGE,
    SUBJECTS,
    curriculum,
    specialty_for,
)
from .places import CHUY, WEST_KAZAKHSTAN, District, Region, school_names
from .pupils import SchoolLife, class_keys, cohort_of
from .schoolyear import CURRENT_YEAR, YEAR_CODES, periods, year_bounds

DEMO_PASSWORD = "sapat-demo-2025"  # noqa: S105 - documented and printed by `sapat demo-logins`, demo only
BATCH_SIZE = 2000
SIZES = ("school", "district", "region")
DISTRICT_SIZE_SCHOOLS = 12
COUNTRIES = ("KG", "KZ")

ADMIN_USERNAME = "admin"
# One login per role, all at the demo school (the first school of the first district) or above it.
DEMO_LOGINS = [
    ("region", Role.REGIONAL_OFFICER),
    ("coordinator", Role.DISTRICT_COORDINATOR),
    ("director", Role.DIRECTOR),
    ("deputy", Role.DEPUTY_ACADEMIC),
    ("deputy2", Role.DEPUTY_UPBRINGING),
    ("mohead", Role.MO_HEAD),
    ("classteacher", Role.CLASS_TEACHER),
    ("teacher", Role.SUBJECT_TEACHER),
    ("psychologist", Role.PSYCHOLOGIST),
    ("parent", Role.PARENT),
]
ADMIN_SITE_LOGINS = ("region", "coordinator", "director", "deputy")
UNIT_ADMINISTRATORS = "Unit administrators"
DEMO_CLASS = (9, "б")  # the class the demo teacher, class teacher and parent share in the current year

# Letters per cohort and the range of a class's size at enrolment, by kind of school.
PROFILES = {
    "small": ((1, 1), (7, 16)),
    "medium": ((1, 2), (16, 25)),
    "large": ((2, 3), (22, 29)),
    "town": ((2, 3), (25, 32)),
    "demo": ((2, 2), (25, 29)),
    "tiny": ((1, 1), (3, 6)),  # the Kazakh project region's schools (places.District.small)
}
TEACHER_LOAD = 24  # weekly hours one teacher gives at most (a rate and a half)
SMALL_STAFF = 15  # fewer teachers than this: three methodical associations instead of five


@dataclass
class SchoolPlan:
    """A school before its people exist: its unit, its kind of size, and each cohort's number of classes."""

    unit: OrgUnit
    profile: str
    letters: dict[int, int]
    class_size: tuple[int, int]


@dataclass
class Units:
    regions: list[OrgUnit]
    districts: list[OrgUnit]
    schools: list[SchoolPlan]
    demo_school: OrgUnit


@dataclass
class SchoolStaff:
    """A school's staff, with each teacher's specialty (which the Staff model does not record)."""

    director: Staff
    deputies: list[Staff]
    others: list[Staff]
    teachers: dict[str, list[Staff]]
    associations: dict[str, MethodicalAssociation] = field(default_factory=dict)

    def everyone(self) -> list[Staff]:
        return [self.director, *self.deputies, *self.others, *(t for ts in self.teachers.values() for t in ts)]


@dataclass
class Demo:
    """The demo being built: its parameters and what each stage produced."""

    size: str
    seed: int
    report: Callable[[str, float], None] = lambda stage, seconds: None
    units: Units | None = None
    calendar: dict[tuple[str, str], AcademicYear] | None = None
    subjects: dict[str, Subject] | None = None
    staff: dict[int, SchoolStaff] | None = None
    classes: dict[int, list[SchoolClass]] | None = None
    users: dict[str, User] | None = None
    counts: Counter = field(default_factory=Counter)

    def rng(self, *key) -> random.Random:
        """A random generator for one stage and one thing: the same seed and key give the same numbers."""
        return random.Random(":".join(str(part) for part in (self.seed, *key)))


def bulk(model, objects: list) -> list:
    """Insert rows in batches; the primary keys are set on the objects (SQLite 3.35+ and PostgreSQL return them)."""
    model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return objects


# --- units -------------------------------------------------------------------------------------------


def build_units(demo: Demo) -> Units:
    """Regions, districts and schools with their tutor schools and the regions' unit groups."""
    regions, districts, plans = [], [], []
    for region_spec, district_specs in _layout(demo.size):
        region = bulk(
            OrgUnit,
            [_unit(region_spec.code, OrgUnit.Kind.REGION, None, region_spec.names, country=region_spec.country)],
        )[0]
        regions.append(region)
        for spec, count in district_specs:
            district = bulk(OrgUnit, [_unit(spec.code, OrgUnit.Kind.DISTRICT, region, spec.names)])[0]
            districts.append(district)
            plans += _district_schools(demo, district, spec, count)
    bulk(OrgUnit, [plan.unit for plan in plans])
    for region in regions:
        _attach_and_group(demo, region, [p for p in plans if p.unit.path.startswith(region.path)])
    return Units(regions, districts, plans, demo_school=plans[0].unit)


def _layout(size: str) -> list[tuple[Region, list[tuple[District, int]]]]:
    """Which regions and districts a size holds, with the number of schools in each district."""
    first = CHUY.districts[0]
    kazakhstan = (WEST_KAZAKHSTAN, [(d, d.schools) for d in WEST_KAZAKHSTAN.districts])
    if size == "school":
        return [(CHUY, [(first, 1)])]
    if size == "district":
        return [(CHUY, [(first, DISTRICT_SIZE_SCHOOLS)]), kazakhstan]
    return [(CHUY, [(d, d.schools) for d in CHUY.districts]), kazakhstan]


def _unit(code: str, kind: str, parent: OrgUnit | None, unit_names: dict, **fields) -> OrgUnit:
    """An unsaved unit with its materialized path computed as OrgUnit.save() would."""
    prefix = parent.path if parent else PATH_SEPARATOR
    fields.setdefault("country", parent.country if parent else None)
    return OrgUnit(
        code=code,
        kind=kind,
        parent=parent,
        path=f"{prefix}{code}{PATH_SEPARATOR}",
        **{f"name_{lang}": name for lang, name in unit_names.items()},
        **fields,
    )


def _district_schools(demo: Demo, district: OrgUnit, spec: District, count: int) -> list[SchoolPlan]:
    rng = demo.rng("units", spec.code)
    return [_school_plan(rng, district, spec, index, count) for index in range(count)]


def _school_plan(rng: random.Random, district: OrgUnit, spec: District, index: int, count: int) -> SchoolPlan:
    """One school: its place, kind, languages and size; the first school of the first district is the demo's."""
    is_demo = spec is CHUY.districts[0] and index == 0
    place, urban = _place(rng, spec, index, count)
    profile = "demo" if is_demo else "tiny" if spec.small else _profile(rng, index, urban)
    kind = _school_kind(rng, profile, index)
    unit = _unit(
        f"{spec.code}-{index + 1:03d}",
        OrgUnit.Kind.SCHOOL,
        district,
        school_names(kind, place, index + 1, urban),
        school_kind=kind,
        settlement=OrgUnit.Settlement.URBAN if urban else OrgUnit.Settlement.RURAL,
        languages="ky,ru" if is_demo else _languages(rng, district.country, urban),
    )
    letters_range, class_size = PROFILES[profile]
    cohorts = range(cohort_of(YEAR_CODES[0], 11), cohort_of(YEAR_CODES[-1], 1) + 1)
    letters = {cohort: rng.randint(*letters_range) for cohort in cohorts}
    return SchoolPlan(unit, profile, letters, class_size)


def _place(rng: random.Random, spec: District, index: int, count: int) -> tuple[str, bool]:
    """(village or town, urban?): a town district's last schools stand in the villages it administers."""
    if spec.town:
        villages = spec.places[1:]
        village_index = index - (count - len(villages))
        return (villages[village_index], False) if village_index >= 0 else (spec.places[0], True)
    return (spec.places[index] if index < len(spec.places) else rng.choice(spec.places)), False


def _profile(rng: random.Random, index: int, urban: bool) -> str:
    if urban:
        return "town"
    if index <= 1:
        return "large"  # the district centre's schools
    return rng.choices(["small", "medium", "large"], weights=[40, 40, 20])[0]


def _school_kind(rng: random.Random, profile: str, index: int) -> str:
    """General schools mostly; every district centre has a gymnasium (its second school), towns have more."""
    if index <= 1 and profile != "town":
        return OrgUnit.SchoolKind.GYMNASIUM if index == 1 else OrgUnit.SchoolKind.GENERAL
    kinds = [OrgUnit.SchoolKind.GENERAL, OrgUnit.SchoolKind.GYMNASIUM, OrgUnit.SchoolKind.LYCEUM]
    weights = {"town": [60, 25, 15], "large": [80, 10, 10]}.get(profile, [1, 0, 0])
    return rng.choices(kinds, weights=weights)[0]


def _languages(rng: random.Random, country: str, urban: bool) -> str:
    native = "kk" if country == "KZ" else "ky"
    options = [native, f"{native},ru", "ru"]
    return rng.choices(options, weights=[15, 50, 35] if urban else [55, 35, 10])[0]


def _attach_and_group(demo: Demo, region: OrgUnit, plans: list[SchoolPlan]) -> None:
    """Tutor schools with their attached rural schools in every district; the "rural" and "pilot" groups."""
    rng = demo.rng("tutors", region.code)
    by_district = defaultdict(list)
    for plan in plans:
        by_district[plan.unit.parent_id].append(plan)
    attached = [school for district_plans in by_district.values() for school in _attach(rng, district_plans)]
    OrgUnit.objects.bulk_update(attached, ["tutor"], batch_size=BATCH_SIZE)
    in_pilot = {school.tutor_id for school in attached} | {school.pk for school in attached}
    rural = [p.unit.pk for p in plans if p.unit.settlement == OrgUnit.Settlement.RURAL]
    _group(region, "RURAL", ("Айыл мектептери", "Ауыл мектептері", "Сельские школы", "Rural schools"), rural)
    pilot = [p.unit.pk for p in plans if p.unit.pk in in_pilot]
    _group(region, "PILOT", ("Пилоттук долбоор", "Пилоттық жоба", "Пилотный проект", "Pilot project"), pilot)


def _attach(rng: random.Random, plans: list[SchoolPlan]) -> list[OrgUnit]:
    """Pick tutor schools (the district's first school, then the biggest) and attach 2–4 rural schools to each."""
    if len(plans) < 3:
        return []
    by_size = sorted(plans[1:], key=lambda p: (-sum(p.letters.values()), p.unit.code))
    tutors = [p.unit for p in [plans[0], *by_size][: max(1, round(len(plans) / 12))]]
    free = [p for p in plans if p.unit.settlement == OrgUnit.Settlement.RURAL and p.unit not in tutors]
    rng.shuffle(free)
    free = [p.unit for p in sorted(free, key=lambda p: p.profile == "large")]  # small schools need tutors most
    attached = []
    for tutor in tutors:
        if len(free) < 2:
            break
        count = rng.randint(2, 4)
        for school in free[:count]:
            school.tutor = tutor
        attached += free[:count]
        free = free[count:]
    return attached


def _group(region: OrgUnit, suffix: str, labels: tuple[str, str, str, str], member_ids: list[int]) -> None:
    group = UnitGroup.objects.create(
        code=f"{region.code}-{suffix}",
        owner=region,
        **{f"name_{lang}": label for lang, label in zip(("ky", "kk", "ru", "en"), labels, strict=True)},
    )
    through = OrgUnit.groups.through
    bulk(through, [through(orgunit_id=unit_id, unitgroup_id=group.pk) for unit_id in member_ids])


# --- calendar and subjects ----------------------------------------------------------------------------


def build_calendar(demo: Demo) -> dict[tuple[str, str], AcademicYear]:
    """The three demo years of both countries with q1–q4, h1, h2 and the year; existing years are kept."""
    years = {(y.country, y.code): y for y in AcademicYear.objects.filter(code__in=YEAR_CODES)}
    missing = [(country, code) for country in COUNTRIES for code in YEAR_CODES if (country, code) not in years]
    created = bulk(
        AcademicYear, [AcademicYear(country=c, code=y, starts_on=_start(y), ends_on=_end(y)) for c, y in missing]
    )
    bulk(
        Period,
        [
            _period(year, code, starts, ends)
            for year in created
            for code, starts, ends in periods(year.country, year.code)
        ],
    )
    years.update({(year.country, year.code): year for year in created})
    return years


def _start(year_code: str) -> datetime.date:
    return year_bounds(year_code)[0]


def _end(year_code: str) -> datetime.date:
    return year_bounds(year_code)[1]


def _period(year: AcademicYear, code: str, starts: datetime.date, ends: datetime.date) -> Period:
    return Period(year=year, code=code, kind=Period.CODES[code], starts_on=starts, ends_on=ends)


def build_subjects(demo: Demo) -> dict[str, Subject]:
    """Subjects in four languages and their weekly hours per country and grade; existing subjects are kept."""
    subjects = {s.code: s for s in Subject.objects.filter(code__in=[spec.code for spec in SUBJECTS])}
    new = [Subject(code=spec.code, **{f"name_{k}": v for k, v in spec.names.items()}) for spec in SUBJECTS]
    subjects.update({s.code: s for s in bulk(Subject, [s for s in new if s.code not in subjects])})
    existing = set(SubjectGrade.objects.values_list("subject_id", "country", "grade"))
    rows = [
        SubjectGrade(subject=subjects[spec.code], country=country, grade=grade, hours_per_week=Decimal(str(hours)))
        for spec in SUBJECTS
        for country, grades in spec.hours.items()
        for grade, hours in grades.items()
        if (subjects[spec.code].pk, country, grade) not in existing
    ]
    bulk(SubjectGrade, rows)
    return subjects


# --- staff --------------------------------------------------------------------------------------------

KG_LADDER = [Category.SECOND, Category.FIRST, Category.HIGHEST]
KZ_LADDER = [
    Category.KZ_TRAINEE,
    Category.KZ_TEACHER,
    Category.KZ_MODERATOR,
    Category.KZ_EXPERT,
    Category.KZ_RESEARCHER,
    Category.KZ_MASTER,
]
# Kazakhstan moved to the new scale in 2016; awards before that are on the old one.
KZ_NEW_SCALE_FROM = datetime.date(2016, 1, 1)
KZ_OLD_SCALE = {
    Category.KZ_TRAINEE: Category.SECOND,
    Category.KZ_TEACHER: Category.SECOND,
    Category.KZ_MODERATOR: Category.FIRST,
    Category.KZ_EXPERT: Category.FIRST,
    Category.KZ_RESEARCHER: Category.HIGHEST,
    Category.KZ_MASTER: Category.HIGHEST,
}
LAST_AWARD = datetime.date(2025, 4, 30)
# How far up the ladder a career goes at most: the top categories are rare, "teacher-master" very rare.
CATEGORY_CAP_WEIGHTS = {"KG": [20, 40, 40], "KZ": [5, 10, 30, 30, 22, 3]}
NATIVE_BY_SPECIALTY = {"kyrgyz": names.KYRGYZ, "kazakh": names.KAZAKH}
MALE_SPECIALTIES = {"pe", "technology", "informatics"}


def build_staff(demo: Demo) -> dict[int, SchoolStaff]:
    """Every school's management, psychologist and teachers (enough for its hours), categories, associations."""
    staffs = {plan.unit.pk: _school_staff(demo, plan) for plan in demo.units.schools}
    bulk(Staff, [member for school_staff in staffs.values() for member in school_staff.everyone()])
    records = [
        record
        for plan in demo.units.schools
        for record in _category_records(demo.rng("categories", plan.unit.code), staffs[plan.unit.pk])
    ]
    bulk(CategoryRecord, records)
    _build_associations(demo, staffs)
    demo.counts.update(staff=sum(len(s.everyone()) for s in staffs.values()), categories=len(records))
    return staffs


def _school_staff(demo: Demo, plan: SchoolPlan) -> SchoolStaff:
    rng = demo.rng("staff", plan.unit.code)

    def hire(position, female_share, *, senior=False, specialty=""):
        return _hire(rng, plan.unit, position, female_share, senior=senior, specialty=specialty)

    classes_now = len(class_keys(plan.letters, CURRENT_YEAR))
    deputies = [hire(Position.DEPUTY_ACADEMIC, 0.8, senior=True)]
    if classes_now >= 30:
        deputies.append(hire(Position.DEPUTY_ACADEMIC, 0.8, senior=True))
    deputies.append(hire(Position.DEPUTY_UPBRINGING, 0.8, senior=True))
    others = [hire(Position.PSYCHOLOGIST, 0.9)] if plan.profile != "small" or rng.random() < 0.5 else []
    if classes_now >= 25:
        others.append(hire(Position.SOCIAL_PEDAGOGUE, 0.9))
    if plan.profile != "small":
        others.append(hire(Position.LIBRARIAN, 0.95))
    teachers = {
        specialty: [hire(Position.TEACHER, _female_share(specialty), specialty=specialty) for _ in range(count)]
        for specialty, count in _teacher_needs(plan).items()
    }
    return SchoolStaff(hire(Position.DIRECTOR, 0.5, senior=True), deputies, others, teachers)


def _female_share(specialty: str) -> float:
    return 0.35 if specialty in MALE_SPECIALTIES else 0.97 if specialty == PRIMARY else 0.8


def _hire(rng: random.Random, school: OrgUnit, position: str, female_share: float, *, senior: bool, specialty: str):
    """An unsaved staff member; teachers of Kyrgyz or Kazakh are Kyrgyz or Kazakh themselves."""
    gender = "F" if rng.random() < female_share else "M"
    nationality = NATIVE_BY_SPECIALTY.get(specialty) or names.nationality_for(rng, school.country, school.languages)
    person = names.person(rng, nationality, gender, native_patronymic=0.3)
    experience = max(int(rng.triangular(0, 42, 14)), 10 if senior else 0)
    since = datetime.date(2024 - experience, 8, 15) + datetime.timedelta(days=rng.randint(0, 20))
    return Staff(
        school=school,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        gender=gender,
        position=position,
        teaching_since=since,
    )


def _teacher_needs(plan: SchoolPlan) -> dict[str, int]:
    """Teachers per specialty: one per primary class, else enough for the busiest year's hours."""
    needs: dict[str, int] = {}
    for year_code in YEAR_CODES:
        for specialty, count in _needs_in_year(plan, year_code).items():
            needs[specialty] = max(needs.get(specialty, 0), count)
    return needs


def _needs_in_year(plan: SchoolPlan, year_code: str) -> dict[str, int]:
    hours: dict[str, float] = defaultdict(float)
    primary_classes = 0
    for grade, _letter in class_keys(plan.letters, year_code):
        primary_classes += grade <= PRIMARY_LAST_GRADE
        for spec, weekly in curriculum(plan.unit.country, grade):
            hours[specialty_for(spec, grade)] += weekly
    return {
        specialty: primary_classes if specialty == PRIMARY else max(1, math.ceil(total / TEACHER_LOAD))
        for specialty, total in hours.items()
    }


def _category_records(rng: random.Random, school_staff: SchoolStaff) -> list[CategoryRecord]:
    """One to three categories per pedagogical worker, awarded in order at least four years apart."""
    country = school_staff.director.school.country
    return [
        CategoryRecord(
            staff=member,
            category=category,
            awarded_on=awarded,
            valid_until=awarded.replace(year=awarded.year + 5),
            order_reference=f"№ {rng.randint(12, 980)}, {awarded:%d.%m.%Y}",
        )
        for member in school_staff.everyone()
        if member.position != Position.LIBRARIAN
        for category, awarded in _category_history(rng, country, member.teaching_since)
    ]


def _category_history(rng: random.Random, country: str, since: datetime.date) -> list[tuple[str, datetime.date]]:
    """Awards counted back from the latest one; the more experience, the higher the last category."""
    ladder, years_per_step = (KZ_LADDER, 4) if country == "KZ" else (KG_LADDER, 6)
    earliest = since + datetime.timedelta(days=180)
    cap = rng.choices(range(len(ladder)), weights=CATEGORY_CAP_WEIGHTS[country])[0]
    top = min(cap, (LAST_AWARD.year - since.year) // years_per_step)
    wanted = min(top + 1, rng.randint(1, 3))
    dates = [_award_date(rng, max(earliest.year, 2020), max(earliest.year, LAST_AWARD.year - 1), earliest)]
    while len(dates) < wanted:
        previous = dates[-1].year - rng.randint(4, 6)
        if previous < earliest.year + 1:
            break
        dates.append(_award_date(rng, previous, previous, earliest))
    history = list(zip(reversed(ladder[: top + 1]), dates, strict=False))[::-1]
    return [(_on_scale(country, category, awarded), awarded) for category, awarded in history]


def _award_date(rng: random.Random, first_year: int, last_year: int, earliest: datetime.date) -> datetime.date:
    """Attestation orders come in spring or December; never before `earliest` nor after LAST_AWARD."""
    awarded = datetime.date(rng.randint(first_year, last_year), rng.choice([3, 4, 5, 12]), rng.randint(1, 28))
    return min(max(awarded, earliest.replace(day=min(earliest.day, 28))), LAST_AWARD)


def _on_scale(country: str, category: str, awarded: datetime.date) -> str:
    if country == "KZ" and awarded < KZ_NEW_SCALE_FROM:
        return KZ_OLD_SCALE[category]
    return category


def _build_associations(demo: Demo, staffs: dict[int, SchoolStaff]) -> None:
    """Methodical associations with their head (the most experienced member), subjects and members."""
    made = [
        (association, members, codes)
        for plan in demo.units.schools
        for association, members, codes in _school_associations(plan.unit, staffs[plan.unit.pk])
    ]
    bulk(MethodicalAssociation, [association for association, _, _ in made])
    subjects = MethodicalAssociation.subjects.through
    members_through = MethodicalAssociation.members.through
    bulk(
        subjects,
        [subjects(methodicalassociation_id=a.pk, subject_id=demo.subjects[c].pk) for a, _, cs in made for c in cs],
    )
    bulk(
        members_through,
        [members_through(methodicalassociation_id=a.pk, staff_id=m.pk) for a, ms, _ in made for m in ms],
    )
    demo.counts.update(associations=len(made))


def _school_associations(school: OrgUnit, school_staff: SchoolStaff) -> list[tuple]:
    small = sum(len(ts) for ts in school_staff.teachers.values()) < SMALL_STAFF
    specialties_of = defaultdict(list)
    for key, specialties, _labels in ASSOCIATIONS:
        specialties_of[SMALL_SCHOOL_MERGE.get(key, key) if small else key] += specialties
    made = []
    for key, _specialties, labels in ASSOCIATIONS:
        members = [t for s in specialties_of.get(key, []) for t in school_staff.teachers.get(s, [])]
        if not members:
            continue
        head = min(members, key=lambda t: t.teaching_since)
        association = MethodicalAssociation(
            school=school, head=head, **dict(zip(("name_ky", "name_kk", "name_ru", "name_en"), labels, strict=True))
        )
        codes = [s.code for s in SUBJECTS if s.specialty in specialties_of[key] and s.hours[school.country]]
        school_staff.associations[key] = association
        made.append((association, members, codes))
    return made


# --- classes, students, enrolments, teaching assignments -----------------------------------------------

ClassKey = tuple[str, int, str]  # (year code, grade, letter)


def build_classes(demo: Demo) -> dict[int, list[SchoolClass]]:
    """Each school's classes of the three years with their students, enrolments and teachers.

    Schools are written one at a time so that memory stays small even at region size.
    """
    return {plan.unit.pk: _school_classes(demo, plan) for plan in demo.units.schools}


def _school_classes(demo: Demo, plan: SchoolPlan) -> list[SchoolClass]:
    school_staff = demo.staff[plan.unit.pk]
    classes = _classes(demo, plan, _class_teachers(plan, school_staff))
    rng = demo.rng("students", plan.unit.code)
    life = SchoolLife(rng, plan.letters, plan.class_size, _newcomer_names(plan.unit)).run(YEAR_CODES)
    students = bulk(Student, [_student(plan.unit, pupil) for pupil in life.pupils])
    by_code = {student.code: student.pk for student in students}
    enrolments = [
        Enrolment(
            student_id=by_code[stay.pupil.code],
            school_class_id=classes[stay.year, stay.grade, stay.letter].pk,
            year_id=classes[stay.year, stay.grade, stay.letter].year_id,
            starts_on=stay.starts_on,
            ends_on=stay.ends_on,
        )
        for stay in life.stays
    ]
    bulk(Enrolment, enrolments)
    assignments = bulk(TeachingAssignment, _assignments(demo, plan, school_staff, classes))
    demo.counts.update(
        classes=len(classes), students=len(students), enrolments=len(enrolments), assignments=len(assignments)
    )
    return list(classes.values())


def _classes(demo: Demo, plan: SchoolPlan, teachers: dict[ClassKey, Staff]) -> dict[ClassKey, SchoolClass]:
    years = {code: demo.calendar[plan.unit.country, code] for code in YEAR_CODES}
    classes = {
        (year_code, grade, letter): SchoolClass(
            school=plan.unit,
            year=years[year_code],
            grade=grade,
            letter=letter,
            class_teacher=teachers[year_code, grade, letter],
        )
        for year_code in YEAR_CODES
        for grade, letter in class_keys(plan.letters, year_code)
    }
    bulk(SchoolClass, list(classes.values()))
    return classes


def _class_teachers(plan: SchoolPlan, school_staff: SchoolStaff) -> dict[ClassKey, Staff]:
    """A primary teacher takes a class from grade 1 to 4; from grade 5 a subject teacher leads it to the end."""
    primary = school_staff.teachers.get(PRIMARY, [])
    seniors = [t for specialty, ts in school_staff.teachers.items() if specialty != PRIMARY for t in ts]
    homeroom: dict[tuple[int, str], Staff] = {}  # (cohort, letter) -> class teacher
    result = {}
    for year_code in YEAR_CODES:
        keys = class_keys(plan.letters, year_code)
        cohort_keys = {(grade, letter): (cohort_of(year_code, grade), letter) for grade, letter in keys}
        _lead_primary(homeroom, [cohort_keys[k] for k in keys if k[0] <= PRIMARY_LAST_GRADE], primary)
        _lead_senior(homeroom, [cohort_keys[k] for k in keys if k[0] > PRIMARY_LAST_GRADE], seniors)
        result.update({(year_code, *key): homeroom[cohort_key] for key, cohort_key in cohort_keys.items()})
    return result


def _lead_primary(homeroom: dict, cohort_keys: list, primary: list[Staff]) -> None:
    held = {id(homeroom[key]) for key in cohort_keys if key in homeroom}
    free = [teacher for teacher in primary if id(teacher) not in held]
    for key in cohort_keys:
        if key not in homeroom:
            homeroom[key] = free.pop(0)


def _lead_senior(homeroom: dict, cohort_keys: list, seniors: list[Staff]) -> None:
    """New 5th classes (and all classes of the first year) get the subject teacher leading the fewest."""
    primary_ids = {id(t) for t in homeroom.values()} - {id(t) for t in seniors}
    current = [homeroom[key] for key in cohort_keys if key in homeroom and id(homeroom[key]) not in primary_ids]
    load = Counter(id(teacher) for teacher in current)
    for key in cohort_keys:
        if key not in homeroom or id(homeroom[key]) in primary_ids:
            teacher = min(seniors, key=lambda t: load[id(t)])
            load[id(teacher)] += 1
            homeroom[key] = teacher


def _newcomer_names(school: OrgUnit):
    native_patronymic = 0.85 if school.country == "KG" else 0.6

    def new_person(rng: random.Random) -> names.Person:
        nationality = names.nationality_for(rng, school.country, school.languages)
        return names.person(rng, nationality, "M" if rng.random() < 0.51 else "F", native_patronymic=native_patronymic)

    return new_person


def _student(school: OrgUnit, pupil) -> Student:
    person = pupil.person
    return Student(
        school=school,
        code=pupil.code,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        gender=person.gender,
        birth_date=pupil.birth_date,
    )


def _assignments(demo: Demo, plan: SchoolPlan, school_staff: SchoolStaff, classes: dict) -> list[TeachingAssignment]:
    """Every subject of every class gets a teacher of its specialty, each teacher taking neighbouring grades."""
    rows = []
    for year_code in YEAR_CODES:
        bundles = defaultdict(list)  # specialty -> [(class, [subject specs])]
        for grade, letter in class_keys(plan.letters, year_code):
            per_specialty = defaultdict(list)
            for spec, hours in curriculum(plan.unit.country, grade):
                per_specialty[specialty_for(spec, grade)].append((spec, hours))
            for specialty, subjects in per_specialty.items():
                bundles[specialty].append((classes[year_code, grade, letter], subjects))
        for specialty, items in bundles.items():
            rows += _share_out(demo, items, school_staff.teachers.get(specialty) or school_staff.everyone())
    return rows


def _share_out(demo: Demo, items: list, teachers: list[Staff]) -> list[TeachingAssignment]:
    """Hand out a specialty's classes in grade order, moving to the next teacher once one has a fair share."""
    fair_share = sum(hours for _, subjects in items for _, hours in subjects) / len(teachers)
    rows, index, given = [], 0, 0.0
    for school_class, subjects in items:
        if given >= fair_share and index < len(teachers) - 1:
            index, given = index + 1, 0.0
        teacher = school_class.class_teacher if _is_primary(subjects, school_class) else teachers[index]
        given += sum(hours for _, hours in subjects)
        rows += [
            TeachingAssignment(
                teacher_id=teacher.pk, school_class_id=school_class.pk, subject_id=demo.subjects[spec.code].pk
            )
            for spec, _ in subjects
        ]
    return rows


def _is_primary(subjects: list, school_class: SchoolClass) -> bool:
    return school_class.grade <= PRIMARY_LAST_GRADE and specialty_for(subjects[0][0], school_class.grade) == PRIMARY


# --- users ----------------------------------------------------------------------------------------------


def build_users(demo: Demo) -> dict[str, User]:
    """`admin` and one login per role around the demo school, all with DEMO_PASSWORD."""
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares it, so one hash will do
    admin, _ = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"password": password, "is_staff": True, "is_superuser": True}
    )
    users = {ADMIN_USERNAME: admin}
    for username, role in DEMO_LOGINS:
        unit, staff, association = _demo_post(demo, role)
        user = _user(demo, username, password, staff, is_staff=username in ADMIN_SITE_LOGINS)
        Membership.objects.get_or_create(user=user, unit=unit, role=role, defaults={"association": association})
        if staff is not None:
            Staff.objects.filter(pk=staff.pk).update(user=user)
            staff.user = user
        users[username] = user
    _link_parent(demo, users["parent"])
    _unit_administrators([users[name] for name in ADMIN_SITE_LOGINS])
    demo.counts.update(users=len(users))
    return users


def _demo_post(demo: Demo, role: str) -> tuple[OrgUnit, Staff | None, MethodicalAssociation | None]:
    """Where a demo login holds its role: (unit, its staff record, the association it heads)."""
    school = demo.units.demo_school
    school_staff = demo.staff[school.pk]
    if role == Role.REGIONAL_OFFICER:
        return demo.units.regions[0], None, None
    if role == Role.DISTRICT_COORDINATOR:
        return demo.units.districts[0], None, None
    association = school_staff.associations["sciences"] if role == Role.MO_HEAD else None
    staff = {
        Role.DIRECTOR: lambda: school_staff.director,
        Role.DEPUTY_ACADEMIC: lambda: _by_position(school_staff.deputies, Position.DEPUTY_ACADEMIC),
        Role.DEPUTY_UPBRINGING: lambda: _by_position(school_staff.deputies, Position.DEPUTY_UPBRINGING),
        Role.PSYCHOLOGIST: lambda: _by_position(school_staff.others, Position.PSYCHOLOGIST),
        Role.MO_HEAD: lambda: association.head,
        Role.CLASS_TEACHER: lambda: _demo_class(demo).class_teacher,
        Role.SUBJECT_TEACHER: lambda: _demo_subject_teacher(demo),
        Role.PARENT: lambda: None,
    }[role]()
    return school, staff, association


def _by_position(staff: list[Staff], position: str) -> Staff:
    return next(member for member in staff if member.position == position)


def _demo_class(demo: Demo) -> SchoolClass:
    """9б of the current year at the demo school: the class its teacher, class teacher and parent share."""
    return next(
        c
        for c in demo.classes[demo.units.demo_school.pk]
        if c.year.code == CURRENT_YEAR and (c.grade, c.letter) == DEMO_CLASS
    )


def _demo_subject_teacher(demo: Demo) -> Staff:
    """A teacher of the demo class who is neither its class teacher nor the head of an association."""
    school_class = _demo_class(demo)
    heads = {a.head_id for a in demo.staff[demo.units.demo_school.pk].associations.values()}
    assignments = school_class.assignments.select_related("teacher", "subject").order_by("subject__code", "pk")
    teachers = [a.teacher for a in assignments if a.teacher_id != school_class.class_teacher_id]
    preferred = [t for t in teachers if t.pk not in heads]
    return (preferred or teachers)[0]


def _user(demo: Demo, username: str, password: str, staff: Staff | None, **flags) -> User:
    """A login (an existing one is left as it is), named after its staff record or a made-up person."""
    person = staff or _made_up_person(demo, username)
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"password": password, "first_name": person.first_name, "last_name": person.last_name, **flags},
    )
    return user


def _made_up_person(demo: Demo, username: str) -> names.Person:
    """Officials get a Kyrgyz name; the parent is the mother of the demo child and shares the family name."""
    rng = demo.rng("users", username)
    if username != "parent":
        return names.person(rng, names.KYRGYZ, rng.choice("FM"))
    child = _demo_child(demo)
    mother = names.person(rng, names.nationality_of(child.last_name), "F")
    surname = names.feminine_surname(child.last_name)
    return names.Person(surname, mother.first_name, mother.patronymic, "F")


def _demo_child(demo: Demo) -> Student:
    """The first student on the demo class's list (still there at the end of the year)."""
    enrolment = (
        Enrolment.objects.filter(school_class=_demo_class(demo), ends_on__isnull=True)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__code")
        .first()
    )
    return enrolment.student


def _link_parent(demo: Demo, parent: User) -> None:
    ParentLink.objects.get_or_create(user=parent, student=_demo_child(demo))


def _unit_administrators(users: list[User]) -> None:
    """The scoped admin needs Django's model permissions too; the scope then narrows what they reach."""
    group, _ = Group.objects.get_or_create(name=UNIT_ADMINISTRATORS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="structure"))
    for user in users:
        user.groups.add(group)


# --- running ----------------------------------------------------------------------------------------------

STAGES: list[tuple[str, Callable[[Demo], object]]] = [
    ("units", build_units),
    ("calendar", build_calendar),
    ("subjects", build_subjects),
    ("staff", build_staff),
    ("classes", build_classes),
    ("users", build_users),
    # Append later stages here, e.g. ("marks", build_marks); each may use the results of those above.
]


@transaction.atomic
def generate(*, size: str, seed: int, report: Callable[[str, float], None] | None = None) -> Demo:
    """Build the demo world of a size for a seed, all or nothing; `report(stage, seconds)` follows progress."""
    if size not in SIZES:
        raise ValueError(f"Unknown demo size {size!r}; use one of {', '.join(SIZES)}.")
    demo = Demo(size=size, seed=seed)
    if report:
        demo.report = report
    for name, stage in STAGES:
        started = time.perf_counter()
        setattr(demo, name, stage(demo))
        demo.report(name, time.perf_counter() - started)
    return demo


def has_units() -> bool:
    return OrgUnit.objects.exists()


def current_students() -> int:
    """Students on a class list at the end of the current demo year, in both countries."""
    return Enrolment.objects.filter(year__code=CURRENT_YEAR, ends_on__isnull=True).count()
