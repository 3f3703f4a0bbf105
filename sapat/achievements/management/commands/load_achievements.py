from django.utils.translation import gettext as _

from sapat.achievements.loaders import load_achievements
from sapat.assessment.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load participations in events: school,year,date,person_kind,person,person_name,event,event_kind,subject,"
        "level,result (all or nothing)."
    )

    load = staticmethod(load_achievements)

    def summary(self, report) -> list[str]:
        return [
            _(
                "Participations: %(created)s created, %(changed)s changed, %(unchanged)s unchanged; "
                "new events: %(events)s."
            )
            % {
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "events": report.events,
            },
        ]
