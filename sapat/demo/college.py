"""The demo's college (seed 003): an agrarian technical-economic college in the demo school's region, with the
departments of veterinary medicine, agronomy and economics, a speciality each, groups of four courses in the last
two demo years (each group followed into its next course), disciplines by course and semester (examinations,
pass/fail credits, course works, practice), semester marks, and one login per college role (COLLEGE_LOGINS).

Everything goes through the colleges' and the structure's services and the one write path of marks, so the demo
college is loaded exactly as a real one would be; deterministic for a seed.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction

from sapat.access.models import Membership, Role, User
from sapat.assessment.services import MarkEntry, period_marks_save
from sapat.colleges import services as colleges
from sapat.colleges.models import Discipline, StudyGroup
from sapat.structure import services as structure
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass, Staff, Student, Subject

from . import names
from .generator import DEMO_PASSWORD
from .schoolyear import YEAR_CODES

COLLEGE_CODE = "ATEK"
MARKED_YEARS = YEAR_CODES[-2:]  # two years of semester marks
COURSES = (1, 2, 3, 4)
DEPARTMENTS = [
    # code, names (ky, kk, ru, en), speciality code, its names, group prefix
    ("VET", ("Ветеринария бөлүмү", "Ветеринария бөлімі", "Ветеринарное отделение", "Veterinary department"),
     "36.02.01", ("Ветеринария", "Ветеринария", "Ветеринария", "Veterinary medicine"), "ВЕТ"),
    ("AGR", ("Агрономия бөлүмү", "Агрономия бөлімі", "Агрономическое отделение", "Agronomy department"),
     "35.02.05", ("Агрономия", "Агрономия", "Агрономия", "Agronomy"), "АГР"),
    ("ECO", ("Экономика бөлүмү", "Экономика бөлімі", "Экономическое отделение", "Economics department"),
     "38.02.01", ("Экономика жана бухгалтердик эсеп", "Экономика және бухгалтерлік есеп",
                  "Экономика и бухгалтерский учёт", "Economics and accounting"), "БУХ"),
]  # fmt: skip
SUBJECTS = {
    "col-math": ("Математика", "Математика", "Математика", "Mathematics"),
    "col-pe": ("Дене тарбия", "Дене шынықтыру", "Физическая культура", "Physical education"),
    "col-hist": ("Кыргызстандын тарыхы", "Қырғызстан тарихы", "История Кыргызстана", "History of Kyrgyzstan"),
    "col-anatomy": ("Жаныбарлардын анатомиясы", "Жануарлар анатомиясы", "Анатомия животных", "Animal anatomy"),
    "col-vetmed": ("Ветеринардык дарылоо", "Ветеринарлық емдеу", "Ветеринарная терапия", "Veterinary therapy"),
    "col-soil": ("Топурак таануу", "Топырақтану", "Почвоведение", "Soil science"),
    "col-crops": ("Өсүмдүк өстүрүү", "Өсімдік шаруашылығы", "Растениеводство", "Crop growing"),
    "col-acc": ("Бухгалтердик эсеп", "Бухгалтерлік есеп", "Бухгалтерский учёт", "Accounting"),
    "col-econ": ("Уюмдун экономикасы", "Ұйым экономикасы", "Экономика организации", "Economics of an enterprise"),
    "col-cw": ("Курстук иш", "Курстық жұмыс", "Курсовая работа", "Course work"),
    "col-practice": ("Өндүрүштүк практика", "Өндірістік практика", "Производственная практика", "Work practice"),
}
MAJOR = {"VET": ("col-anatomy", "col-vetmed"), "AGR": ("col-soil", "col-crops"), "ECO": ("col-acc", "col-econ")}
COLLEGE_LOGINS = [
    ("collegedirector", Role.DIRECTOR),
    ("collegedeputy", Role.DEPUTY_ACADEMIC),
    ("depthead", Role.HEAD_OF_DEPARTMENT),
    ("methodist", Role.METHODIST),
    ("curator", Role.CURATOR),
    ("collegeteacher", Role.SUBJECT_TEACHER),
    ("student", Role.STUDENT),
]


def curriculum(department: str, course: int, semester: str) -> list[tuple[str, str]]:
    """(subject code, form) of a speciality's course and semester."""
    first, second = MAJOR[department]
    rows = [(first, Discipline.Form.EXAM), (second, Discipline.Form.EXAM), ("col-pe", Discipline.Form.PASS_FAIL)]
    if course == 1:
        rows.append(("col-math", Discipline.Form.EXAM if semester == "s2" else Discipline.Form.GRADED))
        rows.append(("col-hist", Discipline.Form.PASS_FAIL))
    if course in (2, 3) and semester == "s2":
        rows.append(("col-cw", Discipline.Form.COURSE_WORK))
    if course >= 3 and semester == "s2":
        rows.append(("col-practice", Discipline.Form.PRACTICE))
    return rows


