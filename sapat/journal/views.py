"""The journal's pages: the grid of period marks (or of KZ scores), control-work entry, closing periods.

Every view fetches its class, work or school through the scoping rule (another school's answers 404 like a
missing one), then asks `selectors.can_enter_marks` / `can_close_periods`: a class the user sees but does
not enter answers 403. With JavaScript the grids save cell by cell (or row by row) through the small JSON
endpoints here; without it they post the whole table, which is saved all or nothing.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sapat.access.scope import restrict
from sapat.assessment.models import ControlWork, GradingScheme
from sapat.assessment.services import BatchRefused
from sapat.colleges.models import is_college
from sapat.colleges.vocabulary import words_for
from sapat.core import values
from sapat.structure.models import OrgUnit, Period, SchoolClass, Student, Subject
from sapat.structure.selectors import current_year

from . import selectors as s
from .forms import ControlWorkForm, ReopenForm
from .selectors import MAXIMA_CELLS, SCORE_CELLS
from .services import (
    GridRefused,
    TableRefused,
    cell_save,
    control_table_save,
    control_works_create,
    grid_save,
    period_close,
    period_reopen,
    scores_table_save,
)

CLASSES = SchoolClass.objects.select_related("school", "year")


def journal_texts() -> dict:
    """What journal.js says, in the user's language."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved."),
        "offline": _("Not saved: no connection to the server. What you typed is kept; try again."),
        "unexpected": _("Not saved: the server did not answer as expected (are you still logged in?). Try again."),
        "forbidden": _("Not saved: you may not enter these marks."),
        "unsaved": _("Cells not saved (what you typed is kept in them, marked red):"),
    }


def _class_and_subject(request, class_pk: int, subject_pk: int, rule=s.can_enter_marks) -> tuple[SchoolClass, Subject]:
    school_class = get_object_or_404(restrict(CLASSES, request.user), pk=class_pk)
    subject = get_object_or_404(Subject, pk=subject_pk)
    if not rule(request.user, school_class, subject):
        raise PermissionDenied
    return school_class, subject


def _posted_id(request, name: str) -> int:
    """An id posted by a grid's script; anything else is a missing object, never a server error."""
    value = values.identifier(request.POST.get(name))
    if value is None:
        raise Http404
    return value


def _student_of(request, school_class: SchoolClass) -> Student:
    """The student a grid's request names, who must be on the class's list at some time of the year."""
    enrolment = school_class.enrolments.select_related("student").filter(student_id=_posted_id(request, "student"))
    found = enrolment.first()
    if found is None:
        raise Http404
    return found.student


def _refused(error: ValidationError) -> str:
    if isinstance(error, BatchRefused) and error.errors:
        return error.errors[0][1]
    return error.messages[0]


def _memberships_units(user) -> list:
    """The units of the user's roles: their words when they enter no marks (a college's say "study group")."""
    return [m.unit for m in user.memberships.select_related("unit")]


@login_required
def home(request):
    items = s.enterable(request.user)
    controlled = s.control_enterable(request.user)
    context = {
        "items": items,
        "words": words_for([school_class for school_class, _subjects in items] or _memberships_units(request.user)),
        "works": s.works_of(controlled),
        "schools": s.headed_schools(request.user),
        "can_create_work": bool(controlled),
    }
    return render(request, "journal/home.html", context)


# Period marks ------------------------------------------------------------------------------------------


@login_required
def grid(request, class_pk: int, subject_pk: int):
    school_class, subject = _class_and_subject(request, class_pk, subject_pk)
    terms = request.GET.get("terms")
    if terms not in s.SCHOOL_TERMS or is_college(school_class.school):  # a college's groups: semesters only
        terms = s.default_terms(school_class, subject)
    periods = s.grid_periods(school_class, terms)
    closed = s.closed_period_ids(school_class, periods)
    rows = s.grid_rows(school_class, subject, periods, closed)
    kind = s.grading_kind(school_class)
    criteria, typed = kind == GradingScheme.Kind.CRITERIA, kind == GradingScheme.Kind.FIVE_POINT
    status = 200
    if request.method == "POST" and typed:
        if _save_table(request, school_class, subject, rows):
            return redirect(f"{request.path}?terms={terms}")
        status = 400
    context = {
        "school_class": school_class,
        "subject": subject,
        "periods": periods,
        "columns": [(period, period.pk in closed) for period in periods],
        "rows": rows,
        "terms": terms,
        "criteria": criteria,
        "typed": typed,
        "score_periods": s.score_periods(school_class) if criteria else [],
        "figures": s.figures_table(school_class, subject, periods),
        "journal_texts": journal_texts(),
    }
    return render(request, "journal/grid.html", context, status=status)


