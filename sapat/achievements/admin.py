from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sapat.access.admin_scoping import SUPERUSER, ScopedAdmin

from . import models


@admin.register(models.Event)
class EventAdmin(ScopedAdmin):
    """Events carry no personal data: every admin user sees them; they are changed by superusers (schools
    record them through load-achievements)."""

    rule = SUPERUSER

    list_display = ("name", "kind", "level", "date", "subject")
    list_filter = ("kind", "level")
    search_fields = ("name", "organiser")


@admin.register(models.Participation)
class ParticipationAdmin(ScopedAdmin):
    """The evidence file is shown only as a link to the scoped view: its storage has no public URL."""

    list_display = ("event", "school", "person", "result", "verified_at")
    list_filter = ("result", "event__level")
    autocomplete_fields = ("school", "student", "staff", "event")
    exclude = ("evidence", "verified_by", "verified_at")
    readonly_fields = ("evidence_link", "verified_by", "verified_at")

    @admin.display(description=_("evidence"))
    def evidence_link(self, obj):
        if not obj.pk or not obj.evidence:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("achievements:evidence", args=[obj.pk]), _("download"))


@admin.register(models.Attestation)
class AttestationAdmin(ScopedAdmin):
    list_display = ("staff", "category_sought", "planned_on", "outcome", "order_number")
    list_filter = ("outcome", "category_sought")
    autocomplete_fields = ("staff",)


@admin.register(models.Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ("staff", "kind", "level", "date", "title")
    list_filter = ("kind", "level")
    autocomplete_fields = ("school", "staff")
    search_fields = ("title",)
