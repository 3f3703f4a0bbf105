"""Teachers' categories and professional growth: `sapat load-categories`, `sapat load-activities`, attestation,
and the `teachers` count source, counted by hand in a Kazakh region shaped like seed 004's."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.achievements.models import Activity, Attestation
from sapat.achievements.services import attestation_settle
from sapat.indicators.sources import CountQuery, source
from sapat.structure.models import CategoryRecord, Staff

pytestmark = pytest.mark.django_db

CATEGORIES = """school,staff,staff_name,category,awarded_on,left_on
K1,T1,Ivanova Anna,pedagog_moderator,2020-05-10,
K1,T1,Ivanova Anna,pedagog_expert,2024-05-20,
K1,T2,Petrov Oleg,pedagog_master,2019-01-10,2024-03-01
K2,T3,Sarsenova Aigerim,first,2018-06-01,
K2,T4,Nurlanov Erlan,pedagog_moderator,2024-08-15,
K3,T5,Bekova Dana,pedagog_researcher,2021-05-01,
"""
ACTIVITIES = """school,year,date,staff,staff_name,kind,level,title,hours
K1,2024-2025,2024-10-10,T1,Ivanova Anna,open_lesson,school,Fractions,
K1,2024-2025,2024-11-12,T1,Ivanova Anna,publication,international,Article A,
K1,2024-2025,2025-02-01,T1,Ivanova Anna,publication,republican,Article B,
K2,2024-2025,2024-12-01,T4,Nurlanov Erlan,publication,international,Article C,
K2,2024-2025,2025-01-15,T3,Sarsenova Aigerim,shared_practice,district,Group work,
K3,2024-2025,2025-03-03,T5,Bekova Dana,course,,Digital tools,72
K3,2024-2025,2025-04-03,T5,Bekova Dana,course,,Assessment,36
"""


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def teachers(unit, period, by=None):
    return source("teachers").sums(CountQuery(unit, (period,), by=by))


def test_load_categories_keeps_the_history_and_a_second_load_changes_nothing(kz, write):
    path = write(CATEGORIES, "categories.csv")
    assert "6 created, 0 changed, 0 unchanged" in run("load_categories", path)
    assert "0 created, 0 changed, 6 unchanged" in run("load_categories", path)
    anna = Staff.objects.get(code="T1")
    assert (anna.last_name, anna.first_name) == ("Ivanova", "Anna")
    assert list(anna.categories.values_list("category", flat=True)) == ["kz_moderator", "kz_expert"]
    assert Staff.objects.get(code="T2").left_on == datetime.date(2024, 3, 1)


def test_load_categories_lists_every_bad_row_and_saves_nothing(kz, write, world):
    bad = CATEGORIES + (
        "K1,T6,Orazova Gulnar,pedagog_guru,2021-01-01,\n"  # line 8
        "A,T9,Asanov Bek,pedagog_expert,2021-01-01,\n"  # line 9: a Kyrgyz school has no KZ categories
        "K1,T1,Ivanova Anna,pedagog_master,2024-05-20,\n"  # line 10: the same date as line 3
        "K1,T7,Ким Ольга,pedagog_expert,20.13.2021,\n"  # line 11
    )
    with pytest.raises(CommandError) as refused:
        run("load_categories", write(bad, "bad.csv"))
    text = str(refused.value)
    assert "Errors: 4" in text
    for line, reason in [(8, "pedagog_guru"), (9, "country"), (10, "line 3"), (11, "20.13.2021")]:
        assert f"Line {line}: " in text and reason in text
    assert not CategoryRecord.objects.exists() and not Staff.objects.filter(code__startswith="T").exists()


def test_categories_of_a_year_count_the_people_on_staff_by_the_category_they_held(kz, write):
    region, taskala, zhanibek, years = kz
    run("load_categories", write(CATEGORIES, "categories.csv"))
    earlier = teachers(region, years["2023-2024"])[None]
    # T2 left before the end of 2023-2024; T4's category came after it; T1 became an expert on 20 May 2024.
    assert earlier["on_staff"] == 4
    assert (earlier["category.kz_expert"], earlier["category.first"], earlier["category.kz_researcher"]) == (1, 1, 1)
    assert (earlier["category.none"], earlier["category.kz_master"], earlier["category.kz_moderator"]) == (1, 0, 0)
    later = teachers(region, years["2024-2025"])[None]
    assert (later["on_staff"], later["category.kz_moderator"], later["category.none"]) == (4, 1, 0)
    by_district = teachers(region, years["2023-2024"], by="district")
    assert by_district[taskala.pk]["on_staff"] == 3 and by_district[zhanibek.pk]["category.kz_researcher"] == 1


def test_an_expired_category_counts_as_none(kz, write):
    region, _taskala, _zhanibek, years = kz
    run("load_categories", write(CATEGORIES, "categories.csv"))
    CategoryRecord.objects.filter(staff__code="T3").update(valid_until=datetime.date(2023, 6, 1))
    assert teachers(region, years["2023-2024"])[None]["category.first"] == 0


def test_load_activities_and_their_counts(kz, write):
    region, taskala, _zhanibek, years = kz
    run("load_categories", write(CATEGORIES, "categories.csv"))
    path = write(ACTIVITIES, "activities.csv")
    assert "7 created, 0 changed, 0 unchanged" in run("load_activities", path)
    assert "0 created, 0 changed, 7 unchanged" in run("load_activities", path)
    counts = teachers(region, years["2024-2025"])[None]
    assert (counts["publication"], counts["publication.international"], counts["publication.persons"]) == (3, 2, 2)
    assert (counts["open_lesson"], counts["shared_practice"], counts["shared_practice.district"]) == (1, 1, 1)
    assert (counts["course"], counts["course.hours"], counts["course.persons"]) == (2, 108, 1)
    assert teachers(region, years["2023-2024"])[None]["publication"] == 0
    assert teachers(region, years["2024-2025"], by="district")[taskala.pk]["publication"] == 3


def test_load_activities_lists_every_bad_row(kz, write):
    bad = ACTIVITIES + (
        "K1,2024-2025,2024-10-10,T1,Ivanova Anna,webinar,school,X,\n"  # line 9
        "K1,2024-2025,2024-10-10,T1,Ivanova Anna,open_lesson,city,Y,\n"  # line 10
        "K1,2024-2025,2023-10-10,T1,Ivanova Anna,open_lesson,school,Z,\n"  # line 11
        "K1,2024-2025,2024-10-10,T1,Ivanova Anna,open_lesson,school,Fractions,\n"  # line 12: line 2 again
        "K3,2024-2025,2025-03-04,T5,Bekova Dana,course,,More,many\n"  # line 13
    )
    with pytest.raises(CommandError) as refused:
        run("load_activities", write(bad, "bad.csv"))
    text = str(refused.value)
    for line, reason in [(9, "webinar"), (10, "city"), (11, "outside"), (12, "line 2"), (13, "many")]:
        assert f"Line {line}: " in text and reason in text
    assert not Activity.objects.exists()


def test_an_awarded_attestation_enters_the_category_history_and_is_counted(kz, write):
    region, _taskala, _zhanibek, years = kz
    run("load_categories", write(CATEGORIES, "categories.csv"))
    erlan = Staff.objects.get(code="T4")
    attestation = Attestation.objects.create(
        staff=erlan, planned_on=datetime.date(2025, 4, 10), category_sought="kz_expert"
    )
    assert teachers(region, years["2024-2025"])[None]["attestation.planned"] == 1
    attestation_settle(
        attestation=attestation, outcome="awarded", order_number="12-к", order_date=datetime.date(2025, 4, 20)
    )
    assert erlan.category_on(datetime.date(2025, 5, 1)).category == "kz_expert"
    counts = teachers(region, years["2024-2025"])[None]
    assert (counts["attestation.awarded"], counts["category.kz_expert"], counts["category.kz_moderator"]) == (1, 2, 0)


JOINING = """school,staff,staff_name,category,awarded_on,joined_on,left_on
K1,T1,Ivanova Anna,pedagog_moderator,2020-05-10,,
K1,T8,Serikova Aruzhan,pedagog_expert,2023-01-10,2024-01-15,
K1,T9,Omarov Daulet,pedagog_master,2022-02-01,2024-09-02,
K2,T10,Utegenova Saule,pedagog_moderator,2021-03-01,2023-09-01,2024-05-25
"""


def test_categories_count_a_person_only_from_the_day_they_joined_the_staff(kz, write):
    region, _taskala, _zhanibek, years = kz
    path = write(JOINING, "joining.csv")
    assert "4 created, 0 changed, 0 unchanged" in run("load_categories", path)
    assert "0 created, 0 changed, 4 unchanged" in run("load_categories", path)
    # 2023-2024 ends on 31 May 2024: T1 (no joining day), T8 (joined 15 January 2024); T9 joins in September 2024;
    # T10 left on 25 May 2024, before the year's end.
    earlier = teachers(region, years["2023-2024"])[None]
    assert (earlier["on_staff"], earlier["category.kz_moderator"], earlier["category.kz_expert"]) == (2, 1, 1)
    assert earlier["category.kz_master"] == 0
    later = teachers(region, years["2024-2025"])[None]  # T1, T8 and T9 (T10 gone)
    assert (later["on_staff"], later["category.kz_master"], later["category.kz_moderator"]) == (3, 1, 1)
    assert source("achievements").sums(CountQuery(region, (years["2023-2024"],)))[None]["teachers"] == 2
    table = json.loads(run("table", "--kind", "categories", "--unit", "WKO", "--years", "2023-2024,2024-2025"))
    assert [(row["pedagog_master"], row["denominator"]) for row in table["rows"]] == [(0, 2), (1, 3)]


def test_a_person_cannot_leave_before_joining(kz, write):
    bad = JOINING + "K3,T11,Ким Ольга,pedagog_expert,2021-01-01,2024-09-01,2024-06-01\n"  # line 6
    bad += "K1,T8,Serikova Aruzhan,pedagog_master,2024-05-01,2024-02-01,\n"  # line 7: another joining day than 3
    with pytest.raises(CommandError) as refused:
        run("load_categories", write(bad, "bad.csv"))
    text = str(refused.value)
    assert "Line 6: " in text and "Line 7: " in text and "line 3" in text
    assert not Staff.objects.filter(code__startswith="T").exists()
