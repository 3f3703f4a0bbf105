"""`sapat import` and `sapat export`: the same checks and messages as the pages, exit status on refusal."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.assessment.models import PeriodMark
from sapat.transfer.models import ImportRecord

GOOD = "Class;Period;Student code;Mathematics\r\n8а;q1;{aibek};5\r\n"


def write(tmp_path, text: str, name="marks.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args) -> str:
    out = StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_import_prints_counts_and_records_the_import(world, periods, tmp_path):
    output = run("marks", write(tmp_path, GOOD.format(aibek=world.aibek.code)), "--unit", "A")
    assert "period marks: 1 created, 0 changed, 0 left alone" in output
    assert f"Import #{ImportRecord.objects.get().pk} applied." in output
    assert PeriodMark.objects.count() == 1


def test_a_dry_run_saves_nothing(world, periods, tmp_path):
    output = run("marks", write(tmp_path, GOOD.format(aibek=world.aibek.code)), "--dry-run", "--user", "aigul")
    assert "Dry run: nothing was saved." in output
    assert PeriodMark.objects.count() == 0
    assert ImportRecord.objects.get().unit == world.school_a  # the one unit Aigul manages


def test_a_refused_file_exits_non_zero_with_every_error(world, periods, tmp_path):
    text = GOOD.format(aibek=world.aibek.code) + f"8в;q1;x;5\r\n8а;q1;{world.aibek.code};9\r\n"
    with pytest.raises(CommandError) as refused:
        run("marks", write(tmp_path, text), "--unit", "A")
    assert str(refused.value).splitlines() == [
        "The file was refused, nothing was saved. Errors: 2",
        "row 3, column A (Class): No class 8в in 2024-2025.",
        "row 4, column D (Mathematics): “9” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt).",
    ]
    assert PeriodMark.objects.count() == 0


def test_a_hostile_file_is_refused_the_same_way(world, periods, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(CommandError, match="protected by a password"):
        run("marks", str(path))


def test_a_user_imports_only_into_units_they_may_change(world, periods, tmp_path):
    path = write(tmp_path, GOOD.format(aibek=world.aibek.code))
    with pytest.raises(CommandError, match="Timur may not import into School A"):
        run("marks", path, "--user", "timur", "--unit", "A")
    with pytest.raises(CommandError, match="Aigul may not import into School B"):
        run("marks", path, "--user", "aigul", "--unit", "B")


def test_export_writes_a_kind_and_neutralises_formulas(world, marked, tmp_path):
    world.aibek.first_name = "@SUM(A1)"
    world.aibek.save()
    out = StringIO()
    call_command("export", "classes", "A", "--out", str(tmp_path), "--format", "csv", stdout=out)
    text = (tmp_path / "05-classes.csv").read_text(encoding="utf-8-sig")
    assert out.getvalue().strip().endswith("05-classes.csv")
    assert ";'@SUM(A1);" in text


def test_export_of_an_unknown_unit_fails(world, tmp_path):
    with pytest.raises(CommandError, match="No unit with the code NOPE"):
        call_command("export", "school", "NOPE", "--out", str(tmp_path), stdout=StringIO())
