from django.utils.translation import gettext as _

from sapat.core.csvfiles import LoadCommand
from sapat.projects.loaders import load_coordinators


class Command(LoadCommand):
    help = (
        "Load a project's district coordinators: project,district,name[,login] (all or nothing; one coordinator per "
        "project and district, a later file changes the name or the login)."
    )

    def load(self, path: str):
        return load_coordinators(path)

    def summary(self, report) -> str:
        text = _("District coordinators: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
        return text % vars(report)
