"""Comparison: a unit against its parent and its peers; control works of the two half-years; control marks
against journal marks (objectivity) per class, subject and teacher.

Every value is computed from summed counts (sapat.indicators.selectors.figures), never averaged; each comes
with its group size N so that a page can say when a difference is too small to mean anything
(honesty.py). The control-work analysis itself is sapat.indicators.control; this module only groups it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sapat.assessment.models import ControlResult, ControlWork, PeriodMark
from sapat.core.querysets import unscoped
from sapat.indicators.control import control_analysis, objectivity
from sapat.indicators.selectors import Filter, figures
from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Subject, TeachingAssignment

from .counts import size_of, value_of
from .ratings import lower_is_better


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


def compare_class(
    school_class: SchoolClass, period: Period, indicator: str, *, subject_id: int | None = None
) -> Comparison:
    """A class against its parallel and its school; peers: the classes of the parallel. Seven queries."""
    school, grade = school_class.school, school_class.grade
    base = Filter(school, period, subject_id=subject_id, grade=grade)
    by_class = figures(base, by="class")
    classes = SchoolClass.objects.filter(school=school, year_id=period.year_id, grade=grade)
    peers = [
        _entry("class", c, by_class.get(c.pk), indicator, key=f"{school.code}:{c.name}", me=school_class.pk)
        for c in classes.order_by("letter")
    ]
    parallel_name = _("parallel %(grade)s") % {"grade": grade}
    parallel = Entry("parallel", f"{school.code}:{grade}", parallel_name, *_value(figures(base)[None], indicator))
    whole = _entry("school", school, figures(Filter(school, period, subject_id=subject_id))[None], indicator)
    me = next(entry for entry in peers if entry.is_self)
    return Comparison(
        indicator,
        period.year.code,
        period.code,
        subject_id,
        me,
        (parallel, whole),
        _best_first(peers, indicator),
        "parallel",
    )


@unscoped("comparison with the parents and peers: their aggregate figures are shown to whoever oversees the unit")
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
    has neither. A constant number of queries (two per parent, three for the peers), whatever their number."""
    parents = tuple(
        _entry(parent.kind, parent, figures(Filter(parent, period, subject_id=subject_id))[None], indicator)
        for parent in reversed(list(unit.ancestors()))
    )
    peers, peer_kind = _peers(unit, period, indicator, subject_id, peers_within)
    me = next((entry for entry in peers if entry.is_self), None)
    if me is None:
        me = _entry(unit.kind, unit, figures(Filter(unit, period, subject_id=subject_id))[None], indicator, me=unit.pk)
    return Comparison(indicator, period.year.code, period.code, subject_id, me, parents, peers, peer_kind)


def _peers(unit, period, indicator, subject_id, within) -> tuple[tuple[Entry, ...], str]:
    """The unit and its peers with their values: one grouped sum under the parent and one query for the units."""
    if unit.kind == OrgUnit.Kind.REGION or unit.parent_id is None:
        return (), ""
    within = within or unit.parent
    units = OrgUnit.objects.filter(path__startswith=within.path, kind=unit.kind)
    if unit.kind == OrgUnit.Kind.SCHOOL:
        units, by, peer_kind = units.filter(school_kind=unit.school_kind), "school", "school_kind"
    else:
        by, peer_kind = "district", "district"
    values = figures(Filter(within, period, subject_id=subject_id), by=by)
    entries = [_entry(unit.kind, peer, values.get(peer.pk), indicator, me=unit.pk) for peer in units]
    return _best_first(entries, indicator), peer_kind


def control_halves(
    unit: OrgUnit, year: AcademicYear, subject: Subject, *, first: str = "h1", second: str = "h2"
) -> dict:
    """The second half-year control work against the first, per class and in total, with the change
    Δ = second − first: exactly `sapat.indicators.control.control_analysis(work=second, compare=first)`."""
    return control_analysis(unit=unit, year=year, subject=subject, work=second, compare=first)


def _value(row: dict | None, indicator: str) -> tuple[float | None, int]:
    return value_of(row, indicator), size_of(row)


def _entry(kind: str, obj, row: dict | None, indicator: str, *, key: str | None = None, me: int | None = None) -> Entry:
    value, n = _value(row, indicator)
    return Entry(kind, key or obj.code, obj.name, value, n, obj.pk, obj.pk == me)


