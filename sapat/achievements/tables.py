"""The tables of seed 004 (`sapat table`): counts by unit and year, with totals and a percent row, built only
from the count sources through the registry (`registry.summed_counts`), never counted a second time.

Each kind names its columns (codes), the count each column reads, and the count the percent row divides by:

- `categories`: teachers by the category they held at the end of the year (`teachers.category.*`) ÷ the
  pedagogical staff on staff then (`teachers.on_staff`);
- `student-achievements` / `teacher-achievements`: by level (district, regional, republican, international),
  the winners and prize-winners (or another measure) by persons or by participations
  (`achievements.<who>.<basis>.<level>.<measure>`) ÷ the students on the lists (`achievements.students`) or the
  pedagogical staff (`achievements.teachers`);
- `activities`: open lessons, shared practice, publications (and the international ones), courses, mentoring,
  conference talks (`teachers.<kind>`) ÷ the pedagogical staff (`teachers.on_staff`): per 100 teachers;
- `quality`: the quality of knowledge over the year marks: excellent and good students (`marks.excellent`,
  `marks.good`) and both together ÷ the students with year marks (`marks.students`, the glossary's N), each row
  with its own `quality_pct`.

With a project (`project=`), the rows are the project's member schools on each year's last day, whatever their
district (seed 004: the quality of knowledge of the project's schools): a school that left counts only in the
years it was still a member at the end of.

The total of a year is the sum of its rows (every count is additive); a percentage is unrounded here (the
pages round it as the glossary says) and None when its denominator is 0. `dynamics` writes out, in the active
language, how each column's total changed from the first year to the last.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from sapat.core.numbers import format_figure, format_percent, round_half_up
from sapat.core.querysets import unscoped
from sapat.indicators.registry import summed_counts
from sapat.indicators.selectors import group_labels
from sapat.indicators.sources import CountQuery
from sapat.structure.models import Country, OrgUnit, Period
from sapat.structure.models.staff import Category

from .models import KZ_CATEGORIES, OLD_CATEGORIES, Activity, Level

KINDS = ("categories", "student-achievements", "teacher-achievements", "activities", "quality")
BREAKDOWNS = {"district": "district", "school": "school", "project": "project", "tutor-group": "tutor_group",
              "unit-group": "unit_group"}  # fmt: skip
LEVELS = ("district", "regional", "republican", "international")
MEASURES = ("awarded", "winners", "prize_winners", "participants")
BASES = ("persons", "entries")
ACTIVITY_COLUMNS = {
    "open_lesson": "open_lesson",
    "shared_practice": "shared_practice",
    "publication": "publication",
    "publication_international": "publication.international",
    "course": "course",
    "mentoring": "mentoring",
    "conference": "conference",
}
DENOMINATORS = {
    "teachers.on_staff": gettext_lazy("pedagogical staff on staff at the end of the year"),
    "achievements.students": gettext_lazy("students on the lists at the end of the year"),
    "achievements.teachers": gettext_lazy("pedagogical staff on staff at the end of the year"),
    "marks.students": gettext_lazy("students with year marks"),
}
QUALITY_COLUMNS = {"excellent": ("marks.excellent",), "good": ("marks.good",), "quality": ("marks.excellent",
                   "marks.good")}  # fmt: skip


class TableError(ValueError):
    """A request the table cannot answer, in the user's language."""


@dataclass(frozen=True)
class Layout:
    columns: dict[str, str | tuple[str, ...]]  # column code -> count name (or the names of counts it sums)
    denominator: str

    def names(self) -> set[str]:
        found = {self.denominator}
        for name in self.columns.values():
            found.update((name,) if isinstance(name, str) else name)
        return found

    def value(self, counts: dict, code: str) -> int:
        name = self.columns[code]
        return sum(int(counts.get(part) or 0) for part in ((name,) if isinstance(name, str) else name))


