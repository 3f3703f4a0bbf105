"""The mechanism of scoped access: models declare how they hang on the tree, access.scope decides who sees what.

Scoping fails closed (the pattern of django-scopes in pretix): a query on a scoped model that went through
neither `restrict()` (`for_user`) nor a fetched parent object (`school_class.enrolments.all()`) is an error, unless
the code declared that it reads unscoped, in one obvious way: `with unscoped("why"):` or `@unscoped("why")`.
SAPAT_SCOPES decides what an undeclared query does: "strict" raises ScopeError, "warn" warns (ScopeWarning),
"off" lets it pass. See docs/access.md, "Scoping fails closed".
"""

import warnings
from contextlib import ContextDecorator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import models

# Why the code running now may read scoped models unscoped (a command, the summaries engine), or None.
_unscoped_reason: ContextVar[str | None] = ContextVar("sapat_unscoped_reason", default=None)


class ScopeError(RuntimeError):
    """A query on a scoped model skipped the scoping rule."""


class ScopeWarning(UserWarning):
    """The same, where SAPAT_SCOPES is "warn"."""


class unscoped(ContextDecorator):  # lower case: used like a function, `with unscoped("..."):`
    """Declare that the code inside reads scoped models without a user's scope, and say why.

    For commands, background tasks, the summaries engine, the demo builder and the checks a service makes after
    its view already narrowed what the user reaches; never for a page's own lists and lookups.
    """

    def __init__(self, reason: str):
        if not reason:
            raise ValueError("Say why the code reads unscoped.")
        self.reason = reason
        self._tokens = []

    def _recreate_cm(self):
        # As a decorator, one instance serves every call, in every thread at once: each call gets its own, so
        # that a thread never resets another's token ("created in a different Context").
        return type(self)(self.reason)

    def __enter__(self):
        self._tokens.append(_unscoped_reason.set(self.reason))
        return self

    def __exit__(self, *exc):
        _unscoped_reason.reset(self._tokens.pop())
        return False


def unscoped_reason() -> str | None:
    return _unscoped_reason.get()


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
    """A queryset that can be narrowed to what a user may see: `Model.objects.for_user(user)`.

    Reading rows, counting or changing them without that (or a parent object, or a declaration) is refused."""

    _sapat_scoped = False

    def for_user(self, user):
        from sapat.access.scope import restrict

        return restrict(self, user)

    def mark_scoped(self):
        """Only access.scope.restrict() calls this: the rows are narrowed to a user's scope."""
        self._sapat_scoped = True
        return self

    def unscoped(self, reason: str):
        """A lazy queryset declared to read unscoped, for whoever evaluates it later (the admin's list of
        reference data every admin user sees): `DataSet.objects.unscoped("why")`. Where the code that reads is
        one function, decorate it with `@unscoped("why")` instead."""
        if not reason:
            raise ValueError("Say why the code reads unscoped.")
        clone = self._chain()
        clone._sapat_scoped = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._sapat_scoped = self._sapat_scoped
        return clone

    def _guard(self) -> None:
        # Rows reached from a fetched object (a related manager) are scoped by that object.
        if self._sapat_scoped or "instance" in self._hints or _unscoped_reason.get() is not None:
            return
        if self.query.is_empty():  # none(): no rows to leak
            return
        mode = getattr(settings, "SAPAT_SCOPES", "off")
        if mode == "off":
            return
        text = (
            f"A query on {self.model.__name__} skipped the scoping rule: narrow it with restrict(queryset, user) "
            f"(or Model.objects.for_user(user)), or declare the code unscoped: with unscoped('why'): ..."
        )
        if mode == "strict":
            raise ScopeError(text)
        warnings.warn(text, ScopeWarning, stacklevel=4)

    def _fetch_all(self):
        if self._result_cache is None:
            self._guard()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._guard()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._guard()
        return super().count()

    def aggregate(self, *args, **kwargs):
        self._guard()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._guard()
        return super().update(**kwargs)

    def delete(self):
        self._guard()
        return super().delete()
