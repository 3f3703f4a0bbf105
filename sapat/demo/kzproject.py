"""The demo's regional project of seed 004 in West Kazakhstan: the order of the regional department setting up
"Monitoring: Observation. Analysis. Result." for the schools of its 11 districts, the member schools (one taken
out of the project, as the order's item 5 does), the tutor school of each district with its attached rural
schools within the project, a district coordinator in each district, the logins of a coordinator and of the
regional officer, and three years of what the project's tables count: teachers joining the staff (their
categories come from the staff stage), achievements of students and teachers by level, teachers' activities,
and KZ criteria-based scores (ФО, СОр, СОч) of one tutor school's mathematics, entered through their service.

Deterministic for a seed; rows are bulk-inserted (no audit entries: demo data is nobody's change), except the
scores, which go through `scores_save` so that their marks are derived as for any school.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from sapat.access.models import Membership, Role, User
from sapat.achievements.models import Activity, Event, Participation
from sapat.assessment.scores import ScoreEntry, scores_save
from sapat.projects.models import Project, ProjectCoordinator, ProjectSchool, ProjectTutor
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass, Staff, Subject
from sapat.structure.models.staff import Position

from . import names
from .generator import BATCH_SIZE, DEMO_PASSWORD
from .places import WEST_KAZAKHSTAN
from .schoolyear import CURRENT_YEAR, YEAR_CODES

PROJECT_CODE = "MONITOR-ZKO"
PROJECT_NAMES = {
    "ky": "«Мониторинг: Байкоо. Талдоо. Натыйжа» эксперименттик долбоору",
    "kk": "«Мониторинг: Бақылау. Талдау. Нәтиже» эксперименттік жобасы",
    "ru": "Экспериментальный проект «Мониторинг: Наблюдение. Анализ. Результат»",
    "en": "Experimental project “Monitoring: Observation. Analysis. Result.”",
}
JOINED = datetime.date(2022, 9, 1)  # the demo's first year: the project's tables cover the three demo years
LEFT = datetime.date(2024, 1, 15)  # the Taskala school taken out of the project (seed 004, item 5)
LEFT_DISTRICT = "KZ-ZAP-10"  # Taskala
LEFT_REASON = "«Мақсатты мектеп» құрамына кіруіне байланысты жобадан шығарылды"
KZ_LOGINS = [("kzregion", Role.REGIONAL_OFFICER), ("kzcoordinator", Role.DISTRICT_COORDINATOR)]
COORDINATED_DISTRICT = LEFT_DISTRICT  # the demo coordinator's district: its table shows the school that left
# Events of each year by level (name, kind); a school sends some of its students and teachers.
STUDENT_EVENTS = {
    "district": [("Аудандық пән олимпиадасы", Event.Kind.OLYMPIAD), ("Аудандық ғылыми жобалар байқауы",
                 Event.Kind.PROJECT)],
    "regional": [("Облыстық пән олимпиадасы", Event.Kind.OLYMPIAD)],
    "republican": [("Республикалық «Зерде» ғылыми жобалар байқауы", Event.Kind.PROJECT)],
    "international": [("Халықаралық «Кенгуру» математикалық конкурсы", Event.Kind.CONTEST)],
}  # fmt: skip
STAFF_EVENTS = {
    "district": [("Аудандық «Үздік сабақ» байқауы", Event.Kind.CONTEST)],
    "regional": [("Облыстық «Жыл мұғалімі» байқауы", Event.Kind.CONTEST)],
    "republican": [("Республикалық педагогикалық оқулар", Event.Kind.CONFERENCE)],
    "international": [("Халықаралық педагогикалық конференция", Event.Kind.CONFERENCE)],
}
# How many of a school's students (teachers) take part at each level in a year, before the project's growth.
TAKING_PART = {"district": 6, "regional": 3, "republican": 2, "international": 1}
STAFF_TAKING_PART = {"district": 2, "regional": 1, "republican": 1, "international": 0}
RESULTS = ["participant", "participant", "certificate", "place3", "place2", "place1", "winner"]
# Teachers' activities of a school in a year (kind: (how many in the first year, level choices)).
ACTIVITIES = {
    Activity.Kind.OPEN_LESSON: (2, ["school", "district"]),
    Activity.Kind.SHARED_PRACTICE: (1, ["district", "regional"]),
    Activity.Kind.PUBLICATION: (1, ["regional", "republican", "international"]),
    Activity.Kind.COURSE: (1, [""]),
    Activity.Kind.MENTORING: (1, ["school"]),
    Activity.Kind.CONFERENCE: (1, ["regional", "republican"]),
}
SCORED_GRADES = (5, 9)  # the criteria-based scores of the first tutor school: mathematics of grades 5–9
SCORED_SUBJECTS = ("math", "algebra")


@transaction.atomic
def generate_kz_project(*, seed: int) -> dict[str, int]:
    """The project and its data; nothing when the demo has no West Kazakhstan region or has the project."""
    region = OrgUnit.objects.filter(code=WEST_KAZAKHSTAN.code).first()
    if region is None or Project.objects.filter(code=PROJECT_CODE).exists():
        return {}
    schools = list(OrgUnit.objects.filter(path__startswith=region.path, kind=OrgUnit.Kind.SCHOOL).order_by("path"))
    project = _project(region)
    members = _members(project, schools)
    _coordinators(project, region, seed)
    years = {y.code: y for y in AcademicYear.objects.filter(country=region.country, code__in=YEAR_CODES)}
    joined = _joining(schools, seed)
    counts = {"project_members": members, "staff_joined": joined}
    counts["participations"] = _achievements(schools, years, seed)
    counts["activities"] = _activities(schools, years, seed)
    counts["scores"] = _scores(schools, years[CURRENT_YEAR], seed)
    return counts


def _project(region: OrgUnit) -> Project:
    return Project.objects.create(
        code=PROJECT_CODE, owner=region, **{f"name_{lang}": name for lang, name in PROJECT_NAMES.items()},
        order_number="1402", order_date=datetime.date(2024, 11, 28), order_signed_by="Е. Сафуллин",
        starts_on=JOINED, ends_on=datetime.date(2027, 5, 31), head="Тажгулова Светлана Маратовна",
    )  # fmt: skip


def _members(project: Project, schools: list[OrgUnit]) -> int:
    """Every school of the region joins in September 2022; the second school of Taskala leaves in January 2024,
    and its attachment to the district's tutor school ends with it."""
    leaving = next(s for s in schools if s.parent.code == LEFT_DISTRICT and s.tutor_id)
    members = [ProjectSchool(project=project, school=s, joined_on=JOINED, left_on=LEFT if s == leaving else None,
                             reason=LEFT_REASON if s == leaving else "") for s in schools]  # fmt: skip
    ProjectSchool.objects.bulk_create(members, batch_size=BATCH_SIZE)
    attached = [ProjectTutor(project=project, tutor_id=s.tutor_id, school=s, from_on=JOINED,
                             until_on=LEFT if s == leaving else None) for s in schools if s.tutor_id]  # fmt: skip
    ProjectTutor.objects.bulk_create(attached, batch_size=BATCH_SIZE)
    return len(members)


