"""Which models are audited: every create, change and delete is kept with who, when, old and new value.

django-auditlog records the entries (one table, field-level old/new values, the actor taken from the
request by its middleware); services that write in bulk record their own entries through `log_bulk`.
"""

from auditlog.registry import auditlog


def register_audited(*models, exclude_fields: list[str] | None = None) -> None:
    for model in models:
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=exclude_fields or [])


def current_actor():
    """The user the audit middleware (or `auditlog.context.set_actor`) attached to this request or command."""
    from auditlog.context import auditlog_value

    return auditlog_value.get({}).get("actor")


def log_bulk(changes: list[tuple[object, int, dict]], *, actor=None, note: str = "") -> None:
    """Record many changes in one insert: (object, LogEntry.Action.*, {field: [old, new]}) each.

    Bulk writes (imports, grids of marks) bypass the model signals django-auditlog listens to.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    actor = actor or current_actor()
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_pk=str(obj.pk),
            object_id=obj.pk,
            object_repr=str(obj)[:500],
            action=action,
            changes=fields,
            changes_text="",
            actor=actor if getattr(actor, "pk", None) else None,
            additional_data={"note": note} if note else None,
        )
        for obj, action, fields in changes
    ]
    LogEntry.objects.bulk_create(entries, batch_size=2000)
