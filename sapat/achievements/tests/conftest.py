"""The achievements' fixtures: a file of participations in the world's schools, and a Kazakh region shaped like
seed 004's, small: two districts, three schools, two years."""

import pytest

from sapat.structure.models import Country, Staff
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

from .story import HEADER


@pytest.fixture
def kz(db):
    """Region WKO: district TAS (schools K1, K2) and district ZHA (school K3), years 2023-2024 and 2024-2025."""
    region = f.RegionFactory(
        code="WKO", country=Country.KAZAKHSTAN, name_en="West Kazakhstan", name_kk="Батыс Қазақстан облысы"
    )
    taskala = f.DistrictFactory(
        code="TAS", parent=region, name_en="Taskala", name_kk="Тасқала ауданы", name_ru="Таскалинский район"
    )
    zhanibek = f.DistrictFactory(
        code="ZHA", parent=region, name_en="Zhanibek", name_kk="Жәнібек ауданы", name_ru="Жанибекский район"
    )
    for code, district in (("K1", taskala), ("K2", taskala), ("K3", zhanibek)):
        f.SchoolFactory(code=code, parent=district)
    years = {}
    for code in ("2023-2024", "2024-2025"):
        years[code] = add_periods(f.AcademicYearFactory(country=Country.KAZAKHSTAN, code=code))["year"]
    return region, taskala, zhanibek, years


@pytest.fixture
def write(tmp_path):
    """`write(text, name)`: the text as a UTF-8 file in the test's folder, and its path."""

    def _write(text: str, name: str = "file.csv") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def csv_file(tmp_path, world):
    Staff.objects.filter(pk=world.timur_staff.pk).update(code="T1")
    Staff.objects.filter(pk=world.bakyt_staff.pk).update(code="B1")

    def write(rows: str, name: str = "achievements.csv") -> str:
        codes = {"aibek": world.aibek.code, "bolot": world.bolot.code, "camila": world.camila.code}
        path = tmp_path / name
        path.write_text(HEADER + rows.format(**codes), encoding="utf-8")
        return str(path)

    return write
