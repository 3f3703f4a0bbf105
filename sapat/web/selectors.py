"""What the home page shows: who the user is, their roles and units, and what they can open."""

from sapat.access.scope import restrict, scope_of
from sapat.structure.models import OrgUnit, SchoolClass


def home_context(user) -> dict:
    from sapat.colleges.vocabulary import words_for
    from sapat.projects.selectors import visible_projects

    scope = scope_of(user)
    memberships = user.memberships.select_related("unit", "association").order_by("unit__path")
    top_units = _top_units(restrict(OrgUnit.objects.all(), user)) if not scope.everything else _roots()
    classes = restrict(SchoolClass.objects.filter(pk__in=scope.class_ids), user).select_related("school", "year")
    children = user.children_links.select_related("student__school")
    return {
        "words": words_for(top_units),
        "scope": scope,
        "memberships": memberships,
        "top_units": top_units,
        "my_classes": classes.order_by("-year__code", "grade", "letter"),
        "children": children,
        "projects": visible_projects(user).order_by("code"),
    }


def _roots():
    return list(OrgUnit.objects.filter(parent__isnull=True).order_by("code"))


def _top_units(units) -> list[OrgUnit]:
    """The highest visible units: those whose parent the user cannot see."""
    visible = list(units.order_by("path"))
    paths = [unit.path for unit in visible]
    return [u for u in visible if not any(u.path != p and u.path.startswith(p) for p in paths)]
