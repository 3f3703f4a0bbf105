"""The grading schemes in force in Kyrgyzstan and Kazakhstan, as data (GLOSSARY.md, "Kazakhstan:
criteria-based assessment" and "Kyrgyzstan"); scheme_for() picks the latest one in force for a grade.

- KG, grades 1–11 from 2000: five-point marks.
- KG, the new 12-year standard from 2025-09-01: no marks in grades 1–3; points in grades 4–6 (kept as the
  five_point kind: the teacher gives the mark); grades 7–12 stay five_point for now, because the
  criteria rules (weights and thresholds) for KG grades 7–12 are not yet published. When they are, add a
  criteria scheme with its own effective date instead of editing this one.
- KZ, grade 1 from 2016: no marks (feedback only).
- KZ, grades 2–11: criteria-based assessment; from 2016 the quarter percent was 50 % СОр + 50 % СОч
  without ФО, from 2020-09-01 it is 25 % ФО + 25 % СОр + 50 % СОч.

Administrators may change or add schemes in the admin later; reversing this migration removes only the
rows it created (by code).
"""

import datetime
from decimal import Decimal

from django.db import migrations

THRESHOLDS = [[85, 5], [65, 4], [40, 3], [0, 2]]
CURRENT = {"weight_fo": Decimal("0.25"), "weight_sor": Decimal("0.25"), "weight_soch": Decimal("0.50")}
BEFORE_2020 = {"weight_fo": Decimal("0"), "weight_sor": Decimal("0.50"), "weight_soch": Decimal("0.50")}

SCHEMES = [
    # code, country, kind, grades, effective from, weights
    ("kg-five-point-2000", "KG", "five_point", (1, 11), datetime.date(2000, 9, 1), CURRENT),
    ("kg-12y-no-marks-2025", "KG", "no_marks", (1, 3), datetime.date(2025, 9, 1), CURRENT),
    ("kg-12y-points-2025", "KG", "five_point", (4, 6), datetime.date(2025, 9, 1), CURRENT),
    ("kg-12y-senior-2025", "KG", "five_point", (7, 12), datetime.date(2025, 9, 1), CURRENT),
    ("kz-no-marks-2016", "KZ", "no_marks", (1, 1), datetime.date(2016, 9, 1), CURRENT),
    ("kz-criteria-2016", "KZ", "criteria", (2, 11), datetime.date(2016, 9, 1), BEFORE_2020),
    ("kz-criteria-2020", "KZ", "criteria", (2, 11), datetime.date(2020, 9, 1), CURRENT),
]


def create_schemes(apps, schema_editor):
    GradingScheme = apps.get_model("assessment", "GradingScheme")
    for code, country, kind, (grade_from, grade_to), effective_from, weights in SCHEMES:
        GradingScheme.objects.get_or_create(
            code=code,
            defaults={
                "country": country,
                "kind": kind,
                "grade_from": grade_from,
                "grade_to": grade_to,
                "effective_from": effective_from,
                "thresholds": THRESHOLDS,
                **weights,
            },
        )


def remove_schemes(apps, schema_editor):
    GradingScheme = apps.get_model("assessment", "GradingScheme")
    GradingScheme.objects.filter(code__in=[scheme[0] for scheme in SCHEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_schemes, remove_schemes),
    ]
