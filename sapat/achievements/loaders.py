"""`sapat load-achievements`, `load-categories`, `load-activities`: CSV files, all or nothing, every bad line listed.

`load-achievements FILE.csv`: participations in events.

Columns school,year,date,person_kind,person,person_name,event,event_kind,subject,level,result, optionally team
and organiser (docs/cli.md). Events are matched by name, level and date and created from the row when new; with
create_missing, unknown students and staff members are created from person_name (and a missing academic year
or subject too, as `load-marks` does). A second load of the same file changes nothing.

`load-categories FILE.csv`: school,staff,staff_name,category,awarded_on[,joined_on,left_on], the category history
and the days a person joined and left the school's staff (a table of a year counts those on staff then).
`load-activities FILE.csv`: school,year,date,staff,staff_name,kind,level,title[,hours,provider].
Both create a staff record that is missing, from staff_name.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.assessment.loaders import Resolver
from sapat.core.csvfiles import RowErrors, read_rows
from sapat.structure.models import OrgUnit, Staff
from sapat.structure.models.staff import Category

from .models import KZ_CATEGORIES, OLD_CATEGORIES, Activity, Event, Level, Result
from .services import (
    activity_record,
    category_record,
    event_find_or_create,
    participation_record,
    staff_join,
    staff_leave,
)

COLUMNS = (
    "school", "year", "date", "person_kind", "person", "person_name",
    "event", "event_kind", "subject", "level", "result",
)  # fmt: skip


@dataclass
class LoadReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    events: int = 0


class PeopleResolver(Resolver):
    """The loaders' resolver, with staff members found by their code within the school."""

    def staff(self, school: OrgUnit, code: str, full_name: str) -> Staff:
        found = self.get(
            ("staff", school.pk, code),
            lambda: Staff.objects.filter(school=school, code=code).first(),
            lambda: create_staff(school, code, full_name),
        )
        if found is None:
            raise ValueError(_("No staff member with the code %(code)s at this school.") % {"code": code})
        return found


def create_staff(school: OrgUnit, code: str, full_name: str) -> Staff:
    last, first, *rest = [*full_name.split(), "", ""]
    rest = " ".join(part for part in rest if part)
    return Staff.objects.create(school=school, code=code, last_name=last or code, first_name=first, patronymic=rest)


def parse_date(text: str, column: str = "date") -> datetime.date:
    """A date as 2024-11-28 or 28.11.2024."""
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” in the column %(column)s is not a date like 2024-11-28.") % {"value": text, "column": column}
    )


def choice(text: str, choices, column: str) -> str:
    if text not in choices.values:
        raise ValueError(
            _("“%(value)s” in the column %(column)s is not one of: %(allowed)s.")
            % {"value": text, "column": column, "allowed": " ".join(choices.values)}
        )
    return text


@transaction.atomic
def load_achievements(path: str, *, create_missing: bool = False) -> LoadReport:
    """Every line is read and recorded inside one transaction; any bad line undoes the whole file."""
    resolver, report, errors, seen = PeopleResolver(create_missing), LoadReport(), [], {}
    outcomes = Counter()
    for line, row in read_rows(path, COLUMNS):
        try:
            outcomes[_load_row(resolver, row, line, seen, report)] += 1
        except ValueError as error:
            errors.append((line, str(error)))
        except ValidationError as error:
            errors.append((line, " ".join(error.messages)))
    if errors:
        raise RowErrors(errors)
    report.created, report.changed, report.unchanged = outcomes["created"], outcomes["changed"], outcomes["unchanged"]
    return report


def _load_row(resolver: PeopleResolver, row: dict, line: int, seen: dict, report: LoadReport) -> str:
    school = resolver.school(row["school"])
    year = resolver.year(school, row["year"])
    date = parse_date(row["date"])
    _check_in_year(date, year)
    level = choice(row["level"], Level, "level")
    result = choice(row["result"], Result, "result")
    kind = choice(row["event_kind"], Event.Kind, "event_kind")
    person = _person(resolver, school, row)
    subject = resolver.subject(row["subject"]) if row["subject"] else None
    event = _event(resolver, row, level, date, kind, subject, report)
    key = (event.pk, type(person).__name__, person.pk)
    if key in seen:
        raise ValueError(_("The same person and event as on line %(line)s.") % {"line": seen[key]})
    seen[key] = line
    people = {"student": person} if row["person_kind"] == "student" else {"staff": person}
    return participation_record(
        event=event, school=school, year=year, result=result, team=row.get("team", ""), **people
    )


def _person(resolver: PeopleResolver, school: OrgUnit, row: dict):
    kind = row["person_kind"]
    if kind == "student":
        return resolver.student(school, row["person"], row["person_name"])
    if kind == "staff":
        return resolver.staff(school, row["person"], row["person_name"])
    raise ValueError(_("“%(value)s” in the column person_kind is not student or staff.") % {"value": kind})


