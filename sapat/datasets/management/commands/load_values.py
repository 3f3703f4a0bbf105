from django.utils.translation import gettext as _

from sapat.core.csvfiles import LoadCommand
from sapat.datasets.loaders import load_values


class Command(LoadCommand):
    help = "Load data set values: dataset,unit,year,period,element,value[,class,student] (all or nothing)."

    def load(self, path: str):
        return load_values(path)

    def summary(self, report) -> str:
        text = _("Values: %(created)s created, %(changed)s changed, %(removed)s removed, %(unchanged)s unchanged.")
        if report.flagged:
            return text % vars(report) + "\n" + _("Flagged for follow-up by soft rules: %(n)s.") % {"n": report.flagged}
        return text % vars(report)
