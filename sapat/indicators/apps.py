from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sapat.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from django.db.models.signals import post_delete

        from sapat.structure.models import SchoolClass
        from sapat.structure.signals import enrolment_changed

        enrolment_changed.connect(_refresh_class, dispatch_uid="indicators-refresh-on-enrolment")
        post_delete.connect(_refresh_school, sender=SchoolClass, dispatch_uid="indicators-refresh-on-class-delete")


def _refresh_class(sender, school_class_id: int, **kwargs):
    from .engine import refresh_classes

    refresh_classes([school_class_id])


def _refresh_school(sender, instance, **kwargs):
    """A deleted class's summary rows went with it (cascade); its school's rows must lose its counts too."""
    from .engine import refresh_school

    refresh_school(instance.school_id)
