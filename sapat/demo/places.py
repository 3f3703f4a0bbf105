"""Places of the demo: a Chüy-like region of Kyrgyzstan with 11 districts and a West Kazakhstan region of 11 small
districts, the regional project of seed 004.

Names are given in Kyrgyz, Kazakh, Russian and English; village names are written once in Cyrillic and
transliterated for English (and written with Russian letters for the Russian name).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class District:
    code: str
    names: dict[str, str]  # ky, kk, ru, en
    places: list[str]  # villages; for a town district the town first, then the villages it administers
    schools: int  # how many schools at region size
    town: bool = False
    small: bool = False  # few students per class (the Kazakh project region: eleven rows at little cost)


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    names: dict[str, str]
    districts: list[District] = field(default_factory=list)


def _names(ky: str, kk: str, ru: str, en: str) -> dict[str, str]:
    return {"ky": ky, "kk": kk, "ru": ru, "en": en}


CHUY = Region(
    code="KG-C",
    country="KG",
    names=_names("Чүй облусу", "Шу облысы", "Чуйская область", "Chuy Region"),
    districts=[
        District(
            "KG-C-01", _names("Аламүдүн району", "Аламүдүн ауданы", "Аламединский район", "Alamudun District"),
            ["Лебединовка", "Аламүдүн", "Васильевка", "Байтик", "Кой-Таш", "Ак-Жол", "Таш-Мойнок", "Арашан",
             "Маевка", "Степное", "Кара-Жыгач", "Пригородное", "Мураке", "Көк-Жар", "Воронцовка"],
            42,
        ),
        District(
            "KG-C-02", _names("Сокулук району", "Сокылық ауданы", "Сокулукский район", "Sokuluk District"),
            ["Сокулук", "Военно-Антоновка", "Гавриловка", "Күн-Туу", "Жаңы-Жер", "Ак-Суу", "Фрунзе",
             "Новопавловка", "Курманбек", "Кызыл-Туу", "Шалта", "Асылбаш", "Манас"],
            44,
        ),
        District(
            "KG-C-03", _names("Жайыл району", "Жайыл ауданы", "Жайыльский район", "Jaiyl District"),
            ["Кара-Суу", "Сосновка", "Ак-Башат", "Суусамыр", "Сары-Булак", "Бирлик", "Полтавка", "Жээкбаев",
             "Кызыл-Жар", "Ак-Сай", "Мыкан"],
            34,
        ),
        District(
            "KG-C-04", _names("Кемин району", "Кемин ауданы", "Кеминский район", "Kemin District"),
            ["Кемин", "Орловка", "Боролдой", "Кара-Булак", "Ак-Түз", "Кичи-Кемин", "Жаңы-Алыш", "Шабдан",
             "Кызыл-Октябрь"],
            22,
        ),
        District(
            "KG-C-05", _names("Москва району", "Мәскеу ауданы", "Московский район", "Moskva District"),
            ["Беловодское", "Петровка", "Александровка", "Садовое", "Сретенка", "Чапаев", "Целинное", "Киров",
             "Жаңы-Жол", "Ак-Кашат"],
            34,
        ),
        District(
            "KG-C-06", _names("Панфилов району", "Панфилов ауданы", "Панфиловский район", "Panfilov District"),
            ["Кайыңды", "Панфиловское", "Көк-Ой", "Ойтал", "Чалдовар", "Фрунзенское", "Кара-Ой", "Алексеевка",
             "Ортоке"],
            24,
        ),
        District(
            "KG-C-07", _names("Чүй району", "Шу ауданы", "Чуйский район", "Chuy District"),
            ["Чүй", "Бурана", "Кеҥеш", "Ак-Бешим", "Ибраимов", "Кошой", "Чым-Коргон", "Кегети"],
            28,
        ),
        District(
            "KG-C-08", _names("Ысык-Ата району", "Ыстықата ауданы", "Иссык-Атинский район", "Ysyk-Ata District"),
            ["Ивановка", "Новопокровка", "Милянфан", "Ысык-Ата", "Сын-Таш", "Кен-Булуң", "Люксембург",
             "Нурманбет", "Красная Речка", "Юрьевка", "Бирдик", "Таш-Булак"],
            40,
        ),
        District(
            "KG-C-09", _names("Токмок шаары", "Тоқмақ қаласы", "город Токмок", "Tokmok City"),
            ["Токмок", "Шамшы", "Ак-Тилек", "Кайыңды-Сай"], 16, town=True,
        ),
        District(
            "KG-C-10", _names("Кара-Балта шаары", "Қарабалта қаласы", "город Кара-Балта", "Kara-Balta City"),
            ["Кара-Балта", "Көк-Сай", "Эки-Алыш", "Ак-Дөбө"], 14, town=True,
        ),
        District(
            "KG-C-11", _names("Кант шаары", "Қант қаласы", "город Кант", "Kant City"),
            ["Кант", "Төмөнкү Ала-Арча", "Дачное"], 10, town=True,
        ),
    ],
)  # fmt: skip

# West Kazakhstan shaped like seed 004: the 11 districts of the regional project, three small schools in each (a
# tutor school in the district centre and two rural schools attached to it), so that the project's tables have
# eleven rows without making the demo slow (`small`: few students per class).
KZ_DISTRICTS = [
    # code suffix, ky, kk, ru, en, villages (the district centre first)
    ("01", "Теректи", "Теректі", "Теректинский", "Terekti", ["Федоровка", "Подстепное", "Аңқаты"]),
    ("02", "Акжайык", "Ақжайық", "Акжаикский", "Akzhaiyk", ["Чапаев", "Алмалы", "Тайпақ"]),
    ("03", "Байтерек", "Бәйтерек", "Байтерекский", "Baiterek", ["Перемётное", "Дарьинское", "Мичурин"]),
    ("04", "Бөкей ордасы", "Бөкей ордасы", "Бокейординский", "Bokey Orda", ["Сайқын", "Хан Ордасы", "Мұратсай"]),
    ("05", "Жаңакала", "Жаңақала", "Жангалинский", "Zhanakala", ["Жаңақала", "Пятимар", "Жалпақтал"]),
    ("06", "Жаныбек", "Жәнібек", "Жанибекский", "Zhanibek", ["Жәнібек", "Таловка", "Ұзынкөл"]),
    ("07", "Казталов", "Қазталов", "Казталовский", "Kaztalov", ["Қазталов", "Бостандық", "Талдыапан"]),
    ("08", "Каратөбө", "Қаратөбе", "Каратобинский", "Karatobe", ["Қаратөбе", "Сулыкөл", "Егіндікөл"]),
    ("09", "Сырым", "Сырым", "Сырымский", "Syrym", ["Жымпиты", "Бұлдырты", "Саралжын"]),
    ("10", "Таскала", "Тасқала", "Таскалинский", "Taskala", ["Тасқала", "Шежін", "Амангелді"]),
    ("11", "Чыңгырлау", "Шыңғырлау", "Шынгырлауский", "Shyngyrlau", ["Шыңғырлау", "Ақтау", "Алмаз"]),
]  # fmt: skip
KZ_SCHOOLS_PER_DISTRICT = 3

WEST_KAZAKHSTAN = Region(
    code="KZ-ZAP",
    country="KZ",
    names=_names("Батыш Казакстан облусу", "Батыс Қазақстан облысы", "Западно-Казахстанская область",
                 "West Kazakhstan Region"),
    districts=[
        District(f"KZ-ZAP-{code}", _names(f"{ky} району", f"{kk} ауданы", f"{ru} район", f"{en} District"), places,
                 KZ_SCHOOLS_PER_DISTRICT, small=True)
        for code, ky, kk, ru, en, places in KZ_DISTRICTS
    ],
)  # fmt: skip

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ҥ": "ng", "ө": "o", "ұ": "u",
    "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
RUSSIAN_LETTERS = str.maketrans("әғқңҥөұүһіӘҒҚҢҤӨҰҮҺІ", "агкннооухиАГКННООУХИ")


def transliterate(text: str) -> str:
    """Cyrillic (Kyrgyz, Kazakh, Russian) to plain Latin letters, for English names: Көк-Жар → Kok-Zhar."""
    out = []
    for char in text:
        latin = TRANSLIT.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def russian_spelling(place: str) -> str:
    """A Kyrgyz or Kazakh place name with Russian letters only: Көк-Жар → Кок-Жар."""
    return place.translate(RUSSIAN_LETTERS)


# How each kind of school is called; {where} says in which village or town it stands.
SCHOOL_NAMES = {
    "general": {
        "ky": "{place} {where} № {n} орто мектеби",
        "kk": "{place} {where} № {n} жалпы орта білім беретін мектеп",
        "ru": "Средняя общеобразовательная школа № {n} {where} {place}",
        "en": "Secondary School No. {n}, {place}",
    },
    "gymnasium": {
        "ky": "{place} {where} № {n} мектеп-гимназиясы",
        "kk": "{place} {where} № {n} мектеп-гимназия",
        "ru": "Школа-гимназия № {n} {where} {place}",
        "en": "Gymnasium School No. {n}, {place}",
    },
    "lyceum": {
        "ky": "{place} {where} № {n} лицейи",
        "kk": "{place} {where} № {n} лицей",
        "ru": "Лицей № {n} {where} {place}",
        "en": "Lyceum No. {n}, {place}",
    },
}
WHERE = {
    "ky": {"rural": "айылындагы", "urban": "шаарындагы"},
    "kk": {"rural": "ауылындағы", "urban": "қаласындағы"},
    "ru": {"rural": "с.", "urban": "г."},
    "en": {"rural": "", "urban": ""},
}


def school_names(kind: str, place: str, number: int, town: bool) -> dict[str, str]:
    """The school's name in the four languages, e.g. "Средняя общеобразовательная школа № 3 с. Маевка"."""
    settlement = "urban" if town else "rural"
    spelled = {"ky": place, "kk": place, "ru": russian_spelling(place), "en": transliterate(place)}
    return {
        lang: SCHOOL_NAMES[kind][lang].format(place=spelled[lang], where=WHERE[lang][settlement], n=number)
        for lang in ("ky", "kk", "ru", "en")
    }
