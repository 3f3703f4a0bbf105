"""Reads of the reports app: which runs a user sees, which control works they may write a note on, which
units they may publish, and what the public may read."""

from functools import reduce
from operator import or_

from django.db.models import Q

from sapat.access.scope import restrict, scope_of
from sapat.assessment.models import ControlWork
from sapat.structure.models import AcademicYear, OrgUnit, Period, Staff, Student

from .models import Publication, ReportRun


def runs_for(user):
    """The runs a user asked for, plus every run about a unit they oversee; always inside their scope."""
    scope = scope_of(user)
    runs = restrict(ReportRun.objects.select_related("unit", "requested_by"), user)
    if scope.everything:
        return runs
    overseen = [Q(unit__path__startswith=path) for path in sorted(scope.paths)]
    return runs.filter(reduce(or_, overseen, Q(requested_by=user)))


def children_of(user):
    """A parent's children, for the links to their report cards."""
    scope = scope_of(user)
    if not scope.student_ids:
        return Student.objects.none()
    return Student.objects.filter(pk__in=scope.student_ids).order_by("last_name", "first_name")


def overseen_units(user):
    """The units whose whole-unit reports a user may ask for: the units they hold an overseeing role in."""
    scope = scope_of(user)
    if scope.everything:
        return OrgUnit.objects.filter(parent__isnull=True).order_by("code")
    return OrgUnit.objects.filter(path__in=scope.paths).order_by("path")


def control_work_choices(user, language: str) -> list[tuple[str, str]]:
    """("UNIT|YEAR|SUBJECT|CODE", readable label) for every control work code under the user's units."""
    choices = []
    for unit in overseen_units(user):
        works = (
            ControlWork.objects.filter(school__path__startswith=unit.path)
            .values("year__code", "subject__code", "subject__name_ru", "subject__name_en", "subject__name_ky",
                    "subject__name_kk", "code", "kind")
            .order_by("-year__code", "subject__code", "code")
            .distinct()
        )  # fmt: skip
        for work in works:
            key = "|".join((unit.code, work["year__code"], work["subject__code"], work["code"]))
            subject = work[f"subject__name_{language}"] or work["subject__name_ru"] or work["subject__code"]
            choices.append((key, f"{unit.name_in(language)} · {work['year__code']} · {subject} · {work['code']}"))
    return choices


def report_subjects(user, kind: str) -> list[tuple[str, str]]:
    """What a report of `kind` may be about for this user: their overseen units (schools for the school
    results, districts and regions for the comparative report), or the teachers they may see."""
    if kind == "teacher":
        staff = restrict(Staff.objects.filter(assignments__isnull=False).distinct(), user).select_related("school")
        return [(str(s.pk), f"{s.full_name} ({s.school.name})") for s in staff.order_by("last_name", "first_name")]
    tops = list(overseen_units(user))
    if not tops:
        return []
    units = OrgUnit.objects.filter(reduce(or_, [Q(path__startswith=u.path) for u in tops])).order_by("path")
    if kind == "comparative":
        units = units.exclude(kind=OrgUnit.Kind.SCHOOL)
    return [(u.code, u.name) for u in units]


def year_codes() -> list[str]:
    return list(AcademicYear.objects.order_by("-code").values_list("code", flat=True).distinct())


def publishable_units(user):
    """Units whose open report the user may publish: those they may change (director, deputy, coordinator)."""
    return restrict(OrgUnit.objects.all(), user, for_change=True).order_by("path")


def publishable_periods(unit: OrgUnit):
    return Period.objects.filter(year__country=unit.country).select_related("year").order_by("-year__code", "starts_on")


def publications_for(user):
    return restrict(Publication.objects.select_related("unit", "year", "period"), user, for_change=True)


def public_publications():
    """What anonymous visitors may open: the units that chose to publish, nothing else."""
    return Publication.objects.select_related("unit", "year", "period").order_by(
        "unit__path", "-year__code", "-period__starts_on"
    )
