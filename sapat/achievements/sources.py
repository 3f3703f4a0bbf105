"""The achievements source (sapat.indicators.sources): counts of participations in events, for years only.

Counts, named in formulas as `achievements.<count>`:

- `students`: students on the lists of the unit's schools at the end of the year (the glossary's rule);
- `teachers`: the pedagogical staff on staff at the end of the year (every position but librarian; a person
  who left on or before the year's last day is not counted);
- `<who>.<basis>.<measure>` over every level and `<who>.<basis>.<level>.<measure>` for one level, with
  `<who>` `student` or `staff`, `<level>` `school district regional republican international`, and `<basis>`:
  - `entries`: each participation once, a team (members sharing an event and a `team` label) once;
  - `persons`: each person once, by their best result (a student with two first places counts once);
  and `<measure>`: `participants` (every entry or person), `winners` (winner, 1st place, grand prix),
  `prize_winners` (2nd or 3rd place), `awarded` (winners and prize-winners), or one result code
  (`participant winner place1 place2 place3 grand_prix certificate`, the best result of the entry or person).

A person belongs to one school, so counts by persons add up from schools to districts and regions like the
others; over several years they are counted once per year.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import unscoped
from sapat.indicators.sources import Count as Offered
from sapat.indicators.sources import CountQuery, CountSource
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit

from .models import PRIZED, WINNING, Level, Participation, Result
from .selectors import staff_on_staff

WHO = {"student": _("students"), "staff": _("staff")}
BASES = {"entries": _("by participations"), "persons": _("by persons")}
MEASURES = {
    "participants": _("participants"),
    "winners": _("winners"),
    "prize_winners": _("prize-winners"),
    "awarded": _("winners and prize-winners"),
}
# The best result first: an entry or a person is counted under the best result it has.
RANK = [Result.GRAND_PRIX, Result.WINNER, Result.PLACE1, Result.PLACE2, Result.PLACE3, Result.CERTIFICATE]
RANK += [Result.PARTICIPANT]
GROUP_FIELDS = {"school": "school_id", "district": "school__parent_id"}


class YearlySource(CountSource):
    """A source of the school years' data of this app, by school and district: subclasses name their counts in
    `offered()` and add one year's counts in `add_year(totals, year, schools, by)`."""

    def __init__(self, code: str, label):
        super().__init__(code=code, label=label, breakdowns=frozenset(GROUP_FIELDS), period_kinds=frozenset({"year"}))

    def counts(self) -> list[Offered]:
        if not hasattr(self, "_offered"):
            self._offered = self.offered()
        return self._offered

    def sums(self, query: CountQuery) -> dict:
        if query.by is not None and query.by not in GROUP_FIELDS:
            return {}
        years, schools = years_and_schools(query)
        totals: dict = defaultdict(self._empty)
        for year in years:
            self.add_year(totals, year, schools, query.by)
        if query.by is None and None not in totals:  # one row even without data
            totals[None] = self._empty()
        return dict(totals)

    def _empty(self) -> dict:
        return {**{count.code: 0 for count in self.counts()}, "as_of": None}


class AchievementsSource(YearlySource):
    def __init__(self):
        super().__init__("achievements", _("achievements"))

    def offered(self) -> list[Offered]:
        offered = [
            Offered("students", _("students on the lists at the end of the year")),
            Offered("teachers", _("pedagogical staff at the end of the year")),
        ]
        results = dict(Result.choices)
        for who, who_label in WHO.items():
            for basis, basis_label in BASES.items():
                for level, level_label in [(None, _("every level")), *Level.choices]:
                    for measure, label in [*MEASURES.items(), *results.items()]:
                        code = ".".join(part for part in (who, basis, level, measure) if part)
                        offered.append(
                            Offered(code, format_lazy("{}, {}, {}: {}", who_label, level_label, basis_label, label))
                        )
        return offered

    @unscoped("an indicator source: the achievements' counts under a unit whose figures were asked")
    def add_year(self, totals: dict, year: AcademicYear, schools, by: str | None) -> None:
        self._add_people(totals, year, schools, by)
        self._add_participations(totals, year, schools, GROUP_FIELDS.get(by))

    def _add_people(self, totals: dict, year: AcademicYear, schools, by: str | None) -> None:
        end = year.ends_on
        on_list = Enrolment.objects.filter(year=year, school_class__school_id__in=schools, starts_on__lte=end)
        on_list = on_list.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=end))
        student_group = {"school": "school_class__school_id", "district": "school_class__school__parent_id"}.get(by)
        rows = on_list.values(*([student_group] if student_group else [])).annotate(
            n=Count("student_id", distinct=True)
        )
        for row in rows:
            totals[row[student_group] if student_group else None]["students"] += row["n"]
        staff = staff_on_staff(schools, end)
        staff_group = GROUP_FIELDS.get(by)
        for row in staff.values(*([staff_group] if staff_group else [])).annotate(n=Count("id")):
            totals[row[staff_group] if staff_group else None]["teachers"] += row["n"]

    def _add_participations(self, totals: dict, year: AcademicYear, schools, group: str | None) -> None:
        rows = Participation.objects.filter(year=year, school_id__in=schools)
        fields = ["event_id", "event__level", "student_id", "staff_id", "team", "result", "changed_at"]
        best: dict = {}  # (group, who, basis, level or None, identity) -> the best result
        for row in rows.values(*fields, *([group] if group else [])):
            key = row[group] if group else None
            counts = totals[key]
            counts["as_of"] = max(filter(None, (counts["as_of"], row["changed_at"])), default=None)
            who = "student" if row["student_id"] else "staff"
            person = row["student_id"] or row["staff_id"]
            entry = ("team", row["event_id"], row["team"]) if row["team"] else ("person", row["event_id"], person)
            for basis, identity in (("entries", entry), ("persons", person)):
                for level in (None, row["event__level"]):
                    slot = (key, who, basis, level, identity)
                    found = best.get(slot)
                    if found is None or RANK.index(row["result"]) < RANK.index(found):
                        best[slot] = row["result"]
        for (key, who, basis, level, _identity), result in best.items():
            _count(totals[key], ".".join(part for part in (who, basis, level) if part), result)


def _count(counts: dict, prefix: str, result: str) -> None:
    counts[f"{prefix}.participants"] += 1
    counts[f"{prefix}.{result}"] += 1
    winning, prized = result in WINNING, result in PRIZED
    counts[f"{prefix}.winners"] += winning
    counts[f"{prefix}.prize_winners"] += prized
    counts[f"{prefix}.awarded"] += winning or prized


def years_and_schools(query: CountQuery) -> tuple[list[AcademicYear], object]:
    """The academic years of the query's periods and the ids of the schools it covers."""
    years = list(AcademicYear.objects.filter(pk__in={p.year_id for p in query.periods}))
    schools = OrgUnit.objects.school_ids_under(query.unit)
    if query.school_ids is not None:
        schools = OrgUnit.objects.filter(pk__in=schools).filter(pk__in=query.school_ids).values("pk")
    return years, schools
