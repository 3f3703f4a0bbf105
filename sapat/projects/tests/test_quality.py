"""Seed 004's table of the quality of knowledge of the project's schools over the years: the rows are the member
schools (of different districts) of each year, a school that left counts only in the years it was still a member
at the end of; and the written dynamics of a table. Counted by hand."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.utils import translation

from sapat.projects.models import Project
from sapat.projects.services import project_join, project_leave
from sapat.structure.models import OrgUnit
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db

# One subject, year marks of each school's students: {year: {school: marks}}.
MARKS = {
    "2023-2024": {"K1": "5433", "K2": "55", "K3": "52"},
    "2024-2025": {"K1": "5543", "K2": "55", "K3": "44"},
}


@pytest.fixture
def project_marks(kz):
    """K1 (Taskala) and K3 (Zhanibek) join the project in September 2023; K3 leaves on 1 December 2024; K2 is
    never a member."""
    region, _taskala, _zhanibek, years = kz
    subject = f.SubjectFactory(code="alg", name_en="Algebra")
    for code, period in years.items():
        for school_code, marks in MARKS[code].items():
            school = OrgUnit.objects.get(code=school_code)
            klass = f.SchoolClassFactory(school=school, year=period.year, grade=9)
            students = [f.EnrolmentFactory(school_class=klass, student__school=school).student for _ in marks]
            put_marks(klass, period, {(s, subject): mark for s, mark in zip(students, marks, strict=True)})
    project = Project.objects.create(code="MONITOR", owner=region, name_en="Monitoring", name_kk="Мониторинг",
                                     starts_on=datetime.date(2023, 9, 1))  # fmt: skip
    for school in ("K1", "K3"):
        project_join(project=project, school=OrgUnit.objects.get(code=school), joined_on=datetime.date(2023, 9, 1))
    project_leave(membership=project.members.get(school__code="K3"), left_on=datetime.date(2024, 12, 1))
    return project


def table(*args) -> dict:
    out = StringIO()
    call_command("table", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_quality_table_of_a_project_has_its_member_schools_of_each_year(project_marks):
    with translation.override("en"):
        result = table("--kind", "quality", "--unit", "WKO", "--years", "2023-2024,2024-2025", "--project", "MONITOR")
    assert (result["columns"], result["by"], result["project"]) == (["excellent", "good", "quality"], "school",
                                                                     "MONITOR")  # fmt: skip
    rows = [(r["unit"], r["year"], r["excellent"], r["good"], r["quality"], r["denominator"], r["quality_pct"])
            for r in result["rows"]]  # fmt: skip
    # 2023-2024: K1 5,4,3,3 (one excellent, one good of 4); K3 5,2 (one excellent of 2). K2 is no member.
    # 2024-2025: K1 5,5,4,3 (two excellent, one good of 4); K3 left on 1 December 2024.
    assert rows == [
        ("K1", "2023-2024", 1, 1, 2, 4, 50.0),
        ("K3", "2023-2024", 1, 0, 1, 2, 50.0),
        ("K1", "2024-2025", 2, 1, 3, 4, 75.0),
    ]
    totals = [(t["year"], t["quality"], t["denominator"], t["quality_pct"]) for t in result["total"]]
    assert totals == [("2023-2024", 3, 6, 50.0), ("2024-2025", 3, 4, 75.0)]
    assert result["percent"][1]["quality"] == 75.0 and result["percent"][1]["denominator_count"] == "marks.students"
    assert result["dynamics"] == (
        "Over 2 years, from 2023-2024 to 2024-2025: quality of knowledge grew from 50.0\u00a0% to 75.0\u00a0% "
        "(up 25.0 pp)."
    )


def test_the_dynamics_of_a_count_table_name_every_column(kz, write):
    categories = """school,staff,staff_name,category,awarded_on,joined_on
