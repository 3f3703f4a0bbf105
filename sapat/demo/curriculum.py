"""What the demo schools teach: subjects in four languages, weekly hours per grade, who teaches what.

The hours follow the shape of the basic curricula of Kyrgyzstan and Kazakhstan (a primary-class teacher
for most subjects of grades 1–4, subject teachers from grade 5) closely enough for realistic loads.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectSpec:
    code: str
    names: dict[str, str]  # ky, kk, ru, en
    specialty: str  # the teacher who gives it from grade 5 on
    hours: dict[str, dict[int, float]]  # country -> grade -> hours per week


def _grades(*spans: tuple[int, int, float]) -> dict[int, float]:
    """{grade: hours} from (first grade, last grade, hours) spans."""
    return {grade: hours for first, last, hours in spans for grade in range(first, last + 1)}


def _subject(code, ky, kk, ru, en, specialty, kg=(), kz=()) -> SubjectSpec:
    names = {"ky": ky, "kk": kk, "ru": ru, "en": en}
    return SubjectSpec(code, names, specialty, {"KG": _grades(*kg), "KZ": _grades(*kz)})


SUBJECTS = [
    _subject("math", "Математика", "Математика", "Математика", "Mathematics", "math",
             kg=[(1, 4, 4), (5, 6, 5)], kz=[(1, 4, 4), (5, 6, 5)]),
    _subject("algebra", "Алгебра", "Алгебра", "Алгебра", "Algebra", "math", kg=[(7, 11, 3)], kz=[(7, 11, 3)]),
    _subject("geometry", "Геометрия", "Геометрия", "Геометрия", "Geometry", "math",
             kg=[(7, 11, 2)], kz=[(7, 11, 2)]),
    _subject("kyrgyz_language", "Кыргыз тили", "Қырғыз тілі", "Кыргызский язык", "Kyrgyz language", "kyrgyz",
             kg=[(1, 4, 4), (5, 9, 3), (10, 11, 2)]),
    _subject("kyrgyz_literature", "Кыргыз адабияты", "Қырғыз әдебиеті", "Кыргызская литература",
             "Kyrgyz literature", "kyrgyz", kg=[(5, 11, 2)]),
    _subject("kazakh_language", "Казак тили", "Қазақ тілі", "Казахский язык", "Kazakh language", "kazakh",
             kz=[(1, 4, 4), (5, 9, 3), (10, 11, 2)]),
    _subject("kazakh_literature", "Казак адабияты", "Қазақ әдебиеті", "Казахская литература",
             "Kazakh literature", "kazakh", kz=[(5, 11, 2)]),
    _subject("russian_language", "Орус тили", "Орыс тілі", "Русский язык", "Russian language", "russian",
             kg=[(1, 1, 2), (2, 4, 3), (5, 9, 3), (10, 11, 2)], kz=[(1, 4, 2), (5, 11, 2)]),
    _subject("russian_literature", "Орус адабияты", "Орыс әдебиеті", "Русская литература",
             "Russian literature", "russian", kg=[(5, 11, 2)], kz=[(5, 11, 2)]),
    _subject("literary_reading", "Адабий окуу", "Әдебиеттік оқу", "Литературное чтение", "Literary reading",
             "primary", kg=[(1, 4, 2)], kz=[(1, 4, 3)]),
    _subject("homeland_studies", "Мекен таануу", "Дүниетану", "Познание мира", "Knowledge of the world",
             "primary", kg=[(1, 4, 1)], kz=[(1, 4, 1)]),
    _subject("natural_science", "Табият таануу", "Жаратылыстану", "Естествознание", "Natural science",
             "biology", kg=[(5, 5, 2)], kz=[(1, 4, 1), (5, 6, 2)]),
    _subject("english", "Англис тили", "Ағылшын тілі", "Английский язык", "English", "english",
             kg=[(3, 4, 2), (5, 11, 2)], kz=[(3, 4, 2), (5, 9, 3), (10, 11, 2)]),
    _subject("history_kg", "Кыргызстан тарыхы", "Қырғызстан тарихы", "История Кыргызстана",
             "History of Kyrgyzstan", "history", kg=[(5, 11, 1)]),
    _subject("history_kz", "Казакстан тарыхы", "Қазақстан тарихы", "История Казахстана",
             "History of Kazakhstan", "history", kz=[(5, 11, 2)]),
    _subject("world_history", "Дүйнөлүк тарых", "Дүниежүзі тарихы", "Всемирная история", "World history",
             "history", kg=[(5, 11, 1)], kz=[(6, 11, 1)]),
    _subject("man_society", "Адам жана коом", "Адам. Қоғам. Құқық", "Человек и общество", "Man and society",
             "history", kg=[(8, 11, 1)], kz=[(9, 11, 1)]),
    _subject("geography", "География", "География", "География", "Geography", "geography",
             kg=[(6, 11, 2)], kz=[(7, 11, 2)]),
    _subject("biology", "Биология", "Биология", "Биология", "Biology", "biology", kg=[(6, 11, 2)], kz=[(7, 11, 2)]),
    _subject("chemistry", "Химия", "Химия", "Химия", "Chemistry", "chemistry", kg=[(8, 11, 2)], kz=[(8, 11, 2)]),
    _subject("physics", "Физика", "Физика", "Физика", "Physics", "physics", kg=[(7, 11, 2)], kz=[(7, 11, 2)]),
    _subject("informatics", "Информатика", "Информатика", "Информатика", "Informatics", "informatics",
             kg=[(5, 11, 1)], kz=[(5, 11, 1)]),
    _subject("pe", "Дене тарбия", "Дене шынықтыру", "Физическая культура", "Physical education", "pe",
             kg=[(1, 11, 2)], kz=[(1, 11, 3)]),
    _subject("music", "Музыка", "Музыка", "Музыка", "Music", "arts", kg=[(1, 7, 1)], kz=[(1, 6, 1)]),
    _subject("art", "Сүрөт", "Бейнелеу өнері", "Изобразительное искусство", "Visual arts", "arts",
             kg=[(1, 7, 1)], kz=[(1, 6, 1)]),
    _subject("technology", "Технология", "Көркем еңбек", "Технология", "Technology", "technology",
             kg=[(1, 4, 1), (5, 8, 2)], kz=[(1, 4, 1), (5, 9, 2)]),
    _subject("basic_military", "Аскердик даярдоонун негиздери", "Алғашқы әскери және технологиялық дайындық",
             "Начальная военная подготовка", "Basic military training", "pe",
             kg=[(10, 11, 1)], kz=[(10, 11, 1)]),
]  # fmt: skip
SUBJECTS_BY_CODE = {spec.code: spec for spec in SUBJECTS}

# Subjects a primary-class teacher does not give: specialists come in even in grades 1–4.
SPECIALIST_IN_PRIMARY = {"english", "pe"}
PRIMARY = "primary"
PRIMARY_LAST_GRADE = 4


def curriculum(country: str, grade: int) -> list[tuple[SubjectSpec, float]]:
    """The subjects of a grade with their weekly hours, in the order of SUBJECTS."""
    return [(spec, spec.hours[country][grade]) for spec in SUBJECTS if grade in spec.hours[country]]


def specialty_for(spec: SubjectSpec, grade: int) -> str:
    """Who teaches a subject in a grade: the primary-class teacher in grades 1–4, else the subject teacher."""
    if grade <= PRIMARY_LAST_GRADE and spec.code not in SPECIALIST_IN_PRIMARY:
        return PRIMARY
    return spec.specialty


# Methodical associations: which specialties belong to each; small schools fold the last two into humanities.
ASSOCIATIONS = [
    ("primary", ["primary"], ("Башталгыч класстардын мугалимдеринин усулдук бирикмеси",
                              "Бастауыш сынып мұғалімдерінің әдістемелік бірлестігі",
                              "МО учителей начальных классов", "Primary classes association")),
    ("humanities", ["kyrgyz", "kazakh", "russian", "history"], (
        "Гуманитардык цикл боюнча усулдук бирикме", "Гуманитарлық цикл әдістемелік бірлестігі",
        "МО гуманитарного цикла", "Humanities association")),
    ("sciences", ["math", "physics", "informatics", "chemistry", "biology", "geography"], (
        "Табигый-математикалык цикл боюнча усулдук бирикме",
        "Жаратылыстану-математикалық цикл әдістемелік бірлестігі",
        "МО естественно-математического цикла", "Sciences and mathematics association")),
    ("languages", ["english"], ("Чет тилдер боюнча усулдук бирикме", "Шет тілдері әдістемелік бірлестігі",
                                "МО иностранных языков", "Foreign languages association")),
    ("aesthetic", ["pe", "arts", "technology"], (
        "Дене тарбия жана эстетика боюнча усулдук бирикме",
        "Дене шынықтыру және эстетикалық цикл әдістемелік бірлестігі",
        "МО физической культуры и эстетического цикла", "Physical education and arts association")),
]  # fmt: skip
SMALL_SCHOOL_MERGE = {"languages": "humanities", "aesthetic": "humanities"}
