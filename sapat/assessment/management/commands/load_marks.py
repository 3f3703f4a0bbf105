from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.assessment.loaders import load_marks
from sapat.core.csvfiles import RowErrors


class Command(BaseCommand):
    help = "Load period marks: school,year,class,student,student_name,subject,period,mark (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--create-missing", action="store_true", help="Create unknown classes, students, enrolments, subjects."
        )

    def handle(self, *args, file, create_missing, **options):
        try:
            report = load_marks(file, create_missing=create_missing)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _("Marks: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged}
        )
