"""What an import found: problems located in the file (sheet, row, column) and counts per kind of thing."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# What the counts are about, in the order the pages show them.
THINGS = {
    "units": _("units"),
    "years": _("academic years"),
    "periods": _("periods"),
    "subjects": _("subjects"),
    "staff": _("staff members"),
    "categories": _("qualification categories"),
    "classes": _("classes"),
    "students": _("students"),
    "enrolments": _("places on class lists"),
    "assignments": _("teaching assignments"),
    "marks": _("period marks"),
    "scores": _("criteria scores"),
    "derived_marks": _("marks derived from scores"),
    "works": _("control works"),
    "results": _("control-work results"),
    "tests": _("external tests"),
    "test_results": _("external test results"),
    "values": _("data set values"),
}
OUTCOMES = ("created", "changed", "unchanged", "removed")
# The most problems kept with an import record; the rest are counted.
PROBLEMS_KEPT = 1000


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a file, where it is: sheet, row number, column letter and header as in the file."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    heading: str = ""

    def as_dict(self) -> dict:
        return {"message": str(self.message), "sheet": self.sheet, "row": self.row, "column": self.column,
                "heading": self.heading}  # fmt: skip

    def where(self) -> str:
        """ "Sheet 8а q1, row 5, column D (Math)" in the active language, for the command line."""
        return where(self.as_dict())


def where(problem: dict) -> str:
    parts = []
    if problem.get("sheet"):
        parts.append(_("sheet %(sheet)s") % {"sheet": problem["sheet"]})
    if problem.get("row"):
        parts.append(_("row %(row)s") % {"row": problem["row"]})
    if problem.get("column"):
        heading = f" ({problem['heading']})" if problem.get("heading") else ""
        parts.append(_("column %(column)s") % {"column": problem["column"]} + heading)
    return ", ".join(str(part) for part in parts)


@dataclass
class Outcome:
    """Counts of created / changed / unchanged / removed things, problems (any refuses the file), warnings."""

    counts: dict = field(default_factory=lambda: defaultdict(lambda: dict.fromkeys(OUTCOMES, 0)))
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def add(self, thing: str, outcome: str, number: int = 1) -> None:
        self.counts[thing][outcome] += number

    def merge(self, other: "Outcome") -> None:
        for thing, row in other.counts.items():
            for outcome, number in row.items():
                self.add(thing, outcome, number)
        self.problems += other.problems
        self.warnings += other.warnings

    def plain_counts(self) -> dict:
        """The counts in the order of THINGS, without things nothing happened to, for storing as JSON."""
        ordered = sorted(self.counts.items(), key=lambda item: list(THINGS).index(item[0]))
        return {thing: dict(row) for thing, row in ordered if any(row.values())}


def count_rows(counts: dict) -> list[dict]:
    """Rows for a page: the thing's name in the active language and its numbers."""
    return [{"thing": THINGS.get(thing, thing), **row} for thing, row in counts.items()]
