"""The upload form: which kind, into which unit (one the user may change), the year, the file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.core.fields import ObjectChoiceField
from sapat.structure.models import AcademicYear, OrgUnit

from .kinds import KINDS
from .parsers import Limits


class UnitChoice(ObjectChoiceField):
    def label_from_instance(self, unit: OrgUnit) -> str:
        return f"{unit.name} ({unit.code})"


class YearChoice(ObjectChoiceField):
    def label_from_instance(self, year: AcademicYear) -> str:
        return f"{year.code} ({year.get_country_display()})"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    unit = UnitChoice(label=_("Import into"), queryset=OrgUnit.objects.none())
    year = YearChoice(
        label=_("Academic year of rows that name none"),
        queryset=AcademicYear.objects.order_by("-code", "country"),
        required=False,
        empty_label=_("the current year"),
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(code, kind.title) for code, kind in KINDS.items()]
        self.fields["unit"].queryset = units.order_by("path")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = Limits.from_settings().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than the %(limit)s MB an import takes.") % {"limit": limit // (1024 * 1024)}
            )
        return upload
