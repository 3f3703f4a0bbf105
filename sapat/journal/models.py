"""Closing a period at one school: after the deputy closes a quarter, its marks no longer change there.

`Period.locked` (sapat.structure) closes a period for a whole country's calendar; a `PeriodLock` closes it
for one school, which is how schools work: each school closes its own quarter when its marks are final.
The one write path of marks (`sapat.assessment.services.placement_error`) consults both, so the grid,
the imports and the command-line loaders all respect a closed period.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import ScopedQuerySet, ScopeRule, unscoped
from sapat.structure.models import OrgUnit, Period


class PeriodLockQuerySet(ScopedQuerySet):
    def closed(self):
        """The locks in force: closed and not reopened since."""
        return self.filter(reopened_at__isnull=True)


class PeriodLock(models.Model):
    """A school closed a period (its marks are final); reopened later, with a reason, or still closed.

    Each closing is one row, kept after reopening, so the rows of a school are the history of its
    closings and reopenings; at most one row of a (school, period) is in force at a time.
    """

    school = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        related_name="period_locks",
        verbose_name=_("school"),
        limit_choices_to={"kind": OrgUnit.Kind.SCHOOL},
    )
    period = models.ForeignKey(Period, models.CASCADE, related_name="school_locks", verbose_name=_("period"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    locked_at = models.DateTimeField(_("closed at"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reason = models.TextField(_("reason for reopening"), blank=True)

    objects = PeriodLockQuerySet.as_manager()
    scope_rule = ScopeRule(path="school__path")

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["school", "period", "-locked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "period"],
                condition=models.Q(reopened_at__isnull=True),
                name="one_lock_in_force_per_school_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.code} {self.period}"

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


@unscoped("the locks of the schools and periods a save or a grid already reached")
def closed_pairs(school_ids, period_ids) -> set[tuple[int, int]]:
    """The (school id, period id) pairs among these that a school has closed: one query for a whole batch."""
    rows = PeriodLock.objects.closed().filter(school_id__in=set(school_ids), period_id__in=set(period_ids))
    return set(rows.order_by().values_list("school_id", "period_id"))  # unordered: no join for the ordering
