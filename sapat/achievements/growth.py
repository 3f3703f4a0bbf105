"""The teachers source (sapat.indicators.sources): categories held and professional growth, for years only.

Counts, named in formulas as `teachers.<count>`:

- `on_staff`: the pedagogical staff on staff at the end of the year (selectors.staff_on_staff);
- `category.<code>`: of them, those whose latest category awarded on or before the year's last day is `<code>`
  (any of structure.Category: the KZ scale, its older and the KG scale), `category.none` those with none or with
  one whose validity ended before that day (their sum is `on_staff`);
- `<kind>` for `open_lesson shared_practice publication course mentoring conference`: the activities of that
  kind recorded in the year, `<kind>.<level>` those of one level, `<kind>.persons` the distinct staff members
  with one; `course.hours` the hours of the courses;
- `attestation.<outcome>`: attestations planned within the year by their result (`planned awarded confirmed
  refused`).
"""

from django.db.models import Count, Max, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import unscoped
from sapat.indicators.sources import Count as Offered
from sapat.structure.models import CategoryRecord
from sapat.structure.models.staff import Category

from .models import Activity, Attestation, Level
from .selectors import staff_on_staff
from .sources import GROUP_FIELDS, YearlySource


class TeachersSource(YearlySource):
    def __init__(self):
        super().__init__("teachers", _("teachers' categories and professional growth"))

    def offered(self) -> list[Offered]:
        offered = [Offered("on_staff", _("pedagogical staff at the end of the year"))]
        offered += [Offered(f"category.{code}", label) for code, label in Category.choices]
        offered.append(Offered("category.none", _("without a category")))
        for kind, label in Activity.Kind.choices:
            offered.append(Offered(kind, label))
            offered += [Offered(f"{kind}.{level}", format_lazy("{}, {}", label, name)) for level, name in Level.choices]
            offered.append(Offered(f"{kind}.persons", format_lazy("{}: {}", label, _("staff members"))))
        offered.append(Offered("course.hours", _("hours of courses")))
        offered += [
            Offered(f"attestation.{code}", format_lazy("{}: {}", _("attestation"), label))
            for code, label in Attestation.Outcome.choices
        ]
        return offered

    @unscoped("an indicator source: the achievements' counts under a unit whose figures were asked")
    def add_year(self, totals: dict, year, schools, by: str | None) -> None:
        self._add_categories(totals, year, schools, by)
        self._add_activities(totals, year, schools, by)
        self._add_attestations(totals, year, schools, by)

    def _add_categories(self, totals: dict, year, schools, by: str | None) -> None:
        end, group = year.ends_on, GROUP_FIELDS.get(by)
        staff = {
            row["pk"]: row[group] if group else None
            for row in staff_on_staff(schools, end).values("pk", *([group] if group else []))
        }
        held: dict = {}
        records = CategoryRecord.objects.filter(staff_id__in=list(staff), awarded_on__lte=end).order_by("awarded_on")
        for staff_id, category, valid_until in records.values_list("staff_id", "category", "valid_until"):
            held[staff_id] = category if valid_until is None or valid_until >= end else "none"
        for staff_id, key in staff.items():
            totals[key]["on_staff"] += 1
            totals[key][f"category.{held.get(staff_id, 'none')}"] += 1

    def _add_activities(self, totals: dict, year, schools, by: str | None) -> None:
        group = GROUP_FIELDS.get(by)
        rows = Activity.objects.filter(year=year, school_id__in=schools).values(
            "kind", "level", *([group] if group else [])
        )
        rows = rows.annotate(n=Count("id"), hours=Sum("hours"), as_of=Max("changed_at"))
        for row in rows.order_by():
            counts = totals[row[group] if group else None]
            counts[row["kind"]] += row["n"]
            if row["level"]:
                counts[f"{row['kind']}.{row['level']}"] += row["n"]
            if row["kind"] == Activity.Kind.COURSE:
                counts["course.hours"] += row["hours"] or 0
            counts["as_of"] = max(filter(None, (counts["as_of"], row["as_of"])), default=None)
        # Distinct people per kind cannot be summed over levels: count them apart.
        persons = Activity.objects.filter(year=year, school_id__in=schools).values("kind", *([group] if group else []))
        for row in persons.annotate(people=Count("staff_id", distinct=True)).order_by():
            totals[row[group] if group else None][f"{row['kind']}.persons"] += row["people"]

    def _add_attestations(self, totals: dict, year, schools, by: str | None) -> None:
        group = {"school": "staff__school_id", "district": "staff__school__parent_id"}.get(by)
        rows = Attestation.objects.filter(
            staff__school_id__in=schools, planned_on__gte=year.starts_on, planned_on__lte=year.ends_on
        )
        for row in rows.values("outcome", *([group] if group else [])).annotate(n=Count("id")).order_by():
            totals[row[group] if group else None][f"attestation.{row['outcome']}"] += row["n"]
