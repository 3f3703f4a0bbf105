from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.core.csvfiles import RowErrors
from sapat.datasets.loaders import load_values


class Command(BaseCommand):
    help = "Load data set values: dataset,unit,year,period,element,value[,class,student] (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = load_values(file)
        except RowErrors as errors:
            raise errors.as_command_error() from None
        self.stdout.write(
            _("Values: %(created)s created, %(changed)s changed, %(removed)s removed, %(unchanged)s unchanged.")
            % vars(report)
        )
        if report.flagged:
            self.stdout.write(_("Flagged for follow-up by soft rules: %(n)s.") % {"n": report.flagged})
