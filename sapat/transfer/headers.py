"""The columns of the import kinds and the words people write over them in Kyrgyz, Kazakh, Russian and English.

A file's header cell is recognised when, reduced by `normal()` (lower case, ё as е, letters and digits only),
it equals a column's machine key (`student_name`), its label in any of the four languages (the template's
own header, whatever the translators made of it) or one of the synonyms below. The same reduction serves
the values of choice columns (kinds of units, positions, periods, marks), see `Choices`.
"""

import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from sapat.core.values import NO_VALUE


def normal(text: object) -> str:
    """A header or value as compared: lower case, ё → е, only letters and digits ("Ф.И.О." → "фио")."""
    return "".join(ch for ch in str(text).casefold().replace("ё", "е") if ch.isalnum())


@dataclass(frozen=True)
class Column:
    """One column of an import kind: its key in code, its header in the templates, what else it is called."""

    key: str
    label: Promise
    synonyms: tuple[str, ...] = ()
    required: bool = True
    is_date: bool = False

    def names(self) -> frozenset[str]:
        return _names(self)


@functools.cache
def _names(column: Column) -> frozenset[str]:
    words = {column.key, *column.synonyms, *_translations(column.label)}
    return frozenset(normal(word) for word in words if normal(word))


# Synonyms per column: what administrators in the region write in their own tables (ky, kk, ru, en).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "school": (
        "school code", "мектеп", "мектептин коду", "мектеп коды", "школа", "код школы", "организация",
        "college", "колледж",  # a college's marks template says so (sapat/colleges/vocabulary.py)
    ),
    "year": (
        "academic year", "school year", "окуу жылы", "оқу жылы", "учебный год", "уч. год", "год обучения",
    ),
    "class": (
        "form", "grade and letter", "класс", "сынып", "класс (литер)", "группа",
        "study group", "учебная группа", "окуу тобу", "оқу тобы",  # a college's marks template
    ),
    "student": (
        "student code", "student id", "pupil code", "код ученика", "код учащегося", "номер ученика",
        "окуучунун коду", "окуучу коду", "оқушы коды", "оқушының коды",
    ),
    "student_name": (
        "student name", "pupil", "full name", "name", "фио", "ф.и.о.", "фио ученика", "ученик", "учащийся",
        "фамилия имя", "фамилия, имя", "окуучу", "окуучунун аты-жөнү", "аты-жөнү", "оқушы", "оқушының аты-жөні",
        "аты-жөні", "студент",  # a college's marks template
    ),
    "subject": ("subject code", "предмет", "код предмета", "дисциплина", "сабак", "предмет (код)", "пән", "пән коды"),
    "period": ("term", "quarter", "период", "четверть", "мезгил", "чейрек", "кезең", "тоқсан"),
    "mark": ("grade", "оценка", "отметка", "баа", "баға"),
    "kind": ("type", "вид", "тип", "вид оценивания", "түрү", "баалоо түрү", "түрі", "бағалау түрі"),
    "score": ("points", "result", "балл", "баллы", "набранный балл", "упай", "балл (упай)", "ұпай", "нәтиже"),
    "max": (
        "maximum", "max score", "maximum score", "максимум", "макс", "макс. балл", "максимальный балл",
        "максималдуу балл", "максималдуу упай", "максималды балл", "ең жоғары балл",
    ),
    "work": (
        "control work", "work code", "работа", "код работы", "контрольная работа", "текшерүү иши", "иш",
        "бақылау жұмысы", "жұмыс",
    ),
    "date": ("дата", "дата проведения", "күнү", "өткөрүлгөн күнү", "күні", "өткізілген күні"),
    "test": ("test code", "тест", "код теста", "тесттин коду", "тест коды"),
    "threshold": ("pass mark", "порог", "пороговый балл", "босого", "босого балл", "шекті балл", "шекті ұпай"),
    "code": ("код", "коду", "коды", "шифр"),
    "unit_kind": ("kind", "level", "вид", "уровень", "тип", "түрү", "деңгээл", "түрі", "деңгей"),
    "parent": (
        "parent unit", "parent code", "вышестоящая единица", "код вышестоящей", "родитель", "жогорку бөлүм",
        "жогорку бирдик", "жоғары тұрған бөлім", "жоғарғы бірлік",
    ),
    "name_ky": ("name (kyrgyz)", "название (кыргызский)", "название на кыргызском", "аталышы (кыргызча)",
                "атауы (қырғызша)", "кыргызча"),
    "name_kk": ("name (kazakh)", "название (казахский)", "название на казахском", "аталышы (казакча)",
                "атауы (қазақша)", "қазақша"),
    "name_ru": ("name (russian)", "название (русский)", "название", "название на русском", "аталышы (орусча)",
                "атауы (орысша)", "наименование"),
    "name_en": ("name (english)", "название (английский)", "название на английском", "аталышы (англисче)",
                "атауы (ағылшынша)"),
    "country": ("страна", "мамлекет", "өлкө", "ел", "мемлекет"),
    "school_kind": ("type of school", "вид школы", "тип школы", "мектептин түрү", "мектеп түрі"),
    "settlement": ("urban or rural", "местность", "город/село", "шаар/айыл", "қала/ауыл", "елді мекен"),
    "tutor": ("tutor school", "опорная школа", "базовая школа", "таяныч мектеп", "тірек мектеп"),
    "last_name": ("surname", "family name", "фамилия", "фамилиясы", "тегі"),
    "first_name": ("given name", "имя", "аты", "есімі", "аты (есімі)"),
    "patronymic": ("middle name", "отчество", "атасынын аты", "әкесінің аты"),
    "gender": ("sex", "пол", "жынысы"),
    "birth_date": ("date of birth", "born", "дата рождения", "туулган күнү", "туған күні"),
    "position": ("post", "job", "должность", "кызматы", "лауазымы"),
    "teaching_since": (
        "experience since", "start of experience", "педагогический стаж с", "стаж с", "педагогикалык стажы",
        "стажы", "педагогикалық өтілі", "өтілі",
    ),
    "category": ("qualification category", "категория", "квалификационная категория", "категориясы", "санаты"),
    "awarded_on": (
        "category date", "date of award", "дата присвоения", "дата аттестации", "ыйгарылган күнү", "берілген күні",
    ),
    "valid_until": ("valid to", "expires", "действует до", "срок действия", "чейин жарактуу", "дейін жарамды"),
    "order": ("order number", "приказ", "номер приказа", "буйрук", "бұйрық"),
    "starts_on": (
        "from", "joined", "on the list from", "в списке с", "дата зачисления", "зачислен", "тизмеде", "тізімде",
        "кабыл алынган күнү", "қабылданған күні",
    ),
    "ends_on": ("left", "left on", "выбыл", "дата выбытия", "чыккан күнү", "кеткен күні", "шыққан күні"),
    "class_teacher": ("homeroom teacher", "классный руководитель", "класс жетекчи", "сынып жетекшісі"),
    "teacher": ("teacher name", "учитель", "преподаватель", "мугалим", "мұғалім"),
    "year_starts_on": ("year starts", "начало учебного года", "окуу жылынын башталышы", "оқу жылының басы"),
    "year_ends_on": ("year ends", "конец учебного года", "окуу жылынын аягы", "оқу жылының соңы"),
    "period_starts_on": ("period starts", "начало периода", "мезгилдин башталышы", "кезеңнің басы"),
    "period_ends_on": ("period ends", "конец периода", "мезгилдин аягы", "кезеңнің соңы"),
    "number": ("№", "no", "n", "№ п/п", "номер", "п/п", "р/с", "реттік нөмір"),
}  # fmt: skip


