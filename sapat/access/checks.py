"""System checks: every admin registration goes through the scoped base and names a rule its model can keep."""

from django.contrib import admin
from django.core import checks

from .admin_scoping import NARROWED, RULES, ScopedAdmin, has_scope_rule


@checks.register(checks.Tags.admin)
def admin_registrations_are_scoped(app_configs=None, **kwargs):
    errors = []
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.label}: {type(model_admin).__name__}"
        if not isinstance(model_admin, ScopedAdmin):
            errors.append(checks.Error(f"{name} does not derive from ScopedAdmin.", id="sapat.E001"))
        elif model_admin.rule not in RULES:
            errors.append(checks.Error(f"{name} names an unknown rule {model_admin.rule!r}.", id="sapat.E002"))
        elif model_admin.rule in NARROWED and not (has_scope_rule(model) or model_admin.rows_by_own_rule):
            errors.append(checks.Error(f"{name} is scoped but its model has no scope_rule.", id="sapat.E003"))
    return errors
