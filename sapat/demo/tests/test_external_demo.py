"""The demo's external results in a Kazakh school: ЕНТ/ҰБТ of grade 11 with its components, МОДО of grade 9,
both years, following the journal marks (sapat.demo.external); the Kyrgyz side is in test_demo_data.py."""

from decimal import Decimal

import pytest

from sapat.analysis.external import external_by_subject, external_objectivity
from sapat.assessment.models import ExternalResult, ExternalTest
from sapat.demo.external import YEARS, generate_external
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

pytestmark = pytest.mark.django_db

SUBJECTS = ("algebra", "biology", "history_kz", "kazakh_language")


def test_a_kazakh_school_gets_ent_and_modo_results_of_two_years():
    school = f.SchoolFactory(code="KZ1", country="KZ", languages="kk", parent__country="KZ",
                             parent__parent__country="KZ")  # fmt: skip
    subjects = [f.SubjectFactory(code=code, name_ru=code) for code in SUBJECTS]
    for code in YEARS:
        year = f.AcademicYearFactory(country="KZ", code=code)
        period = add_periods(year)["year"]
        for grade in (9, 11):
            school_class = f.SchoolClassFactory(school=school, year=year, grade=grade, letter="а")
            marks = {}
            for i in range(6):
                student = f.EnrolmentFactory(school_class=school_class, student__school=school,
                                             student__code=f"{code}-{grade}-{i}").student  # fmt: skip
                for subject in subjects:
                    marks[(student, subject)] = "5432"[i % 4]
            put_marks(school_class, period, marks)
    assert generate_external([school], seed=1) == 2 * (6 + 6 * 2)  # per year: 6 ЕНТ, 6 × 2 МОДО
    assert generate_external([school], seed=1) == 0  # once only
    ent = ExternalTest.objects.filter(kind="ent").first()
    assert (ent.max_score, ent.threshold) == (140, 50)
    for result in ExternalResult.objects.filter(test__kind="ent"):
        assert sum(Decimal(str(v)) for v in result.component_scores.values()) == result.score
    year = ent.year.__class__.objects.get(country="KZ", code=YEARS[-1])
    rows = external_by_subject(school, year)
    assert {(r.kind, r.subject_id is None) for r in rows} == {("ent", True), ("ent", False), ("modo", False)}
    assert all(r.previous_participants for r in rows)
    compared = external_objectivity(school, year)
    assert compared and all(r.compared == r.results for r in compared)
