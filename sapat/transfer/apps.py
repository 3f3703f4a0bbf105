from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "sapat.transfer"
    verbose_name = _("Import and export")

    def ready(self):
        from sapat.audit.registry import register_audited

        from . import models

        # The file's bytes are not worth an audit entry; its name, size and checksum are.
        register_audited(models.ImportRecord, exclude_fields=["content"])
