"""The page of a project (seed 004): its order, head and years, the member schools with the days they joined and
left, the district coordinators, the tutor groups with their dates, and the quality of knowledge of the member
schools over three years; each part within the reader's scope, and a project out of scope is a 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .selectors import project_page, visible_projects


@login_required
def detail(request, code: str):
    project = get_object_or_404(visible_projects(request.user).select_related("owner"), code=code)
    return render(request, "projects/detail.html", project_page(project, request.user))
