from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "sapat.analysis"
    verbose_name = _("Analysis")

    def ready(self):
        from sapat.audit.registry import register_audited

        from .models import RatingScheme

        register_audited(RatingScheme)
