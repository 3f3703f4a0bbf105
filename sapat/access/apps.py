from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "sapat.access"
    verbose_name = _("People and access")

    def ready(self):
        from sapat.audit.registry import register_audited

        from . import checks, models  # noqa: F401 (checks registers the admin's system check)

        register_audited(models.Membership, models.ParentLink)
        register_audited(models.User, exclude_fields=["password", "last_login"])
