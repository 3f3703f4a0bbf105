"""Configuration of the analysis: how ratings band units and which groups are too small to rate."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.multilingual import MultilingualName
from sapat.indicators.catalogue import BY_CODE

# Band codes, best first; their names are the translated labels shown on pages and in reports.
BANDS = {
    "highest": _("highest"),
    "above_average": _("above average"),
    "average": _("average"),
    "below_average": _("below average"),
}


class RatingScheme(MultilingualName):
    """How the units rated by one indicator are put into bands, from a date on (configuration, not constants).

    thresholds method: `thresholds` lists [lowest value, band] from the best band down, e.g.
    [[80, "highest"], [60, "above_average"], [40, "average"], [null, "below_average"]]; a value takes the first
    band whose bound it reaches (null: any value). mean method: the bounds are multiples k of the standard
    deviation around the mean of the rated units, e.g. [[1, "highest"], [0.5, "above_average"],
    [-0.5, "average"], [null, "below_average"]]. For indicators where less is better (failing, …) fixed
    bounds go from the lowest up and mean bounds count σ below the mean. Units with fewer than `min_group_size`
    students are listed as not rated.
    """

    class Method(models.TextChoices):
        THRESHOLDS = "thresholds", _("fixed thresholds")
        MEAN = "mean", _("position against the mean")

    code = models.CharField(_("code"), max_length=32, unique=True)
    indicator = models.CharField(_("indicator"), max_length=32)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.MEAN)
    thresholds = models.JSONField(
        _("bands"),
        default=list,
        blank=True,
        help_text=_(
            'Lowest bound and band, best first, e.g. [[80, "highest"], [50, "average"], [null, "below_average"]].'
        ),
    )
    min_group_size = models.PositiveIntegerField(
        _("minimum group size"), default=10, help_text=_("Units with fewer students are listed as not rated.")
    )
    effective_from = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["indicator", "-effective_from"]

    def clean(self):
        errors = self.clean_names()
        if self.indicator not in BY_CODE:
            errors["indicator"] = _("Unknown indicator code: %(code)s.") % {"code": self.indicator}
        from .ratings import lower_is_better

        ascending = self.method == self.Method.THRESHOLDS and lower_is_better(self.indicator)
        problem = bands_problem(self.thresholds, ascending=ascending)
        if problem:
            errors["thresholds"] = problem
        if errors:
            raise ValidationError(errors)


def bands_problem(thresholds, *, ascending: bool = False) -> str | None:
    """Why a list of [bound, band] pairs cannot band a rating, or None when it can. Bounds go from the highest
    down, or from the lowest up for fixed thresholds of an indicator where less is better (`ascending`)."""
    if not isinstance(thresholds, list) or not thresholds:
        return _("List at least one band as [lowest bound, band code].")
    for entry in thresholds:
        if not (isinstance(entry, list | tuple) and len(entry) == 2 and entry[1] in BANDS):
            return _("Each band is [lowest bound, band code] with a code among: %(codes)s.") % {
                "codes": ", ".join(BANDS)
            }
        if entry[0] is not None and not isinstance(entry[0], int | float):
            return _("A bound is a number, or null for the last band.")
    bounds = [entry[0] for entry in thresholds if entry[0] is not None]
    if bounds != sorted(bounds, reverse=not ascending) or any(entry[0] is None for entry in thresholds[:-1]):
        if ascending:
            return _("List the bands from the lowest bound up; only the last bound may be null.")
        return _("List the bands from the highest bound down; only the last bound may be null.")
    return None
