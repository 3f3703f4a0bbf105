"""Count sources: where the additive counts that indicators are formulas over come from.

Each kind of data (period marks, control works, external tests, each data set, later surveys and
achievements) is one `CountSource`. It names the counts it offers (`marks.n5`, `health.g1`,
`upbringing.level.high`) and sums them for a `CountQuery`, a unit's subtree in some periods, optionally
narrowed and broken down, from its summary tables. A figure is then always the registry's formula over
summed counts (sapat.indicators.registry); no source computes a percentage.

Sources register themselves in their app's `ready()` (`register(MarksSource())`); a family of sources that
grows with data (one per data set) registers a `Family` instead, asked for codes that no fixed source has and
for the sources a unit may use.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from sapat.structure.models import OrgUnit, Period

Number = int | Fraction | None
# A breakdown that groups whole schools, so that a source summing per school serves it: the registry sums the
# school rows of each group (a project's members, a tutor school's group, a named group of units).
SCHOOL_GROUPINGS = ("tutor_group", "unit_group", "project")


@dataclass(frozen=True)
class Count:
    """One count a source offers: its code within the source and what it counts, in the user's language."""

    code: str
    label: object  # a lazy translation or a multilingual name
    per_subject: bool = True  # kept within one subject too (marks: excellent students are not)


@dataclass(frozen=True)
class CountQuery:
    """Which rows a source sums: a unit's subtree in some periods, optionally one subject, one grade or some
    classes; `by` names the breakdown (`school`, `district`, `class`, `subject`, `period`, …; None for one row)."""

    unit: OrgUnit
    periods: tuple[Period, ...]
    subject_id: int | None = None
    grade: int | None = None
    class_ids: tuple[int, ...] | None = None
    by: str | None = None
    school_ids: tuple[int, ...] | None = None  # narrowed to these schools of the unit (a group of schools)

    @property
    def period(self) -> Period:
        return self.periods[0]

    @property
    def within_subject(self) -> bool:
        return self.subject_id is not None or self.by == "subject"


@dataclass
class CountSource:
    """The protocol of a source. Subclasses set `code`, `label` and `breakdowns` and implement `counts()` and
    `sums()`; `period_kinds` is the kinds of period the source has data in (None: any)."""

    code: str = ""
    label: object = ""
    breakdowns: frozenset[str] = field(default_factory=frozenset)
    period_kinds: frozenset[str] | None = None

    def counts(self) -> list[Count]:
        raise NotImplementedError

    def sums(self, query: CountQuery) -> dict[object, dict[str, Number]]:
        """{breakdown value (None without `by`): {count code: summed value, and "as_of": the latest change}}.

        Without `by` there is always one row (zeros when no data). A count not kept for the query (e.g. excellent
        students within one subject) is None."""
        raise NotImplementedError

    def count_codes(self) -> set[str]:
        return {count.code for count in self.counts()}

    def owner_path(self) -> str | None:
        """The path of the unit that owns this source (a school's own data set), None for everyone's."""
        return None


class Family:
    """Sources that come and go with data, e.g. one per data set."""

    def find(self, code: str) -> CountSource | None:
        raise NotImplementedError

    def available(self, unit: OrgUnit | None) -> list[CountSource]:
        """The sources of this family that formulas of `unit` may use (None: of the invariant part)."""
        raise NotImplementedError


_sources: dict[str, CountSource] = {}
_families: list[Family] = []


def register(source: CountSource) -> None:
    _sources[source.code] = source


def register_family(family: Family) -> None:
    if not any(type(known) is type(family) for known in _families):
        _families.append(family)


def source(code: str) -> CountSource | None:
    """The source with this code: a fixed one, else one of a family (a data set)."""
    if code in _sources:
        return _sources[code]
    for family in _families:
        found = family.find(code)
        if found is not None:
            return found
    return None


def fixed_sources() -> Iterable[CountSource]:
    return _sources.values()


def available_sources(unit: OrgUnit | None) -> list[CountSource]:
    """Every source a formula of `unit` may use: the fixed ones and the unit's members of each family."""
    found = list(_sources.values())
    for family in _families:
        found += family.available(unit)
    return found


def split_name(name: str) -> tuple[str, str]:
    """("marks", "n5") from "marks.n5"; ("health", "group.high") from "health.group.high"."""
    head, _dot, rest = name.partition(".")
    return head, rest


def prefixed(rows: Mapping[object, Mapping[str, Number]], code: str) -> dict[object, dict[str, Number]]:
    """A source's rows with every count named by the source: {"n5": 3} → {"marks.n5": 3}."""
    return {
        key: {(name if name == "as_of" else f"{code}.{name}"): value for name, value in row.items()}
        for key, row in rows.items()
    }