def _coordinators(project: Project, region: OrgUnit, seed: int) -> None:
    """A coordinator in each district (seed 004, appendix 1); the Taskala one and the regional officer log in."""
    password = make_password(DEMO_PASSWORD)
    rows = []
    for district in region.children.order_by("code"):
        rng = random.Random(f"{seed}-kz-coordinator-{district.code}")
        person = names.person(rng, names.KAZAKH, rng.choice("FM"))
        user = None
        if district.code == COORDINATED_DISTRICT:
            user = _login("kzcoordinator", person, password)
            Membership.objects.get_or_create(user=user, unit=district, role=Role.DISTRICT_COORDINATOR)
        rows.append(ProjectCoordinator(project=project, district=district, user=user,
                                       name=f"{person.last_name} {person.first_name} {person.patronymic}"))  # fmt: skip
    ProjectCoordinator.objects.bulk_create(rows)
    officer = names.person(random.Random(f"{seed}-kz-officer"), names.KAZAKH, "F")
    user = _login("kzregion", officer, password)
    Membership.objects.get_or_create(user=user, unit=region, role=Role.REGIONAL_OFFICER)


def _login(username: str, person, password: str) -> User:
    fields = {"password": password, "first_name": person.first_name, "last_name": person.last_name}
    user, _ = User.objects.get_or_create(username=username, defaults=fields)
    return user


def _joining(schools: list[OrgUnit], seed: int) -> int:
    """A few teachers of each school joined its staff during the demo years: the categories table counts them
    from the year they joined."""
    rng = random.Random(f"{seed}-kz-joining")
    teachers = list(Staff.objects.filter(school__in=schools, position=Position.TEACHER).order_by("school__path", "pk"))
    joined = []
    for staff in teachers:
        if rng.random() < 0.15:
            first = int(rng.choice(YEAR_CODES[1:])[:4])
            staff.joined_on = datetime.date(first, 8, rng.randint(15, 31))
            joined.append(staff)
    Staff.objects.bulk_update(joined, ["joined_on"], batch_size=BATCH_SIZE)
    return len(joined)


