"""What a dashboard shows, as plain GET parameters: ?year=2024-2025&period=q2&subject=math&indicator=quality_pct.

Plain parameters keep every dashboard bookmarkable and sendable; an unknown value falls back to the default
instead of failing, so an old link still opens. Defaults: the academic year running today (else the latest
that has started), its most recently ended period (the longest of those ending the same day, so a finished
year opens on the year), or, before any has ended, the first one.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from sapat.indicators.catalogue import marks_entries
from sapat.structure.models import AcademicYear, Period, Subject

DEFAULT_INDICATOR = "quality_pct"


def indicators_compared() -> dict:
    """The indicators a page can compare, rank and follow over time: the registry's, with their names."""
    return {entry.code: entry.name for entry in marks_entries() if entry.compared}


@dataclass(frozen=True)
class Selection:
    year: AcademicYear
    period: Period
    periods: tuple[Period, ...]  # of the year, in the order of the school year
    years: tuple[AcademicYear, ...]  # of the country, newest first
    subject: Subject | None = None
    subjects: tuple[Subject, ...] = field(default=())
    indicator: str = DEFAULT_INDICATOR

    @property
    def indicator_label(self) -> str:
        return str(indicators_compared()[self.indicator])

    def params(self, **changes) -> dict:
        """The GET parameters of this selection, with `changes` (None drops a parameter)."""
        params = {"year": self.year.code, "period": self.period.code}
        if self.subject:
            params["subject"] = self.subject.code
        if self.indicator != DEFAULT_INDICATOR:
            params["indicator"] = self.indicator
        params.update(changes)
        return {key: value for key, value in params.items() if value is not None}

    def query(self, **changes) -> str:
        """'?year=…&period=…' for links that keep the selection while walking down the tree."""
        return "?" + urlencode(self.params(**changes))

    def same_kind(self) -> list[Period]:
        """The periods of the year of the selected period's kind (q1–q4 for a quarter)."""
        return [p for p in self.periods if p.kind == self.period.kind]

    def period_containing(self, day: datetime.date) -> Period:
        """The period of the selected kind that holds a day (else the selected period itself)."""
        return next((p for p in self.same_kind() if p.starts_on <= day <= p.ends_on), self.period)


def select(params, country: str, *, subjects=None, kinds=None, today: datetime.date | None = None) -> Selection | None:
    """The selection asked for by GET `params` for a unit of `country`; None when the country has no periods.

    `subjects` are the ones offered (default: the country's, see country_subjects); `kinds` the kinds of period
    (default: all; a college's pages offer semesters and the year); one query for the calendar, one for subjects.
    """
    periods = Period.objects.filter(year__country=country).select_related("year")
    periods = list(periods.filter(kind__in=kinds) if kinds else periods)
    if not periods:
        return None
    years = sorted({p.year for p in periods}, key=lambda y: y.code, reverse=True)
    today = today or datetime.date.today()
    year = _pick(years, params.get("year"), lambda y: y.code) or _default_year(years, today)
    of_year = sorted((p for p in periods if p.year_id == year.pk), key=_school_order)
    if not of_year:
        return None
    prefer = kinds[0] if kinds else None
    period = _pick(of_year, params.get("period"), lambda p: p.code) or _default_period(of_year, today, prefer)
    offered = tuple(country_subjects(country)) if subjects is None else tuple(subjects)
    subject = _pick(offered, params.get("subject"), lambda s: s.code)
    indicator = params.get("indicator") if params.get("indicator") in indicators_compared() else DEFAULT_INDICATOR
    return Selection(year, period, tuple(of_year), tuple(years), subject, offered, indicator)


def country_subjects(country: str):
    """The subjects a unit of the country may be asked about: those of its curriculum, and those no
    curriculum names (a Kyrgyz school is never offered Kazakh literature)."""
    return Subject.objects.filter(Q(grades__country=country) | Q(grades__isnull=True)).distinct()


def _pick(items, wanted, key):
    return next((item for item in items if key(item) == wanted), None) if wanted else None


def _school_order(period: Period) -> tuple:
    return period.calendar_key


def _default_year(years: list[AcademicYear], today: datetime.date) -> AcademicYear:
    running = [y for y in years if y.starts_on <= today <= y.ends_on]
    started = [y for y in years if y.starts_on <= today]
    return (running or started or years[::-1])[0]


def _default_period(periods: list[Period], today: datetime.date, prefer: str | None = None) -> Period:
    """The latest period ended by today, the longest of those ending that day (a finished year opens on the
    year) unless a kind is preferred (a college opens on its second semester rather than the year)."""
    ended = [p for p in periods if p.ends_on <= today]
    if not ended:
        return min(periods, key=lambda p: (p.starts_on, p.ends_on))
    return max(ended, key=lambda p: (p.ends_on, p.kind == prefer, -p.starts_on.toordinal()))
