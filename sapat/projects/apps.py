from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "sapat.projects"
    verbose_name = _("Projects")

    def ready(self):
        from sapat.audit.registry import register_audited

        from .models import Project, ProjectCoordinator, ProjectSchool, ProjectTutor

        register_audited(Project, ProjectSchool, ProjectCoordinator, ProjectTutor)
