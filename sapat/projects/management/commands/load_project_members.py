from django.utils.translation import gettext as _

from sapat.core.csvfiles import LoadCommand
from sapat.projects.loaders import load_members


class Command(LoadCommand):
    help = (
        "Load a project's member schools: project,school,joined_on[,left_on,reason,tutor] (all or nothing; the tutor "
        "school's attachment lasts as long as the membership)."
    )

    def load(self, path: str):
        return load_members(path)

    def summary(self, report) -> str:
        return _("Member schools: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % vars(report)
