"""What a college's grading adds to the one write path of marks (assessment.services): pass/fail credits.

A discipline graded pass/fail (зачёт) in a course and semester takes pass or fail (and н/а, осв.) under a scheme
with `pass_fail`; five-point marks go to the other disciplines. Which discipline is which is the speciality's
curriculum (Discipline); a year mark follows the form the discipline has in the semesters of that course.
"""

from django.utils.translation import gettext as _

from sapat.assessment.models import CREDIT_MARKS, FIVE_POINT_MARKS
from sapat.core.querysets import unscoped

from .models import Discipline


class Forms(dict):
    """{(class id, subject id, period code): the discipline's form or None}, looked up once per batch key."""

    @unscoped("the form of assessment of a discipline: the college's curriculum, reference data of the class")
    def of(self, entry) -> str | None:
        klass, subject, period = entry.school_class, entry.subject, entry.period
        key = (klass.pk, subject.pk, period.code)
        if key not in self:
            found = Discipline.objects.filter(
                speciality__groups__years__school_class=klass, course=klass.grade, subject=subject
            )
            if period.code != "year":
                found = found.filter(semester=period.code)
            self[key] = found.values_list("form", flat=True).first()
        return self[key]


def credit_error(entry, scheme, forms: Forms) -> str | None:
    """Why a pass/fail value, or a five-point mark in a pass/fail discipline, does not fit; None if it fits."""
    is_credit = entry.value in CREDIT_MARKS
    if not is_credit and entry.value not in FIVE_POINT_MARKS:
        return None  # н/а and осв. fit every discipline
    if is_credit and not (scheme and scheme.pass_fail):
        return _("Only the pass/fail disciplines of a college take pass and fail.")
    if entry.school_class.school.school_kind != entry.school_class.school.SchoolKind.COLLEGE:
        return None  # a school has no curriculum of disciplines: a five-point mark fits (no query per save)
    graded_so = forms.of(entry) == Discipline.Form.PASS_FAIL
    where = {"subject": entry.subject.name, "group": entry.school_class.name, "period": entry.period.label}
    if is_credit and not graded_so:
        return _("%(subject)s is not a pass/fail discipline of group %(group)s in the %(period)s: give a mark.") % where
    if graded_so and not is_credit:
        return (
            _("%(subject)s is a pass/fail discipline of group %(group)s in the %(period)s: give pass or fail.") % where
        )
    return None
