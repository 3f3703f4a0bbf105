"""Each data set is a count source (sapat.indicators.sources): its counts are summed from `DataSummary`.

Counts of a data set `health`, named in formulas as `health.<count>`:

- `reported`: the units (classes, students) that gave at least one value;
- `<element>`: for a number or yes/no element the sum of its values (yes = 1), for an option element the
  number of answers;
- `<element>.answered`: how many units (classes, students) gave the element a value;
- `<element>.<option>`: for an option element, the number of answers with that option.
"""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import unscoped
from sapat.core.snapshots import Snapshot
from sapat.indicators.sources import Count as Offered
from sapat.indicators.sources import CountQuery, CountSource, Family
from sapat.structure.models import OrgUnit

from .models import DataElement, DataSet, DataSummary

# Breakdown name -> the DataSummary field it groups by, by the kind of unit that submits.
GROUP_FIELDS = {
    "school": {"school": "unit_id"},
    "district": {"school": "unit__parent_id", "district": "unit_id"},
    "region": {"school": "unit__parent__parent_id", "district": "unit__parent_id", "region": "unit_id"},
    "class": {"school": "class_key"},
    "parallel": {"school": "grade"},
    "period": {"school": "period_id", "district": "period_id", "region": "period_id"},
}


class DataSetSource(CountSource):
    """The counts of one data set's values."""

    def __init__(self, dataset: DataSet, elements: list[DataElement]):
        kind = dataset.reporting_kind
        super().__init__(
            code=dataset.code,
            label=dataset.name,
            breakdowns=frozenset(by for by, fields in GROUP_FIELDS.items() if kind in fields),
            period_kinds=frozenset({dataset.period_kind}),
        )
        self.dataset = dataset
        self.elements = elements
        self.element_code = {element.pk: element.code for element in elements}
        self.option_code = {o.pk: o.code for element in elements for o in element.options.all()}

    def counts(self) -> list[Offered]:
        offered = [Offered("reported", _("reported"))]
        for element in self.elements:
            offered.append(Offered(element.code, element.name))
            offered.append(Offered(f"{element.code}.answered", element.name))
            offered += [Offered(f"{element.code}.{o.code}", o.name) for o in element.options.all()]
        return offered

    def owner_path(self) -> str | None:
        return self.dataset.owner.path if self.dataset.owner_id else None

    @unscoped("an indicator source: the summed values under a unit whose figures were asked")
    def sums(self, query: CountQuery) -> dict:
        if query.by is not None and query.by not in self.breakdowns:
            return {}
        group = GROUP_FIELDS[query.by][self.dataset.reporting_kind] if query.by else None
        rows = self._rows(query)
        keys = [group] if group else []
        found = rows.values(*keys, "element_key", "option_key").order_by()
        found = found.annotate(answers=Sum("answers"), total=Sum("total"), as_of=Max("as_of"))
        result: dict = defaultdict(self._empty)
        for row in found:
            key = row[group] if group else None
            self._add(result[key], row)
        if query.by is None and None not in result:  # one row even without data
            result[None] = self._empty()
        if query.subject_id is not None:
            return {key: dict.fromkeys(value, None) | {"as_of": value["as_of"]} for key, value in result.items()}
        return dict(result)

    def _empty(self) -> dict:
        counts = {"reported": 0, "as_of": None}
        for element in self.elements:
            counts[element.code] = 0
            counts[f"{element.code}.answered"] = 0
            counts.update({f"{element.code}.{o.code}": 0 for o in element.options.all()})
        return counts

    def _add(self, counts: dict, row: dict) -> None:
        counts["as_of"] = max(filter(None, (counts["as_of"], row["as_of"])), default=None)
        if not row["element_key"]:
            counts["reported"] += row["answers"]
            return
        code = self.element_code.get(row["element_key"])
        if code is None:
            return
        if row["option_key"]:
            counts[f"{code}.{self.option_code[row['option_key']]}"] += row["answers"]
            counts[code] += row["answers"]
        else:
            counts[code] += _exact(row["total"])
        counts[f"{code}.answered"] += row["answers"]

    def _rows(self, query: CountQuery):
        kind = self.dataset.reporting_kind
        units = OrgUnit.objects.subtree(query.unit).filter(kind=kind).values("pk")
        rows = DataSummary.objects.filter(
            dataset=self.dataset, period__in=[p.pk for p in query.periods], unit_id__in=units
        )
        if query.school_ids is not None:
            rows = rows.filter(unit_id__in=query.school_ids)
        if query.class_ids is not None:
            rows = rows.filter(class_key__in=query.class_ids)
        if query.grade is not None:
            rows = rows.filter(grade=query.grade)
        return rows


def _exact(total) -> int | Fraction:
    value = Fraction(total or 0)
    return int(value) if value.denominator == 1 else value


class DataSetFamily(Family):
    """One source per data set, from a per-process snapshot of the data sets and their elements."""

    Source = DataSetSource

    def find(self, code: str) -> DataSetSource | None:
        return _snapshot.get().get(code)

    def available(self, unit: OrgUnit | None) -> list[DataSetSource]:
        """The data sets shipped for everyone (of the unit's country) and those of the unit and the units above;
        for None (the invariant part) the shipped ones only."""
        found = []
        for source in _snapshot.get().values():
            dataset, owner = source.dataset, source.owner_path()
            if unit is None:
                if owner is None:
                    found.append(source)
            elif (not dataset.country or dataset.country == unit.country) and (
                owner is None or unit.path.startswith(owner)
            ):
                found.append(source)
        return found


@unscoped("the registry's snapshot of every data set and its elements (reference data for every page)")
def _load() -> dict[str, DataSetSource]:
    elements = defaultdict(list)
    for element in DataElement.objects.prefetch_related("options").order_by("order", "pk"):
        elements[element.dataset_id].append(element)
    datasets = DataSet.objects.select_related("owner")
    return {dataset.code: DataSetSource(dataset, elements[dataset.pk]) for dataset in datasets}


@unscoped("the registry's snapshot: how many data sets there are and when one last changed")
def _stamp():
    """A data set's services save the data set after its elements, so its `changed_at` covers them."""
    found = DataSet.objects.aggregate(n=Count("id"), last=Max("changed_at"))
    return found["n"], found["last"]


_snapshot = Snapshot(_load, _stamp)


def forget(**kwargs) -> None:
    _snapshot.forget()