@transaction.atomic
def generate_college(*, seed: int, with_marks: bool = True) -> dict[str, int]:
    """The demo college, after the schools (its region is the demo school's); returns what was made."""
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION, country="KG").order_by("path").first()
    if region is None:
        return {}
    rng = random.Random(f"{seed}:college")
    college = structure.org_unit_create(
        code=COLLEGE_CODE, kind=OrgUnit.Kind.SCHOOL, parent=region, school_kind=OrgUnit.SchoolKind.COLLEGE,
        settlement=OrgUnit.Settlement.URBAN, languages="ky,ru",
        name_ky="Агрардык техникалык-экономикалык колледж", name_kk="Аграрлық техникалық-экономикалық колледж",
        name_ru="Аграрный технико-экономический колледж", name_en="Agrarian Technical-Economic College",
    )  # fmt: skip
    subjects = _subjects()
    plan = _departments(college, rng, subjects)
    counts = {"groups": 0, "marks": 0}
    for year_code in MARKED_YEARS:
        year = AcademicYear.objects.get(country="KG", code=year_code)
        s1, s2 = colleges.semesters_ensure(year=year)
        for department, (speciality, prefix, teachers) in plan.items():
            for course in COURSES:
                klass = _group_class(college, year, speciality, prefix, course, teachers, rng)
                counts["groups"] += 1
                _teach(klass, department, course, teachers, subjects)
                if with_marks:
                    counts["marks"] += _marks(klass, department, (s1, s2), subjects, rng)
    _logins(college, plan)
    return counts


