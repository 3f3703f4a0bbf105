"""10. The open public report: the aggregates a school or district chose to publish (a Publication), for
anyone, without a login. Figures only, never names or rows of people; a group with fewer students than the
publication's minimum is hidden, and when only one group of a breakdown would be hidden, the next smallest
is hidden too, so the hidden one cannot be worked out by subtracting the others from the total."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from sapat.colleges.vocabulary import Words, words_for
from sapat.core.charts import Chart, Series
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.selectors import Filter, figures, group_labels
from sapat.structure.models import OrgUnit

from ..document import (
    COUNT,
    MARK,
    Column,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    format_date,
    indicator_column,
)
from ..models import Publication
from .base import Progress, ReportKind, Resolved
from .directions import directions_section

FIGURES = ("students", "quality_pct", "success_pct", "average_mark", "sou_pct")


@unscoped("a published report is public: the unit chose to publish it")
def resolve(params: dict, user=None) -> Resolved:
    """Any visitor may read a published report; nothing else is reachable here."""
    publication = get_object_or_404(
        Publication.objects.select_related("unit", "year", "period"),
        unit__code=params.get("unit", ""),
        year__code=params.get("year", ""),
        period__code=params.get("period", ""),
    )
    resolved = {"unit": publication.unit.code, "year": publication.year.code, "period": publication.period.code}
    return Resolved(unit=publication.unit, objects={"publication": publication}, params=resolved)


def visible_groups(rows: dict, minimum: int) -> dict:
    """The groups that may be shown: at least `minimum` students, and never exactly one hidden group."""
    shown = {key: row for key, row in rows.items() if key is not None and row["students"] >= minimum}
    hidden = len([key for key in rows if key is not None]) - len(shown)
    if hidden == 1 and shown:
        smallest = min(shown, key=lambda key: (shown[key]["students"], str(key)))
        shown.pop(smallest)
    return shown


def build(resolved: Resolved, language: str, progress: Progress) -> Document:
    with override(language):
        return _build(resolved.objects["publication"], language)


def _build(publication: Publication, language: str) -> Document:
    unit, period, minimum = publication.unit, publication.period, publication.min_group
    flt = Filter(unit=unit, period=period)
    total = figures(flt)[None]
    words = words_for(unit)  # a college's report says course, discipline and its students
    sections = [_main_section(total, minimum, words)]
    breakdowns = [("parallel", words["by_parallel"], words["grade"])]
    if not unit.is_school:
        breakdowns.insert(0, ("school" if unit.kind == OrgUnit.Kind.DISTRICT else "district", _("By unit"), _("Unit")))
    breakdowns.append(("subject", words["by_subject"], words["subject"]))
    for by, title, first in breakdowns:
        sections.append(_breakdown_section(flt, by, title, first, minimum, language, words))
    datasets = directions_section(unit, publication.year, minimum=minimum, approved_only=True)
    if datasets is not None:
        sections.append(datasets)
    note = words("min_group_note", n=minimum)
    return Document(
        language=language,
        title=_("Public report on the quality of education"),
        subtitle=f"{unit.name_in(language)} · {publication.year.code} · {period.label}",
        facts=((_("Published on"), format_date(publication.published_at, language)),),
        sections=tuple(sections),
        as_of=total["as_of"],
        footer=note,
        data={"total": total},
    )


def _columns(first: str, words: Words) -> tuple:
    return (
        Column(first),
        Column(words["students"], COUNT),
        indicator_column(_("Quality, %"), "quality_pct"),
        indicator_column(_("Success, %"), "success_pct"),
        indicator_column(_("Average mark"), "average_mark", MARK),
        indicator_column(_("SOU, %"), "sou_pct"),
    )


def _main_section(total: dict, minimum: int, words: Words) -> Section:
    if total["students"] < minimum:
        return Section(_("Main figures"), (Paragraph(_("The group is too small to publish its figures.")),))
    row = (words["all_students"], *(total[key] for key in FIGURES))
    return Section(_("Main figures"), (Table("", _columns("", words), (row,), sheet=_("Main figures")),))


def _breakdown_section(
    flt: Filter, by: str, title: str, first: str, minimum: int, language: str, words: Words
) -> Section:
    rows = figures(flt, by=by)
    shown = visible_groups(rows, minimum)
    names = _names(by, shown.keys(), language, words)
    ordered = sorted(shown, key=lambda key: str(names[key]) if by != "parallel" else key)
    body = tuple((names[key], *(shown[key][name] for name in FIGURES)) for key in ordered)
    hidden = len([key for key in rows if key is not None]) - len(shown)
    blocks = [Table("", _columns(first, words), body, sheet=title)] if body else []
    if body and by == "parallel":
        chart = Chart(
            kind="bar",
            title=words["quality_by_parallel"],
            categories=tuple(r[0] for r in body),
            series=(Series(_("Quality, %"), tuple(r[2] for r in body), registry.precision("quality_pct")),),
        )
        blocks.append(Figure(chart))
    if hidden:
        blocks.append(
            Paragraph(
                ngettext("%(n)s group is not shown.", "%(n)s groups are not shown.", hidden) % {"n": hidden}, "note"
            )
        )
    return Section(title, tuple(blocks) or (Paragraph(_("No figures to show.")),))


def _names(by: str, keys, language: str, words: Words) -> dict:
    if by == "parallel":
        return {key: words("grade_n", grade=key) for key in keys}
    if by in ("school", "district"):
        return {u.pk: u.name_in(language) for u in OrgUnit.objects.filter(pk__in=list(keys))}
    if by == "subject":
        from sapat.structure.models import Subject

        return {s.pk: s.name_in(language) for s in Subject.objects.filter(pk__in=list(keys))}
    return {key: label for key, (_code, label) in group_labels(by, keys).items()}


KIND = ReportKind(
    code="public",
    name=gettext_lazy("Open public report"),
    resolve=resolve,
    build=build,
    public=True,
)
