"""Reads of the audit trail."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def history_of(obj, *, limit: int = 200):
    """The latest audit entries of one object, newest first, with the actor loaded."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
