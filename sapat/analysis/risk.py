"""Students at risk in a school or class for a period, each with the class teacher who is to act.

A student is at risk when, in some subject, their mark for the period is 2 (failing), н/а (not assessed),
or at least one mark lower than in the previous period of the same kind: q2 against q1, q3 against q2, q4
against q3, h2 against h1, s2 against s1; the first of a kind (q1, h1, s1) and the year against the same
kind's last period of the previous academic year (q4, h2, s2; the year). Only students and marks the user
may see count (sapat.access.scope.restrict on the marks, so a drop shows only where the user may see the
earlier mark too).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sapat.structure.models import OrgUnit, Period, SchoolClass

FAILING, NOT_ASSESSED, DROP = "failing", "not_assessed", "drop"
REASONS = {
    FAILING: _("failing (2)"),
    NOT_ASSESSED: _("not assessed (н/а)"),
    DROP: _("dropped by a mark or more"),
}


@dataclass(frozen=True)
class Concern:
    """One subject of a student at risk: the mark now, the previous period's mark, and why (reason codes)."""

    subject_id: int
    subject: str  # code
    subject_name: str
    mark: str  # "5" "4" "3" "2" "na"
    previous: str | None  # the mark of the previous period of the same kind, if any
    reasons: tuple[str, ...]  # failing | not_assessed | drop

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]

    def as_dict(self) -> dict:
        keys = ("subject_id", "subject", "subject_name", "mark", "previous", "reasons")
        return {**{key: getattr(self, key) for key in keys}, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class StudentAtRisk:
    """A student at risk with their class and its class teacher (None when the class has none)."""

    student_id: int
    student_name: str
    class_id: int
    class_name: str
    class_teacher_id: int | None
    class_teacher_name: str | None
    previous_year: str | None  # the academic year of the compared period, e.g. "2024-2025"
    previous_period: str | None  # its code, e.g. "q1"
    concerns: tuple[Concern, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> tuple[str, ...]:
        found = {r for c in self.concerns for r in c.reasons}
        return tuple(r for r in REASONS if r in found)

    def as_dict(self) -> dict:
        keys = ("student_id", "student_name", "class_id", "class_name", "class_teacher_id", "class_teacher_name",
                "previous_year", "previous_period")  # fmt: skip
        row = {key: getattr(self, key) for key in keys}
        return {**row, "reasons": list(self.reasons), "concerns": [c.as_dict() for c in self.concerns]}


def students_at_risk(
    *, user, unit: OrgUnit | SchoolClass, period: Period, subject_id: int | None = None
) -> list[StudentAtRisk]:
    """The students at risk of a unit (a school, or any unit above) or of one class, for a period.

    Ordered by class (grade, letter) and student name; each student's concerns by subject code. Only
    students on the class list at the end of the period, and only marks `user` may see. A constant number
    of queries.
    """
    raise NotImplementedError


def previous_period(period: Period) -> Period | None:
    """The previous period of the same kind (see the module docstring), or None."""
    raise NotImplementedError
