"""The form of a variative indicator: names, the formula over counts, the unit of measure, a date."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.core.fields import CountField, DayField, ObjectChoiceField, ObjectsChoiceField
from sapat.structure.models import Period

from .models import Direction, Indicator
from .services import Definition


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=64, help_text=_("Small Latin letters, digits and _."))
    name_ky = forms.CharField(label=_("name (Kyrgyz)"), max_length=255, required=False)
    name_kk = forms.CharField(label=_("name (Kazakh)"), max_length=255, required=False)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=255, required=False)
    name_en = forms.CharField(label=_("name (English)"), max_length=255, required=False)
    numerator = forms.CharField(label=_("Numerator"), max_length=1000, widget=forms.TextInput(attrs={"size": 60}))
    denominator = forms.CharField(
        label=_("Denominator"), max_length=1000, required=False, widget=forms.TextInput(attrs={"size": 60})
    )
    factor = CountField(label=_("Factor"), min_value=1, max_value=1_000_000, initial=100)
    measure = forms.ChoiceField(
        label=_("Unit of measure"), choices=Indicator.Measure.choices, initial=Indicator.Measure.PERCENT
    )
    better = forms.ChoiceField(label=_("Which way is better"), choices=Indicator.Better.choices)
    precision = CountField(label=_("Decimals shown"), min_value=0, max_value=4, initial=1)
    effective_from = DayField(
        label=_("In force from"), required=False, help_text=_("Empty: today; earlier periods use the first version.")
    )
    directions = ObjectsChoiceField(
        label=_("Directions"), queryset=Direction.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    period = ObjectChoiceField(label=_("Preview for"), queryset=Period.objects.none(), required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        periods = Period.objects.filter(year__country=unit.country).select_related("year").order_by("-starts_on")
        self.fields["period"].queryset = periods

    def definition(self) -> Definition:
        data = self.cleaned_data
        return Definition(
            code=data["code"],
            owner=self.unit,
            names={code: data[f"name_{code}"] for code in ("ky", "kk", "ru", "en")},
            numerator=data["numerator"],
            denominator=data.get("denominator") or "",
            factor=data["factor"],
            measure=data["measure"],
            better=data["better"],
            precision=data["precision"],
            effective_from=data.get("effective_from") or datetime.date.today(),
            directions=tuple(d.code for d in data.get("directions") or ()),
        )
