"""The message catalogues are complete, keep every placeholder, and the committed .mo files match the .po files.

The product speaks Kyrgyz, Kazakh and Russian (English is the source language: its catalogue stays empty and
Django falls back to the msgid). After changing a user-facing string, run `make messages`, translate the new
or fuzzy entries of the three catalogues and commit both the .po and the compiled .mo files.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

TRANSLATED = ("ky", "kk", "ru")
PLURAL_FORMS = {
    "ky": "nplurals=2; plural=(n != 1);",
    "kk": "nplurals=2; plural=(n != 1);",
    "ru": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"),
    "en": "nplurals=2; plural=(n != 1);",
}
# %(name)s, %s, %d, %.1f, %% ... as Python's %-formatting reads them; {{ name }} of templates arrives here as %(name)s.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGcuo%]")
TEMPLATE_VARIABLE = re.compile(r"{{.*?}}")


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(locale_dir() / language / "LC_MESSAGES" / "django.po"))


def compiled(language: str) -> polib.MOFile:
    return polib.mofile(str(locale_dir() / language / "LC_MESSAGES" / "django.mo"))


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text)) + Counter(TEMPLATE_VARIABLE.findall(text))


def label(entry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def translations(entries) -> dict:
    """(context, msgid) -> the translation, or the tuple of plural forms, of each entry that has one."""
    result = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            result[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        else:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


@pytest.mark.parametrize("language", [*TRANSLATED, "en"])
def test_header_names_the_language_charset_and_plural_forms(language):
    po = catalogue(language)
    assert po.metadata.get("Language") == language
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[language]
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_checked(language):
    po = catalogue(language)
    assert len(po) > 0
    untranslated = [label(e) for e in po.untranslated_entries()]
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated entries (run `make messages` and translate): {untranslated}"
    assert not fuzzy, f"{language}: fuzzy entries (check the translation, then remove the flag): {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_entries_have_every_form(language):
    po = catalogue(language)
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])[1])
    wrong = [
        label(e)
        for e in po
        if e.msgid_plural and (sorted(e.msgstr_plural) != list(range(nplurals)) or not all(e.msgstr_plural.values()))
    ]
    assert not wrong, f"{language}: plural entries without all {nplurals} forms: {wrong}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            expected = (placeholders(entry.msgid), placeholders(entry.msgid_plural))
            forms = entry.msgstr_plural.values()
        else:
            expected = (placeholders(entry.msgid),)
            forms = [entry.msgstr]
        wrong += [f"{label(entry)} -> {form!r}" for form in forms if placeholders(form) not in expected]
    assert not wrong, f"{language}: placeholders differ from the English source: {wrong}"


@pytest.mark.parametrize("language", [*TRANSLATED, "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    po = catalogue(language)
    expected = translations(e for e in po if e.translated() and not e.fuzzy and not e.obsolete)
    actual = translations(compiled(language))
    stale = sorted(str(key) for key in expected.keys() ^ actual.keys())
    stale += sorted(str(key) for key in expected.keys() & actual.keys() if expected[key] != actual[key])
    assert not stale, f"{language}: django.mo is out of date, run compilemessages: {stale[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_interface_speaks_the_language(language):
    with translation.override(language):
        assert str(gettext("Log in")) != "Log in"
        assert translation.get_language() == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_chosen_by_the_languages_rule(language):
    """Django picks msgstr[i] by the header's rule: 1, 2 and 5 give the first, second and last forms in Russian."""
    entries = [e for e in catalogue(language) if e.msgid_plural and e.translated()]
    if not entries:
        pytest.skip("no plural entries")
    entry = entries[0]
    nplurals = len(entry.msgstr_plural)
    expected_form = {1: 0, 2: min(1, nplurals - 1), 5: nplurals - 1, 21: 0 if language == "ru" else nplurals - 1}
    with translation.override(language):
        for n, form in expected_form.items():
            assert ngettext(entry.msgid, entry.msgid_plural, n) == entry.msgstr_plural[form], (n, form)
