from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollegesConfig(AppConfig):
    name = "sapat.colleges"
    verbose_name = _("Colleges")

    def ready(self):
        from sapat.audit.registry import register_audited

        from . import models

        register_audited(models.Department, models.Speciality, models.StudyGroup, models.GroupYear, models.Discipline)
