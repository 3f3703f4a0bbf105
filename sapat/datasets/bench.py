"""The data sets' part of `make bench` (sapat.bench): budgets of DESIGN.md for the registry and data sets.

On the benchmark's demo it loads the shipped data sets for the region, enters the health groups of every class
and the upbringing level of every student on a list through the values service (school by school, the way
forms and imports do), defines a variative indicator of the region over the upbringing levels, and prints:

- the time to enter the region's values, and values per second;
- a variative indicator for the whole region, a district and a school: p50 / p95 (budget: region p95 < 50 ms);
- the same indicator broken down by school for the region (what a rating or a comparative report asks);
- a data-set form of 200 cells (a class's students × enough elements) saved: p50 / p95 (budget: < 300 ms).

The dashboards' page budgets are measured after it (sapat.bench.PageReport), with the data sets on the pages.
"""

import random

from sapat.bench import _percentiles, _time

CELLS = 200  # the form of the budget


def run(report) -> None:
    from django.core.management import call_command

    from sapat.structure.models import OrgUnit

    regions = OrgUnit.objects.filter(kind="region")
    region = max(regions, key=lambda r: OrgUnit.objects.subtree(r).schools().count())  # the demo's big one
    call_command("load_dataset", "--shipped", f"--assign-to={region.code}", stdout=_Quiet())
    with report.timed("data sets: health and upbringing of the region entered") as timer:
        values = _enter_region(region)
    report.line("  values entered / per second", f"{values:,} / {values / timer.seconds:,.0f}")
    _indicator_latencies(report, region)
    _form_latency(report, region)


class _Quiet:
    def write(self, text):
        return len(text)

    def flush(self):
        return None


def _period(school, kind: str):
    from sapat.structure.models import Period
    from sapat.structure.selectors import current_year

    return Period.objects.filter(year=current_year(school.country), kind=kind).order_by("starts_on").last()


def _enter_region(region) -> int:
    from sapat.datasets.forms import targets_of
    from sapat.datasets.models import DataSet
    from sapat.datasets.selectors import form_classes
    from sapat.datasets.services import ValueEntry, values_save
    from sapat.demo.datasets import VALUES
    from sapat.structure.models import OrgUnit

    datasets = {d.code: d for d in DataSet.objects.filter(code__in=("health", "upbringing"))}
    entered = 0
    for school in OrgUnit.objects.subtree(region).schools().order_by("path"):
        for code, dataset in datasets.items():
            period = _period(school, dataset.period_kind)
            rng = random.Random(f"bench-{code}-{school.code}")
            elements = {e.code: e for e in dataset.elements.prefetch_related("options")}
            classes = form_classes(dataset, period, school) if dataset.level == "student" else [None]
            entries = []
            for school_class in classes:
                for target in targets_of(dataset, school, period, school_class):
                    cells = VALUES[code](target, period, rng)
                    entries += [ValueEntry(elements[k], target, str(v)) for k, v in cells.items() if k in elements]
            if entries:
                values_save(dataset=dataset, period=period, entries=entries, note="bench")
                entered += len(entries)
    return entered


def _indicator_latencies(report, region) -> None:
    from sapat.indicators import registry
    from sapat.indicators.services import Definition, indicator_define
    from sapat.indicators.sources import CountQuery
    from sapat.structure.models import OrgUnit

    names = {"en": "students at a high or good level of upbringing"}
    indicator_define(
        definition=Definition(
            code="bench_upbringing",
            owner=region,
            names=names,
            numerator="upbringing.level.high + upbringing.level.good",
            denominator="upbringing.level",
            factor=100,
        )
    )
    entry = registry.current().get("bench_upbringing", region)
    period = _period(region, "year")
    rng = random.Random(5)
    districts = list(OrgUnit.objects.filter(kind="district", path__startswith=region.path))
    schools = list(OrgUnit.objects.filter(kind="school", path__startswith=region.path))
    cases = {
        "region": lambda: CountQuery(region, (period,)),
        "district": lambda: CountQuery(rng.choice(districts), (period,)),
        "school": lambda: CountQuery(rng.choice(schools), (period,)),
        "region by school": lambda: CountQuery(region, (period,), by="school"),
    }
    for label, pick in cases.items():
        samples = [_time(lambda pick=pick: registry.evaluate([entry], pick())) for _ in range(100)]
        report.line(f"variative indicator, {label}: p50 / p95", _percentiles(samples))
    value = registry.evaluate([entry], CountQuery(region, (period,)))[None]["bench_upbringing"]
    report.line("  its value for the region", f"{value:.1f} %")


def _form_latency(report, region) -> None:
    """A student-level form of the largest class of the first school, with as many elements as make 200 cells,
    every cell changed at each save."""
    from sapat.datasets.definitions import dataset_load
    from sapat.datasets.forms import targets_of
    from sapat.datasets.services import ValueEntry, values_save
    from sapat.structure.models import OrgUnit, SchoolClass

    school = OrgUnit.objects.subtree(region).schools().order_by("path").first()
    period = _period(school, "year")
    classes = SchoolClass.objects.filter(school=school, year=period.year)
    klass = max(classes, key=lambda c: c.enrolments.count())
    size = klass.enrolments.count()
    count = -(-CELLS // size)  # enough elements for 200 cells
    names = {"en": "element"}
    dataset = dataset_load(
        {
            "code": "bench_form",
            "names": {"en": "200 cells"},
            "level": "student",
            "period_kind": "year",
            "elements": [
                {"code": f"e{i}", "names": names, "type": "integer", "min": 0, "max": 1000} for i in range(count)
            ],
            "rules": [
                {"left": "e0 + e1", "op": "<=", "right": "2000"},
                {"left": "e2", "op": ">=", "right": "0", "importance": "soft"},
            ],
            "assign_to": [region.code],
        }
    )
    elements = list(dataset.elements.all())
    targets = targets_of(dataset, school, period, klass)
    cells = [(target, element) for target in targets for element in elements][:CELLS]
    samples = []
    for round_number in range(20):
        entries = [ValueEntry(e, t, str(round_number + i % 7)) for i, (t, e) in enumerate(cells)]
        samples.append(_time(lambda entries=entries: values_save(dataset=dataset, period=period, entries=entries)))
    report.line(f"data-set form of {len(cells)} cells saved: p50 / p95", _percentiles(samples))


def main() -> None:
    """`python -m sapat.datasets.bench [--size district|region] [--url DATABASE_URL]`: this part alone, on the
    demo's structure without marks (a fresh SQLite file unless --url names a database to overwrite)."""
    import argparse
    import tempfile
    from pathlib import Path

    from sapat.bench import Report, fresh_sqlite, setup_django

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--size", default="region", choices=["school", "district", "region"])
    parser.add_argument("--url")
    args = parser.parse_args()
    url = args.url or fresh_sqlite(Path(tempfile.gettempdir()) / "sapat-datasets-bench.sqlite3")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"\n== Data sets benchmark on {connection.vendor} ({args.size})")
    report = Report()
    with report.timed("demo structure (units, classes, students, staff)"):
        call_command("demo_data", size=args.size, seed=1, structure_only=True, verbosity=0, stdout=_Quiet())
    run(report)


if __name__ == "__main__":
    main()
