from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "sapat.datasets"
    verbose_name = _("Data sets")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sapat.audit.registry import register_audited
        from sapat.indicators import sources

        from . import sources as dataset_sources
        from .models import Assignment, DataElement, DataSet, ElementOption, Submission, ValidationRule

        sources.register_family(dataset_sources.DataSetFamily())
        for model in (DataSet, DataElement, ElementOption):
            for signal in (post_save, post_delete):
                signal.connect(dataset_sources.forget, sender=model, dispatch_uid=f"datasets-forget-{model}-{signal}")
        # Values are written in batches and audited by the service (audit.registry.log_bulk).
        register_audited(DataSet, DataElement, ElementOption, ValidationRule, Assignment, Submission)