def column(
    key: str, label: Promise, *, required: bool = True, is_date: bool = False, synonyms: str = "", extra=()
) -> Column:
    """A column with the synonyms of SYNONYMS[synonyms or key] (and `extra` words for this kind only)."""
    return Column(key, label, (*SYNONYMS.get(synonyms or key, ()), *extra), required, is_date)


@dataclass
class Choices:
    """Recognises a coded value (a period, a position, a kind of unit…) written as the code, its label in any
    language, or a synonym; `pick` answers the code or None."""

    labels: dict[str, Promise]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self):
        self._known: dict[str, str] | None = None
        self._seen: dict[str, str | None] = {}  # a file repeats a few values many times (marks)

    def pick(self, text: str) -> str | None:
        if text not in self._seen:
            if len(self._seen) > 10_000:
                self._seen.clear()
            if self._known is None:
                self._known = self._table()
            self._seen[text] = self._known.get(normal(text))
        return self._seen[text]

    def _table(self) -> dict[str, str]:
        """Every word → its code; a word two codes share (labels translated alike) is dropped, so that it is
        refused as unknown instead of being read as the wrong one."""
        codes = {normal(code): code for code in self.labels}
        known, shared = dict(codes), set()
        for code, label in self.labels.items():
            words = {normal(word) for word in (*self.synonyms.get(code, ()), *_translations(label))}
            for word in words - {""} - codes.keys():
                if known.setdefault(word, code) != code:
                    shared.add(word)
        return {word: code for word, code in known.items() if word not in shared}


def _translations(label: Promise) -> list[str]:
    words = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.append(str(label))
    return words


ROMAN = {1: "i", 2: "ii", 3: "iii", 4: "iv"}
ORDINAL_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}


def _term_words(number: int, words: tuple[str, ...]) -> tuple[str, ...]:
    """ "1 четверть", "I четверть", "1-я четверть", "четверть 1", "1st quarter" … for one term."""
    forms = (str(number), ROMAN[number], f"{number}-я", f"{number}-й", f"{number}-", ORDINAL_EN[number])
    return tuple(f"{form} {word}" for form in forms for word in words) + tuple(f"{word} {number}" for word in words)


QUARTER_WORDS = ("четверть", "ч", "чет", "чейрек", "тоқсан", "токсан", "quarter", "term")
HALF_WORDS = ("полугодие", "п", "жарым жылдык", "жарым жыл", "жартыжылдық", "жарты жыл", "half-year", "half")
SEMESTER_WORDS = ("семестр", "семестр", "semester")
PERIOD_SYNONYMS: dict[str, tuple[str, ...]] = {
    **{f"q{n}": _term_words(n, QUARTER_WORDS) for n in range(1, 5)},
    **{f"h{n}": _term_words(n, HALF_WORDS) for n in range(1, 3)},
    **{f"s{n}": _term_words(n, SEMESTER_WORDS) for n in range(1, 3)},
    "year": ("год", "годовая", "за год", "итог", "итоговая", "годовая оценка", "жыл", "жылдык", "жылдық",
             "жылдық баға", "annual", "final", "year mark"),
}  # fmt: skip

# A cell that says nothing: an import leaves the stored value alone (sapat.core.values.NO_VALUE).
EMPTY_VALUES = NO_VALUE


def is_task_column(text: str) -> re.Match | None:
    """A control work's task column: "task:1:4" (number 1, maximum 4)."""
    return re.match(r"^task:([0-9]{1,3}):([0-9]{1,4}(?:[.,][0-9]{1,2})?)$", text.strip().casefold())


def is_part_column(text: str) -> re.Match | None:
    """An external test's component column: "part:math"."""
    return re.match(r"^part:([\w-]{1,32})$", text.strip().casefold())
