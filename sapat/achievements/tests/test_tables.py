"""`sapat table`: seed 004's tables (districts × years × columns) loaded as per-person records and read back,
with totals and percent rows that state their denominators; counted by hand."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.structure.models import OrgUnit
from sapat.testing import factories as f

from .test_growth import ACTIVITIES, CATEGORIES

pytestmark = pytest.mark.django_db

ACHIEVEMENTS = """school,year,date,person_kind,person,person_name,event,event_kind,subject,level,result
K1,2024-2025,2024-11-10,student,S1,,District olympiad,olympiad,,district,place1
K1,2024-2025,2025-01-20,student,S1,,Regional olympiad,olympiad,,regional,place2
K1,2024-2025,2024-11-10,student,S2,,District olympiad,olympiad,,district,participant
K2,2024-2025,2025-03-01,student,S4,,Republican contest,contest,,republican,winner
K3,2024-2025,2025-04-01,student,S5,,International contest,contest,,international,place3
K1,2024-2025,2025-02-15,staff,T1,,Teachers' contest,contest,,regional,place1
"""


def table(*args) -> dict:
    out = StringIO()
    call_command("table", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def loaded(kz, write):
    """Students on the lists of 2024-2025: K1 S1–S3, K2 S4, K3 S5–S6 (none in 2023-2024)."""
    year = kz[3]["2024-2025"].year
    for school, codes in (("K1", ["S1", "S2", "S3"]), ("K2", ["S4"]), ("K3", ["S5", "S6"])):
        klass = f.SchoolClassFactory(school=OrgUnit.objects.get(code=school), year=year, grade=9)
        for code in codes:
            f.EnrolmentFactory(school_class=klass, student__code=code, student__school=klass.school)
    for command, text in (("load_categories", CATEGORIES), ("load_activities", ACTIVITIES)):
        call_command(command, write(text, f"{command}.csv"), stdout=StringIO())
    call_command("load_achievements", write(ACHIEVEMENTS, "achievements.csv"), stdout=StringIO())
    return kz


def by_unit_and_year(result: dict) -> dict:
    return {(row["unit"], row["year"]): row for row in result["rows"]}


def test_categories_by_district_and_year_with_totals_and_percent(loaded):
    result = table("--kind", "categories", "--unit", "WKO", "--years", "2023-2024,2024-2025", "--by", "district")
    assert result["columns"] == [
        "pedagog_trainee", "pedagog", "pedagog_moderator", "pedagog_expert", "pedagog_researcher", "pedagog_master",
        "second", "first", "highest", "none",
    ]  # fmt: skip
    rows = by_unit_and_year(result)
    assert len(rows) == 4
    earlier = rows[("TAS", "2023-2024")]  # T1 expert, T3 first, T4 not yet a moderator; T2 left in March 2024
    assert (earlier["pedagog_expert"], earlier["first"], earlier["none"], earlier["denominator"]) == (1, 1, 1, 3)
    assert rows[("TAS", "2024-2025")]["pedagog_moderator"] == 1 and rows[("TAS", "2024-2025")]["none"] == 0
    assert rows[("ZHA", "2024-2025")]["pedagog_researcher"] == 1
    total = {row["year"]: row for row in result["total"]}["2024-2025"]
    assert (total["pedagog_moderator"], total["pedagog_expert"], total["first"], total["denominator"]) == (1, 1, 1, 4)
    percent = {row["year"]: row for row in result["percent"]}["2024-2025"]
    assert percent["pedagog_moderator"] == 25.0 and percent["pedagog_master"] == 0.0
    assert (percent["denominator"], percent["denominator_count"]) == (4, "teachers.on_staff")
    assert "staff" in percent["denominator_counts"]


def test_student_achievements_by_district_and_level_by_persons(loaded):
    result = table("--kind", "student-achievements", "--unit", "WKO", "--years", "2024-2025", "--by", "district")
    assert result["columns"] == ["district", "regional", "republican", "international", "all_levels"]
    assert (result["basis"], result["measure"]) == ("persons", "awarded")
    rows = by_unit_and_year(result)
    taskala, zhanibek = rows[("TAS", "2024-2025")], rows[("ZHA", "2024-2025")]
    # S1: 1st at district and 2nd at regional level (one person overall); S2 took part only; S4 won a republican.
    assert [taskala[c] for c in result["columns"]] == [1, 1, 1, 0, 2]
    assert [zhanibek[c] for c in result["columns"]] == [0, 0, 0, 1, 1]
    assert (taskala["denominator"], zhanibek["denominator"]) == (4, 2)
    (total,), (percent,) = result["total"], result["percent"]
    assert [total[c] for c in result["columns"]] == [1, 1, 1, 1, 3]
    assert percent["all_levels"] == 50.0 and percent["district"] == pytest.approx(100 / 6)
    assert (percent["denominator"], percent["denominator_count"]) == (6, "achievements.students")


def test_student_achievements_by_participations_count_participants(loaded):
    result = table(
        "--kind", "student-achievements", "--unit", "WKO", "--years", "2024-2025",
        "--basis", "entries", "--measure", "participants",
    )  # fmt: skip
    (row,) = result["rows"]
    assert (row["unit"], row["district"], row["all_levels"], row["denominator"]) == ("WKO", 2, 5, 6)
    assert result["basis"] == "entries"


def test_teacher_achievements_count_against_the_teachers(loaded):
    result = table("--kind", "teacher-achievements", "--unit", "TAS", "--years", "2025", "--by", "school")
    rows = by_unit_and_year(result)
    assert rows[("K1", "2024-2025")]["regional"] == 1 and rows[("K1", "2024-2025")]["denominator"] == 1
    assert rows[("K2", "2024-2025")]["all_levels"] == 0 and rows[("K2", "2024-2025")]["denominator"] == 2
    (percent,) = result["percent"]
    assert percent["regional"] == pytest.approx(100 / 3) and percent["denominator_count"] == "achievements.teachers"


def test_activities_by_district_and_by_tutor_group(loaded):
    result = table("--kind", "activities", "--unit", "WKO", "--years", "2023-2024,2024-2025", "--by", "district")
    rows = by_unit_and_year(result)
    taskala = rows[("TAS", "2024-2025")]
    assert (taskala["publication"], taskala["publication_international"], taskala["open_lesson"]) == (3, 2, 1)
    assert rows[("ZHA", "2024-2025")]["course"] == 2 and rows[("TAS", "2023-2024")]["publication"] == 0
    percent = {row["year"]: row for row in result["percent"]}["2024-2025"]
    assert percent["publication"] == 75.0 and percent["denominator"] == 4
    OrgUnit.objects.filter(code="K2").update(tutor=OrgUnit.objects.get(code="K1"))
    grouped = table("--kind", "activities", "--unit", "WKO", "--years", "2024-2025", "--by", "tutor-group")
    (row,) = grouped["rows"]  # K1 with K2 attached; K3 tutors nobody
    assert (row["unit"], row["publication"], row["shared_practice"], row["denominator"]) == ("K1", 3, 1, 3)


def test_a_year_without_data_has_an_empty_percent_row(loaded):
    result = table("--kind", "student-achievements", "--unit", "WKO", "--years", "2023-2024")
    (percent,) = result["percent"]
    assert percent["denominator"] == 0 and percent["all_levels"] is None


def test_an_unknown_year_or_unit_is_refused(loaded):
    with pytest.raises(CommandError, match="2030-2031"):
        table("--kind", "activities", "--unit", "WKO", "--years", "2030-2031")
    with pytest.raises(CommandError, match="NOWHERE"):
        table("--kind", "activities", "--unit", "NOWHERE", "--years", "2024-2025")


@pytest.fixture
def officer(loaded):
    user = f.UserFactory(username="gulnar")
    f.MembershipFactory(user=user, unit=loaded[0], role="regional_officer")
    return user


def comparative(officer, source: str, language: str = "en"):
    from sapat.reports.builders import REPORTS

    kind = REPORTS["comparative"]
    params = {"unit": "WKO", "level": "district", "source": source, "year": "2024-2025", "span": "2",
              "period": "year", "cohort_grade": "0"}  # fmt: skip
    return kind.build(kind.resolve(params, officer), language, lambda percent: None)


@pytest.mark.parametrize("kind", ["categories", "student-achievements", "teacher-achievements", "activities"])
def test_the_comparative_report_reads_back_the_same_counts_as_sapat_table(loaded, officer, kind):
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import xlsx_sheets

    result = table("--kind", kind, "--unit", "WKO", "--years", "2023-2024,2024-2025", "--by", "district")
    keys = [*result["columns"], "denominator"]
    sheet = xlsx_sheets(render(comparative(officer, kind), "xlsx"))["Units"]
    lines = {row[0]: row[1:] for row in sheet[1:]}
    names = {"TAS": "Taskala", "ZHA": "Zhanibek"}
    rows = by_unit_and_year(result)
    for code, name in names.items():
        expected = [rows[(code, year)][key] for year in ("2023-2024", "2024-2025") for key in keys]
        assert list(lines[name]) == expected
    totals = {row["year"]: row for row in result["total"]}
    assert list(lines["Total"]) == [totals[year][key] for year in ("2023-2024", "2024-2025") for key in keys]
    percents = {row["year"]: row for row in result["percent"]}
    expected = [percents[y][k] if k != "denominator" else None for y in ("2023-2024", "2024-2025") for k in keys]
    assert list(lines["Percentage"]) == [pytest.approx(v) if v is not None else None for v in expected]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_achievements_report_in_kazakh_and_russian(loaded, officer, fmt, language):
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import text_of

    text = text_of(render(comparative(officer, "student-achievements", language), fmt), fmt)
    # 2024-2025 by persons, winners and prize-winners of every level: 3 of 6 students, 50 %.
    assert "50,0" in text and {"kk": "Тасқала ауданы", "ru": "Таскалинский район"}[language] in text
    if fmt == "docx":  # the PDF wraps the narrow columns' headings within words
        assert {"kk": "халықаралық деңгей", "ru": "международный уровень"}[language] in text