def _save_table(request, school_class, subject, rows: list[s.Row]) -> bool:
    """The whole table posted without JavaScript: saved, or refused with every typed text kept in its cell."""
    try:
        typed = _typed_marks(request.POST, rows)
        report = grid_save(school_class=school_class, subject=subject, typed=typed, actor=request.user)
    except GridRefused as refused:
        _show_refusal(rows, request.POST, refused.cells)
        return False
    count = report.saved + report.cleared
    message = ngettext("Saved: %(count)s cell changed.", "Saved: %(count)s cells changed.", count)
    messages.success(request, message % {"count": count})
    return True


def _cell_name(student_id: int, period_id: int) -> str:
    return f"m-{student_id}-{period_id}"


def _typed_marks(post, rows: list[s.Row]) -> dict:
    """(student, period) -> the text posted for each cell of the table that was posted."""
    typed = {}
    for row in rows:
        for cell in row.cells:
            name = _cell_name(row.student.pk, cell.period.pk)
            if name in post:
                typed[(row.student, cell.period)] = post[name]
    return typed


def _show_refusal(rows: list[s.Row], post, errors: dict) -> None:
    """Keep every typed text in its cell and put each message next to the cell it is about."""
    for row in rows:
        for cell in row.cells:
            name = _cell_name(row.student.pk, cell.period.pk)
            cell.typed = post.get(name, cell.display)
            cell.error = errors.get((row.student.pk, cell.period.pk), "")


@login_required
@require_POST
def cell(request, class_pk: int, subject_pk: int):
    """Save one cell of the grid; answers the stored value and the class's new figures for its period."""
    school_class, subject = _class_and_subject(request, class_pk, subject_pk)
    period = get_object_or_404(Period, pk=_posted_id(request, "period"), year_id=school_class.year_id)
    student = _student_of(request, school_class)
    where = {"school_class": school_class, "subject": subject, "student": student, "period": period}
    try:
        value, counts = cell_save(**where, text=request.POST.get("value", ""), actor=request.user)
    except ValidationError as error:
        return JsonResponse({"ok": False, "error": _refused(error)}, status=400)
    figures = s.class_subject_figures(school_class, subject, period, counts=counts)
    return JsonResponse({"ok": True, "value": value, "display": s.mark_display(value), "figures": figures})


# KZ criteria scores ------------------------------------------------------------------------------------


def _scores_context(request, class_pk: int, subject_pk: int, period_pk: int):
    school_class, subject = _class_and_subject(request, class_pk, subject_pk)
    terms = (Period.Kind.QUARTER, Period.Kind.HALF_YEAR)
    period = get_object_or_404(Period, pk=period_pk, year_id=school_class.year_id, kind__in=terms)
    return school_class, subject, period


@login_required
def scores(request, class_pk: int, subject_pk: int, period_pk: int):
    school_class, subject, period = _scores_context(request, class_pk, subject_pk, period_pk)
    if not s.criteria_based(school_class):
        return redirect("journal-grid", class_pk, subject_pk)
    table = s.score_table(school_class, subject, period)
    status = 200
    if request.method == "POST":
        where = {"school_class": school_class, "subject": subject, "period": period}
        if _save_scores(request, table, where):
            messages.success(request, _("The scores are saved."))
            return redirect(request.path)
        status = 400
    context = {
        "school_class": school_class,
        "subject": subject,
        "period": period,
        "table": table,
        "figures": s.figures_table(school_class, subject, [period]),
        "periods": [period],
        "terms": s.score_periods(school_class),
        "journal_texts": journal_texts(),
    }
    return render(request, "journal/scores.html", context, status=status)


