"""Comparison: a unit against its parent and its peers; control works of the two half-years; control marks
against journal marks (objectivity) per class, subject and teacher.

Every value is computed from summed counts (sapat.indicators.selectors.figures), never averaged; each comes
with its group size N so that a page can say when a difference is too small to mean anything
(honesty.py). The control-work analysis itself is sapat.indicators.control; this module only groups it.
"""

from dataclasses import dataclass, field

from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Subject


@dataclass(frozen=True)
class Entry:
    """One unit in a comparison: kind (class, parallel, school, district, region), key (unit code; "A:8б" for
    a class, "A:8" for a parallel), name, value (unrounded, None without data) and N (students)."""

    kind: str
    key: str
    name: str
    value: float | None
    n: int
    id: int | None = None
    is_self: bool = False

    def as_dict(self) -> dict:
        keys = ("kind", "key", "name", "value", "n", "id", "is_self")
        return {key: getattr(self, key) for key in keys}


@dataclass(frozen=True)
class Comparison:
    """The unit, its parents (nearest first) and its peers (best value first, the unit itself among them)."""

    indicator: str
    year: str
    period: str
    subject_id: int | None
    unit: Entry
    parents: tuple[Entry, ...] = field(default_factory=tuple)
    peers: tuple[Entry, ...] = field(default_factory=tuple)
    peer_kind: str = ""  # "parallel" (classes of the parallel), "school_kind", "district", "region"

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "year": self.year,
            "period": self.period,
            "subject_id": self.subject_id,
            "unit": self.unit.as_dict(),
            "parents": [e.as_dict() for e in self.parents],
            "peers": [e.as_dict() for e in self.peers],
            "peer_kind": self.peer_kind,
        }


def compare_class(school_class: SchoolClass, period: Period, indicator: str, *, subject_id: int | None = None
                  ) -> Comparison:  # fmt: skip
    """A class against its parallel and its school; peers: the classes of the parallel. Five queries."""
    raise NotImplementedError


def compare_unit(
    unit: OrgUnit,
    period: Period,
    indicator: str,
    *,
    subject_id: int | None = None,
    peers_within: OrgUnit | None = None,
) -> Comparison:
    """A school against its district (and region), peers: schools of the same kind in the district (or in
    `peers_within`, e.g. the region); a district against its region, peers: the region's districts; a region
    against the other regions of its country. A constant number of queries, whatever the number of peers."""
    raise NotImplementedError


def control_halves(unit: OrgUnit, year: AcademicYear, subject: Subject, *, first: str = "h1", second: str = "h2"
                   ) -> dict:  # fmt: skip
    """The second half-year control work against the first, per class and in total, with the change
    Δ = second − first: exactly `sapat.indicators.control.control_analysis(work=second, compare=first)`."""
    raise NotImplementedError


@dataclass(frozen=True)
class ObjectivityRow:
    """How control-work marks compare with journal marks of a period for one class, subject or teacher.

    compared: students with both a control mark and a journal 5/4/3/2; no_journal_mark: wrote the work but
    have no such journal mark (missing, н/а, exempt); confirmed/raised/lowered: control mark equal to, higher
    or lower than the journal mark ("lowered" = the journal mark is not confirmed); *_pct of compared."""

    key: str
    name: str
    wrote: int
    compared: int
    confirmed: int
    raised: int
    lowered: int
    id: int | None = None

    @property
    def no_journal_mark(self) -> int:
        return self.wrote - self.compared

    def pct(self, verdict: str) -> float | None:
        from sapat.indicators.catalogue import ratio

        return ratio(getattr(self, verdict), self.compared, 100)

    def as_dict(self) -> dict:
        keys = ("key", "name", "id", "wrote", "compared", "no_journal_mark", "confirmed", "raised", "lowered")
        row = {key: getattr(self, key) for key in keys}
        return {**row, **{f"{v}_pct": self.pct(v) for v in ("confirmed", "raised", "lowered")}}


def objectivity_table(
    unit: OrgUnit,
    year: AcademicYear,
    work: str,
    period: Period,
    *,
    by: str = "class",
    subject: Subject | None = None,
) -> tuple[list[ObjectivityRow], ObjectivityRow]:
    """Control marks of the works with code `work` (e.g. "h1") against journal marks of `period` (e.g. h1),
    grouped `by` "class" (key "A:8б"), "subject" (subject code) or "teacher" (staff id as text; a class with two
    teachers of the subject counts for both), with the unit's total. Each student is judged by
    sapat.indicators.control.objectivity. A constant number of queries."""
    raise NotImplementedError
