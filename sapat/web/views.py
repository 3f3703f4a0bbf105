"""The pages of the structure: home, a unit, a class, a student; and the language switch."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from sapat.access.scope import oversees, restrict
from sapat.colleges.models import is_college
from sapat.colleges.selectors import departments_of
from sapat.dashboards.reach import own_dashboards
from sapat.structure import selectors
from sapat.structure.models import OrgUnit, SchoolClass, Student

from .selectors import home_context


@login_required
def home(request):
    """Who the user is and what they can open, their own dashboards first (sapat.dashboards)."""
    return render(request, "web/home.html", {**home_context(request.user), "dashboards": own_dashboards(request.user)})


@login_required
def unit_detail(request, code: str):
    unit = get_object_or_404(restrict(OrgUnit.objects.all(), request.user), code=code)
    year = selectors.current_year(unit.country)
    context = {"unit": unit, "year": year, "ancestors": restrict(unit.ancestors(), request.user)}
    if unit.is_school:
        classes = restrict(SchoolClass.objects.filter(school=unit, year=year), request.user)
        context["parallels"] = selectors.classes_by_parallel(classes)
        context["college"] = is_college(unit)
        if context["college"]:
            context["departments"] = departments_of(unit, request.user)
    else:
        context["children"] = restrict(unit.children.all(), request.user).order_by("code")
    if oversees(request.user, unit):
        context["counts"] = selectors.unit_counts(unit, year)
    return render(request, "web/unit.html", context)


@login_required
def class_detail(request, pk: int):
    queryset = SchoolClass.objects.select_related(
        "school", "year", "class_teacher", "group_year__group__speciality__department", "group_year__group__curator"
    )
    school_class = get_object_or_404(restrict(queryset, request.user), pk=pk)
    enrolments = selectors.class_list(school_class)
    visible_students = set(
        restrict(Student.objects.filter(enrolments__school_class=school_class), request.user).values_list(
            "pk", flat=True
        )
    )
    context = {
        "school_class": school_class,
        "enrolments": [e for e in enrolments if e.student_id in visible_students],
        "assignments": school_class.assignments.select_related("teacher", "subject").order_by("subject__code"),
        "group": getattr(getattr(school_class, "group_year", None), "group", None),
    }
    return render(request, "web/class.html", context)


@login_required
def student_detail(request, pk: int):
    student = get_object_or_404(restrict(Student.objects.select_related("school"), request.user), pk=pk)
    enrolments = student.enrolments.select_related("school_class__year").order_by("-school_class__year__code")
    context = {"student": student, "enrolments": enrolments, "college": is_college(student.school)}
    return render(request, "web/student.html", context)


@require_POST
def language_switch(request):
    """Set the interface language; for a logged-in user it is remembered on every device."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
