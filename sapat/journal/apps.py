from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "sapat.journal"
    verbose_name = _("Entry of marks and results")

    def ready(self):
        from sapat.audit.registry import register_audited

        from .models import PeriodLock

        register_audited(PeriodLock)
