"""Grading schemes for colleges (docs/colleges.md): five-point marks for the semesters and the year of courses
1 to 5, with pass/fail credits (зачёт), in Kyrgyzstan and in Kazakhstan from 2000. A school's schemes keep their
quarters, half-years and year. As configuration: a later rule is a new scheme with its own effective date."""

import datetime

from django.db import migrations, models

COLLEGE_SCHEMES = ("kg-college-2000", "kz-college-2000")


def create_schemes(apps, schema_editor):
    GradingScheme = apps.get_model("assessment", "GradingScheme")
    for code in COLLEGE_SCHEMES:
        GradingScheme.objects.get_or_create(
            code=code,
            defaults={
                "country": code[:2].upper(),
                "kind": "five_point",
                "grade_from": 1,
                "grade_to": 5,
                "effective_from": datetime.date(2000, 9, 1),
                "for_colleges": True,
                "period_kinds": "semester,year",
                "pass_fail": True,
                "thresholds": [[85, 5], [65, 4], [40, 3], [0, 2]],
            },
        )


def remove_schemes(apps, schema_editor):
    apps.get_model("assessment", "GradingScheme").objects.filter(code__in=COLLEGE_SCHEMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_lean_mark_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="gradingscheme",
            name="for_colleges",
            field=models.BooleanField(
                default=False,
                help_text="A college's scheme: its grades are the courses of its groups.",
                verbose_name="for colleges",
            ),
        ),
        migrations.AddField(
            model_name="gradingscheme",
            name="pass_fail",
            field=models.BooleanField(
                default=False,
                help_text="Disciplines graded pass/fail take the values pass and fail.",
                verbose_name="pass/fail credits",
            ),
        ),
        migrations.AddField(
            model_name="gradingscheme",
            name="period_kinds",
            field=models.CharField(
                default="quarter,half,year",
                help_text="Kinds of period separated by commas: quarter, half, semester, year.",
                max_length=64,
                verbose_name="periods with marks",
            ),
        ),
        migrations.AlterField(
            model_name="periodmark",
            name="value",
            field=models.CharField(
                choices=[
                    ("5", "5"),
                    ("4", "4"),
                    ("3", "3"),
                    ("2", "2"),
                    ("na", "not assessed (н/а)"),
                    ("ex", "exempt (осв.)"),
                    ("p", "pass (зачёт)"),
                    ("f", "fail (незачёт)"),
                ],
                max_length=2,
                verbose_name="mark",
            ),
        ),
        migrations.RunPython(create_schemes, remove_schemes),
    ]
