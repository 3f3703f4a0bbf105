from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructureConfig(AppConfig):
    name = "sapat.structure"
    verbose_name = _("Structure")

    def ready(self):
        from sapat.audit.registry import register_audited

        from . import models

        register_audited(
            models.OrgUnit,
            models.UnitGroup,
            models.AcademicYear,
            models.Period,
            models.Subject,
            models.SubjectGrade,
            models.SchoolClass,
            models.Student,
            models.Enrolment,
            models.Staff,
            models.CategoryRecord,
            models.TeachingAssignment,
            models.MethodicalAssociation,
        )
