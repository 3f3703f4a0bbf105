"""Personal names for the demo: Kyrgyz, Kazakh and Russian, in Cyrillic, with the usual family-name forms.

Kyrgyz children mostly carry a patronymic of the form "Бакыт уулу" / "Бакыт кызы", adults often the
Russian form "Бакытович" / "Бакытовна"; Kazakhs write "Серікұлы" / "Серікқызы" or "Серикович". Family
names are kept in their masculine form (-ов, -ев, -ин) and made feminine by adding "а".
"""

import random
from dataclasses import dataclass

KYRGYZ = "ky"
KAZAKH = "kk"
RUSSIAN = "ru"

KG_MALE = [
    "Азамат", "Айбек", "Алмаз", "Бакыт", "Бекжан", "Бектур", "Данияр", "Нурлан", "Нурбек", "Эрлан", "Эмир",
    "Жыргалбек", "Канат", "Мирлан", "Темирлан", "Улан", "Урмат", "Чыңгыз", "Эльдар", "Адилет", "Актан",
    "Асылбек", "Байэл", "Бекназар", "Жанболот", "Каныбек", "Кубаныч", "Мелис", "Нуржигит", "Санжар", "Таалай",
    "Тилек", "Арген", "Эрмек", "Элдияр", "Баястан", "Бакай", "Самат", "Жаныбек", "Азирет", "Алишер", "Бекзат",
    "Нурсултан", "Марлен", "Амантур", "Медер", "Эржан", "Исмаил", "Айдар", "Омурбек",
]  # fmt: skip
KG_FEMALE = [
    "Айгерим", "Айпери", "Айзада", "Айдана", "Айжан", "Акмарал", "Асель", "Бегимай", "Бермет", "Гулзат",
    "Гүлнара", "Жамиля", "Жылдыз", "Назира", "Нургүл", "Нуриза", "Сезим", "Толгонай", "Чолпон", "Эльвира",
    "Элиза", "Элнура", "Мээрим", "Мирана", "Каныкей", "Адинай", "Айсулуу", "Альбина", "Бактыгүл", "Динара",
    "Жибек", "Зарина", "Камила", "Мадина", "Нурай", "Райхан", "Саадат", "Чынара", "Айнура", "Гүлайым",
    "Мырзайым", "Алтынай", "Бурул", "Айзирек", "Назгүл", "Салтанат", "Эркайым", "Асема", "Аяна", "Урпия",
]  # fmt: skip
KG_FATHERS = [
    "Асан", "Бакыт", "Нурлан", "Талант", "Эркин", "Болот", "Медет", "Алмаз", "Азамат", "Канат", "Улан",
    "Урмат", "Самат", "Руслан", "Кубаныч", "Мирлан", "Марат", "Бекташ", "Жыргалбек", "Таалайбек", "Нурбек",
    "Тынчтык", "Эрмек", "Алтынбек", "Токтогул", "Жолдош", "Сапар", "Осмон", "Калыбек", "Садыр", "Шаршен",
    "Жумабек", "Кенеш", "Аман", "Ырыс", "Кемел", "Абдыкадыр", "Турдубек", "Орозбек", "Кадыр",
]  # fmt: skip
KG_SURNAMES = [
    "Асанов", "Үсөнов", "Бакытов", "Нурланов", "Токтогулов", "Жолдошев", "Сыдыков", "Мамбетов", "Алымов",
    "Абдыкадыров", "Жусупов", "Турдубеков", "Орозбеков", "Кадыров", "Сапаров", "Бейшеналиев", "Осмонов",
    "Калыбеков", "Качкынбаев", "Эсенов", "Садыров", "Шаршенов", "Абдыраев", "Талантбеков", "Акылбеков",
    "Дүйшөнбиев", "Жумабеков", "Мукашев", "Токонов", "Эркинбаев", "Байтиков", "Медетбеков", "Кенешов",
    "Болотбеков", "Аманов", "Исаков", "Ырысов", "Табылдиев", "Кемелбеков", "Молдоканов", "Иманалиев",
    "Абдырахманов", "Сатыбалдиев", "Момунов", "Касымалиев", "Бообеков", "Жээнбеков", "Чотонов", "Мырзаев",
    "Өмүрзаков", "Бөкөнбаев", "Түлөберлиев", "Карабаев", "Кочкоров", "Усубалиев", "Эшмамбетов",
]  # fmt: skip

