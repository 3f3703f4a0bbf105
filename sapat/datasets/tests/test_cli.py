"""The machine-readable face of data sets and formula indicators (docs/cli.md): load-dataset, load-values,
values --json, define-indicator, indicators --indicator, rating --indicator and approval."""

import json

import pytest
from django.core.management import CommandError, call_command

from sapat.datasets.models import DataSet, DataValue, Submission
from sapat.testing import datasets as ds
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    def write(name: str, content) -> str:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def health(world, periods, files):
    for klass, size in ((world.a8a, 25), (world.b8a, 15)):
        for _n in range(size - 1):
            f.EnrolmentFactory(school_class=klass)
    run("load_dataset", files("health.json", ds.health()))
    return DataSet.objects.get(code="health")


VALUES = """dataset,unit,year,period,element,value,class,student
health,A,2024-2025,year,g1,20,8а,
health,A,2024-2025,year,g2,4,8а,
health,B,2024-2025,year,g1,12,8а,
health,B,2024-2025,year,g2,3,8а,
"""


def test_load_dataset_is_idempotent(world, periods, files, health):
    again = run("load_dataset", files("again.json", ds.health()))
    assert "health" in again
    assert DataSet.objects.count() == 1 and health.elements.count() == 4 and health.rules.count() == 2


def test_load_dataset_refuses_a_bad_description_naming_every_problem(world, files):
    bad = ds.health(level="county", elements=[{"code": "g1", "type": "float", "names": {}}])
    with pytest.raises(CommandError) as refused:
        run("load_dataset", files("bad.json", bad))
    text = str(refused.value)
    assert "level" in text and "type" in text and "names" in text
    assert not DataSet.objects.exists()


def test_load_values_saves_all_and_a_second_load_changes_nothing(world, periods, files, health):
    path = files("values.csv", VALUES)
    assert "4 created" in run("load_values", path)
    assert "4 unchanged" in run("load_values", path)


def test_load_values_lists_every_bad_row_and_saves_nothing(world, periods, files, health):
    bad = (
        VALUES + "health,A,2024-2025,year,g1,-3,8а,\nhealth,A,2024-2025,q1,g1,2,8а,\nhealth,Z,2024-2025,year,g1,2,8а,\n"
    )
    with pytest.raises(CommandError) as refused:
        run("load_values", files("bad.csv", bad))
    text = str(refused.value)
    assert "Line 6" in text and "Line 7" in text and "Line 8" in text
    assert not DataValue.objects.exists()


def main_group_figures(*by: str) -> list:
    """`sapat indicators` of the variative indicator main_group_pct in Alamedin, 2024-2025, as JSON."""
    args = ("--unit", "ALA", "--year", "2024-2025", "--period", "year", "--indicator", "main_group_pct")
    return json.loads(run("indicators", *args, *by, "--json"))


def approve(action: str, user: str) -> str:
    """`sapat approval` of school A's health data of the year 2024-2025."""
    args = ("--dataset", "health", "--unit", "A", "--year", "2024-2025", "--period", "year")
    return run("approval", *args, "--action", action, "--user", user)


def test_load_values_is_refused_for_approved_data(world, periods, files, health):
    run("load_values", files("values.csv", VALUES))
    approve("submit", "zarina")
    approve("approve", "dana")
    with pytest.raises(CommandError) as refused:
        run("load_values", files("change.csv", VALUES.replace(",20,", ",19,")))
    assert "approved" in str(refused.value)


def test_values_json_sums_by_school_with_reported_expected_and_state(world, periods, files, health):
    run("load_values", files("values.csv", VALUES))
    rows = json.loads(
        run(
            "values",
            "--dataset",
            "health",
            "--unit",
            "ALA",
            "--year",
            "2024-2025",
            "--period",
            "year",
            "--by",
            "school",
            "--json",
        )
    )
    assert [row["unit"] for row in rows] == ["A", "B"]
    a = rows[0]
    assert (a["g1"], a["g2"], a["g3"], a["reported"], a["expected"], a["state"]) == (20, 4, 0, 1, 2, "draft")
    total = json.loads(
        run("values", "--dataset", "health", "--unit", "ALA", "--year", "2024-2025", "--period", "year", "--json")
    )[0]
    assert (total["unit"], total["g1"], total["g2"], total["expected"]) == ("ALA", 32, 7, 3)


def test_values_json_counts_options(world, periods, files):
    run("load_dataset", files("upbringing.json", ds.upbringing()))
    extra = f.EnrolmentFactory(school_class=world.a8a).student
    csv = "dataset,unit,year,period,element,value,class,student\n"
    csv += f"upbringing,A,2024-2025,year,level,high,8а,{world.aibek.code}\n"
    csv += f"upbringing,A,2024-2025,year,level,low,8а,{extra.code}\n"
    run("load_values", files("values.csv", csv))
    row = json.loads(
        run("values", "--dataset", "upbringing", "--unit", "A", "--year", "2024-2025", "--period", "year", "--json")
    )[0]
    assert row["level"] == {"high": 1, "medium": 0, "low": 1}
    assert (row["reported"], row["expected"]) == (2, 3)  # 8а: Aibek and one more; 8б: Bolot


