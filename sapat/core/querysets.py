"""The mechanism of scoped access: models declare how they hang on the tree, access.scope decides who sees what."""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ScopeRule:
    """How rows of a model are reached from a user's scope; each field is an ORM lookup or None.

    path: the materialized path of the unit the row belongs to (granted under a unit the user oversees);
    unit: the id of that unit (granted for the units a user merely belongs to, e.g. a teacher's school);
    school_class: the id of the class (granted for a teacher's classes);
    student: the id of the student (granted for a parent's children);
    staff: the id of the staff member (granted for a teacher's own record);
    multi_valued: the lookups cross a to-many relation, so matching rows are de-duplicated.
    """

    path: str | None = None
    unit: str | None = None
    school_class: str | None = None
    student: str | None = None
    staff: str | None = None
    multi_valued: bool = False


class ScopedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what a user may see: `Model.objects.for_user(user)`."""

    def for_user(self, user):
        from sapat.access.scope import restrict

        return restrict(self, user)