def _subjects() -> dict[str, Subject]:
    found = {}
    for code, (ky, kk, ru, en) in SUBJECTS.items():
        found[code], _ = Subject.objects.get_or_create(
            code=code, defaults={"name_ky": ky, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
    return found


def _departments(college, rng, subjects) -> dict:
    plan = {}
    for code, dept_names, spec_code, spec_names, prefix in DEPARTMENTS:
        department, _ = colleges.department_ensure(college=college, code=code, names=_four(dept_names))
        speciality, _ = colleges.speciality_ensure(
            college=college, code=spec_code, department=department, names=_four(spec_names)
        )
        teachers = [_staff(college, rng, "teacher") for _ in range(5)]
        for teacher in teachers:
            colleges.department_teacher_add(department=department, teacher=teacher)
        department.head = teachers[0]
        department.save(update_fields=["head"])
        for course in COURSES:
            for semester in ("s1", "s2"):
                for subject, form in curriculum(code, course, semester):
                    colleges.discipline_set(
                        speciality=speciality, subject=subjects[subject], course=course, semester=semester, form=form
                    )
        plan[code] = (speciality, prefix, teachers)
    return plan


def _four(texts) -> dict[str, str]:
    return dict(zip(("ky", "kk", "ru", "en"), texts, strict=True))


def _staff(college, rng, position: str) -> Staff:
    person = names.person(rng, names.KYRGYZ, rng.choice("FM"))
    return structure.staff_create(
        school=college, last_name=person.last_name, first_name=person.first_name, patronymic=person.patronymic,
        gender=person.gender, position=position, teaching_since=datetime.date(rng.randint(1990, 2018), 9, 1),
    )  # fmt: skip


def _group_class(college, year, speciality, prefix, course, teachers, rng) -> SchoolClass:
    """The group of this course in the year: followed from last year (a few students left) or newly placed."""
    intake = year.first_calendar_year - course + 1
    code = f"{prefix}-{intake % 100:02d}"
    group = StudyGroup.objects.filter(college=college, code=code).first()
    if group is not None and group.years.exists():
        _some_leave(group, rng)
        klass = colleges.study_group_advance(group=group, year=year).school_class
        return _curated(klass, group)
    group_year, _ = colleges.study_group_place(
        college=college, year=year, code=code, course=course, speciality=speciality
    )
    group = group_year.group
    group.curator = teachers[(course - 1) % len(teachers)]
    group.save(update_fields=["curator"])
    _new_students(college, group_year.school_class, code, rng, entry_age=14 + course)
    return _curated(group_year.school_class, group)


def _curated(klass, group) -> SchoolClass:
    """The group's curator is its class's class teacher, as the pages and the journal know one."""
    klass.class_teacher = group.curator
    klass.save(update_fields=["class_teacher"])
    return klass


def _new_students(college, klass, code: str, rng, *, entry_age: int) -> None:
    """A new group's list at the start of the year, in two statements like the schools' pupils (generator.bulk):
    the students are new, so there is nothing to check them against and no marks to refresh yet."""
    people = [names.person(rng, names.KYRGYZ, "M" if rng.random() < 0.55 else "F") for _ in range(rng.randint(18, 25))]
    Student.objects.bulk_create([
        Student(school=college, code=f"{code}-{index + 1:02d}", last_name=p.last_name, first_name=p.first_name,
                patronymic=p.patronymic, gender=p.gender, birth_date=_birth_date(rng, klass, entry_age))
        for index, p in enumerate(people)
    ])  # fmt: skip
    stored = Student.objects.filter(school=college, code__startswith=f"{code}-")
    Enrolment.objects.bulk_create(
        [
            Enrolment(student=s, school_class=klass, year_id=klass.year_id, starts_on=klass.year.starts_on)
            for s in stored
        ]
    )


def _birth_date(rng, klass, age: int) -> datetime.date:
    """Aged `age` on the first of September of the class's year (15 or 16 when entering after the 9th grade)."""
    first = klass.year.first_calendar_year
    return datetime.date(first - age - 1, 9, 2) + datetime.timedelta(days=rng.randrange(365))


def _some_leave(group, rng) -> None:
    """One or two students of last year's list leave in its spring (expelled, moved): not carried on."""
    last = group.years.order_by("-school_class__year__starts_on").select_related("school_class__year").first()
    enrolments = list(last.school_class.enrolments.filter(ends_on__isnull=True).order_by("pk"))
    for enrolment in rng.sample(enrolments, k=min(len(enrolments), rng.randint(0, 2))):
        ends = datetime.date(last.school_class.year.first_calendar_year + 1, 3, 1)
        structure.student_leave(enrolment=enrolment, ends_on=ends)


def _teach(klass, department, course, teachers, subjects) -> None:
    codes = {code for semester in ("s1", "s2") for code, _ in curriculum(department, course, semester)}
    for index, code in enumerate(sorted(codes)):
        structure.teaching_assignment_create(
            teacher=teachers[index % len(teachers)], school_class=klass, subject=subjects[code]
        )


def _marks(klass, department, semesters: tuple[Period, Period], subjects, rng) -> int:
    enrolments = list(klass.enrolments.select_related("student").order_by("pk"))
    ability = {e.student_id: rng.gauss(3.8, 0.6) for e in enrolments}
    saved = 0
    for period in semesters:
        on_list = [e.student for e in enrolments if _on_list(e, period)]
        entries = []
        for code, form in curriculum(department, klass.grade, period.code):
            for student in on_list:
                value = _value(rng, ability[student.pk], form)
                entries.append(MarkEntry(student, klass, subjects[code], period, value))
        saved += period_marks_save(entries=entries).created
    return saved


def _on_list(enrolment, period) -> bool:
    return enrolment.starts_on <= period.ends_on and (
        enrolment.ends_on is None or enrolment.ends_on >= period.starts_on
    )


def _value(rng, ability: float, form: str) -> str:
    if form == Discipline.Form.PASS_FAIL:
        if rng.random() < 0.02:
            return "ex"
        return "f" if rng.random() < (0.15 if ability < 3.2 else 0.03) else "p"
    if rng.random() < 0.005:
        return "na"
    return str(min(5, max(2, round(ability + rng.gauss(0, 0.6)))))


def _logins(college, plan) -> None:
    password = make_password(DEMO_PASSWORD)
    vet_speciality, _prefix, vet_teachers = plan["VET"]
    current = SchoolClass.objects.filter(school=college, year__code=MARKED_YEARS[-1], group_year__isnull=False)
    curated = current.filter(group_year__group__curator__isnull=False).order_by("grade", "letter").first()
    curator = curated.group_year.group.curator
    student = curated.enrolments.filter(ends_on__isnull=True).order_by("pk").first().student
    teacher = plan["AGR"][2][1]
    staff = {
        "collegedirector": _staff(college, random.Random("director"), "director"),
        "collegedeputy": _staff(college, random.Random("deputy"), "deputy_academic"),
        "depthead": vet_teachers[0],
        "methodist": _staff(college, random.Random("methodist"), "teacher"),
        "curator": curator,
        "collegeteacher": teacher,
    }
    for username, role in COLLEGE_LOGINS:
        person = staff.get(username) or student
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"password": password, "first_name": person.first_name, "last_name": person.last_name},
        )
        extra = {"department": vet_speciality.department} if role == Role.HEAD_OF_DEPARTMENT else {}
        extra |= {"student": student} if role == Role.STUDENT else {}
        Membership.objects.get_or_create(user=user, unit=college, role=role, defaults=extra)
        if username in staff:
            Staff.objects.filter(pk=staff[username].pk).update(user=user)
