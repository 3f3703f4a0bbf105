from django.utils.translation import gettext as _

from sapat.assessment.control_loaders import load_external
from sapat.assessment.management.loader_command import LoaderCommand


class Command(LoaderCommand):
    help = (
        "Load external test results, ОРТ/ЖРТ, ЕНТ/ҰБТ, МОДО (all or nothing): "
        "school,year,class,student,student_name,test,kind,date,score,max,threshold. "
        "`test` is the test's code; kind is ort, ent, modo or other; date as 2025-06-20 or 20.06.2025. "
        "A new test is created from the first row naming it; later rows may leave kind, date, max, threshold and "
        "subject empty or must repeat them. Optional column subject (a subject code): the test is a subject test "
        "(an ort subject test, a modo subject); empty for a whole test. Empty max: an ort whole test takes 245, "
        "ent 140 (a subject test must give it). Empty threshold: the one configured for the country, kind and "
        "part on the test's date (sapat/assessment/thresholds.json: ort 110, ort subject tests 60); ent and modo "
        "have none, so give it. Optional columns part:<code> (e.g. part:math) hold component scores; a new "
        "ent test gets the components math_literacy 10/3, reading_literacy 10/3, history_kz 20/5, profile1 50/5, "
        "profile2 50/5 (max/threshold), and when every component is given they must add up to the score."
    )

    load = staticmethod(load_external)

    def summary(self, report) -> list[str]:
        return [
            _(
                "External tests: %(tests)s created. "
                "Results: %(created)s created, %(changed)s changed, %(unchanged)s unchanged."
            )
            % {
                "tests": report.tests_created,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            },
        ]
