from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.assessment.loaders import load_scores
from sapat.core.csvfiles import RowErrors


class Command(BaseCommand):
    help = (
        "Load KZ criteria-based scores and derive the marks: "
        "school,year,class,student,student_name,subject,period,kind,score,max (kind fo, sor or soch; all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--create-missing", action="store_true", help="Create unknown classes, students, enrolments, subjects."
        )

    def handle(self, *args, file, create_missing, **options):
        try:
            report = load_scores(file, create_missing=create_missing)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _("Scores: %(created)s created, %(changed)s changed, %(removed)s removed, %(unchanged)s unchanged.")
            % {
                "created": report.created,
                "changed": report.changed,
                "removed": report.removed,
                "unchanged": report.unchanged,
            }
        )
        marks = report.marks
        self.stdout.write(
            _("Derived marks: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": marks.created, "changed": marks.changed, "unchanged": marks.unchanged}
        )
