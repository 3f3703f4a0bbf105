from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.colleges.loaders import load_groups
from sapat.core.csvfiles import RowErrors


class Command(BaseCommand):
    help = "Load a college's study groups: college,year,group,course,speciality,speciality_name,department."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = load_groups(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _(
                "Groups: %(created)s placed, %(unchanged)s unchanged; "
                "%(departments)s departments and %(specialities)s specialities created."
            )
            % counts
        )
