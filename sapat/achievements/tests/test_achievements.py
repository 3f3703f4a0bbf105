"""Events and participations: `sapat load-achievements`, the achievements count source (per participation and
per person, by hand), its registry indicators in `sapat indicators` and `sapat rating`, and who may see them."""

import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from sapat.access.scope import restrict
from sapat.achievements.models import Event, Participation
from sapat.indicators import registry
from sapat.indicators.sources import CountQuery, source
from sapat.structure.models import Staff, Student

from .story import ROWS

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(world, periods, csv_file):
    run("load_achievements", csv_file(ROWS))
    return periods["year"]


def sums(world, period, by=None, unit=None):
    return source("achievements").sums(CountQuery(unit or world.region, (period,), by=by))


def test_load_creates_events_and_participations_and_a_second_load_changes_nothing(world, periods, csv_file):
    path = csv_file(ROWS)
    assert "8 created, 0 changed, 0 unchanged; new events: 4" in run("load_achievements", path)
    assert "0 created, 0 changed, 8 unchanged; new events: 0" in run("load_achievements", path)
    assert Event.objects.count() == 4 and Participation.objects.count() == 8


def test_a_corrected_result_is_changed_not_added(world, periods, csv_file):
    run("load_achievements", csv_file(ROWS))
    corrected = ROWS.replace("district,participant,", "district,place3,")
    assert "1 changed, 7 unchanged" in run("load_achievements", csv_file(corrected, "again.csv"))
    assert Participation.objects.get(student=world.bolot, event__level="district").result == "place3"


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_saved(world, periods, csv_file):
    bad = ROWS + (
        "A,2024-2025,2024-11-10,student,NOBODY,,Math olympiad,olympiad,math,district,place1,\n"  # line 10
        "A,2024-2025,2024-11-10,student,{aibek},,Chess,olympiad,,county,place1,\n"  # line 11
        "A,2024-2025,2024-11-10,student,{aibek},,Chess,olympiad,,district,first,\n"  # line 12
        "A,2024-2025,2026-11-10,student,{aibek},,Chess,olympiad,,district,place1,\n"  # line 13
        "A,2024-2025,2024-11-10,teacher,T1,,Chess,olympiad,,district,place1,\n"  # line 14
        "A,2024-2025,2024-11-10,student,{aibek},,Math olympiad,olympiad,math,district,place2,\n"  # line 15
    )
    with pytest.raises(CommandError) as refused:
        run("load_achievements", csv_file(bad))
    text = str(refused.value)
    assert "Errors: 6" in text
    for line, reason in [
        (10, "NOBODY"),
        (11, "county"),
        (12, "first"),
        (13, "outside"),
        (14, "teacher"),
        (15, "line 2"),
    ]:
        assert f"Line {line}: " in text and reason in text
    assert not Participation.objects.exists() and not Event.objects.exists()


def test_create_missing_makes_students_and_staff_from_their_names(world, periods, csv_file):
    rows = (
        "C,2024-2025,2024-11-10,student,S77,Omurova Aliya,Math olympiad,olympiad,math,district,winner,\n"
        "C,2024-2025,2024-11-10,staff,T9,Isaev Nurlan Bekovich,Teachers' conference,conference,,regional,place1,\n"
    )
    with pytest.raises(CommandError):
        run("load_achievements", csv_file(rows))
    run("load_achievements", csv_file(rows, "again.csv"), "--create-missing")
    aliya = Student.objects.get(school=world.school_c, code="S77")
    nurlan = Staff.objects.get(school=world.school_c, code="T9")
    assert (aliya.last_name, aliya.first_name) == ("Omurova", "Aliya")
    assert (nurlan.last_name, nurlan.first_name, nurlan.patronymic) == ("Isaev", "Nurlan", "Bekovich")


def test_counts_by_participation_count_a_team_once(world, loaded):
    counts = sums(world, loaded)[None]
    # Entries: the district olympiad 3, the regional 1, the robotics team 1 (two members, one entry).
    assert counts["student.entries.participants"] == 5
    assert counts["student.entries.winners"] == 1  # aibek's 1st place
    assert counts["student.entries.prize_winners"] == 3  # camila 2nd, aibek 3rd, the team 2nd
    assert counts["student.entries.awarded"] == 4
    assert (counts["student.entries.place2"], counts["student.entries.participant"]) == (2, 1)
    assert counts["student.entries.republican.participants"] == 1


def test_counts_by_person_count_each_person_once_by_their_best_result(world, loaded):
    counts = sums(world, loaded)[None]
    # aibek: 1st, 3rd and the team's 2nd → a winner; bolot: participant and the team's 2nd → a prize-winner.
    assert counts["student.persons.participants"] == 3
    assert (counts["student.persons.winners"], counts["student.persons.prize_winners"]) == (1, 2)
    assert counts["student.persons.place1"] == 1 and counts["student.persons.participant"] == 0
    assert counts["student.persons.republican.participants"] == 2  # both members of the team
    assert counts["student.persons.regional.prize_winners"] == 1
    assert counts["student.persons.district.awarded"] == 2
    assert (counts["staff.persons.participants"], counts["staff.persons.winners"]) == (2, 1)
    assert counts["staff.entries.regional.certificate"] == 1
    assert (counts["students"], counts["teachers"]) == (4, 2)


