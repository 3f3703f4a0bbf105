from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "sapat.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from sapat.audit.registry import register_audited
        from sapat.structure.models import SchoolClass
        from sapat.structure.signals import enrolment_changed

        from . import registry, sources
        from .models import Direction, Indicator
        from .sources.control import ControlSource
        from .sources.external import ExternalSource
        from .sources.marks import MarksSource

        for source in (MarksSource(), ControlSource(), ExternalSource()):
            sources.register(source)
        register_audited(Indicator, Direction, exclude_fields=["changed_at"])
        post_migrate.connect(_load_invariant, sender=self, dispatch_uid="indicators-invariant")
        for signal in (post_save, post_delete):
            signal.connect(registry.forget, sender=Indicator, dispatch_uid=f"indicators-forget-{signal}")
            signal.connect(registry.forget, sender=Direction, dispatch_uid=f"directions-forget-{signal}")
        m2m_changed.connect(registry.forget, sender=Indicator.directions.through, dispatch_uid="indicators-forget-m2m")

        enrolment_changed.connect(_refresh_class, dispatch_uid="indicators-refresh-on-enrolment")
        post_delete.connect(_refresh_school, sender=SchoolClass, dispatch_uid="indicators-refresh-on-class-delete")


def _load_invariant(sender, using="default", **kwargs):
    """The invariant catalogue ships with the code: after every migrate (and after a test database is flushed)
    the registry gets the directions and indicators it lacks."""
    from .services import invariant_load

    invariant_load()


def _refresh_class(sender, school_class_id: int, **kwargs):
    from .engine import refresh_classes

    refresh_classes([school_class_id])


def _refresh_school(sender, instance, **kwargs):
    """A deleted class's summary rows went with it (cascade); its school's rows must lose its counts too."""
    from .engine import refresh_school

    refresh_school(instance.school_id)