def _save_scores(request, table: s.ScoreTable, where: dict) -> bool:
    """The whole scores table posted without JavaScript: saved, or refused keeping what was typed."""
    maxima = {cell: request.POST.get(f"max-{cell}", "") for cell in MAXIMA_CELLS}
    typed = {row.student: _typed_scores(request.POST, row.student.pk) for row in table.rows}
    try:
        scores_table_save(**where, rows=typed, maxima=maxima, actor=request.user)
    except TableRefused as refused:
        table.show_refusal(typed, maxima, refused.cells)
        return False
    return True


def _typed_scores(post, student_id: int) -> dict:
    return {cell: post.get(f"s-{student_id}-{cell}", "") for cell in SCORE_CELLS}


@login_required
@require_POST
def scores_row(request, class_pk: int, subject_pk: int, period_pk: int):
    """Save one student's row of scores; answers the derived marks and the class's figures."""
    school_class, subject, period = _scores_context(request, class_pk, subject_pk, period_pk)
    student = _student_of(request, school_class)
    maxima = {cell: request.POST.get(f"max-{cell}", "") for cell in MAXIMA_CELLS}
    typed = {cell: request.POST.get(cell, "") for cell in SCORE_CELLS}
    where = {"school_class": school_class, "subject": subject, "period": period}
    try:
        scores_table_save(**where, rows={student: typed}, maxima=maxima, actor=request.user)
    except TableRefused as refused:
        errors = {cell: message for (_student, cell), message in refused.cells.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    table = s.score_table(school_class, subject, period, students=[student.pk])
    row = table.rows[0]
    figures = s.class_subject_figures(school_class, subject, period)
    return JsonResponse({"ok": True, "cells": row.cells, "marks": row.marks, "figures": figures})


# Control works -----------------------------------------------------------------------------------------


@login_required
def control_new(request):
    items = s.control_enterable(request.user)
    choices = [
        (f"{c.pk}:{subject.pk}", f"{c.name}, {subject.name} ({c.year})") for c, subs in items for subject in subs
    ]
    subjects = sorted({subject for _c, subs in items for subject in subs}, key=lambda subject: subject.name)
    grades = sorted({c.grade for c, _subs in items})
    form = ControlWorkForm(request.POST or None, choices=choices, subjects=[(str(x.pk), x.name) for x in subjects],
                           grades=grades)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        works = _create_works(request, form, items)
        if len(works) == 1:
            return redirect("journal-control", works[0].pk)
        if works:
            count = len(works)
            messages.success(request, ngettext("%(count)s control work created.", "%(count)s control works created.",
                                               count) % {"count": count})  # fmt: skip
            return redirect("journal-home")
    return render(request, "journal/control_new.html", {"form": form}, status=400 if form.errors else 200)


def _create_works(request, form: ControlWorkForm, items) -> list[ControlWork]:
    """The chosen classes and subjects, and every class of the chosen grades (of the current year among
    those the user may enter) that learns the chosen subject."""
    data = dict(form.cleaned_data)
    pairs = [tuple(int(part) for part in value.split(":")) for value in data.pop("assignment")]
    subject, grades = data.pop("subject"), {int(grade) for grade in data.pop("grades")}
    if subject:
        latest = max((c.year.starts_on for c, _subs in items), default=None)
        pairs += [
            (c.pk, int(subject))
            for c, subs in items
            if c.grade in grades and c.year.starts_on == latest and any(str(x.pk) == subject for x in subs)
        ]
    found = [_class_and_subject(request, class_pk, subject_pk, s.can_enter_control)
             for class_pk, subject_pk in dict.fromkeys(pairs)]  # fmt: skip
    if not found:
        form.add_error("grades", _("No class of these grades learns this subject."))
        return []
    task_maxima = data.pop("tasks")
    try:
        return control_works_create(pairs=found, task_maxima=task_maxima, actor=request.user, **data)
    except ValidationError as error:
        _add_errors(form, error)
        return []


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _work(request, pk: int) -> ControlWork:
    works = ControlWork.objects.select_related("school_class__school", "school_class__year", "subject", "school")
    work = get_object_or_404(restrict(works, request.user), pk=pk)
    if not s.can_enter_control(request.user, work.school_class, work.subject):
        raise PermissionDenied
    return work


@login_required
def control(request, pk: int):
    work = _work(request, pk)
    table = s.control_table(work)
    status = 200
    if request.method == "POST":
        if _save_results(request, work, table):
            messages.success(request, _("The results are saved."))
            return redirect(request.path)
        status = 400
    context = {
        "work": work,
        "table": table,
        "analysis": s.control_work_analysis(work),
        "journal_texts": journal_texts(),
    }
    return render(request, "journal/control.html", context, status=status)


def _save_results(request, work: ControlWork, table: s.ControlTable) -> bool:
    """The whole results table posted without JavaScript: saved, or refused keeping what was typed."""
    typed = {row.student: _typed_result(request.POST, row.student.pk, table.tasks) for row in table.rows}
    try:
        control_table_save(work=work, rows=typed, actor=request.user)
    except TableRefused as refused:
        table.show_refusal(typed, refused.cells)
        return False
    return True


def _typed_result(post, student_id: int, tasks) -> dict:
    prefix = f"r-{student_id}-"
    return {
        "score": post.get(f"{prefix}score", ""),
        "mark": post.get(f"{prefix}mark", ""),
        "tasks": {task.number: post.get(f"{prefix}t{task.number}", "") for task in tasks},
    }


@login_required
@require_POST
def control_row(request, pk: int):
    """Save one student's result; answers the stored result and the analysis table, re-rendered."""
    work = _work(request, pk)
    student = _student_of(request, work.school_class)
    posted = ((re.fullmatch(r"t([0-9]{1,3})", name), value) for name, value in request.POST.items())
    tasks = {int(match[1]): value for match, value in posted if match}
    typed = {"score": request.POST.get("score", ""), "mark": request.POST.get("mark", ""), "tasks": tasks}
    try:
        control_table_save(work=work, rows={student: typed}, actor=request.user)
    except TableRefused as refused:
        return JsonResponse({"ok": False, "errors": {"": next(iter(refused.cells.values()))}}, status=400)
    row = s.control_table(work, students=[student.pk]).rows[0]
    analysis = render_to_string("journal/_analysis.html", {"analysis": s.control_work_analysis(work)}, request)
    return JsonResponse({"ok": True, "cells": row.cells, "mark": row.mark, "analysis": analysis})


# Closing periods ---------------------------------------------------------------------------------------


def _headed_school(request, code: str) -> OrgUnit:
    school = get_object_or_404(restrict(OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL), request.user), code=code)
    if not s.can_close_periods(request.user, school):
        raise PermissionDenied
    return school


