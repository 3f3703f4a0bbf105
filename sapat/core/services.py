"""Helpers shared by every app's write services."""

from django.core.exceptions import ValidationError
from django.db import models


def validated_save(instance: models.Model, *, update_fields: list[str] | None = None) -> models.Model:
    """Run the model's full validation, then save; a ValidationError leaves the database untouched."""
    exclude = None
    if update_fields is not None:
        exclude = [f.name for f in instance._meta.fields if f.name not in update_fields]
    instance.full_clean(exclude=exclude)
    instance.save(update_fields=update_fields)
    return instance


def refuse(message, field: str | None = None):
    """Raise a ValidationError attached to `field` (or to the whole object)."""
    raise ValidationError({field: message} if field else message)