def test_counts_by_school_and_district_add_up(world, loaded):
    by_school = sums(world, loaded, by="school")
    a, b = by_school[world.school_a.pk], by_school[world.school_b.pk]
    assert (a["student.entries.participants"], a["student.persons.participants"], a["students"]) == (4, 2, 2)
    assert (b["student.persons.prize_winners"], b["staff.persons.winners"], b["teachers"]) == (1, 1, 1)
    by_district = sums(world, loaded, by="district")
    assert by_district[world.alamedin.pk]["student.persons.awarded"] == 3
    assert by_district[world.sokuluk.pk]["students"] == 1
    assert by_district[world.sokuluk.pk]["student.persons.participants"] == 0


def test_a_teacher_who_left_before_the_year_ended_is_not_on_staff(world, loaded):
    Staff.objects.filter(pk=world.bakyt_staff.pk).update(left_on=world.year.ends_on)
    assert sums(world, loaded)[None]["teachers"] == 1


def test_registry_indicators_of_achievements(world, loaded):
    codes = [
        "ach_student_coverage", "ach_student_entries_per_100", "ach_student_effectiveness_pct",
        "ach_student_entries_effectiveness_pct", "ach_student_awarded_pct", "ach_student_awarded",
        "ach_staff_coverage", "ach_staff_effectiveness_pct",
    ]  # fmt: skip
    entries = [registry.current().get(code, world.region) for code in codes]
    values = registry.evaluate(entries, CountQuery(world.region, (loaded,)))[None]
    assert [values[code] for code in codes] == [75.0, 125.0, 100.0, 80.0, 75.0, 3, 100.0, 50.0]


def test_indicators_command_shows_an_achievement_indicator_with_its_counts(world, loaded):
    args = ["--unit", "NORTH", "--year", "2024-2025", "--period", "year", "--indicator", "ach_student_coverage"]
    rows = json.loads(run("indicators", *args, "--by", "district"))
    found = {row["key"]: row for row in rows}
    assert found["ALA"]["value"] == 100.0 and found["SOK"]["value"] == 0.0
    assert found["ALA"]["achievements.students"] == 3
    assert found["ALA"]["achievements.student.persons.participants"] == 3


def test_rating_command_ranks_schools_by_an_achievement_indicator(world, loaded):
    args = ["--level", "school", "--unit", "NORTH", "--year", "2024-2025"]  # the year, as no --period says
    rows = json.loads(run("rating", *args, "--indicator", "ach_student_effectiveness_pct", "--json"))
    by_unit = {row["unit"]: row for row in rows}
    assert by_unit["A"]["value"] == 100.0 and by_unit["B"]["value"] == 100.0
    assert (by_unit["A"]["n"], by_unit["B"]["n"]) == (2, 1)  # the participants: below the minimum of 10, unrated
    assert not by_unit["A"]["rated"] and by_unit["C"]["value"] is None


def test_a_school_sees_only_its_own_participations(world, loaded):
    assert set(restrict(Participation.objects.all(), world.aigul).values_list("school__code", flat=True)) == {"A"}
    assert set(restrict(Participation.objects.all(), world.dana).values_list("school__code", flat=True)) == {"A", "B"}
    assert not restrict(Participation.objects.all(), world.sultan).exists()
    # timur teaches A's 8а (aibek's class) and sees his own: not bolot's of 8б.
    seen = restrict(Participation.objects.all(), world.timur)
    assert {(p.student_id or p.staff_id) for p in seen} == {world.aibek.pk, world.timur_staff.pk}
    assert not restrict(Participation.objects.all(), world.charlie).exists()


@pytest.fixture
def evidence(world, loaded, settings, tmp_path):
    settings.SAPAT_EVIDENCE_ROOT = tmp_path / "evidence"
    participation = Participation.objects.get(student=world.aibek, event__level="district")
    participation.evidence.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma"))
    return participation


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("rita", 200), ("dana", 200), ("aigul", 200), ("timur", 200), ("bakyt", 404), ("parvina", 200),
        ("charlie", 404), ("sultan", 404),
    ],
)  # fmt: skip
def test_evidence_is_served_only_within_the_scope(world, evidence, login, who, status):
    response = login(getattr(world, who)).get(f"/achievements/participations/{evidence.pk}/evidence/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 diploma"
        assert "no-store" in response["Cache-Control"]


def test_evidence_is_never_public(world, evidence, client, settings):
    response = client.get(f"/achievements/participations/{evidence.pk}/evidence/")
    assert response.status_code == 302 and "login" in response["Location"]
    with pytest.raises(ValueError):
        evidence.evidence.url  # noqa: B018 (no storage URL exists to leak)
    assert not str(settings.SAPAT_EVIDENCE_ROOT).startswith(str(settings.STATIC_ROOT))


def test_a_participation_without_evidence_is_a_404(world, loaded, login):
    participation = Participation.objects.filter(school=world.school_a).first()
    assert login(world.aigul).get(f"/achievements/participations/{participation.pk}/evidence/").status_code == 404
