"""What people type into the journal, read into values; and the forms of the journal's pages."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sapat.assessment.models import ControlWork, MarkValue

# The ways journals write a mark, as typed into a cell; anything else goes to the write path unchanged,
# which refuses it with its own message ("“7” is not a mark: use 5, 4, 3, 2, н/а (na) or осв. (ex).").
MARK_ALIASES = {
    MarkValue.NOT_ASSESSED: ("na", "n/a", "н/а", "на", "н", "n"),
    MarkValue.EXEMPT: ("ex", "ex.", "осв", "осв.", "о", "exempt"),
}


def parse_mark(text: str) -> str:
    """ "5" → "5", "Н/А" → "na", "осв." → "ex", "" → "" (no mark); the short forms shown in the current
    language (journal.selectors.SHORT) are understood too, so a cell's own text saves unchanged."""
    from .selectors import SHORT

    typed = (text or "").strip().lower().replace(" ", "")
    for value, aliases in MARK_ALIASES.items():
        if typed in aliases or typed == str(SHORT[value]).lower().replace(" ", ""):
            return value
    return typed


def parse_number(text: str) -> Decimal | None:
    """A score as people type it: "17", "17,5" or "17.5"; "" is no score."""
    typed = (text or "").strip().replace(",", ".").replace("\u00a0", "")
    if not typed:
        return None
    try:
        number = Decimal(typed)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(gettext("“%(value)s” is not a number.") % {"value": text.strip()})
    return number


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ControlWorkForm(forms.Form):
    """A new control work of a class and subject the user may enter (the choices are narrowed by the view)."""

    assignment = forms.ChoiceField(label=_("Class and subject"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ControlWork.Kind.choices)
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text=_("Names the work across classes; empty: the kind (h1, h2, entry, final)."),
    )
    written_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    max_score = forms.DecimalField(
        label=_("Maximum score"), required=False, min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    tasks = forms.CharField(
        label=_("Tasks' maxima"),
        required=False,
        help_text=_("One number per task, in order, separated by spaces: 2 2 3 3 5."),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=255)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = choices

    def clean_tasks(self) -> list[Decimal]:
        maxima = []
        for part in self.cleaned_data["tasks"].replace(";", " ").split():
            number = parse_number(part)
            if number <= 0 or number != number.quantize(Decimal("0.01")) or number >= 10000:
                raise ValidationError(gettext("%(value)s is not a possible maximum of a task.") % {"value": part})
            maxima.append(number)
        return maxima

    def clean(self):
        data = super().clean()
        if data.get("kind") == ControlWork.Kind.OTHER and not data.get("code"):
            self.add_error("code", gettext("Give a code to a work of the kind “other”."))
        return data
