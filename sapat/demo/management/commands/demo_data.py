"""`sapat demo-data --size school|district|region --seed N [--if-empty]`: fill an empty database with demo data."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from sapat.demo import generator
from sapat.demo.college import generate_college
from sapat.demo.datasets import generate_datasets, generate_submissions
from sapat.demo.kzproject import generate_kz_project
from sapat.demo.results import first_schools, generate_results

# SQLite's page cache for the load (256 MiB instead of 2 MiB): the indexes of a million marks fit in it, so
# pages are written once at the commit instead of spilled and written again; on the shared 2-core machine the
# district's marks went from mostly waiting on the disk to mostly computing (docs/cli.md).
SQLITE_CACHE_KIB = 262_144


def _large_cache() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that the text is translated when the help is shown rather than at import.
        return _(
            "Fill an empty database with realistic demo data: units, calendars, staff, classes, students, logins, "
            "marks and control works."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=generator.SIZES,
            default="district",
            help=_(
                "school: one school; district: one district of about 12 schools; region: 11 districts, 300+ schools."
            ),
        )
        parser.add_argument("--seed", type=int, default=1, help=_("The same seed always gives the same data."))
        parser.add_argument(
            "--structure-only",
            action="store_true",
            help=_("Leave out the results (period marks of every year, their summaries, control works)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing (and succeed) when the database already holds units."),
        )

    def handle(self, *args, size, seed, if_empty, structure_only=False, **options):
        if generator.has_units():
            if if_empty:
                self.stdout.write(_("The database already holds units: no demo data was added."))
                return
            raise CommandError(_("The database already holds units; demo data is loaded only into an empty database."))
        started = time.perf_counter()
        _large_cache()
        demo = generator.generate(size=size, seed=seed, report=self._progress)
        if not structure_only:
            stage_started = time.perf_counter()
            demo.counts.update(generate_results(seed=seed))
            self._progress(_("results"), time.perf_counter() - stage_started)
        stage_started = time.perf_counter()  # before the data sets: the college keeps its own
        demo.counts["college"] = generate_college(seed=seed, with_marks=not structure_only)
        self._progress(_("college"), time.perf_counter() - stage_started)
        if not structure_only:
            stage_started = time.perf_counter()
            demo.counts["values"] = generate_datasets(seed=seed, first_schools=first_schools())
            generate_submissions()
            self._progress(_("data sets"), time.perf_counter() - stage_started)
            stage_started = time.perf_counter()
            demo.counts.update(generate_kz_project(seed=seed))
            self._progress(_("regional project"), time.perf_counter() - stage_started)
        self._summary(demo, time.perf_counter() - started)

    def _progress(self, stage: str, seconds: float) -> None:
        self.stdout.write("  " + _("%(stage)s: %(seconds).1f s") % {"stage": stage, "seconds": seconds})

    def _summary(self, demo, seconds: float) -> None:
        counts = demo.counts
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data of size %(size)s, seed %(seed)s, loaded in %(seconds).1f s.")
                % {"size": demo.size, "seed": demo.seed, "seconds": seconds}
            )
        )
        rows = [
            (_("schools"), len(demo.units.schools)),
            (_("classes"), counts["classes"]),
            (_("students"), counts["students"]),
            (_("students on the lists of the current year"), generator.current_students()),
            (_("enrolments"), counts["enrolments"]),
            (_("staff"), counts["staff"]),
            (_("qualification categories"), counts["categories"]),
            (_("teaching assignments"), counts["assignments"]),
            (_("methodical associations"), counts["associations"]),
            (_("logins"), counts["users"]),
        ]
        if "marks" in counts:  # not with --structure-only
            rows += [(_("period marks"), counts["marks"]), (_("control work results"), counts["control_results"])]
            rows += [(_("external test results"), counts["external_results"])]
            rows += [(_("data set values"), counts["values"])]
        if "project_members" in counts:
            rows += [(_("member schools of the regional project"), counts["project_members"]),
                     (_("participations in events"), counts["participations"]),
                     (_("professional activities"), counts["activities"]),
                     (_("criteria-based scores"), counts["scores"])]  # fmt: skip
        for label, count in rows:
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            _("Logins: run `sapat demo-logins`; every demo password is %(password)s.")
            % {"password": generator.DEMO_PASSWORD}
        )
