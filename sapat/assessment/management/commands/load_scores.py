from django.utils.translation import gettext as _

from sapat.assessment.loaders import load_scores
from sapat.assessment.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load KZ criteria-based scores and derive the marks: "
        "school,year,class,student,student_name,subject,period,kind,score,max (kind fo, sor or soch; all or nothing)."
    )

    load = staticmethod(load_scores)

    def summary(self, report) -> list[str]:
        marks = report.marks
        return [
            _("Scores: %(created)s created, %(changed)s changed, %(removed)s removed, %(unchanged)s unchanged.")
            % {
                "created": report.created,
                "changed": report.changed,
                "removed": report.removed,
                "unchanged": report.unchanged,
            },
            _("Derived marks: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": marks.created, "changed": marks.changed, "unchanged": marks.unchanged},
        ]
