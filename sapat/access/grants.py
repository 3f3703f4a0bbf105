"""Who may manage which logins: the rule behind the admin's users, memberships, parent links and staff links.

Access is granted by the roles in GRANTING_ROLES (regional officer, district coordinator, director), under the
unit they hold the role in. An editor manages a login only when everything that login can reach was granted
under the editor's units: each of its memberships, its staff record and its children. So changing a login
(its password, its name, whether it is active) or giving it a role never hands the editor, or the login, more
than the editor already has. Superusers and the staff and superuser flags stay with superusers.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Membership, ParentLink, User
from .scope import scope_of


def _under(lookup: str, paths) -> Q:
    return reduce(or_, (Q(**{f"{lookup}__startswith": path}) for path in sorted(paths)))


def manageable_logins(user) -> QuerySet:
    """The logins `user` may change and give roles to (see the module's docstring)."""
    scope = scope_of(user)
    if scope.everything:
        return User.objects.all()
    if not scope.granting_paths:
        return User.objects.none()
    from sapat.structure.models import Staff

    paths = scope.granting_paths
    grants = (
        (Membership.objects.filter(user=OuterRef("pk")), "unit__path"),
        (Staff.objects.filter(user=OuterRef("pk")), "school__path"),
        (ParentLink.objects.filter(user=OuterRef("pk")), "student__school__path"),
    )
    inside = reduce(or_, (Q(Exists(rows.filter(_under(lookup, paths)))) for rows, lookup in grants))
    outside = reduce(or_, (Q(Exists(rows.exclude(_under(lookup, paths)))) for rows, lookup in grants))
    return User.objects.filter(inside, is_superuser=False).exclude(outside)


def may_manage_login(user, login) -> bool:
    return manageable_logins(user).filter(pk=login.pk).exists()