KZ_MALE = [
    "Айдос", "Алмас", "Арман", "Асхат", "Аян", "Бауыржан", "Берік", "Дәурен", "Ерлан", "Ержан", "Жандос",
    "Қайрат", "Мұрат", "Нұрлан", "Нұрсұлтан", "Рүстем", "Серік", "Талғат", "Темірлан", "Әлихан", "Айбар",
    "Ерасыл", "Жәнібек", "Дамир", "Ислам", "Мирас", "Нұрислам", "Санжар", "Аслан", "Батыр", "Ерболат",
    "Еркебұлан", "Әділет", "Ақжол", "Бекарыс", "Ғалымжан", "Данияр", "Исатай", "Махамбет", "Саят",
]  # fmt: skip
KZ_FEMALE = [
    "Айгерім", "Айжан", "Айым", "Аружан", "Әсел", "Ақбота", "Аяулым", "Балнұр", "Гүлнар", "Дана", "Динара",
    "Жанар", "Жұлдыз", "Зарина", "Іңкәр", "Қарлығаш", "Мадина", "Мөлдір", "Нұрай", "Перизат", "Сабина",
    "Сәуле", "Томирис", "Ұлжан", "Әйгерім", "Гүлмира", "Назерке", "Дильназ", "Ақерке", "Жансая", "Ару",
    "Айсұлу", "Меруерт", "Гүлжан", "Ботагөз", "Дариға", "Камила", "Сымбат", "Тоғжан", "Үміт",
]  # fmt: skip
KZ_FATHERS = [
    "Серік", "Марат", "Болат", "Ержан", "Нұрлан", "Қайрат", "Асқар", "Бақыт", "Жандос", "Ерлан", "Талғат",
    "Мұрат", "Дәурен", "Арман", "Бауыржан", "Ғалым", "Жұмабай", "Қуаныш", "Бекжан", "Темір", "Сағат",
    "Нұрболат", "Жасұлан", "Ерік", "Самат", "Азамат", "Айдар", "Мақсат", "Ербол", "Әсет",
]  # fmt: skip
KZ_SURNAMES = [
    "Ахметов", "Байжанов", "Бекмұхамбетов", "Жұмабаев", "Есенов", "Қасымов", "Мұқанов", "Нұрғалиев", "Оспанов",
    "Сәрсенбаев", "Серікбаев", "Сүлейменов", "Тоқтаров", "Төлегенов", "Ұзақбаев", "Шәріпов", "Ибраев",
    "Қуанышев", "Әбілов", "Жақсылықов", "Есімов", "Байғалиев", "Рахимов", "Тұрсынов", "Ғабдуллин",
    "Кенжеғалиев", "Мұратов", "Иманғалиев", "Досмұхамбетов", "Жаңбыршин", "Исмағұлов", "Қадырғалиев",
    "Утешев", "Жұбанышев", "Мұхамбетжанов", "Қайыржанов",
]  # fmt: skip

RU_MALE = [
    "Александр", "Алексей", "Андрей", "Артём", "Владимир", "Дмитрий", "Евгений", "Иван", "Игорь", "Максим",
    "Михаил", "Никита", "Николай", "Павел", "Сергей", "Виктор", "Денис", "Кирилл", "Роман", "Егор",
]  # fmt: skip
RU_FEMALE = [
    "Анна", "Алина", "Валентина", "Виктория", "Дарья", "Екатерина", "Елена", "Ирина", "Ксения", "Мария",
    "Наталья", "Ольга", "Полина", "Светлана", "Софья", "Татьяна", "Юлия", "Анастасия", "Людмила", "Вера",
]  # fmt: skip
RU_PATRONYMICS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
    ("Владимирович", "Владимировна"), ("Николаевич", "Николаевна"), ("Викторович", "Викторовна"),
    ("Игоревич", "Игоревна"), ("Юрьевич", "Юрьевна"), ("Михайлович", "Михайловна"),
    ("Дмитриевич", "Дмитриевна"), ("Олегович", "Олеговна"), ("Евгеньевич", "Евгеньевна"),
    ("Павлович", "Павловна"), ("Анатольевич", "Анатольевна"), ("Петрович", "Петровна"),
]  # fmt: skip
RU_SURNAMES = [
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Сергеев", "Кравченко", "Шевченко", "Бондаренко", "Ткаченко",
]  # fmt: skip

