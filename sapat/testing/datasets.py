"""Data sets for tests: small definitions in the JSON of `sapat load-dataset`, loaded through the real service."""

from sapat.datasets.definitions import dataset_load
from sapat.datasets.services import Target, ValueEntry, values_save


def names(en: str) -> dict:
    return {"en": en, "ru": en, "ky": en, "kk": en}


def health(assign_to: str = "NORTH", **changes) -> dict:
    """Health groups per class: three integer groups that may not exceed the students on the list, a soft
    rule asking for at least one pupil in the main group, and a yes/no."""
    description = {
        "code": "health",
        "names": {
            "en": "Health groups",
            "ru": "Группы здоровья",
            "ky": "Ден соолук топтору",
            "kk": "Денсаулық топтары",
        },
        "level": "class",
        "period_kind": "year",
        "entry_roles": ["deputy_upbringing", "director"],
        "directions": ["s_health"],
        "elements": [
            {"code": "g1", "names": names("main group"), "type": "integer", "min": 0, "max": 60},
            {"code": "g2", "names": names("preparatory group"), "type": "integer", "min": 0, "max": 60},
            {"code": "g3", "names": names("special group"), "type": "integer", "min": 0, "max": 60},
            {"code": "checked", "names": names("medical check done"), "type": "yes_no"},
        ],
        "rules": [
            {
                "left": "g1 + g2 + g3",
                "op": "<=",
                "right": "students_on_list",
                "importance": "hard",
                "names": names("the groups add up to no more than the students on the list"),
            },
            {"left": "g1", "op": ">", "right": "0", "importance": "soft", "names": names("nobody in the main group")},
        ],
        "assign_to": [assign_to],
    }
    return {**description, **changes}


def upbringing(assign_to: str = "NORTH", **changes) -> dict:
    """Each student's level of upbringing (an option), per year."""
    description = {
        "code": "upbringing",
        "names": {"en": "Upbringing levels", "ru": "Уровни воспитанности", "ky": "Тарбиялуулук", "kk": "Тәрбиелілік"},
        "level": "student",
        "period_kind": "year",
        "entry_roles": ["deputy_upbringing", "class_teacher"],
        "elements": [
            {
                "code": "level",
                "names": names("level"),
                "type": "option",
                "options": [
                    {"code": "high", "names": names("high")},
                    {"code": "medium", "names": names("medium")},
                    {"code": "low", "names": names("low")},
                ],
            },
        ],
        "assign_to": [assign_to],
    }
    return {**description, **changes}


def equipment(assign_to: str = "NORTH", **changes) -> dict:
    """A school's equipment: computers (integer), share of classrooms equipped (decimal)."""
    description = {
        "code": "equipment",
        "names": names("Equipment"),
        "level": "school",
        "period_kind": "year",
        "elements": [
            {"code": "computers", "names": names("computers"), "type": "integer", "min": 0},
            {"code": "classrooms", "names": names("classrooms"), "type": "integer", "min": 0},
            {"code": "equipped", "names": names("classrooms equipped"), "type": "integer", "min": 0},
        ],
        "rules": [{"left": "equipped", "op": "<=", "right": "classrooms"}],
        "assign_to": [assign_to],
    }
    return {**description, **changes}


def load(description: dict):
    return dataset_load(description)


def put(dataset, period, cells: dict, user=None):
    """Save {(target, element code): text} through the real service."""
    elements = {element.code: element for element in dataset.elements.prefetch_related("options")}
    entries = [
        ValueEntry(elements[code], target, text, row=n)
        for n, ((target, code), text) in enumerate(cells.items(), start=1)
    ]
    return values_save(dataset=dataset, period=period, entries=entries, user=user)


def of_class(school_class) -> Target:
    return Target(school_class.school, school_class)


def of_student(school_class, student) -> Target:
    return Target(school_class.school, school_class, student)


def of_unit(unit) -> Target:
    return Target(unit)
