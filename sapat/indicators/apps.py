from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sapat.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from sapat.structure.signals import enrolment_changed

        enrolment_changed.connect(_refresh_class, dispatch_uid="indicators-refresh-on-enrolment")


def _refresh_class(sender, school_class_id: int, **kwargs):
    from .engine import refresh_classes

    refresh_classes([school_class_id])