# Kazakh and Kyrgyz letters written the Russian way, for Russian-style patronymics ("Серикович").
RUSSIFY = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    patronymic: str
    gender: str  # "M" or "F", as structure.models.Gender


def feminine_surname(surname: str) -> str:
    """Асанов → Асанова, Никитин → Никитина; names without a gender form (Кравченко) stay as they are."""
    endings = ("ов", "ев", "ёв", "ин", "ын")
    return surname + "а" if surname.endswith(endings) else surname


def russian_patronymic(father: str, gender: str) -> str:
    """Бакыт → Бакытович / Бакытовна; names ending in a hushing sound take -евич (Жолдошевич)."""
    stem = father.translate(RUSSIFY)
    soft = stem[-1] in "жшчщцй"
    stem = stem[:-1] if stem.endswith("й") else stem
    suffix = ("евич" if soft else "ович") if gender == "M" else ("евна" if soft else "овна")
    return stem + suffix


def kyrgyz_patronymic(father: str, gender: str) -> str:
    return f"{father} {'уулу' if gender == 'M' else 'кызы'}"


def kazakh_patronymic(father: str, gender: str) -> str:
    return father + ("ұлы" if gender == "M" else "қызы")


POOLS = {
    KYRGYZ: (KG_MALE, KG_FEMALE, KG_FATHERS, KG_SURNAMES, kyrgyz_patronymic),
    KAZAKH: (KZ_MALE, KZ_FEMALE, KZ_FATHERS, KZ_SURNAMES, kazakh_patronymic),
}


def person(rng: random.Random, nationality: str, gender: str, *, native_patronymic: float = 0.8) -> Person:
    """A person's full name; `native_patronymic` is the chance of "уулу/кызы" or "-ұлы/-қызы" forms."""
    if nationality == RUSSIAN:
        return _russian_person(rng, gender)
    male, female, fathers, surnames, native = POOLS[nationality]
    first = rng.choice(male if gender == "M" else female)
    surname = rng.choice(surnames)
    father = rng.choice(fathers)
    use_native = rng.random() < native_patronymic
    patronymic = native(father, gender) if use_native else russian_patronymic(father, gender)
    return Person(surname if gender == "M" else feminine_surname(surname), first, patronymic, gender)


def _russian_person(rng: random.Random, gender: str) -> Person:
    first = rng.choice(RU_MALE if gender == "M" else RU_FEMALE)
    surname = rng.choice(RU_SURNAMES)
    patronymic = rng.choice(RU_PATRONYMICS)[0 if gender == "M" else 1]
    return Person(surname if gender == "M" else feminine_surname(surname), first, patronymic, gender)


def nationality_for(rng: random.Random, country: str, languages: str) -> str:
    """Who studies or works at a school: mostly the titular nation, more Russians where Russian is taught."""
    native = KAZAKH if country == "KZ" else KYRGYZ
    langs = languages.split(",")
    russian_share = 0.6 if langs == ["ru"] else 0.3 if "ru" in langs else 0.04
    return RUSSIAN if rng.random() < russian_share else native


def nationality_of(surname: str) -> str:
    """Guess from a family name which name lists it came from (for a relative's first name)."""
    masculine = surname[:-1] if surname.endswith("а") else surname
    for nationality, pool in ((RUSSIAN, RU_SURNAMES), (KAZAKH, KZ_SURNAMES)):
        if masculine in pool or surname in pool:
            return nationality
    return KYRGYZ
