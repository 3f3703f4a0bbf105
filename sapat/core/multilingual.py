"""Names kept in the four product languages and shown in the user's language with a fallback."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("ky", "kk", "ru", "en")
# When the user's language has no name, Russian is the one every school in both countries fills in.
FALLBACK_ORDER = ("ru", "en", "ky", "kk")


def pick_name(names: dict[str, str], language: str | None = None) -> str:
    """The name in `language` (default: the active one), else the first filled-in fallback."""
    language = (language or get_language() or "ru").split("-")[0]
    for code in (language, *FALLBACK_ORDER):
        if names.get(code):
            return names[code]
    return ""


class MultilingualName(models.Model):
    """Abstract: a name in Kyrgyz, Kazakh, Russian and English."""

    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=255, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def names(self) -> dict[str, str]:
        return {code: getattr(self, f"name_{code}") for code in LANGUAGE_CODES}

    @property
    def name(self) -> str:
        return pick_name(self.names)

    def name_in(self, language: str) -> str:
        return pick_name(self.names, language)

    def clean_names(self) -> dict[str, str]:
        """Errors for a model's clean(): at least one language must carry the name."""
        if any(self.names.values()):
            return {}
        return {"name_ru": _("Give the name in at least one language.")}