def test_marks_beside_a_yearly_data_set_give_a_value_for_the_year_only(world, periods, files, health):
    definition = {
        "code": "mixed",
        "names": ds.names("mixed"),
        "numerator": "health.g1",
        "factor": 1,
        "denominator": "marks.students + health.g2",
        "unit": "NORTH",
        "measure": "ratio",
    }
    run("define_indicator", files("indicator.json", definition))
    run("load_values", files("values.csv", VALUES))
    for period, value in (("year", 32 / 7), ("q1", None)):
        row = json.loads(
            run(
                "indicators",
                "--unit",
                "ALA",
                "--year",
                "2024-2025",
                "--period",
                period,
                "--indicator",
                "mixed",
                "--json",
            )
        )[0]
        assert row["value"] == (pytest.approx(value) if value else None)


def test_define_indicator_then_indicators_and_rating_use_it(world, periods, files, health):
    run("load_values", files("values.csv", VALUES))
    definition = {
        "code": "main_group_pct",
        "names": ds.names("main group"),
        "numerator": "health.g1",
        "denominator": "health.g1 + health.g2 + health.g3",
        "factor": 100,
        "unit": "NORTH",
        "precision": 1,
    }
    assert "main_group_pct" in run("define_indicator", files("indicator.json", definition))
    rows = main_group_figures("--by", "school")
    by_school = {row["key"]: row for row in rows}
    assert by_school["A"]["value"] == pytest.approx(2000 / 24)
    assert (by_school["B"]["health.g1"], by_school["B"]["health.g2"]) == (12, 3)
    whole = main_group_figures()[0]
    assert whole["value"] == pytest.approx(3200 / 39)
    rating = json.loads(
        run(
            "rating",
            "--level",
            "school",
            "--unit",
            "ALA",
            "--year",
            "2024-2025",
            "--period",
            "year",
            "--indicator",
            "main_group_pct",
            "--json",
        )
    )
    assert [row["unit"] for row in rating] == ["A", "B"]
    assert rating[0]["value"] == pytest.approx(2000 / 24)


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"numerator": "health.g1 * health.g2"}, "multiplied"),
        ({"numerator": "health.nothing"}, "Unknown count"),
        ({"denominator": "health.g1 / health.g2"}, "divide by a count"),
        ({"numerator": "attendance.days + health.g1"}, "different kinds of period"),
        ({"factor": 7}, "multiplied by 100"),
        ({"code": "quality_pct"}, "already used"),
    ],
)
def test_define_indicator_refuses_a_formula_that_does_not_fit(world, periods, files, health, change, word):
    quarterly = ds.equipment(
        code="attendance",
        period_kind="quarter",
        rules=[],
        elements=[{"code": "days", "names": ds.names("days"), "type": "integer"}],
    )
    run("load_dataset", files("attendance.json", quarterly))
    definition = {
        "code": "x",
        "names": ds.names("x"),
        "numerator": "health.g1",
        "denominator": "health.g2",
        "factor": 100,
        "unit": "NORTH",
        "measure": "percent",
        **change,
    }
    with pytest.raises(CommandError) as refused:
        run("define_indicator", files("indicator.json", definition))
    assert word in str(refused.value)


def test_approval_refuses_a_login_that_may_not(world, periods, files, health):
    with pytest.raises(CommandError) as refused:
        approve("submit", "timur")
    assert "may not" in str(refused.value)
    assert not Submission.objects.exclude(state="draft").exists()


def test_the_import_machinery_takes_values_previewed_then_applied_and_refuses_another_school(world, periods, health):
    from sapat.transfer.models import ImportRecord
    from sapat.transfer.services import import_apply, import_preview

    content = VALUES.encode()
    preview = import_preview(user=world.zarina, unit=world.school_a, kind="values", file_name="v.csv", content=content)
    assert preview.status == ImportRecord.Status.REFUSED  # the B rows lie outside school A
    assert not DataValue.objects.exists()
    own = "\n".join(line for line in VALUES.splitlines() if ",B," not in line).encode()
    preview = import_preview(user=world.zarina, unit=world.school_a, kind="values", file_name="v.csv", content=own)
    assert preview.status == ImportRecord.Status.PREVIEWED and not DataValue.objects.exists()
    import_apply(record=preview, user=world.zarina)
    assert DataValue.objects.filter(unit=world.school_a).count() == 2


def test_the_template_lists_every_expected_cell(world, periods, health):
    from sapat.transfer.kinds import KINDS, ExportContext

    sheet = KINDS["values"].export(ExportContext(user=world.zarina, unit=world.school_a, with_data=False))[0]
    rows = [row for row in sheet.rows if row[0] == "health"]
    assert len(rows) == 2 * 4  # two classes of school A × four elements
    assert {row[6] for row in rows} == {"8а", "8б"} and all(row[5] == "" for row in rows)