def _achievements(schools: list[OrgUnit], years: dict, seed: int) -> int:
    """Each year every school sends students and teachers to the district, regional, republican and international
    events; a little more each year of the project, so that its tables show growth."""
    events = {}
    rows = []
    for index, code in enumerate(YEAR_CODES):
        year = years[code]
        for school in schools:
            rng = random.Random(f"{seed}-kz-achievements-{code}-{school.code}")
            students = list(Enrolment.objects.filter(year=year, school_class__school=school, ends_on__isnull=True)
                            .order_by("student_id").values_list("student_id", flat=True).distinct())  # fmt: skip
            staff = list(Staff.objects.filter(school=school, position=Position.TEACHER).order_by("pk")
                         .values_list("pk", flat=True))  # fmt: skip
            rows += _taking_part(rng, school, year, index, STUDENT_EVENTS, TAKING_PART, events, students=students)
            rows += _taking_part(rng, school, year, index, STAFF_EVENTS, STAFF_TAKING_PART, events, staff=staff)
    Participation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _taking_part(rng, school, year, index: int, catalogue: dict, how_many: dict, events: dict, *, students=(),
                 staff=()) -> list[Participation]:  # fmt: skip
    people = list(students or staff)
    rows = []
    for level, choices in catalogue.items():
        name, kind = choices[rng.randrange(len(choices))]
        event = _event(events, name, kind, level, year)
        count = min(len(people), how_many[level] + index + rng.randint(0, 1) if how_many[level] else 0)
        for person in rng.sample(people, count):
            result = RESULTS[min(len(RESULTS) - 1, int(rng.random() * len(RESULTS) + index * 0.5))]
            who = {"student_id": person} if students else {"staff_id": person}
            rows.append(Participation(school=school, year=year, event=event, result=result, **who))
    return rows


def _event(events: dict, name: str, kind: str, level: str, year: AcademicYear) -> Event:
    key = (name, level, year.code)
    if key not in events:
        day = {"district": (11, 20), "regional": (1, 25), "republican": (3, 15), "international": (4, 10)}[level]
        date = datetime.date(year.starts_on.year + (day[0] < 9), *day)
        events[key] = Event.objects.create(name=name, kind=kind, level=level, date=date,
                                           organiser="Батыс Қазақстан облысының білім басқармасы")  # fmt: skip
    return events[key]


def _activities(schools: list[OrgUnit], years: dict, seed: int) -> int:
    """Open lessons, shared practice, publications, courses, mentoring and conference talks, growing each year."""
    rows = []
    for index, code in enumerate(YEAR_CODES):
        year = years[code]
        for school in schools:
            rng = random.Random(f"{seed}-kz-activities-{code}-{school.code}")
            staff = list(Staff.objects.filter(school=school, position=Position.TEACHER).order_by("pk"))
            if not staff:
                continue
            for kind, (first, levels) in ACTIVITIES.items():
                for number in range(first + index + rng.randint(0, 1)):
                    level = rng.choice(levels)
                    day = year.starts_on + datetime.timedelta(days=30 + rng.randrange(220))
                    rows.append(Activity(
                        school=school, year=year, staff=rng.choice(staff), kind=kind, level=level, date=day,
                        title=f"{Activity.Kind(kind).label} {number + 1}", hours=72 if kind == "course" else None,
                        provider="«Өрлеу» БАҰО" if kind == "course" else "",
                    ))  # fmt: skip
    Activity.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _scores(schools: list[OrgUnit], year: AcademicYear, seed: int) -> int:
    """ФО (three per quarter, out of 10), СОр (two, out of 20) and СОч (one, out of 25) in mathematics of grades
    5–9 of the first tutor school, every quarter of the current year: the quarter and year marks follow."""
    school = next((s for s in schools if not s.tutor_id), None)
    if school is None:
        return 0
    quarters = list(Period.objects.filter(year=year, kind=Period.Kind.QUARTER).order_by("starts_on"))
    subjects = {s.code: s for s in Subject.objects.filter(code__in=SCORED_SUBJECTS)}
    classes = SchoolClass.objects.filter(school=school, year=year, grade__range=SCORED_GRADES).order_by("grade")
    rng = random.Random(f"{seed}-kz-scores")
    entries = []
    for school_class in classes:
        subject = subjects.get("math" if school_class.grade <= 6 else "algebra") or next(iter(subjects.values()))
        whole_year = Enrolment.objects.filter(school_class=school_class, ends_on__isnull=True,
                                              starts_on__lte=quarters[0].starts_on)  # fmt: skip
        for enrolment in whole_year.select_related("student").order_by("student__code"):
            ability = rng.uniform(0.35, 0.95)
            for period in quarters:
                entries += _student_scores(rng, ability, enrolment.student, school_class, subject, period)
    if not entries:
        return 0
    scores_save(entries=entries, note="demo")
    return len(entries)


def _student_scores(rng, ability: float, student, school_class, subject, period) -> list[ScoreEntry]:
    def score(maximum: int) -> Decimal:
        return Decimal(max(0, min(maximum, round(maximum * (ability + rng.uniform(-0.15, 0.15))))))

    common = {"student": student, "school_class": school_class, "subject": subject, "period": period}
    rows = [ScoreEntry(**common, kind="fo", score=score(10), max_score=Decimal(10)) for _ in range(3)]
    rows += [ScoreEntry(**common, kind="sor", score=score(20), max_score=Decimal(20)) for _ in range(2)]
    rows.append(ScoreEntry(**common, kind="soch", score=score(25), max_score=Decimal(25)))
    return rows
