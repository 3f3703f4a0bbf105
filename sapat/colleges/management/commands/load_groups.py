from django.utils.translation import gettext as _

from sapat.colleges.loaders import load_groups
from sapat.core.csvfiles import LoadCommand


class Command(LoadCommand):
    help = "Load a college's study groups: college,year,group,course,speciality,speciality_name,department."

    def load(self, path: str):
        return load_groups(path)

    def summary(self, counts) -> str:
        return (
            _(
                "Groups: %(created)s placed, %(unchanged)s unchanged; "
                "%(departments)s departments and %(specialities)s specialities created."
            )
            % counts
        )
