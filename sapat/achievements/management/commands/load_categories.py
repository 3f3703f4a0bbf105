from django.utils.translation import gettext as _

from sapat.achievements.loaders import load_categories
from sapat.core.csvfiles import LoadCommand


class Command(LoadCommand):
    help = (
        "Load teachers' category history: school,staff,staff_name,category,awarded_on[,joined_on,left_on] "
        "(all or nothing)."
    )

    def load(self, path: str):
        return load_categories(path)

    def summary(self, report) -> str:
        return _("Categories: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % vars(report)
