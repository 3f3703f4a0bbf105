"""The forms of the report pages: what to build, in which language and format."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sapat.core.fields import CountField
from sapat.structure.models.calendar import PERIOD_LABELS

from .builders.comparative import COHORT_GRADES, DEFAULT_COHORT_GRADE

FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (Word)"), ("xlsx", "XLSX (Excel)"), ("html", "HTML")]


class OutputForm(forms.Form):
    """The report's own language (independent of the interface language) and its format."""

    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="pdf")


class ControlNoteForm(OutputForm):
    work = forms.ChoiceField(label=_("Control work"))
    compare = forms.ChoiceField(label=_("Compare with the work"), required=False)
    against = forms.ChoiceField(label=_("Compare with the term marks of"), required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=500)
    basis = forms.CharField(label=_("Basis"), required=False, max_length=500)
    checked_by = forms.CharField(label=_("Checked by"), required=False, max_length=255)
    recommendations = forms.CharField(
        label=_("Your recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; they follow the recommendations drawn from the data."),
    )  # fmt: skip

    field_order = ["work", "language", "format", "compare", "against", "purpose", "basis", "checked_by"]

    def __init__(self, *args, works=(), compares=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = list(works)
        self.fields["compare"].choices = [("", _("the previous work of the same subject")), *compares]
        self.fields["against"].choices = [("", _("the term in which the work was written")),
                                          *((code, label) for code, label in PERIOD_LABELS.items())]  # fmt: skip

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
    min_group = CountField(
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
    span = CountField(label=_("Years to compare"), min_value=1, max_value=5, initial=3, required=False)
    cohort_grade = forms.TypedChoiceField(
        label=_("A class followed across years: the grade it reaches"), coerce=int, initial=DEFAULT_COHORT_GRADE,
        required=False, empty_value=DEFAULT_COHORT_GRADE,
        choices=[(0, _("none (leave the table out)")), *((grade, str(grade)) for grade in COHORT_GRADES)],
        help_text=_("Every class of this grade in the last year, followed by its students over up to three years."),
    )  # fmt: skip

    level = forms.ChoiceField(label=_("Rows of the tables"), required=False)
    source = forms.ChoiceField(label=_("Figures"), required=False, initial="indicators")
    project = forms.ChoiceField(
        label=_("Project"), required=False,
        help_text=_("The rows are the project's member schools of each year, wherever their district: only with "
                    "rows of schools and the figures of a table (categories, achievements, activities, quality)."),
    )  # fmt: skip

    field_order = ["subject", "year", "period", "span", "level", "source", "project", "cohort_grade", "language",
                   "format"]  # fmt: skip

    def __init__(self, *args, subjects=(), years=(), periods=(), subject_label=None, with_span=False, sources=(),
                 projects=(), **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = list(subjects)
        if subject_label:
            self.fields["subject"].label = subject_label
        self.fields["year"].choices = [(code, code) for code in years]
        self.fields["period"].choices = list(periods)
        if not with_span:  # only the comparative report compares years, by level, source and project
            for name in ("span", "cohort_grade", "level", "source", "project"):
                del self.fields[name]
            return
        self.fields["level"].choices = [("", _("the units of the level below")), *LEVEL_CHOICES]
        self.fields["source"].choices = list(sources) or [("indicators", _("indicators of the marks"))]
        self.fields["project"].choices = [("", _("none")), *projects]

    def clean(self):
        cleaned = super().clean()
        if "project" not in self.fields or not cleaned.get("project"):
            return cleaned
        if cleaned.get("level") != "school":
            self.add_error("project", _("A project's member schools are compared only with rows of schools."))
        if cleaned.get("source") not in TABLE_SOURCES:
            self.add_error(
                "project",
                _("A project's member schools are compared only in the tables of teachers' categories, "
                  "achievements, activities or the quality of knowledge, not in the indicators or a data set."),
            )  # fmt: skip
        return cleaned

    def comparison(self) -> dict:
        """The comparative report's own parameters, as the CLI names them (docs/cli.md); empty ones left out."""
        return {name: self.cleaned_data[name] for name in ("level", "source", "project") if self.cleaned_data.get(name)}


LEVEL_CHOICES = [("school", _("schools")), ("district", _("districts")), ("tutor_group", _("tutor groups")),
                 ("unit_group", _("groups of units")), ("project", _("projects"))]  # fmt: skip
# The sources that narrow their rows to a project's member schools (the tables of seed 004, docs/reports.md).
TABLE_SOURCES = ("categories", "student-achievements", "teacher-achievements", "activities", "quality")
TABLE_SOURCE_LABELS = {
    "categories": _("teachers' categories"),
    "student-achievements": _("students' achievements"),
    "teacher-achievements": _("teachers' achievements"),
    "activities": _("teachers' professional activities"),
    "quality": _("quality of knowledge (table)"),
}


def source_choices(datasets) -> list[tuple[str, str]]:
    """The comparative report's sources: the indicators, each data set, the tables of seed 004."""
    found = [("indicators", _("indicators of the marks"))]
    found += [(f"dataset:{dataset.code}", _("data set: %(name)s") % {"name": dataset.name}) for dataset in datasets]
    return found + list(TABLE_SOURCE_LABELS.items())
