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
    """The user the audit middleware (or `auditlog.context.set_actor`) attached to the request or command
    being run, else None.

    django-auditlog never clears its context variable when such a block ends (it only disconnects the
    pre_save receiver it connected), so a value left behind by an earlier request in the same thread is
    recognised by its receiver being gone, instead of being taken for the actor of later writes.
    """
    from auditlog.context import auditlog_value
    from django.db.models.signals import pre_save

    value = auditlog_value.get({})
    uid = value.get("signal_duid")
    if uid is None or not any(lookup[0] == uid for lookup, *_rest in pre_save.receivers):
        return None
    return value.get("actor")


def log_bulk(changes: list[tuple[object, int, dict]], *, actor=None, note: str = "") -> None:
    """Record many changes in one go: (object, LogEntry.Action.*, {field: [old, new]}) each.

    Bulk writes (imports, grids of marks) bypass the model signals django-auditlog listens to. The entries
    are written with `core.bulk.insert_rows` (the same values bulk_create would write): an import of a
    school-year makes 75,000 of them.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from sapat.core.bulk import insert_rows

    actor = actor or current_actor()
    common = {
        "changes_text": "",
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "additional_data": {"note": note} if note else None,
    }
    types: dict[type, int] = {}
    rows = []
    for obj, action, fields in changes:
        model = type(obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        rows.append({"content_type_id": types[model], "object_pk": str(obj.pk), "object_id": obj.pk,
                     "object_repr": str(obj)[:500], "action": action, "changes": fields})  # fmt: skip
    if len(rows) <= FEW:  # a cell of a grid: one INSERT, where the bulk path checks each reference first
        LogEntry.objects.bulk_create([LogEntry(**row, **common) for row in rows])
        return
    insert_rows(LogEntry, rows, same=common)


FEW = 50
