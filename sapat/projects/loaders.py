"""`sapat load-project-members FILE.csv`: a project's member schools with the days they joined and left, and the
tutor school each is attached to within the project; `sapat load-project-coordinators FILE.csv`: its district
coordinators. All or nothing, every bad line listed, idempotent.

Members: columns project,school,joined_on, optionally left_on, reason and tutor (docs/cli.md). A membership is
matched by its project, school and joining day; an attachment to a tutor school by its project, school, tutor and
first day, and it lasts as long as the membership (from joined_on until left_on).

Coordinators: columns project,district,name, optionally login. A coordinator is matched by project and district
(one per district, as seed 004's appendix lists them); a later file changes the name or the login.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.achievements.loaders import LoadReport, parse_date
from sapat.core.csvfiles import RowErrors, read_rows
from sapat.core.services import validated_save
from sapat.structure.models import OrgUnit

from .models import Project, ProjectCoordinator, ProjectSchool, ProjectTutor

COLUMNS = ("project", "school", "joined_on")
COORDINATOR_COLUMNS = ("project", "district", "name")


def load_members(path: str) -> LoadReport:
    return _load(path, COLUMNS, _member_row)


def load_coordinators(path: str) -> LoadReport:
    return _load(path, COORDINATOR_COLUMNS, _coordinator_row)


@transaction.atomic
def _load(path: str, columns: tuple, load_row) -> LoadReport:
    """Every line is read and written inside one transaction; any bad line undoes the whole file."""
    cache, errors, seen, outcomes = {}, [], {}, Counter()
    for line, row in read_rows(path, columns):
        try:
            outcomes[load_row(cache, row, line, seen)] += 1
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


def _coordinator_row(cache: dict, row: dict, line: int, seen: dict) -> str:
    project = _project(cache, row["project"])
    district = OrgUnit.objects.filter(code=row["district"], kind=OrgUnit.Kind.DISTRICT).first()
    if district is None:
        raise ValueError(_("No district with the code %(code)s.") % {"code": row["district"]})
    if not district.path.startswith(project.owner.path):
        raise ValueError(_("The district %(code)s lies outside %(unit)s, which runs the project.")
                         % {"code": district.code, "unit": project.owner.name})  # fmt: skip
    name = " ".join(row["name"].split())
    if not name:
        raise ValueError(_("Give the coordinator's name."))
    user = _login(row.get("login", "").strip())
    key = (project.pk, district.pk)
    if key in seen:
        raise ValueError(_("The same project and district as on line %(line)s.") % {"line": seen[key]})
    seen[key] = line
    found = ProjectCoordinator.objects.filter(project=project, district=district).order_by("pk").first()
    if found is None:
        validated_save(ProjectCoordinator(project=project, district=district, name=name, user=user))
        return "created"
    if (found.name, found.user_id) == (name, user.pk if user else None):
        return "unchanged"
    found.name, found.user = name, user
    validated_save(found, update_fields=["name", "user"])
    return "changed"


def _login(username: str):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValueError(_("No login %(login)s.") % {"login": username})
    return user