def _event(resolver, row: dict, level: str, date, kind: str, subject, report: LoadReport) -> Event:
    name = " ".join(row["event"].split())
    if not name:
        raise ValueError(_("The event has no name."))
    key = ("event", name, level, date)
    if key not in resolver.cache:
        fields = {"kind": kind, "subject": subject, "organiser": row.get("organiser", "")}
        resolver.cache[key], created = event_find_or_create(name=name, level=level, date=date, **fields)
        report.events += created
    event = resolver.cache[key]
    if event.kind != kind or event.subject_id != (subject.pk if subject else None):
        raise ValueError(
            _("The event %(name)s of %(date)s is recorded with another kind or subject.") % {"name": name, "date": date}
        )
    return event


CATEGORY_COLUMNS = ("school", "staff", "staff_name", "category", "awarded_on")
ACTIVITY_COLUMNS = ("school", "year", "date", "staff", "staff_name", "kind", "level", "title")
# The files' category codes beside the stored ones.
CATEGORY_CODES = {**KZ_CATEGORIES, **OLD_CATEGORIES, **{code: code for code in Category.values}}


def load_categories(path: str) -> LoadReport:
    """`sapat load-categories`: the category history of staff; a missing staff record is created."""
    return _load_file(path, CATEGORY_COLUMNS, _category_row)


def load_activities(path: str) -> LoadReport:
    """`sapat load-activities`: teachers' professional activities; a missing staff record is created."""
    return _load_file(path, ACTIVITY_COLUMNS, _activity_row)


@transaction.atomic
def _load_file(path: str, columns: tuple[str, ...], load_row) -> LoadReport:
    resolver, errors, seen, outcomes = PeopleResolver(create_missing=True), [], {}, Counter()
    for line, row in read_rows(path, columns):
        try:
            outcomes[load_row(resolver, row, line, seen)] += 1
        except ValueError as error:
            errors.append((line, str(error)))
        except ValidationError as error:
            errors.append((line, " ".join(error.messages)))
    if errors:
        raise RowErrors(errors)
    return LoadReport(created=outcomes["created"], changed=outcomes["changed"], unchanged=outcomes["unchanged"])


def _once(seen: dict, key, line: int) -> None:
    if key in seen:
        raise ValueError(_("The same record as on line %(line)s.") % {"line": seen[key]})
    seen[key] = line


def _staff(resolver: PeopleResolver, row: dict) -> Staff:
    school = resolver.school(row["school"])
    if not row["staff"]:
        raise ValueError(_("Give the staff member's code."))
    return resolver.staff(school, row["staff"], row["staff_name"])


def _category_row(resolver: PeopleResolver, row: dict, line: int, seen: dict) -> str:
    code = CATEGORY_CODES.get(row["category"])
    if code is None:
        raise ValueError(
            _("“%(value)s” in the column category is not one of: %(allowed)s.")
            % {"value": row["category"], "allowed": " ".join(c for c in CATEGORY_CODES if not c.startswith("kz_"))}
        )
    awarded_on = parse_date(row["awarded_on"], "awarded_on")
    dates = {
        column: parse_date(row[column], column) if row.get(column) else None for column in ("joined_on", "left_on")
    }
    staff = _staff(resolver, row)
    _once(seen, (staff.school_id, staff.code, awarded_on), line)
    for column, day in dates.items():
        _same_date(seen, (staff.school_id, staff.code, column), day, line)
    outcome = category_record(staff=staff, category=code, awarded_on=awarded_on)
    moved = False
    if dates["joined_on"] is not None:
        moved |= staff_join(staff=staff, joined_on=dates["joined_on"])
    if dates["left_on"] is not None:
        moved |= staff_leave(staff=staff, left_on=dates["left_on"])
    return "changed" if moved and outcome == "unchanged" else outcome


def _same_date(seen: dict, key, day, line: int) -> None:
    """A person's joining (or leaving) day given on several lines must be the same day."""
    if day is None:
        return
    earlier = seen.get(key)
    if earlier is not None and earlier[0] != day:
        raise ValueError(
            _("Another date in the column %(column)s than on line %(line)s.") % {"column": key[2], "line": earlier[1]}
        )
    seen.setdefault(key, (day, line))


def _activity_row(resolver: PeopleResolver, row: dict, line: int, seen: dict) -> str:
    kind = choice(row["kind"], Activity.Kind, "kind")
    level = choice(row["level"], Level, "level") if row["level"] else ""
    date = parse_date(row["date"])
    title = " ".join(row["title"].split())
    if not title:
        raise ValueError(_("The activity has no title."))
    staff = _staff(resolver, row)
    year = resolver.year(staff.school, row["year"])
    _check_in_year(date, year)
    _once(seen, (staff.pk, kind, date, title), line)
    fields = {"hours": _hours(row.get("hours", "")), "provider": row.get("provider", "")}
    return activity_record(
        school=staff.school, year=year, staff=staff, kind=kind, date=date, title=title, level=level, **fields
    )


def _hours(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("“%(value)s” in the column hours is not a whole number.") % {"value": text})
    return int(text)


def _check_in_year(date, year) -> None:
    if not year.starts_on <= date < year.starts_on.replace(year=year.starts_on.year + 1):
        raise ValueError(
            _("The date %(date)s lies outside the academic year %(year)s.") % {"date": date, "year": year.code}
        )
