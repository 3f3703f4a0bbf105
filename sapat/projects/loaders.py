"""`sapat load-project-members FILE.csv`: a project's member schools with the days they joined and left, and the
tutor school each is attached to within the project; all or nothing, every bad line listed, idempotent.

Columns project,school,joined_on, optionally left_on, reason and tutor (docs/cli.md). A membership is matched by
its project, school and joining day; an attachment to a tutor school by its project, school, tutor and first
day, and it lasts as long as the membership (from joined_on until left_on).
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.achievements.loaders import LoadReport, parse_date
from sapat.core.csvfiles import RowErrors, read_rows
from sapat.core.services import validated_save
from sapat.structure.models import OrgUnit

from .models import Project, ProjectSchool, ProjectTutor

COLUMNS = ("project", "school", "joined_on")


@transaction.atomic
def load_members(path: str) -> LoadReport:
    """Every line is read and written inside one transaction; any bad line undoes the whole file."""
    cache, errors, seen, outcomes = {}, [], {}, Counter()
    for line, row in read_rows(path, COLUMNS):
        try:
            outcomes[_member_row(cache, row, line, seen)] += 1
        except ValueError as error:
            errors.append((line, str(error)))
        except ValidationError as error:
            errors.append((line, " ".join(error.messages)))
    if errors:
        raise RowErrors(errors)
    return LoadReport(created=outcomes["created"], changed=outcomes["changed"], unchanged=outcomes["unchanged"])


def _project(cache: dict, code: str) -> Project:
    key = ("project", code)
    if key not in cache:
        cache[key] = Project.objects.filter(code=code).select_related("owner").first()
    if cache[key] is None:
        raise ValueError(_("No project with the code %(code)s.") % {"code": code})
    return cache[key]


def _school(cache: dict, code: str, column: str) -> OrgUnit:
    key = ("school", code)
    if key not in cache:
        cache[key] = OrgUnit.objects.filter(code=code, kind=OrgUnit.Kind.SCHOOL).first()
    if cache[key] is None:
        raise ValueError(_("No school with the code %(code)s (column %(column)s).") % {"code": code, "column": column})
    return cache[key]


def _member_row(cache: dict, row: dict, line: int, seen: dict) -> str:
    project = _project(cache, row["project"])
    school = _school(cache, row["school"], "school")
    joined_on = parse_date(row["joined_on"], "joined_on")
    left_on = parse_date(row["left_on"], "left_on") if row.get("left_on") else None
    tutor = _school(cache, row["tutor"], "tutor") if row.get("tutor") else None
    if tutor is not None and tutor.pk == school.pk:
        raise ValueError(_("A school cannot be its own tutor school."))
    key = (project.pk, school.pk, joined_on)
    if key in seen:
        raise ValueError(_("The same record as on line %(line)s.") % {"line": seen[key]})
    seen[key] = line
    outcome = _membership(project, school, joined_on, left_on, " ".join(row.get("reason", "").split()))
    if tutor is not None:
        attached = _attachment(project, school, tutor, joined_on, left_on)
        outcome = "changed" if attached != "unchanged" and outcome == "unchanged" else outcome
    return outcome


def _membership(project, school, joined_on, left_on, reason: str) -> str:
    found = ProjectSchool.objects.filter(project=project, school=school, joined_on=joined_on).first()
    if found is None:
        validated_save(ProjectSchool(project=project, school=school, joined_on=joined_on, left_on=left_on,
                                     reason=reason))  # fmt: skip
        return "created"
    if (found.left_on, found.reason) == (left_on, reason):
        return "unchanged"
    found.left_on, found.reason = left_on, reason
    validated_save(found, update_fields=["left_on", "reason"])
    return "changed"


def _attachment(project, school, tutor, from_on, until_on) -> str:
    found = ProjectTutor.objects.filter(project=project, school=school, tutor=tutor, from_on=from_on).first()
    if found is None:
        validated_save(ProjectTutor(project=project, school=school, tutor=tutor, from_on=from_on, until_on=until_on))
        return "created"
    if found.until_on == until_on:
        return "unchanged"
    found.until_on = until_on
    validated_save(found, update_fields=["until_on"])
    return "changed"
