from django.utils.translation import gettext as _

from sapat.assessment.loaders import load_marks
from sapat.assessment.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = "Load period marks: school,year,class,student,student_name,subject,period,mark (all or nothing)."

    load = staticmethod(load_marks)

    def summary(self, report) -> list[str]:
        return [
            _("Marks: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged},
        ]
