"""The control works source: the counts of administrative control works (seed 002) written in a period.

Counts: `on_roll` (students on the class list on the day each work was written, summed over the works),
`wrote`, and `n5` … `n2` (the control-work marks). A period takes the works written between its first and last
day; a subject narrows them to the works of that subject.
"""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from sapat.assessment.models import ControlResult, ControlWork
from sapat.structure.models import OrgUnit

from . import Count as Offered
from . import CountQuery, CountSource

MARKS = {"5": "n5", "4": "n4", "3": "n3", "2": "n2"}
COUNTS = ("on_roll", "wrote", *MARKS.values())
GROUP_FIELDS = {
    "school": "school_id",
    "district": "school__parent_id",
    "class": "school_class_id",
    "parallel": "school_class__grade",
    "subject": "subject_id",
}


class ControlSource(CountSource):
    def __init__(self):
        super().__init__(code="control", label=_("control works"), breakdowns=frozenset(GROUP_FIELDS))

    def counts(self) -> list[Offered]:
        return [
            Offered("on_roll", _("students on the list on the day of the work")),
            Offered("wrote", _("students who wrote the work")),
            *(Offered(code, _("control-work marks %(mark)s") % {"mark": mark}) for mark, code in MARKS.items()),
        ]

    def sums(self, query: CountQuery) -> dict:
        from sapat.indicators.control import with_on_roll

        works = _works(query)
        group = GROUP_FIELDS.get(query.by) if query.by else None
        keys = {}
        totals: dict = defaultdict(lambda: {**dict.fromkeys(COUNTS, 0), "as_of": None})
        for work in with_on_roll(works).values("pk", "on_roll", *([group] if group else [])):
            keys[work["pk"]] = work[group] if group else None
            totals[keys[work["pk"]]]["on_roll"] += work["on_roll"] or 0
        marks = (
            ControlResult.objects.filter(work__in=works).values("work_id", "mark").order_by().annotate(n=Count("id"))
        )
        for row in marks:
            target = totals[keys[row["work_id"]]]
            target[MARKS[row["mark"]]] += row["n"]
            target["wrote"] += row["n"]
        if query.by is None and None not in totals:  # one row even without data
            totals[None] = {**dict.fromkeys(COUNTS, 0), "as_of": None}
        return dict(totals)


def _works(query: CountQuery):
    first = min(period.starts_on for period in query.periods)
    last = max(period.ends_on for period in query.periods)
    works = ControlWork.objects.filter(
        school_id__in=OrgUnit.objects.school_ids_under(query.unit), written_on__range=(first, last)
    )
    if query.subject_id is not None:
        works = works.filter(subject_id=query.subject_id)
    if query.grade is not None:
        works = works.filter(school_class__grade=query.grade)
    if query.class_ids is not None:
        works = works.filter(school_class_id__in=query.class_ids)
    if query.school_ids is not None:
        works = works.filter(school_id__in=query.school_ids)
    return works
