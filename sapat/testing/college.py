"""A college beside the shared world (docs/colleges.md): the agrarian college NATEC of region North.

In 2024-2025 the department of veterinary medicine (VET) teaches the speciality 36.02.01 to the groups ВЕТ-24
(course 1: Ainura, Bekzat, Cholpon) and ВЕТ-23 (course 2: Daniyar, Elmira); the department of economics (ECO)
teaches 38.02.01 accounting to БУХ-24 (course 1: Farida, Gulzat). Disciplines of course 1, semester 1:
anatomy (examination) and physical education (pass/fail); of course 2: anatomy as well.

Logins (`college.users`): kanat, director of NATEC; asel, deputy director for academic work; nurlan, head of the
department VET; baktygul, methodist; meerim, curator of ВЕТ-24 (a teacher of VET); ulan, who teaches anatomy in
БУХ-24; ainura, the student of ВЕТ-24, who sees her own record.
"""

from dataclasses import dataclass

from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Staff, Student, Subject

from ..colleges import services
from ..colleges.models import Department, Speciality, StudyGroup
from . import factories as f


@dataclass
class College:
    unit: OrgUnit
    year: AcademicYear
    s1: Period
    s2: Period
    vet: Department
    eco: Department
    veterinary: Speciality
    accounting: Speciality
    vet24: StudyGroup
    vet23: StudyGroup
    buh24: StudyGroup
    vet24_class: SchoolClass
    vet23_class: SchoolClass
    buh24_class: SchoolClass
    anatomy: Subject
    pe: Subject
    students: dict[str, Student]
    staff: dict[str, Staff]
    users: dict


ROLES = {
    "kanat": "director", "asel": "deputy_academic", "nurlan": "head_of_department", "baktygul": "methodist",
    "meerim": "curator", "ulan": "subject_teacher", "ainura": "student",
}  # fmt: skip


def build_college(world) -> College:
    unit = f.SchoolFactory(
        code="NATEC", parent=world.region, school_kind="college", languages="ky,ru",
        name_ky="Агрардык техникалык-экономикалык колледж", name_ru="Аграрный технико-экономический колледж",
        name_en="Agrarian technical-economic college",
    )  # fmt: skip
    s1, s2 = services.semesters_ensure(year=world.year)
    vet, _ = services.department_ensure(
        college=unit, code="VET", names={"ky": "Ветеринария бөлүмү", "en": "Veterinary"}
    )
    eco, _ = services.department_ensure(college=unit, code="ECO", names={"ky": "Экономика бөлүмү", "en": "Economics"})
    veterinary, _ = services.speciality_ensure(
        college=unit, code="36.02.01", department=vet, names={"ky": "Ветеринария", "en": "Veterinary medicine"}
    )
    accounting, _ = services.speciality_ensure(
        college=unit, code="38.02.01", department=eco, names={"ky": "Бухгалтердик эсеп", "en": "Accounting"}
    )
    placed = {
        code: services.study_group_place(college=unit, year=world.year, code=code, course=course, speciality=spec)[0]
        for code, course, spec in (("ВЕТ-24", 1, veterinary), ("ВЕТ-23", 2, veterinary), ("БУХ-24", 1, accounting))
    }
    anatomy = f.SubjectFactory(code="anatomy", name_ky="Анатомия", name_ru="Анатомия", name_en="Anatomy")
    pe = f.SubjectFactory(code="pe", name_ky="Дене тарбия", name_ru="Физкультура", name_en="Physical education")
    for spec, course, subject, form in (
        (veterinary, 1, anatomy, "exam"), (veterinary, 1, pe, "pass_fail"), (veterinary, 2, anatomy, "exam"),
        (accounting, 1, anatomy, "exam"), (accounting, 1, pe, "pass_fail"),
    ):  # fmt: skip
        services.discipline_set(speciality=spec, subject=subject, course=course, semester="s1", form=form)
    students = _students(placed)
    staff = _staff(unit, vet, placed["ВЕТ-24"].group)
    f.TeachingAssignmentFactory(teacher=staff["ulan"], school_class=placed["БУХ-24"].school_class, subject=anatomy)
    users = _logins(unit, vet, staff, students["ainura"])
    return College(
        unit, world.year, s1, s2, vet, eco, veterinary, accounting,
        placed["ВЕТ-24"].group, placed["ВЕТ-23"].group, placed["БУХ-24"].group,
        placed["ВЕТ-24"].school_class, placed["ВЕТ-23"].school_class, placed["БУХ-24"].school_class,
        anatomy, pe, students, staff, users,
    )  # fmt: skip


def _students(placed) -> dict[str, Student]:
    lists = {"ВЕТ-24": ("Ainura", "Bekzat", "Cholpon"), "ВЕТ-23": ("Daniyar", "Elmira"), "БУХ-24": ("Farida", "Gulzat")}
    students = {}
    for code, names in lists.items():
        klass = placed[code].school_class
        for name in names:
            students[name.lower()] = f.EnrolmentFactory(
                school_class=klass, student__first_name=name, student__last_name=f"{name}ova"
            ).student
    return students


def _staff(unit, vet, vet24) -> dict[str, Staff]:
    staff = {
        name: f.StaffFactory(school=unit, last_name=f"{name.capitalize()}ov", first_name=name.capitalize())
        for name in ("kanat", "asel", "nurlan", "baktygul", "meerim", "ulan")
    }
    vet.head = staff["nurlan"]
    vet.save(update_fields=["head"])
    services.department_teacher_add(department=vet, teacher=staff["meerim"])
    vet24.curator = staff["meerim"]
    vet24.save(update_fields=["curator"])
    return staff


def _logins(unit, vet, staff, ainura) -> dict:
    users = {}
    for name, role in ROLES.items():
        users[name] = f.UserFactory(username=name)
        extra = {"department": vet} if role == "head_of_department" else {}
        extra |= {"student": ainura} if role == "student" else {}
        f.MembershipFactory(user=users[name], unit=unit, role=role, **extra).full_clean()
        if name in staff:
            Staff.objects.filter(pk=staff[name].pk).update(user=users[name])
    return users
