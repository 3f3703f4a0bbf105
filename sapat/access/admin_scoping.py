"""The admin grants nothing the pages would not: one base for every registration, each naming its rule.

Every ModelAdmin in Sapat derives from `ScopedAdmin` (a system check refuses any other, and a scoped rule on a
model without a scope_rule) and says, by `rule`, who sees and who changes its rows:

- SCOPED: rows narrowed by the scoping rule; changed, added and deleted under the units the user may change
  (regional officer, district coordinator, director, deputy for academic work);
- GRANTS: rows that give access (memberships, parent links): seen by the scope, changed only under the units
  where the user may grant access (regional officer, district coordinator, director; see access/grants.py);
- COUNTRY: country-wide reference data (academic years, subjects' hours, grading schemes, shipped data sets):
  seen by every admin user, changed only by a superuser or a regional officer of the row's country;
- SUPERUSER: configuration for everyone (subjects, directions, rating schemes): changed by superusers only;
- READ_ONLY: facts that change only through their services (marks, scores, results): seen by the scope only;
- PRIVATE: what only superusers even see (groups and their permissions, login attempts, the audit log).

Django's model permissions still apply on top. Whatever the rule, a form's choices are only rows the user may
change, a saved row must still be one the user may change (else nothing is saved), the bulk delete action is
off, and a row that other rows depend on is not deleted here: the delete page says how many depend on it
instead of walking them (a subject's marks run into millions).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sapat.core.numbers import format_number
from sapat.core.querysets import ScopeRule

from .grants import manageable_logins
from .scope import restrict, scope_of

SCOPED, GRANTS, COUNTRY, SUPERUSER, READ_ONLY = "scoped", "grants", "country", "superuser", "read_only"
PRIVATE = "private"
RULES = (SCOPED, GRANTS, COUNTRY, SUPERUSER, READ_ONLY, PRIVATE)
# Dependent rows are counted up to this many; beyond it the delete page says "more than".
COUNT_LIMIT = 1000
BLOCKING = (models.CASCADE, models.PROTECT, models.RESTRICT)


def has_scope_rule(model) -> bool:
    return isinstance(getattr(model, "scope_rule", None), ScopeRule)


# Rules whose rows are narrowed by the scoping rule: their model must have one (system check sapat.E003).
NARROWED = (SCOPED, GRANTS, READ_ONLY)


def seen(queryset, user):
    """The rows of `queryset` that `user` may see: scoped models by the rule, reference data whole."""
    return restrict(queryset, user) if has_scope_rule(queryset.model) else queryset


def whole(queryset, rule: str):
    """Every row, for the rules whose rows every admin user sees (COUNTRY) or only superusers do."""
    if has_scope_rule(queryset.model):
        return queryset.unscoped(f"the admin's {rule} rule: whoever it lets in sees every row")
    return queryset


def changeable(queryset, user, rule: str = SCOPED):
    """The rows of `queryset` that `user` may change or attach a row to, under `rule`: rows of scoped models
    under the units the user may change (or, for GRANTS, grant access in); reference data whole, since pointing
    at a year or a subject gives nothing."""
    if not has_scope_rule(queryset.model):
        return queryset
    return restrict(queryset, user, for_grant=rule == GRANTS, for_change=rule != GRANTS)


def dependents(obj) -> list[tuple[str, int]]:
    """The kinds of rows that would be deleted with `obj` or that forbid deleting it, with capped counts."""
    found = []
    for relation in obj._meta.related_objects:
        if relation.many_to_many or relation.on_delete not in BLOCKING:
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: obj})
        count = rows[: COUNT_LIMIT + 1].count()
        if count:
            found.append((str(capfirst(relation.related_model._meta.verbose_name_plural)), count))
    return found


def _described(found: list[tuple[str, int]]) -> str:
    def amount(count: int) -> str:
        if count > COUNT_LIMIT:
            return _("more than %(count)s") % {"count": format_number(COUNT_LIMIT, 0)}
        return format_number(count, 0)

    return "; ".join(f"{kind}: {amount(count)}" for kind, count in found)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation offering only the related rows the user may see: those its own admin lists
    (else the scope's). Django's offers every row of the related model: another district's schools."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if not has_scope_rule(related):
            return super().field_choices(field, request, model_admin)
        related_admin = model_admin.admin_site._registry.get(related)
        if related_admin is not None:
            rows = related_admin.get_queryset(request)
        else:
            rows = seen(related._default_manager.all(), request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return [(row.pk, str(row)) for row in (rows.order_by(*ordering) if ordering else rows)]


def scoped_filter(model, spec):
    """A list_filter entry, with a relation to a scoped model given ScopedRelatedFilter."""
    if not isinstance(spec, str):
        return spec
    field = get_fields_from_path(model, spec)[-1]
    return (spec, ScopedRelatedFilter) if field.is_relation and has_scope_rule(field.related_model) else spec


class RuleMixin:
    """The permissions shared by ScopedAdmin and ScopedInline, decided by `rule`."""

    rule = SCOPED

    def _may_change(self, request, obj) -> bool:
        scope = scope_of(request.user)
        if self.rule == READ_ONLY:
            return False  # not even a superuser: the services validate, keep the summaries and audit
        if scope.everything:
            return True
        if self.rule in (SUPERUSER, PRIVATE):
            return False
        if obj is None:
            return self._may_add(request)
        if self.rule == COUNTRY:
            return self._country_of(obj) in scope.reference_countries
        return changeable(type(obj)._default_manager.filter(pk=obj.pk), request.user, self.rule).exists()

    def _may_add(self, request) -> bool:
        scope = scope_of(request.user)
        if self.rule == READ_ONLY:
            return False
        if scope.everything:
            return True
        return bool(
            {
                SCOPED: scope.managed_paths,
                GRANTS: scope.granting_paths,
                COUNTRY: scope.reference_countries,
            }.get(self.rule)
        )

    def _country_of(self, obj) -> str:
        return getattr(obj, "country", "")

    def _choices(self, db_field, request, kwargs):
        related = db_field.remote_field.model
        if related is get_user_model():
            kwargs.setdefault("queryset", manageable_logins(request.user))
        else:
            kwargs.setdefault("queryset", changeable(related._default_manager.all(), request.user, self.rule))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._choices(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._choices(db_field, request, kwargs))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        """A regional officer chooses only their own country for a row of reference data."""
        scope = scope_of(request.user)
        if self.rule == COUNTRY and db_field.name == "country" and not scope.everything:
            kwargs["choices"] = [(c, label) for c, label in db_field.choices if c in scope.reference_countries]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class ScopedAdmin(RuleMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in Sapat: rows, choices and permissions follow the user's scope."""

    # True only for an admin whose get_queryset applies a rule of its own (the logins: access/grants.py).
    rows_by_own_rule = False

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if self.rule not in NARROWED:
            return whole(rows, self.rule)
        if not (has_scope_rule(self.model) or self.rows_by_own_rule):
            # refused, never passed through whole (the system check sapat.E003 says so at start-up)
            raise ImproperlyConfigured(
                f"{self.model._meta.label} has no scope_rule: the {self.rule} rule cannot narrow it."
            )
        return seen(rows, request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._may_add(request)

    def has_view_permission(self, request, obj=None):
        private = self.rule == PRIVATE and not request.user.is_superuser
        return not private and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        private = self.rule == PRIVATE and not request.user.is_superuser
        return not private and super().has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)

    def get_list_filter(self, request):
        return [scoped_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would walk every dependent row of every selected one
        return actions

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The form's choices already hold only what the user may change; this catches any other way in
        # (a field no choice narrows): the admin's transaction rolls the save back.
        if not self._may_change(request, obj):
            raise PermissionDenied

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            found = dependents(obj)
            if found:
                text = _("“%(object)s” cannot be deleted: other records depend on it (%(dependents)s).")
                messages.error(request, text % {"object": obj, "dependents": _described(found)})
                return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)


class ScopedInline(RuleMixin, admin.TabularInline):
    """Rows edited inside their parent's page; the same rule decides, for the parent object."""

    extra = 0

    def get_queryset(self, request):
        return seen(super().get_queryset(request), request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)
