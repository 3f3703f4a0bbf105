from django.utils.translation import gettext as _

from sapat.assessment.control_loaders import load_control
from sapat.assessment.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load administrative control work results (all or nothing): "
        "school,year,class,student,student_name,subject,work,date,score,max,mark. "
        "`work` is the work's code (e.g. h1); date as 2024-12-20 or 20.12.2024; `mark` (5, 4, 3 or 2) may be "
        "empty when score and max are given: it is then derived from the percent of the maximum. Optional "
        "columns task:<number>:<maximum> (e.g. task:1:4) hold the points of each task. Works missing from the "
        "database are created; loading the same file again changes nothing."
    )

    load = staticmethod(load_control)

    def summary(self, report) -> list[str]:
        return [
            _(
                "Control works: %(works)s created. "
                "Results: %(created)s created, %(changed)s changed, %(unchanged)s unchanged."
            )
            % {
                "works": report.works_created,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            },
        ]
