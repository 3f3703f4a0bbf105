"""Control works on a dashboard: the analysis table of a work compared with the one before it (seed 002), and
the objectivity table (control marks against journal marks: confirmed, raised, lowered).

The figures are sapat.indicators.control.control_analysis (per class, with Δ and objectivity) and
sapat.analysis.objectivity_table (by teacher). On a district or region dashboard the per-class rows are summed
into one row per school or district: counts are added and the figures computed again from the sums, never
averaged.
"""

from collections import defaultdict

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from sapat.analysis import selectors as analysis
from sapat.assessment.models import ControlWork, control_work_label
from sapat.core.querysets import unscoped
from sapat.indicators.catalogue import BY_CODE, ratio
from sapat.indicators.control import COUNTS, FIGURES, VERDICTS, control_analysis, figures_of
from sapat.structure.models import OrgUnit, SchoolClass, Subject

from .blocks import Section
from .selection import Selection
from .tables import CHANGE, COUNT, MARK, PERCENT, Column, Table, indicator_column

KINDS = {"success_pct": PERCENT, "quality_pct": PERCENT, "sou_pct": PERCENT, "average_mark": MARK}


def control_sections(unit: OrgUnit, selection: Selection, params, *, class_ids=None, group="class") -> list[Section]:
    """The control-work and objectivity sections; `group` is "class", "school" or "district"."""
    offered = _offered(unit, selection, class_ids)
    if not offered:
        return [Section("control", _("Control works"), note=_("No control works in this academic year."))]
    choices = _choices(offered, selection, params)
    if selection.subject is None or not any(s.pk == selection.subject.pk for s, *_rest in offered):
        note = _("Choose a control work to see its analysis.")
        return [Section("control", _("Control works"), note=note, choices=choices)]
    work, compare, written_on = _chosen(offered, selection.subject, params)
    names = {code: control_work_label(kind, day) for s, code, day, kind in offered if s.pk == selection.subject.pk}
    against = selection.period_containing(written_on)
    found = control_analysis(unit=unit, year=selection.year, subject=selection.subject, work=work, compare=compare,
                             against=against)  # fmt: skip
    rows = _grouped(found["classes"], group, unit, class_ids)
    total = [] if class_ids is not None else [(_("Total"), found["total"])]
    title = (_("%(work)s compared with %(compare)s") % {"work": names[work], "compare": names[compare]}
             if compare else names[work])  # fmt: skip
    sections = [_analysis_section(rows + total, title, compare, choices), _objectivity(rows + total, against)]
    if group == "class" and class_ids is None and unit.is_school:
        sections.append(_by_teacher(unit, selection, work, against))
    return sections


@unscoped("a dashboard block: the control works of a unit the page checked the user oversees")
def _offered(unit: OrgUnit, selection: Selection, class_ids) -> list[tuple[Subject, str, object, str]]:
    """(subject, work code, last date written, kind) of the works in the unit this year, oldest first."""
    works = ControlWork.objects.filter(school__path__startswith=unit.path, year=selection.year)
    if class_ids is not None:
        works = works.filter(school_class_id__in=class_ids)
    found = works.values("subject_id", "code").order_by().annotate(last=Max("written_on"), kind=Max("kind"),
                                                                    n=Count("id"))  # fmt: skip
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in={row["subject_id"] for row in found})}
    offered = [(subjects[row["subject_id"]], row["code"], row["last"], row["kind"]) for row in found]
    return sorted(offered, key=lambda item: (item[0].code, item[2]))


def _choices(offered, selection: Selection, params) -> list[tuple[str, str, bool]]:
    current = params.get("work")
    return [
        (f"{subject.name}: {control_work_label(kind, day)}", selection.query(subject=subject.code, work=code),
         selection.subject is not None and subject.pk == selection.subject.pk and code == current)
        for subject, code, day, kind in offered
    ]  # fmt: skip


def _chosen(offered, subject: Subject, params) -> tuple[str, str | None, object]:
    """The work asked for (else the subject's latest), the one before it to compare with, and its date."""
    works = [(code, day) for s, code, day, _kind in offered if s.pk == subject.pk]
    codes = [code for code, _day in works]
    index = codes.index(params["work"]) if params.get("work") in codes else len(codes) - 1
    wanted = params.get("compare")
    compare = wanted if wanted in codes and wanted != codes[index] else (codes[index - 1] if index else None)
    return codes[index], compare, works[index][1]


# Rows: per class as the analysis gives them, or summed per school or district ------------------------------


@unscoped("a dashboard block: the classes and schools of a unit the page checked the user oversees")
def _grouped(rows: list[dict], group: str, unit: OrgUnit, class_ids) -> list[tuple[str, dict]]:
    if class_ids is not None:
        wanted = {
            (c.school.code, c.name) for c in SchoolClass.objects.filter(pk__in=class_ids).select_related("school")
        }
        rows = [row for row in rows if (row["school"], row["class"]) in wanted]
    if group == "class":
        return [(f"{row['class']}" if unit.is_school else f"{row['school_name']}, {row['class']}", row)
                for row in rows]  # fmt: skip
    if group == "school":
        return _summed(rows, lambda row: (row["school"], row["school_name"]))
    districts = {s.code: s.parent for s in OrgUnit.objects.filter(path__startswith=unit.path, kind="school")
                 .select_related("parent")}  # fmt: skip
    return _summed(rows, lambda row: (districts[row["school"]].code, districts[row["school"]].name))