K1,T1,Ivanova Anna,pedagog_moderator,2020-05-10,
K1,T2,Petrov Oleg,pedagog_expert,2019-01-10,
K2,T3,Sarsenova Aigerim,pedagog_expert,2024-09-10,2024-09-01
K3,T4,Bekova Dana,pedagog_expert,2024-08-01,2024-08-01
"""
    call_command("load_categories", write(categories, "categories.csv"), stdout=StringIO())
    with translation.override("en"):
        result = table("--kind", "categories", "--unit", "WKO", "--years", "2023-2024,2024-2025")
    # 2023-2024: T1 moderator, T2 expert; 2024-2025: T1 moderator, T2, T3 and T4 experts.
    assert result["dynamics"] == (
        "Over 2 years, from 2023-2024 to 2024-2025: teacher-moderator stayed at 1; teacher-expert grew from 1 to 3 "
        "(up 2)."
    )
    with translation.override("ru"):
        russian = table("--kind", "categories", "--unit", "WKO", "--years", "2023-2024,2024-2025")["dynamics"]
    assert russian.startswith("За 2 года") and "с 1 до 3" in russian
    assert table("--kind", "categories", "--unit", "WKO", "--years", "2024-2025")["dynamics"] is None


def test_an_unknown_project_or_another_breakdown_with_a_project_is_refused(project_marks):
    with pytest.raises(CommandError, match="NOPE"):
        table("--kind", "quality", "--unit", "WKO", "--years", "2024-2025", "--project", "NOPE")
    with pytest.raises(CommandError, match="--by school"):
        table("--kind", "quality", "--unit", "WKO", "--years", "2024-2025", "--project", "MONITOR", "--by", "district")


def test_the_comparative_report_of_the_quality_of_a_projects_schools(project_marks):
    from sapat.reports.builders import REPORTS
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import text_of, xlsx_sheets

    officer = f.UserFactory(username="gulnar")
    f.MembershipFactory(user=officer, unit=OrgUnit.objects.get(code="WKO"), role="regional_officer")
    kind = REPORTS["comparative"]
    params = {"unit": "WKO", "level": "project", "source": "quality", "year": "2024-2025", "span": "2",
              "period": "year", "cohort_grade": "0"}  # fmt: skip
    document = kind.build(kind.resolve(params, officer), "en", lambda percent: None)
    lines = {row[0]: row[1:] for row in xlsx_sheets(render(document, "xlsx"))["Units"][1:]}
    # The project's members of each year: K1 and K3 in 2023-2024 (2 + 1 of 6), K1 alone in 2024-2025 (3 of 4).
    assert list(lines["Monitoring"]) == [2, 1, 3, 6, 50.0, 2, 1, 3, 4, 75.0]
    assert list(lines["Total"]) == [2, 1, 3, 6, 50.0, 2, 1, 3, 4, 75.0]
    document = kind.build(kind.resolve(params, officer), "ru", lambda percent: None)
    text = text_of(render(document, "docx"), "docx")
    assert "с 50,0\u00a0% до 75,0\u00a0%" in text


def test_the_comparative_report_of_a_projects_member_schools(project_marks):
    from sapat.reports.builders import REPORTS
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import xlsx_sheets

    officer = f.UserFactory(username="gulnar")
    f.MembershipFactory(user=officer, unit=OrgUnit.objects.get(code="WKO"), role="regional_officer")
    kind = REPORTS["comparative"]
    params = {"unit": "WKO", "level": "school", "source": "quality", "project": "MONITOR", "year": "2024-2025",
              "span": "2", "period": "year", "cohort_grade": "0"}  # fmt: skip
    document = kind.build(kind.resolve(params, officer), "en", lambda percent: None)
    lines = {row[0]: row[1:] for row in xlsx_sheets(render(document, "xlsx"))["Units"][2:]}
    names = {u.code: u.name for u in OrgUnit.objects.filter(code__in=["K1", "K2", "K3"])}
    # K1 both years; K3 in 2023-2024 only (it left on 1 December 2024); K2 never a member.
    assert list(lines[names["K1"]]) == [1, 1, 2, 4, 50.0, 2, 1, 3, 4, 75.0]
    assert list(lines[names["K3"]]) == [1, 0, 1, 2, 50.0, None, None, None, None, None]
    assert names["K2"] not in lines
    assert list(lines["Total"]) == [2, 1, 3, 6, 50.0, 2, 1, 3, 4, 75.0]
    with pytest.raises(Http404):
        kind.resolve({**params, "project": "NOPE"}, officer)
    with pytest.raises(Http404):
        kind.resolve({**params, "source": "indicators"}, officer)


def test_the_achievements_page_writes_the_dynamics_of_each_table(project_marks, client):
    officer = f.UserFactory(username="gulnar")
    f.MembershipFactory(user=officer, unit=OrgUnit.objects.get(code="WKO"), role="regional_officer")
    client.force_login(officer)
    response = client.get("/achievements/WKO/?year=2024-2025", HTTP_ACCEPT_LANGUAGE="en")
    tables = {t["kind"]: t for t in response.context["tables"]}
    # All three schools: 2023-2024 five of eight students excellent or good, 2024-2025 seven of eight.
    expected = ("Over 2 years, from 2023-2024 to 2024-2025: quality of knowledge grew from 62.5\u00a0% to "
                "87.5\u00a0% (up 25.0 pp).")  # fmt: skip
    assert tables["quality"]["dynamics"] == expected
    assert 'data-testid="dynamics-quality"' in response.content.decode()
    assert client.get("/achievements/WKO/?year=2023-2024").context["tables"][0].get("dynamics") is None
