import datetime

import pytest

# The world's file of participations, a small Kazakh region, a file writer.
from sapat.achievements.tests.conftest import csv_file, kz, write  # noqa: F401
from sapat.projects.models import Project
from sapat.projects.services import project_join


@pytest.fixture
def project(world):
    found = Project.objects.create(
        code="MONITOR", owner=world.region, name_ru="Мониторинг: Контроль. Анализ. Результат",
        name_kk="Мониторинг: Бақылау. Талдау. Нәтиже", name_en="Monitoring: control, analysis, result",
        order_number="1402", order_date=datetime.date(2024, 11, 28), order_signed_by="Е. Сафуллин",
        starts_on=datetime.date(2024, 9, 1), head="Тажгулова С. М.",
    )  # fmt: skip
    for school in (world.school_a, world.school_b, world.school_c):
        project_join(project=found, school=school, joined_on=datetime.date(2024, 9, 1))
    return found
