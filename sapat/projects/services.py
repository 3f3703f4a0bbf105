"""Writes of projects: members join and leave on dates, never deleted, so that any year's group is known."""

import datetime

from django.db import transaction

from sapat.core.services import validated_save

from .models import Project, ProjectSchool


@transaction.atomic
def project_join(*, project: Project, school, joined_on: datetime.date) -> ProjectSchool:
    return validated_save(ProjectSchool(project=project, school=school, joined_on=joined_on))


@transaction.atomic
def project_leave(*, membership: ProjectSchool, left_on: datetime.date, reason: str = "") -> ProjectSchool:
    """Take a school out of the project from a date (seed 004 item 5); its earlier years stay in the project."""
    membership.left_on, membership.reason = left_on, reason
    return validated_save(membership, update_fields=["left_on", "reason"])
