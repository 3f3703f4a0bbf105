"""Reads of the reports app: which runs a user sees, which control works they may write a note on, which
units they may publish, and what the public may read."""

import datetime
import re
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sapat.access.scope import restrict, scope_of
from sapat.assessment.models import ControlWork, control_work_label
from sapat.core.querysets import unscoped
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
    return restrict(Student.objects.filter(pk__in=scope.student_ids), user).order_by("last_name", "first_name")


def overseen_units(user):
    """The units whose whole-unit reports a user may ask for: the units they hold an overseeing role in."""
    scope = scope_of(user)
    if scope.everything:
        return restrict(OrgUnit.objects.filter(parent__isnull=True), user).order_by("code")
    return restrict(OrgUnit.objects.filter(path__in=scope.paths), user).order_by("path")


def control_work_choices(user, language: str) -> list[tuple[str, str]]:
    """("UNIT|YEAR|SUBJECT|CODE", readable label) for every control work code under the user's units."""
    choices = []
    for unit in overseen_units(user):
        works = (
            restrict(ControlWork.objects.filter(school__path__startswith=unit.path), user)
            .values("year__code", "subject__code", "subject__name_ru", "subject__name_en", "subject__name_ky",
                    "subject__name_kk", "code", "kind")
            .order_by("-year__code", "subject__code", "code")
            .distinct()
        )  # fmt: skip
        for work in works:
            key = "|".join((unit.code, work["year__code"], work["subject__code"], work["code"]))
            subject = work[f"subject__name_{language}"] or work["subject__name_ru"] or work["subject__code"]
            with override(language):
                name = control_work_label(work["kind"])
            choices.append((key, f"{unit.name_in(language)} · {work['year__code']} · {subject} · {name}"))
    return choices


def control_compare_choices(user, language: str) -> list[tuple[str, str]]:
    """(code, name) of the control works under the user's units that a reference note may compare with: a
    work is named across classes by its code, and shown by its kind ("First half-year control work")."""
    found = {}
    for unit in overseen_units(user):
        works = restrict(ControlWork.objects.filter(school__path__startswith=unit.path), user).values_list(
            "code", "kind"
        )
        found.update(works.order_by("code").distinct())
    with override(language):
        names = {code: control_work_label(kind) for code, kind in found.items()}
    several = {name for name in names.values() if list(names.values()).count(name) > 1}
    return [(code, f"{name} ({code})" if name in several else name) for code, name in sorted(names.items())]


def report_subjects(user, kind: str) -> list[tuple[str, str]]:
    """What a report of `kind` may be about for this user: their overseen units (schools for the school
    results, districts and regions for the comparative report), or the teachers they may see."""
    if kind == "teacher":
        staff = restrict(Staff.objects.filter(assignments__isnull=False).distinct(), user).select_related("school")
        return [(str(s.pk), f"{s.full_name} ({s.school.name})") for s in staff.order_by("last_name", "first_name")]
    tops = list(overseen_units(user))
    if not tops:
        return []
    units = restrict(OrgUnit.objects.filter(reduce(or_, [Q(path__startswith=u.path) for u in tops])), user)
    units = units.order_by("path")
    if kind == "comparative":
        units = units.exclude(kind=OrgUnit.Kind.SCHOOL)
    return [(u.code, u.name) for u in units]


def comparison_choices(user) -> dict:
    """The sources (the indicators, every data set, the tables of seed 004) and the projects the user may see
    (the rule of the project page) that the comparative report's form offers."""
    from sapat.datasets.models import DataSet
    from sapat.projects.selectors import visible_projects

    from .forms import source_choices

    projects = visible_projects(user).order_by("code")
    return {
        "sources": source_choices(DataSet.objects.for_user(user).order_by("code")),
        "projects": [(project.code, project.name) for project in projects],
    }


def year_codes() -> list[str]:
    return list(AcademicYear.objects.order_by("-code").values_list("code", flat=True).distinct())


def publishable_units(user):
    """Units whose open report the user may publish: those they may change (director, deputy, coordinator)."""
    return restrict(OrgUnit.objects.all(), user, for_change=True).order_by("path")


def publishable_periods(unit: OrgUnit):
    return Period.objects.filter(year__country=unit.country).select_related("year").order_by("-year__code", "starts_on")


def publications_for(user):
    return restrict(Publication.objects.select_related("unit", "year", "period"), user, for_change=True)


@unscoped("what anonymous visitors may read: the reports units chose to publish")
def public_publications():
    """What anonymous visitors may open: the units that chose to publish, nothing else."""
    rows = Publication.objects.select_related("unit", "year", "period")
    return list(rows.order_by("unit__path", "-year__code", "-period__starts_on"))


# How long a run may wait untaken before its page says that no worker seems to be running: a running worker
# looks for work every second or two.
WORKER_GRACE = datetime.timedelta(seconds=20)


@unscoped("how many runs are queued ahead of a run: a count across units, nothing of them is shown")
def run_waiting(run: ReportRun) -> dict | None:
    """For a queued run: how many runs are ahead of it, and whether a worker seems to be missing (the run has
    waited longer than a worker takes to notice it, and no report is being built meanwhile)."""
    if run.status != ReportRun.Status.QUEUED:
        return None
    queued = ReportRun.objects.filter(status=ReportRun.Status.QUEUED)
    ahead = queued.filter(created_at__lt=run.created_at).count()
    building = ReportRun.objects.filter(status=ReportRun.Status.RUNNING).exists()
    waited = timezone.now() - run.created_at
    return {"ahead": ahead, "no_worker": waited > WORKER_GRACE and not building}


def run_html_body(run: ReportRun) -> str:
    """The report of a finished HTML run, to show inside the run's page: the <article> of its own file."""
    if run.format != "html" or run.status != ReportRun.Status.DONE or not run.file_data:
        return ""
    found = re.search(r'<article class="report".*</article>', bytes(run.file_data).decode("utf-8"), re.S)
    return mark_safe(found.group(0)) if found else ""  # noqa: S308 - our own renderer's escaped output
