from django.utils.translation import gettext as _

from sapat.achievements.loaders import load_activities
from sapat.core.csvfiles import LoadCommand


class Command(LoadCommand):
    help = (
        "Load teachers' professional activities: school,year,date,staff,staff_name,kind,level,title (all or nothing)."
    )

    def load(self, path: str):
        return load_activities(path)

    def summary(self, report) -> str:
        return _("Activities: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % vars(report)
