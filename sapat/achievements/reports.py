"""The tables of `sapat table` as sources of the comparative report (sapat.reports.builders.comparative):
`source=categories`, `student-achievements`, `teacher-achievements` or `activities`. The same counts through the
same layout; the report adds the units × years table with its total row, the percentage row over the
denominator column (shown beside), a rating where an indicator of the registry fits, in every format."""

from sapat.indicators.catalogue import BY_CODE
from sapat.reports.builders.comparative import GROUP_LEVELS, Measure, Values
from sapat.reports.document import COUNT, PERCENT
from sapat.structure.models import AcademicYear, OrgUnit, Period

from .tables import KINDS, column_labels, counted_by, denominator_label, dynamics, layout, with_quality

RATED = {"student-achievements": "ach_student_awarded_pct", "teacher-achievements": "ach_staff_coverage"}


class TableSource:
    """One kind of `sapat table` (counted by persons, winners and prize-winners for the achievements)."""

    def __init__(self, kind: str):
        self.kind = self.code = kind

    def measures(self, unit: OrgUnit | None = None) -> list[Measure]:
        shape = layout(self.kind, unit) if unit is not None else None
        if shape is None:
            return []
        labels = column_labels(self.kind, shape)
        found = [Measure(code, labels[code], COUNT, share_of="denominator") for code in shape.columns]
        found.append(Measure("denominator", denominator_label(shape), COUNT))
        if self.kind == "quality":  # each row's own quality of knowledge beside its counts
            found.append(Measure("quality_pct", str(BY_CODE["quality_pct"].name), PERCENT))
        return found

    def values(self, unit: OrgUnit, level: str, year: AcademicYear, period_code: str) -> Values:
        period = Period.objects.filter(year=year, code="year").first()
        if period is None:
            return Values({}, {})
        shape = layout(self.kind, unit)
        counted = counted_by(shape, unit, period, level)
        units = {key: _columns(shape, row) for key, row in counted.items()}
        if level in GROUP_LEVELS:  # the groups' own total (a project's members), not the whole unit's
            total = {code: sum(row[code] for row in units.values()) for code in (*shape.columns, "denominator")}
            stamps = [row.get("as_of") for row in counted.values() if row.get("as_of")]
            return Values(units, with_quality(shape, total), max(stamps) if stamps else None)
        total = counted_by(shape, unit, period, None)[None]
        return Values(units, _columns(shape, total), total.get("as_of"))

    def rated(self) -> str | None:
        return RATED.get(self.kind)

    def members_only(self, values: Values, project, year: AcademicYear) -> Values:
        """The rows of the project's member schools on the year's last day, and their own total (the counts are
        additive): a school that left counts only in the years it was still a member at the end of."""
        from sapat.projects.selectors import members_on

        period = Period.objects.filter(year=year, code="year").first()  # the day `sapat table --project` takes
        day = period.ends_on if period is not None else year.ends_on
        members = set(members_on(day).filter(project=project).values_list("school_id", flat=True))
        units = {key: row for key, row in values.units.items() if key in members}
        shape = layout(self.kind, project.owner)
        codes = [*shape.columns, "denominator"]
        total = {code: sum(row.get(code) or 0 for row in units.values()) for code in codes}
        return Values(units, with_quality(shape, total), values.as_of)

    def dynamics(self, unit: OrgUnit, years, per_year: dict) -> str | None:
        """The table's written dynamics over the totals of the first and the last year (tables.dynamics)."""
        shape = layout(self.kind, unit)
        totals = [{"year": y.code, **(per_year[y.code].total or _columns(shape, {}))} for y in years]
        for total in totals:
            with_quality(shape, total)
        return dynamics(self.kind, shape, totals)


def _columns(shape, counts: dict) -> dict:
    row = {code: shape.value(counts, code) for code in shape.columns}
    row["denominator"] = int(counts.get(shape.denominator) or 0)
    return with_quality(shape, row)


def register() -> None:
    from sapat.reports.builders.comparative import register_source

    for kind in KINDS:
        register_source(TableSource(kind))
