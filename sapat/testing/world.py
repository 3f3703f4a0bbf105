"""The named people and places every test shares (one story, see docs/development.md).

Region "North" (KG) has districts Alamedin and Sokuluk. Alamedin holds school A (urban tutor school) and
school B (rural, attached to A); Sokuluk holds school C. In 2024-2025 school A has classes 8а and 8б,
school B has 8а, school C has 9а.

- rita: regional officer of North           - dana: district coordinator of Alamedin
- aigul: deputy director (academic) of A    - timur: teacher at A, teaches mathematics in A's 8а
- bakyt: teacher at B, class teacher of B's 8а - parvina: parent of Aibek in A's 8а
- zarina: deputy director (upbringing) of A    - saule: psychologist of A
- sultan: district coordinator of Sokuluk      - charlie: a login with no role at all
"""

from dataclasses import dataclass

from sapat.structure.models import AcademicYear, OrgUnit, SchoolClass, Staff, Student, Subject

from . import factories as f

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    region: OrgUnit
    alamedin: OrgUnit
    sokuluk: OrgUnit
    school_a: OrgUnit
    school_b: OrgUnit
    school_c: OrgUnit
    year: AcademicYear
    math: Subject
    a8a: SchoolClass
    a8b: SchoolClass
    b8a: SchoolClass
    c9a: SchoolClass
    aibek: Student  # in A's 8а, parvina's son
    bolot: Student  # in A's 8б
    camila: Student  # in B's 8а
    timur_staff: Staff
    bakyt_staff: Staff
    users: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    region = f.RegionFactory(code="NORTH", name_ru="Северная область", name_en="North", name_ky="Түндүк облусу")
    alamedin = f.DistrictFactory(code="ALA", parent=region, name_ru="Аламединский район", name_en="Alamedin")
    sokuluk = f.DistrictFactory(code="SOK", parent=region, name_ru="Сокулукский район", name_en="Sokuluk")
    school_a = f.SchoolFactory(code="A", parent=alamedin, name_ru="Школа А", name_en="School A")
    school_b = f.SchoolFactory(
        code="B", parent=alamedin, name_ru="Школа Б", name_en="School B", settlement="rural", tutor=school_a
    )
    school_c = f.SchoolFactory(code="C", parent=sokuluk, name_ru="Школа В", name_en="School C")
    year = f.AcademicYearFactory(code="2024-2025")
    math = f.SubjectFactory(code="math", name_ru="Математика", name_en="Mathematics", name_ky="Математика")
    timur_staff = f.StaffFactory(school=school_a, last_name="Timurov", first_name="Timur")
    bakyt_staff = f.StaffFactory(school=school_b, last_name="Bakytov", first_name="Bakyt")
    a8a = f.SchoolClassFactory(school=school_a, year=year, grade=8, letter="а")
    a8b = f.SchoolClassFactory(school=school_a, year=year, grade=8, letter="б")
    b8a = f.SchoolClassFactory(school=school_b, year=year, grade=8, letter="а", class_teacher=bakyt_staff)
    c9a = f.SchoolClassFactory(school=school_c, year=year, grade=9, letter="а")
    f.TeachingAssignmentFactory(teacher=timur_staff, school_class=a8a, subject=math)
    aibek = f.EnrolmentFactory(school_class=a8a, student__last_name="Asanov", student__first_name="Aibek").student
    bolot = f.EnrolmentFactory(school_class=a8b, student__last_name="Bolotov", student__first_name="Bolot").student
    camila = f.EnrolmentFactory(school_class=b8a, student__last_name="Kadyrova", student__first_name="Camila").student
    f.EnrolmentFactory(school_class=c9a)
    users = _people(region, alamedin, school_a, school_b, timur_staff, bakyt_staff, aibek)
    return World(
        region, alamedin, sokuluk, school_a, school_b, school_c, year, math, a8a, a8b, b8a, c9a,
        aibek, bolot, camila, timur_staff, bakyt_staff, users,
    )  # fmt: skip


def _people(region, alamedin, school_a, school_b, timur_staff, bakyt_staff, aibek) -> dict:
    names = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie", "zarina", "saule", "sultan")
    users = {name: f.UserFactory(username=name) for name in names}
    f.MembershipFactory(user=users["rita"], unit=region, role="regional_officer")
    f.MembershipFactory(user=users["dana"], unit=alamedin, role="district_coordinator")
    f.MembershipFactory(user=users["aigul"], unit=school_a, role="deputy_academic")
    f.MembershipFactory(user=users["timur"], unit=school_a, role="subject_teacher")
    f.MembershipFactory(user=users["bakyt"], unit=school_b, role="class_teacher")
    f.MembershipFactory(user=users["zarina"], unit=school_a, role="deputy_upbringing")
    f.MembershipFactory(user=users["saule"], unit=school_a, role="psychologist")
    f.MembershipFactory(
        user=users["sultan"], unit=alamedin.parent.children.get(code="SOK"), role="district_coordinator"
    )
    f.ParentLinkFactory(user=users["parvina"], student=aibek)
    Staff.objects.filter(pk=timur_staff.pk).update(user=users["timur"])
    Staff.objects.filter(pk=bakyt_staff.pk).update(user=users["bakyt"])
    return users