def layout(kind: str, unit: OrgUnit, basis: str = "persons", measure: str = "awarded") -> Layout:
    if kind == "categories":
        scale = {**KZ_CATEGORIES, **OLD_CATEGORIES} if unit.country == Country.KAZAKHSTAN else OLD_CATEGORIES
        columns = {code: f"teachers.category.{stored!s}" for code, stored in {**scale, "none": "none"}.items()}
        return Layout(columns, "teachers.on_staff")
    if kind == "activities":
        return Layout({code: f"teachers.{name}" for code, name in ACTIVITY_COLUMNS.items()}, "teachers.on_staff")
    if kind == "quality":
        return Layout(dict(QUALITY_COLUMNS), "marks.students")
    who, denominator = ("student", "achievements.students")
    if kind == "teacher-achievements":
        who, denominator = ("staff", "achievements.teachers")
    columns = {level: f"achievements.{who}.{basis}.{level}.{measure}" for level in LEVELS}
    columns["all_levels"] = f"achievements.{who}.{basis}.{measure}"
    return Layout(columns, denominator)


def year_periods(unit: OrgUnit, years: list[str]) -> list[Period]:
    """The year periods of `years`: academic years (2023-2024), or calendar years (2024) meaning the academic
    year that ends in them."""
    found = []
    for text in years:
        text = text.strip()
        code = f"{int(text) - 1}-{text}" if text.isdigit() and len(text) == 4 else text
        period = Period.objects.filter(year__country=unit.country, year__code=code, code="year").first()
        if period is None:
            raise TableError(_("No academic year %(code)s.") % {"code": text})
        found.append(period)
    return found


def table(
    *,
    kind: str,
    unit: OrgUnit,
    years: list[str],
    by: str | None = None,
    basis="persons",
    measure="awarded",
    project=None,
):
    """{"kind", "unit", "by", "project", "basis", "measure", "columns", "rows", "total", "percent", "dynamics"}
    (docs/cli.md). With a project the rows are its member schools on each year's last day."""
    if kind not in KINDS:
        raise TableError(_("Unknown table kind %(kind)s.") % {"kind": kind})
    if project is not None and by not in (None, "school"):
        raise TableError(_("With a project the rows are its member schools: leave out --by or give --by school."))
    shape = layout(kind, unit, basis, measure)
    grouping = "school" if project is not None else BREAKDOWNS[by] if by else None
    rows, totals, percents = [], [], []
    for period in year_periods(unit, years):
        counted = counted_by(shape, unit, period, grouping)
        if project is not None:
            counted = _members_only(counted, project, period)
        labels = group_labels(grouping, counted.keys()) if grouping else {None: (unit.code, unit.name)}
        year_rows = [_row(shape, counted[key], labels.get(key, (str(key), str(key))), period) for key in counted]
        year_rows.sort(key=lambda row: row["unit"])
        rows += year_rows
        total = {"year": period.year.code, **{c: sum(r[c] for r in year_rows) for c in shape.columns}}
        total["denominator"] = sum(r["denominator"] for r in year_rows)
        with_quality(shape, total)
        totals.append(total)
        percents.append(_percent(shape, total))
    return {
        "kind": kind,
        "unit": unit.code,
        "by": "school" if project is not None else by,
        "project": project.code if project is not None else None,
        "basis": basis if "achievements" in kind else None,
        "measure": measure if "achievements" in kind else None,
        "columns": list(shape.columns),
        "rows": rows,
        "total": totals,
        "percent": percents,
        "dynamics": dynamics(kind, shape, totals),
    }


@unscoped("the project's member schools among the rows the table already counted in a unit checked by its caller")
def _members_only(counted: dict, project, period: Period) -> dict:
    from sapat.projects.selectors import members_on

    members = set(members_on(period.ends_on).filter(project=project).values_list("school_id", flat=True))
    return {key: counts for key, counts in counted.items() if key in members}


@unscoped("the groups under a unit whose tables the page checked the user oversees")
def counted_by(shape: Layout, unit: OrgUnit, period: Period, grouping: str | None) -> dict:
    """{breakdown key: {count name: value, "as_of": …}} of the layout's counts in a year; with a breakdown by
    district or school every district or school of the unit has a row, those without data too."""
    counted = summed_counts(shape.names(), CountQuery(unit, (period,), by=grouping))
    if grouping in ("district", "school"):
        for key in OrgUnit.objects.subtree(unit).filter(kind=grouping).values_list("pk", flat=True):
            counted.setdefault(key, {})
    return counted


