"""Form fields that read their value through sapat.core.values, so that a form refuses what the journal, the
imports and the loaders refuse ("٥" is not 5, "1e400" is not a number, a 20-digit id is no object) with a
message in the user's language, and never lets a value reach the database that it cannot hold."""

from django import forms
from django.core.exceptions import ValidationError

from . import values


def _read(parse, value):
    try:
        return parse(value)
    except values.ValueRefused as refused:
        raise ValidationError(str(refused), code="invalid") from None


class CountField(forms.IntegerField):
    """A whole number, 0 or more, ASCII digits only (Django's IntegerField takes "٥" and "1.0")."""

    def to_python(self, value):
        return _read(values.count, value)


class DayField(forms.DateField):
    """A date: 2024-12-20 (what a date input posts), 20.12.2024 or 20/12/2024."""

    def to_python(self, value):
        return _read(values.day, value)


class MaximumField(forms.DecimalField):
    """A maximum score: above 0, below 10,000, two decimals at most."""

    def to_python(self, value):
        return _read(values.maximum, value)

    def validate(self, value):
        forms.Field.validate(self, value)


class ObjectChoiceField(forms.ModelChoiceField):
    """A choice of one object by id that never queries with a value the id column cannot hold."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and values.identifier(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ObjectsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects by id, with the same guard."""

    def _check_values(self, value):
        if isinstance(value, list | tuple) and not self.to_field_name:
            for item in value:
                if values.identifier(item) is None:
                    message = self.error_messages["invalid_pk_value"]
                    raise ValidationError(message, code="invalid_pk_value", params={"pk": values.shown(item)})
        return super()._check_values(value)
