from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "sapat.assessment"
    verbose_name = _("Assessment data")

    def ready(self):
        from sapat.audit.registry import register_audited

        from . import models

        register_audited(
            models.GradingScheme,
            models.ControlWork,
            models.ControlTask,
            models.ExternalTest,
        )
