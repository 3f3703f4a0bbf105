from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.core.csvfiles import RowErrors
from sapat.projects.loaders import load_members


class Command(BaseCommand):
    help = (
        "Load a project's member schools: project,school,joined_on[,left_on,reason,tutor] (all or nothing; the tutor "
        "school's attachment lasts as long as the membership)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = load_members(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _("Member schools: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged}
        )