def column_labels(kind: str, shape: Layout) -> dict[str, str]:
    """What each column counts, in the active language."""
    if kind == "categories":
        names = {**dict(Category.choices), "none": _("without a category")}
        return {code: str(names[name.rpartition(".")[2]]) for code, name in shape.columns.items()}
    if kind == "quality":
        return {"excellent": _("excellent students"), "good": _("good students"),
                "quality": _("excellent and good students")}  # fmt: skip
    if kind == "activities":
        names = {**dict(Activity.Kind.choices), "publication.international": format_lazy(
            "{}, {}", Activity.Kind.PUBLICATION.label, Level.INTERNATIONAL.label)}  # fmt: skip
        return {code: str(names[name.partition(".")[2]]) for code, name in shape.columns.items()}
    names = {**dict(Level.choices), "all_levels": _("every level")}
    return {code: str(names[code]) for code in shape.columns}


def denominator_label(shape: Layout) -> str:
    return str(DENOMINATORS[shape.denominator])


def _row(shape: Layout, counts: dict, label: tuple, period: Period) -> dict:
    row = {"unit": label[0], "name": str(label[1]), "year": period.year.code}
    row.update({code: shape.value(counts, code) for code in shape.columns})
    row["denominator"] = int(counts.get(shape.denominator) or 0)
    return with_quality(shape, row)


def with_quality(shape: Layout, row: dict) -> dict:
    """The quality table's rows carry their own quality of knowledge (unrounded; None without students)."""
    if "quality" in shape.columns:
        bottom = row["denominator"]
        row["quality_pct"] = float(Fraction(row["quality"] * 100, bottom)) if bottom else None
    return row


def _percent(shape: Layout, total: dict) -> dict:
    bottom = total["denominator"]
    row = {"year": total["year"]}
    row.update({code: float(Fraction(total[code] * 100, bottom)) if bottom else None for code in shape.columns})
    row["denominator"] = bottom
    row["denominator_count"] = shape.denominator
    row["denominator_counts"] = denominator_label(shape)
    return row


def dynamics(kind: str, shape: Layout, totals: list[dict], span: int | None = None) -> str | None:
    """One sentence in the active language: how each column's total changed from the first year to the last
    ("publications grew from 12 to 42 (up 30)"), leaving out the columns with nothing in either year; for the
    quality table, the quality of knowledge itself. None for one year. `span`: how many years the first and the
    last total lie apart, counted inclusively (by default as many as the totals)."""
    if len(totals) < 2:
        return None
    first, last = totals[0], totals[-1]
    labels = column_labels(kind, shape)
    if kind == "quality":
        changes = [_percent_change(str(_("quality of knowledge")), first.get("quality_pct"), last.get("quality_pct"))]
    else:
        changes = [_count_change(labels[code], first[code], last[code]) for code in shape.columns
                   if first[code] or last[code]]  # fmt: skip
    if not changes:
        return _("Nothing of this table was recorded in %(first)s or %(last)s.") % {
            "first": first["year"], "last": last["year"]}  # fmt: skip
    return ngettext(
        "Over %(count)s year, from %(first)s to %(last)s: %(changes)s.",
        "Over %(count)s years, from %(first)s to %(last)s: %(changes)s.",
        span or len(totals),
    ) % {"count": span or len(totals), "first": first["year"], "last": last["year"], "changes": "; ".join(changes)}


def _count_change(label: str, before: int, after: int) -> str:
    values = {"what": label, "first": before, "last": after, "difference": abs(after - before)}
    if after > before:
        return _("%(what)s grew from %(first)s to %(last)s (up %(difference)s)") % values
    if after < before:
        return _("%(what)s fell from %(first)s to %(last)s (down %(difference)s)") % values
    return _("%(what)s stayed at %(first)s") % values


def _percent_change(label: str, before, after) -> str:
    if before is None or after is None:
        return _("%(what)s cannot be compared (no students with marks in one of the years)") % {"what": label}
    language = get_language()
    before, after = round_half_up(before, 1), round_half_up(after, 1)  # as shown: a change of 0,04 pp is none
    points = _("%(value)s pp") % {"value": format_figure(abs(after - before), "number", places=1, language=language)}
    values = {
        "what": label,
        "first": format_percent(before, language),
        "last": format_percent(after, language),
        "difference": points,
    }
    if after > before:
        return _("%(what)s grew from %(first)s to %(last)s (up %(difference)s)") % values
    if after < before:
        return _("%(what)s fell from %(first)s to %(last)s (down %(difference)s)") % values
    return _("%(what)s stayed at %(first)s") % values