def _best_first(entries: list[Entry], indicator: str) -> tuple[Entry, ...]:
    """Best value first (lowest for indicators where less is better); units without a value last, in order."""
    sign = 1 if lower_is_better(indicator) else -1
    return tuple(sorted(entries, key=lambda e: (e.value is None, 0 if e.value is None else sign * e.value)))


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


@unscoped("an analysis engine: the control works under a unit the caller checked the user oversees")
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
    works = ControlWork.objects.filter(school__path__startswith=unit.path, year=year, code=work)
    if subject is not None:
        works = works.filter(subject=subject)
    works = {w.pk: w for w in works.select_related("school", "school_class", "subject")}
    results = list(ControlResult.objects.filter(work_id__in=works).values_list("work_id", "student_id", "mark"))
    journal = _journal(period, results, works)
    groups = _groups(by, works)
    tallies = defaultdict(lambda: dict.fromkeys(("wrote", "compared", "confirmed", "raised", "lowered"), 0))
    for work_id, student_id, mark in results:
        found = objectivity(mark, journal.get((student_id, works[work_id].subject_id)))
        for key in groups["of"][work_id]:
            _count(tallies[key], found)
        _count(tallies[None], found)
    rows = [_objectivity_row(groups["labels"][key], tallies[key]) for key in groups["order"] if key in tallies]
    total = _objectivity_row((unit.code, unit.name, unit.pk), tallies[None])
    return rows, total


def _objectivity_row(label: tuple, tally: dict) -> ObjectivityRow:
    key, name, pk = label
    return ObjectivityRow(key=key, name=name, id=pk, **tally)


def _journal(period: Period, results: list, works: dict) -> dict:
    students = {student_id for _, student_id, _ in results}
    subjects = {w.subject_id for w in works.values()}
    marks = PeriodMark.objects.filter(period=period, student_id__in=students, subject_id__in=subjects)
    return {
        (student, subject): value for student, subject, value in marks.values_list("student_id", "subject_id", "value")
    }


def _count(tally: dict, verdict: str | None) -> None:
    tally["wrote"] += 1
    if verdict:
        tally["compared"] += 1
        tally[verdict] += 1


def _groups(by: str, works: dict) -> dict:
    """For each work, the keys of the rows it counts in; each key's (key, name, id) and the order of rows."""
    ordered = sorted(
        works.values(), key=lambda w: (w.school.path, w.school_class.grade, w.school_class.letter, w.subject.code)
    )
    if by == "class":
        labels = {
            w.school_class_id: (f"{w.school.code}:{w.school_class.name}", w.school_class.name, w.school_class_id)
            for w in ordered
        }
        of = {pk: [w.school_class_id] for pk, w in works.items()}
    elif by == "subject":
        labels = {w.subject_id: (w.subject.code, w.subject.name, w.subject_id) for w in ordered}
        of = {pk: [w.subject_id] for pk, w in works.items()}
    elif by == "teacher":
        return _teacher_groups(works)
    else:
        raise ValueError(f"Unknown grouping: {by}")
    order = sorted(labels, key=lambda key: labels[key][0]) if by == "subject" else list(labels)
    return {"labels": labels, "of": of, "order": order}


def _teacher_groups(works: dict) -> dict:
    """Teachers of each work's class and subject (TeachingAssignment); a work with no teacher counts only in
    the total. Rows in the order of teachers' names."""
    pairs = {(w.school_class_id, w.subject_id): [] for w in works.values()}
    assignments = TeachingAssignment.objects.filter(
        school_class_id__in={c for c, _ in pairs}, subject_id__in={s for _, s in pairs}
    ).select_related("teacher")
    labels = {}
    for a in assignments:
        if (a.school_class_id, a.subject_id) in pairs:
            pairs[(a.school_class_id, a.subject_id)].append(a.teacher_id)
            labels[a.teacher_id] = (str(a.teacher_id), a.teacher.full_name, a.teacher_id)
    of = {pk: pairs[(w.school_class_id, w.subject_id)] for pk, w in works.items()}
    order = sorted(labels, key=lambda key: (labels[key][1], key))
    return {"labels": labels, "of": of, "order": order}
