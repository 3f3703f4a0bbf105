"""The forms of the report pages: what to build, in which language and format."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .builders.comparative import COHORT_GRADES, DEFAULT_COHORT_GRADE

FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (Word)"), ("xlsx", "XLSX (Excel)"), ("html", "HTML")]


class OutputForm(forms.Form):
    """The report's own language (independent of the interface language) and its format."""

    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="pdf")


class ControlNoteForm(OutputForm):
    work = forms.ChoiceField(label=_("Control work"))
    compare = forms.CharField(
        label=_("Compare with the work"), required=False, max_length=32,
        help_text=_("Its code, e.g. h1; empty: the previous work of the same subject."),
    )  # fmt: skip
    against = forms.CharField(
        label=_("Compare with the term marks of"), required=False, max_length=8,
        help_text=_("A period code, e.g. h1 or q2; empty: the term in which the work was written."),
    )  # fmt: skip
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=500)
    basis = forms.CharField(label=_("Basis"), required=False, max_length=500)
    checked_by = forms.CharField(label=_("Checked by"), required=False, max_length=255)
    recommendations = forms.CharField(
        label=_("Your recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; they follow the recommendations drawn from the data."),
    )  # fmt: skip

    field_order = ["work", "language", "format", "compare", "against", "purpose", "basis", "checked_by"]

    def __init__(self, *args, works=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = list(works)

    def parameters(self) -> dict:
        unit, year, subject, work = self.cleaned_data["work"].split("|")
        params = {"unit": unit, "year": year, "subject": subject, "work": work}
        for name in ("compare", "against", "purpose", "basis", "checked_by", "recommendations"):
            if self.cleaned_data.get(name):
                params[name] = self.cleaned_data[name].strip()
        return params


class PublicationForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    period = forms.ChoiceField(label=_("Period"))
    min_group = forms.IntegerField(
        label=_("Smallest group shown"), min_value=1, max_value=100,
        initial=getattr(settings, "SAPAT_PUBLIC_MIN_GROUP", 5),
    )  # fmt: skip

    def __init__(self, *args, units=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units)
        self.fields["period"].choices = list(periods)


class UnitReportForm(OutputForm):
    """The parameters of the school-results, comparative and teacher reports: whom, which year, which period."""

    subject = forms.ChoiceField(label=_("Unit"))
    year = forms.ChoiceField(label=_("Academic year"))
    period = forms.ChoiceField(label=_("Period"))
    span = forms.IntegerField(label=_("Years to compare"), min_value=1, max_value=5, initial=3, required=False)
    cohort_grade = forms.TypedChoiceField(
        label=_("A class followed across years: the grade it reaches"), coerce=int, initial=DEFAULT_COHORT_GRADE,
        required=False, empty_value=DEFAULT_COHORT_GRADE,
        choices=[(0, _("none (leave the table out)")), *((grade, str(grade)) for grade in COHORT_GRADES)],
        help_text=_("Every class of this grade in the last year, followed by its students over up to three years."),
    )  # fmt: skip

    field_order = ["subject", "year", "period", "span", "cohort_grade", "language", "format"]

    def __init__(self, *args, subjects=(), years=(), periods=(), subject_label=None, with_span=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = list(subjects)
        if subject_label:
            self.fields["subject"].label = subject_label
        self.fields["year"].choices = [(code, code) for code in years]
        self.fields["period"].choices = list(periods)
        if not with_span:  # only the comparative report compares years
            del self.fields["span"]
            del self.fields["cohort_grade"]
