from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.achievements.loaders import load_activities
from sapat.core.csvfiles import RowErrors


class Command(BaseCommand):
    help = (
        "Load teachers' professional activities: school,year,date,staff,staff_name,kind,level,title (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = load_activities(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _("Activities: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged}
        )
