from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "sapat.achievements"
    verbose_name = _("Achievements")

    def ready(self):
        from sapat.audit.registry import register_audited
        from sapat.indicators import sources

        from . import reports
        from .growth import TeachersSource
        from .models import Activity, Attestation, Event, Participation
        from .sources import AchievementsSource

        reports.register()
        sources.register(AchievementsSource())
        sources.register(TeachersSource())
        register_audited(Event, Participation, Attestation, Activity)
