"""`sapat load-groups`: groups placed by course and year, departments and specialities created, idempotent,
every bad line named and nothing saved."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.colleges.models import Department, GroupYear, Speciality, StudyGroup
from sapat.structure.models import Period, SchoolClass
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

HEADER = "college,year,group,course,speciality,speciality_name,department"


@pytest.fixture
def natec(world):
    return f.SchoolFactory(code="NATEC", parent=world.region, school_kind="college", languages="ky,ru")


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "groups.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path):
    out = StringIO()
    call_command("load_groups", path, stdout=out)
    return out.getvalue()


ROWS = [
    "NATEC,2024-2025,ВЕТ-24,1,36.02.01,Ветеринария,VET",
    "NATEC,2024-2025,ВЕТ-23,2,36.02.01,Ветеринария,VET",
    "NATEC,2024-2025,БУХ-24,1,38.02.01,Бухгалтердик эсеп,ECO",
]


def snapshot():
    return [m.objects.count() for m in (Department, Speciality, StudyGroup, GroupYear, SchoolClass)]


def test_groups_are_placed_with_their_specialities_and_departments(natec, tmp_path, english):
    out = run(write_csv(tmp_path, ROWS))
    assert "3 placed" in out and "2 departments and 2 specialities created" in out
    vet23 = StudyGroup.objects.get(college=natec, code="ВЕТ-23")
    assert (vet23.intake_year, vet23.speciality.code, vet23.speciality.department.code) == (2023, "36.02.01", "VET")
    assert vet23.speciality.name_ky == "Ветеринария"  # the college teaches in Kyrgyz first
    klass = vet23.years.get().school_class
    assert (klass.school, klass.year.code, klass.grade, klass.letter, klass.name) == (
        natec,
        "2024-2025",
        2,
        "ВЕТ-23",
        "ВЕТ-23",
    )
    assert set(Period.objects.filter(year=klass.year).values_list("code", flat=True)) >= {"s1", "s2"}


def test_loading_twice_changes_nothing(natec, tmp_path, english):
    path = write_csv(tmp_path, ROWS)
    run(path)
    before = snapshot()
    out = run(path)
    assert "0 placed, 3 unchanged" in out and "0 departments and 0 specialities" in out
    assert snapshot() == before


def test_next_year_places_the_same_group_in_its_next_course(natec, tmp_path, english):
    run(write_csv(tmp_path, ROWS[:1]))
    run(write_csv(tmp_path, ["NATEC,2025-2026,ВЕТ-24,2,36.02.01,Ветеринария,VET"]))
    group = StudyGroup.objects.get(code="ВЕТ-24")
    assert [(gy.school_class.year.code, gy.course) for gy in group.years.all()] == [("2024-2025", 1), ("2025-2026", 2)]


def test_bad_lines_are_listed_and_nothing_is_saved(natec, world, tmp_path, english):
    rows = [
        *ROWS,
        "NATEC,2024-2025,ВЕТ-22,7,36.02.01,Ветеринария,VET",  # line 5: no course 7
        "A,2024-2025,ВЕТ-21,1,36.02.01,Ветеринария,VET",  # line 6: school A is no college
        "NATEC,2024-2025,ВЕТ-23,1,36.02.01,Ветеринария,VET",  # line 7: ВЕТ-23 is in course 2 this year
        "NATEC,2024-2025,БУХ-24,1,36.02.01,Ветеринария,VET",  # line 8: БУХ-24 is of 38.02.01
        "NATEC,2024-2025,8а,1,36.02.01,Ветеринария,VET",  # line 9: not a group code
        "NATEC,2024-2025,ЗОО-24,1,38.02.01,Бухгалтердик эсеп,VET",  # line 10: 38.02.01 is taught in ECO
        "NATEC,24/25,ЗОО-24,1,36.02.01,Ветеринария,VET",  # line 11: not a year
    ]
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, rows))
    message = str(refused.value)
    assert "Errors: 7" in message
    assert "Line 5: “7” is not a course: use 1 to 5." in message
    assert "Line 6: A is not a college." in message
    assert "Line 7: The group ВЕТ-23 entered in 2023, so in 2024-2025 it is in course 2." in message
    assert "Line 8: The group БУХ-24 belongs to the speciality 38.02.01." in message
    assert "Line 9: “8а” is not a group code like ВЕТ-21" in message
    assert "Line 10: The speciality 38.02.01 is taught in the department ECO." in message
    assert "Line 11: No academic year 24/25 for this country." in message
    assert snapshot()[:4] == [0, 0, 0, 0]
    assert not SchoolClass.objects.filter(school=natec).exists()


def test_a_file_without_the_columns_is_refused(natec, tmp_path, english):
    with pytest.raises(CommandError, match="Columns missing from the header: department"):
        run(write_csv(tmp_path, ["NATEC,2024-2025,ВЕТ-24,1,36.02.01,Ветеринария"], header=HEADER.rsplit(",", 1)[0]))