@login_required
def periods(request, code: str, form: ReopenForm | None = None, failed_period: int | None = None):
    school = _headed_school(request, code)
    year = current_year(school.country)
    context = {
        "school": school,
        "year": year,
        "periods": s.school_periods(school, year) if year else [],
        "history": s.lock_history(school, year) if year else [],
        "form": form,
        "failed_period": failed_period,
    }
    return render(request, "journal/periods.html", context, status=400 if form and form.errors else 200)


def _school_period(request, code: str, period_pk: int) -> tuple[OrgUnit, Period]:
    school = _headed_school(request, code)
    return school, get_object_or_404(Period, pk=period_pk, year__country=school.country)


@login_required
@require_POST
def period_close_view(request, code: str, period_pk: int):
    school, period = _school_period(request, code, period_pk)
    try:
        period_close(school=school, period=period, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(period)s is closed at %(school)s.") % {"period": period, "school": school.name})
    return redirect("journal-periods", school.code)


@login_required
@require_POST
def period_reopen_view(request, code: str, period_pk: int):
    school, period = _school_period(request, code, period_pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            period_reopen(school=school, period=period, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
    if form.errors:
        return periods(request, code, form=form, failed_period=period.pk)
    messages.success(request, _("%(period)s is open again at %(school)s.") % {"period": period, "school": school.name})
    return redirect(reverse("journal-periods", args=[school.code]))
