"""One parser per kind of value (sapat.core.values), and one verdict per text on every path a mark comes in by:
the journal's cell (POST), an XLSX import, a CSV import and `sapat load-marks`."""

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from sapat.assessment.models import PeriodMark
from sapat.core import values
from sapat.transfer.resolving import Context
from sapat.transfer.services import run_import

REFUSED = "refused"
# text typed in a cell → the stored mark ("" no mark: the journal clears, an import leaves the cell alone)
MARK_CELLS = [
    ("5", "5"), ("2", "2"), (" 5 ", "5"), ("\u00a04\u00a0", "4"), ("н/а", "na"), ("Н/А", "na"), ("н / а", "na"),
    ("na", "na"), ("N/A", "na"), ("не аттестован", "na"), ("осв.", "ex"), ("ОСВ", "ex"), ("ex", "ex"),
    ("освобождена", "ex"), ("exempt", "ex"), ("", ""), ("-", ""), ("—", ""),
    ("-3", REFUSED), ("4-", REFUSED), ("(2)", REFUSED), ("5!", REFUSED), ("+5", REFUSED), ("5+", REFUSED),
    ("٥", REFUSED), ("²", REFUSED), ("５", REFUSED), ("𝟓", REFUSED), ("V", REFUSED), ("5.0", REFUSED),
    ("5,0", REFUSED), ("05", REFUSED), ("55", REFUSED), ("5 5", REFUSED), ("1", REFUSED), ("6", REFUSED),
    ("7", REFUSED), ("0", REFUSED), ("'5", REFUSED), ("n.a.", REFUSED), ("five", REFUSED), ("9" * 5000, REFUSED),
]  # fmt: skip


@pytest.mark.parametrize(("text", "verdict"), MARK_CELLS)
def test_a_mark_cell_is_exactly_one_of_the_schemes_values(text, verdict):
    if verdict == REFUSED:
        with pytest.raises(values.ValueRefused):
            values.mark(text)
    else:
        assert values.mark(text) == verdict


def test_a_refused_mark_says_why_in_the_users_language_and_briefly():
    with translation.override("ru"), pytest.raises(values.ValueRefused) as refused:
        values.mark("9" * 60)
    assert (
        str(refused.value) == "«99999999999999999999999…» — не отметка: используйте 5, 4, 3, 2, н/а (na) или осв. (ex)."
    )
    with translation.override("en"), pytest.raises(values.ValueRefused) as refused:
        values.mark("(2)")
    assert str(refused.value) == "“(2)” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt)."


# The same verdict on every path ----------------------------------------------------------------------------


def by_journal(client, world, period, text):
    client.force_login(world.timur)
    url = reverse("journal-cell", kwargs={"class_pk": world.a8a.pk, "subject_pk": world.math.pk})
    response = client.post(url, {"student": world.aibek.pk, "period": period.pk, "value": text})
    assert response.status_code in (200, 400)
    return response.json().get("error", "")


def by_xlsx(client, world, period, text):
    book = Workbook()
    book.active.title = "8а q1"
    book.active.append(["Student code", "Mathematics"])
    book.active.append([world.aibek.code, text])
    out = io.BytesIO()
    book.save(out)
    return _imported(out.getvalue(), world)


def by_csv(client, world, period, text):
    rows = [["Class", "Period", "Student code", "Mathematics"], ["8а", "q1", world.aibek.code, text]]
    content = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    return _imported(content.encode("utf-8-sig"), world)


def _imported(content: bytes, world) -> str:
    outcome = run_import("marks", content, Context(user=world.aigul, unit=world.school_a, note="test"), commit=True)
    return "; ".join(f"{problem.row}{problem.column}: {problem.message}" for problem in outcome.problems)


def by_command(client, world, period, text, tmp_path):
    path = tmp_path / "marks.csv"
    line = ",".join(["A", "2024-2025", "8а", world.aibek.code, "", "math", "q1", f'"{text}"'])
    path.write_text("school,year,class,student,student_name,subject,period,mark\n" + line + "\n", encoding="utf-8")
    try:
        call_command("load_marks", str(path), stdout=StringIO())
    except CommandError as error:
        return str(error)
    return ""


PATHS = {"journal": by_journal, "xlsx": by_xlsx, "csv": by_csv, "load-marks": by_command}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("text", "verdict"), [case for case in MARK_CELLS if len(case[0]) < 100])
def test_every_path_gives_a_mark_cell_the_same_verdict(world, periods, client, english, tmp_path, path, text, verdict):
    q1 = periods["q1"]
    PeriodMark.objects.create(student=world.aibek, school_class=world.a8a, subject=world.math, period=q1, value="3",
                              school=world.school_a, year=world.year)  # fmt: skip
    enter = PATHS[path]
    error = enter(client, world, q1, text, tmp_path) if path == "load-marks" else enter(client, world, q1, text)
    stored = PeriodMark.objects.filter(student=world.aibek, subject=world.math, period=q1).first()
    if verdict == REFUSED:
        assert "is not a mark" in error, (path, text, error)
        assert stored.value == "3"  # nothing changed
        where = {"xlsx": "2B:", "csv": "2D:", "load-marks": "Line 2: Column mark:"}.get(path, "")
        assert where in error
    elif verdict == "":
        assert error == ""
        assert (stored is None) if path == "journal" else (stored.value == "3")  # cleared / left alone
    else:
        assert error == ""
        assert stored.value == verdict


# Numbers, ids and dates ------------------------------------------------------------------------------------

NOT_NUMBERS = ["1e400", "1E5", "NaN", "Infinity", "-inf", "٥", "²", "５", "1 000", "1_000", "0x10", "1.2.3", "9" * 16,
               "1.23456", "+", ".5", "5.", "--5", "9" * 5000]  # fmt: skip


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_a_number_is_ascii_digits_with_at_most_one_decimal_separator(text):
    with pytest.raises(values.ValueRefused):
        values.decimal(text, signed=True)


def test_numbers_read_as_people_write_them():
    assert values.decimal(" 17,5 ") == Decimal("17.5")
    assert values.decimal("-2.25", signed=True) == Decimal("-2.25")
    assert values.score("") is None
    assert values.count("12") == 12
    assert values.integer("-3") == -3
    with pytest.raises(values.ValueRefused):
        values.decimal("-2")  # a score cannot be negative
    with pytest.raises(values.ValueRefused):
        values.count("-1")


@pytest.mark.parametrize("text", ["0", "10000", "0.001", "-1", "1e3"])
def test_a_maximum_is_above_zero_below_ten_thousand_with_two_decimals(text):
    with pytest.raises(values.ValueRefused):
        values.maximum(text)
    assert values.maximum("9999.99") == Decimal("9999.99")


@pytest.mark.parametrize("text", ["²", "٥", "-1", "1.0", "", "9" * 19, "9" * 5000, "1e3", None, "0x1"])
def test_an_id_is_ascii_digits_that_fit_a_primary_key(text):
    assert values.identifier(text) is None
    assert values.identifier(" 42 ") == 42 and values.identifier("9" * 18) == int("9" * 18)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2024-12-20", datetime.date(2024, 12, 20)), ("20.12.2024", datetime.date(2024, 12, 20)),
     ("1/9/2024", datetime.date(2024, 9, 1)), ("", None)],
)  # fmt: skip
def test_dates_are_read_in_the_regions_forms(text, day):
    assert values.day(text) == day


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2024-13-01", "0000-01-01", "٢٠٢٤-١٢-٢٠", "20.12.24", "2024-12-20T10:00"]
)
def test_a_date_that_is_no_date_is_refused(text):
    with pytest.raises(values.ValueRefused):
        values.day(text)
