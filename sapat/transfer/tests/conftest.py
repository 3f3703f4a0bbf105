"""Fixtures of the import tests: English messages, the usual periods, marks in the world, file helpers."""

import datetime
from decimal import Decimal

import pytest

from sapat.testing.marks import add_periods, put_marks
from sapat.transfer.kinds import KINDS, ExportContext
from sapat.transfer.resolving import Context
from sapat.transfer.services import run_import
from sapat.transfer.templates import export_csv, export_xlsx


@pytest.fixture(autouse=True)
def in_english(english):
    """The tests of this app read the messages in English."""


@pytest.fixture
def marked(world, periods):
    """Marks of A's 8а and 8б and B's 8а in the first quarter (mathematics)."""
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, periods["q1"], {(world.bolot, world.math): "4"})
    put_marks(world.b8a, periods["q1"], {(world.camila, world.math): "na"})
    return periods


def export(kind: str, unit, *, user=None, year=None, with_data=True, form="xlsx", period=None) -> bytes:
    ectx = ExportContext(user=user, unit=unit, year=year, with_data=with_data, period=period)
    if form == "xlsx":
        return export_xlsx(KINDS[kind], ectx)
    return export_csv(KINDS[kind], ectx)


def load(kind: str, content: bytes, *, unit=None, user=None, commit=True, year=None):
    return run_import(kind, content, Context(user=user, unit=unit, year=year, note="test"), commit=commit)


@pytest.fixture
def rich(world, marked):
    """The world with data of every kind at school A (KG) and at a Kazakh school K under the same world:

    A: Timur first category since 2021-05-20; B: Bakyt without one; marks of A's 8а in q1, q2 and the year
    (с н/а and осв.); a control work h1 of A's 8а in mathematics with two tasks; ОРТ 2025 for Aibek and Bolot.
    K (KZ, 5а, criteria): ФО/СОр/СОч scores of Aru and Berik in q1 mathematics (the marks are derived).
    """
    from sapat.assessment.control import ControlEntry, control_results_save
    from sapat.assessment.external import ExternalEntry, external_results_save
    from sapat.assessment.scores import ScoreEntry, scores_save
    from sapat.structure import services
    from sapat.testing import factories as f

    services.category_award(staff=world.timur_staff, category="first", awarded_on=datetime.date(2021, 5, 20),
                            order_reference="№ 12-к")  # fmt: skip
    physics = f.SubjectFactory(code="physics", name_ru="Физика", name_en="Physics", name_ky="Физика")
    f.TeachingAssignmentFactory(teacher=world.timur_staff, school_class=world.a8a, subject=physics)
    extra = f.EnrolmentFactory(school_class=world.a8a, student__code="A-002", student__last_name="Beketov",
                               student__first_name="Nurlan").student  # fmt: skip
    put_marks(world.a8a, marked["q1"], {(extra, world.math): "ex", (world.aibek, physics): "4", (extra, physics): "3"})
    put_marks(world.a8a, marked["q2"], {(world.aibek, world.math): "4", (extra, world.math): "na"})
    put_marks(world.a8a, marked["year"], {(world.aibek, world.math): "4"})
    control_results_save(entries=[
        ControlEntry(world.aibek, world.a8a, world.math, "h1", datetime.date(2024, 12, 20), Decimal("17.5"),
                     Decimal(20), "", {1: Decimal(10), 2: Decimal("7.5")}, {1: Decimal(10), 2: Decimal(10)}),
        ControlEntry(extra, world.a8a, world.math, "h1", datetime.date(2024, 12, 20), Decimal(9), Decimal(20), "3"),
    ])  # fmt: skip
    external_results_save(entries=[
        ExternalEntry(world.aibek, world.year, "ORT-2025", Decimal(150), datetime.date(2025, 5, 20), "ort"),
        ExternalEntry(world.bolot, world.year, "ORT-2025", Decimal("110.5"), datetime.date(2025, 5, 20), "ort"),
    ])  # fmt: skip
    kz = _kz_school(world)
    q1 = kz["periods"]["q1"]
    scores_save(entries=[
        ScoreEntry(kz["aru"], kz["class"], world.math, q1, "fo", Decimal(8), Decimal(10)),
        ScoreEntry(kz["aru"], kz["class"], world.math, q1, "fo", Decimal(9), Decimal(10)),
        ScoreEntry(kz["aru"], kz["class"], world.math, q1, "sor", Decimal(15), Decimal(20)),
        ScoreEntry(kz["aru"], kz["class"], world.math, q1, "soch", Decimal(22), Decimal(25)),
        ScoreEntry(kz["berik"], kz["class"], world.math, q1, "sor", Decimal("7.5"), Decimal(20)),
    ])  # fmt: skip
    return {"physics": physics, "extra": extra, "kz": kz}


def _kz_school(world) -> dict:
    from sapat.testing import factories as f

    region = f.RegionFactory(code="KZ-AST", country="KZ", name_en="Astana", name_kk="Астана")
    district = f.DistrictFactory(code="KZ-AST-1", parent=region, name_en="Almaty district")
    school = f.SchoolFactory(code="K", parent=district, name_en="School K", name_kk="К мектебі")
    year = f.AcademicYearFactory(country="KZ", code="2024-2025")
    periods = add_periods(year)
    school_class = f.SchoolClassFactory(school=school, year=year, grade=5, letter="а")
    aru = f.EnrolmentFactory(school_class=school_class, student__code="K-1", student__last_name="Aru").student
    berik = f.EnrolmentFactory(school_class=school_class, student__code="K-2", student__last_name="Berik").student
    return {"region": region, "school": school, "year": year, "periods": periods, "class": school_class,
            "aru": aru, "berik": berik}  # fmt: skip
