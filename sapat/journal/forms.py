"""What people type into the journal, read into values; and the forms of the journal's pages."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sapat.assessment.models import ControlWork
from sapat.core import values
from sapat.core.fields import DayField, MaximumField


def parse_mark(text: str) -> str:
    """ "5" → "5", "Н/А" → "na", "осв." → "ex", "" → "" (no mark); anything else is refused with the reason
    (sapat.core.values.mark, the parser the imports and the loaders use too)."""
    return _checked(values.mark, text)


def parse_number(text: str) -> Decimal | None:
    """A score as people type it: "17", "17,5" or "17.5"; "" is no score."""
    return _checked(values.score, text)


def _checked(parse, text):
    try:
        return parse(text)
    except values.ValueRefused as refused:
        raise ValidationError(str(refused)) from None


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ControlWorkForm(forms.Form):
    """A new control work of a class and subject the user may enter (the choices are narrowed by the view)."""

    assignment = forms.MultipleChoiceField(
        label=_("Classes and subjects"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": _("Find a class or a subject")}),
        help_text=_("Choose one or several (Ctrl or Shift with a click); or a subject and whole grades below."),
    )
    subject = forms.ChoiceField(label=_("Subject for whole grades"), required=False)
    grades = forms.MultipleChoiceField(
        label=_("Whole grades"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The work is created for every class of these grades that learns the subject."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ControlWork.Kind.choices)
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text=_("Names the work across classes; empty: the kind (h1, h2, entry, final)."),
    )
    written_on = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    max_score = MaximumField(label=_("Maximum score"), required=False)
    tasks = forms.CharField(
        label=_("Tasks' maxima"),
        required=False,
        help_text=_("One number per task, in order, separated by spaces: 2 2 3 3 5."),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=255)

    def __init__(self, *args, choices=(), subjects=(), grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = choices
        self.fields["subject"].choices = [("", "—"), *subjects]
        self.fields["grades"].choices = [(str(grade), str(grade)) for grade in grades]

    def clean_tasks(self) -> list[Decimal]:
        maxima = []
        for part in self.cleaned_data["tasks"].replace(";", " ").split():
            maxima.append(_checked(values.maximum, part))
        return maxima

    def clean(self):
        data = super().clean()
        if data.get("kind") == ControlWork.Kind.OTHER and not data.get("code"):
            self.add_error("code", gettext("Give a code to a work of the kind “other”."))
        if bool(data.get("subject")) != bool(data.get("grades")):
            self.add_error("grades", gettext("Choose both a subject and the grades, or neither."))
        elif not data.get("assignment") and not data.get("grades"):
            self.add_error("assignment", gettext("Choose the classes, or a subject and whole grades."))
        return data