def _summed(rows: list[dict], key_of) -> list[tuple[str, dict]]:
    sums, labels = {}, {}
    for row in rows:
        key, label = key_of(row)
        labels[key] = label
        total = sums.setdefault(key, {"counts": dict.fromkeys(COUNTS, 0), "compare": None, "against": None})
        _add(total, row)
    return [(labels[key], _figures(total)) for key, total in sums.items()]


def _add(total: dict, row: dict) -> None:
    for key in COUNTS:
        total["counts"][key] += row[key]
    if row.get("compare"):
        total["compare"] = total["compare"] or dict.fromkeys(COUNTS, 0)
        for key in COUNTS:
            total["compare"][key] += row["compare"][key]
    if row.get("against"):
        total["against"] = total["against"] or defaultdict(int)
        for key in ("compared", "no_journal_mark", *VERDICTS):
            total["against"][key] += row["against"][key]


def _figures(total: dict) -> dict:
    row = figures_of(total["counts"])
    if total["compare"]:
        theirs = figures_of(total["compare"])
        row["change"] = {k: None if row[k] is None or theirs[k] is None else row[k] - theirs[k] for k in FIGURES}
    if total["against"]:
        tally = total["against"]
        row["against"] = {**tally, **{f"{v}_pct": ratio(tally[v], tally["compared"], 100) for v in VERDICTS}}
    return row


# Tables ----------------------------------------------------------------------------------------------------


def _analysis_section(rows: list[tuple[str, dict]], title: str, compare: str | None, choices) -> Section:
    columns = [Column(_("Class or unit")), Column(_("Teacher")), Column(_("On roll"), COUNT), Column(_("Wrote"), COUNT),
               *(Column(mark, COUNT) for mark in ("5", "4", "3", "2")),
               *(indicator_column(str(BY_CODE[f].name), f, KINDS[f]) for f in FIGURES)]  # fmt: skip
    if compare:
        columns += [indicator_column(f"Δ {BY_CODE[f].name}", f, CHANGE[KINDS[f]]) for f in FIGURES]
    body = []
    for label, row in rows:
        line = [label, row.get("teacher") or "", *(row[k] for k in COUNTS), *(row[f] for f in FIGURES)]
        if compare:
            line += [(row.get("change") or {}).get(f) for f in FIGURES]
        body.append(line)
    return Section("control", _("Control works"), table=Table("control", title, columns, body), choices=choices)


OBJECTIVITY_COLUMNS = (("compared", COUNT), ("confirmed", COUNT), ("raised", COUNT), ("lowered", COUNT),
                       ("confirmed_pct", PERCENT), ("raised_pct", PERCENT), ("lowered_pct", PERCENT),
                       ("no_journal_mark", COUNT))  # fmt: skip


def _objectivity_labels() -> dict:
    return {
        "compared": _("compared"),
        "confirmed": _("confirmed"),
        "raised": _("raised"),
        "lowered": _("lowered (not confirmed)"),
        "confirmed_pct": _("confirmed, %"),
        "raised_pct": _("raised, %"),
        "lowered_pct": _("lowered, %"),
        "no_journal_mark": _("no journal mark"),
    }


def _objectivity(rows: list[tuple[str, dict]], against) -> Section:
    labels = _objectivity_labels()
    columns = [Column(_("Class or unit")), Column(_("Wrote"), COUNT),
               *(Column(labels[key], kind) for key, kind in OBJECTIVITY_COLUMNS)]  # fmt: skip
    body = [[label, row["wrote"], *((row.get("against") or {}).get(key) for key, _k in OBJECTIVITY_COLUMNS)]
            for label, row in rows]  # fmt: skip
    title = _("Control marks against the journal marks of %(period)s") % {"period": against.label}
    return Section("objectivity", _("Objectivity of marks"), table=Table("objectivity", title, columns, body),
                   note=_("A signal, never a verdict: read it with the group sizes."))  # fmt: skip


def _by_teacher(unit: OrgUnit, selection: Selection, work: str, against) -> Section:
    rows, total = analysis.objectivity_table(unit, selection.year, work, against, by="teacher",
                                             subject=selection.subject)  # fmt: skip
    labels = _objectivity_labels()
    keys = ("compared", "confirmed", "raised", "lowered")
    columns = [Column(_("Teacher")), Column(_("Wrote"), COUNT), *(Column(labels[k], COUNT) for k in keys),
               *(Column(labels[f"{v}_pct"], PERCENT) for v in VERDICTS)]  # fmt: skip
    body = [[r.name, r.wrote, *(getattr(r, k) for k in keys), *(r.pct(v) for v in VERDICTS)]
            for r in [*rows, total]]  # fmt: skip
    title = _("Objectivity of marks by teacher")
    return Section("objectivity_teachers", title, table=Table("objectivity_teachers", title, columns, body))
