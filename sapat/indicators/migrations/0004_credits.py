"""A college's pass/fail credits (зачёт) in the summaries: n_pass and n_fail per subject and pooled per school.

Within one subject the quality of knowledge is counted over the students with five-point marks, so that a
pass/fail discipline has no quality figure (rather than 0 %); for every school subject this is the same as before
(no credits). The invariant row is updated in place for that reason; new indicators (pass_pct, n_pass, n_fail)
come from invariant.json after migrate. `sapat recompute` is not needed: existing marks have no credits.
"""

from django.db import migrations, models

OLD, NEW = "marks.students", "marks.students - marks.n_pass - marks.n_fail"


def fill_school_rows(apps, schema_editor):
    """The school rows as sums of the class rows (what 0002 did before the engine named n_pass and n_fail); a
    database that had them gets the same rows again. A later migration that adds a summary column moves this."""
    from sapat.indicators.engine import rebuild_school_rows

    rebuild_school_rows()


def quality_over_graded(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(owner=None, code="quality_pct", denominator_in_subject=OLD).update(
        denominator_in_subject=NEW
    )


def quality_over_all(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(owner=None, code="quality_pct", denominator_in_subject=NEW).update(
        denominator_in_subject=OLD
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="schoolsubjectsummary",
            name="n_fail",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="schoolsubjectsummary",
            name="n_pass",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="schoolsummary",
            name="n_fail",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="schoolsummary",
            name="n_pass",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="subjectsummary",
            name="n_fail",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="subjectsummary",
            name="n_pass",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_school_rows, migrations.RunPython.noop),
        migrations.RunPython(quality_over_graded, quality_over_all),
    ]
