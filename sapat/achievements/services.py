"""Writes of events and participations; the loader and the admin call these."""

import datetime

from django.db import transaction
from django.utils import timezone

from sapat.core.services import validated_save

from .models import Event, Participation


def event_find_or_create(*, name: str, level: str, date: datetime.date, **fields) -> tuple[Event, bool]:
    """The event of this name, level and date, created with `fields` (kind, subject, organiser) when new."""
    found = Event.objects.filter(name=name, level=level, date=date).first()
    if found is not None:
        return found, False
    return validated_save(Event(name=name, level=level, date=date, **fields)), True


@transaction.atomic
def participation_record(*, event: Event, school, year, student=None, staff=None, result: str, team: str = "") -> str:
    """Record (or correct) a person's result in an event: "created", "changed" or "unchanged"."""
    person = {"student": student} if student is not None else {"staff": staff}
    found = Participation.objects.filter(event=event, **person).first()
    if found is None:
        validated_save(Participation(event=event, school=school, year=year, result=result, team=team, **person))
        return "created"
    if (found.result, found.team, found.year_id, found.school_id) == (result, team, year.pk, school.pk):
        return "unchanged"
    found.result, found.team, found.year, found.school = result, team, year, school
    validated_save(found, update_fields=["result", "team", "year", "school", "changed_at"])
    return "changed"


@transaction.atomic
def participation_verify(*, participation: Participation, user, evidence=None) -> Participation:
    """Mark a participation as checked against its evidence by `user`, now; a new file replaces the old one."""
    fields = ["verified_by", "verified_at", "changed_at"]
    if evidence is not None:
        participation.evidence = evidence
        fields.append("evidence")
    participation.verified_by, participation.verified_at = user, timezone.now()
    return validated_save(participation, update_fields=fields)


@transaction.atomic
def attestation_settle(*, attestation, outcome: str, order_number: str = "", order_date=None):
    """Record an attestation's result; an awarded or confirmed category enters the category history on the
    order's date (or the planned date without one)."""
    from sapat.structure.models import CategoryRecord
    from sapat.structure.services import category_award

    from .models import Attestation

    attestation.outcome, attestation.order_number, attestation.order_date = outcome, order_number, order_date
    validated_save(attestation, update_fields=["outcome", "order_number", "order_date"])
    if outcome in (Attestation.Outcome.AWARDED, Attestation.Outcome.CONFIRMED):
        on = order_date or attestation.planned_on
        if not CategoryRecord.objects.filter(staff=attestation.staff, awarded_on=on).exists():
            category_award(
                staff=attestation.staff,
                category=attestation.category_sought,
                awarded_on=on,
                order_reference=order_number,
            )
    return attestation


@transaction.atomic
def category_record(*, staff, category: str, awarded_on) -> str:
    """Keep a step of a teacher's category history: "created", "changed" (another category on that date) or
    "unchanged"."""
    from sapat.structure.models import CategoryRecord
    from sapat.structure.services import category_award

    found = CategoryRecord.objects.filter(staff=staff, awarded_on=awarded_on).first()
    if found is None:
        category_award(staff=staff, category=category, awarded_on=awarded_on)
        return "created"
    if found.category == category:
        return "unchanged"
    found.category = category
    validated_save(found, update_fields=["category"])
    return "changed"


@transaction.atomic
def staff_leave(*, staff, left_on) -> bool:
    """Record the day a person left the school's staff; whether anything changed."""
    if staff.left_on == left_on:
        return False
    staff.left_on = left_on
    validated_save(staff, update_fields=["left_on"])
    return True


@transaction.atomic
def staff_join(*, staff, joined_on) -> bool:
    """Record the day a person joined the school's staff (the tables count them from that day); whether anything
    changed."""
    if staff.joined_on == joined_on:
        return False
    staff.joined_on = joined_on
    validated_save(staff, update_fields=["joined_on"])
    return True


@transaction.atomic
def activity_record(*, school, year, staff, kind: str, date, title: str, level: str = "", **fields) -> str:
    """An activity is matched by its person, kind, date and title: "created", "changed" or "unchanged"."""
    from .models import Activity

    found = Activity.objects.filter(staff=staff, kind=kind, date=date, title=title).first()
    values = {"school": school, "year": year, "level": level, **fields}
    if found is None:
        validated_save(Activity(staff=staff, kind=kind, date=date, title=title, **values))
        return "created"
    if all(getattr(found, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(found, name, value)
    validated_save(found, update_fields=[*values, "changed_at"])
    return "changed"
