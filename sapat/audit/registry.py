"""Which models are audited: every create, change and delete is kept with who, when, old and new value.

django-auditlog records the entries (one table, field-level old/new values, the actor taken from the
request by its middleware); services that write in bulk record their own entries through `log_bulk`.
"""

from auditlog.registry import auditlog


def register_audited(*models, exclude_fields: list[str] | None = None) -> None:
    for model in models:
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=exclude_fields or [])
