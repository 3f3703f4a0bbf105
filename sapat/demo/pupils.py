"""The life of one school's students over the demo years, simulated in plain Python before anything is saved.

A cohort (the children who entered grade 1 in the same September) keeps its letters: 7б of 2022-2023
becomes 8б of 2023-2024 and 9б of 2024-2025. Each year the 11th grade graduates, new 1st classes arrive,
a few students leave in the summer or in the middle of the year, and a few join during the year.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from .names import Person
from .schoolyear import on, year_bounds

LETTERS = "абвгд"
LAST_GRADE = 11
LEAVE_DURING_YEAR = 0.015
LEAVE_IN_SUMMER = 0.025
JOIN_DURING_YEAR = 0.3  # chance that a class gets a newcomer after September
OLDER_THAN_COHORT = 0.04  # started school a year late or repeated a year


@dataclass
class Pupil:
    code: str
    person: Person
    birth_date: datetime.date


@dataclass
class Stay:
    """One enrolment: a pupil on a class list in a year, from a date, maybe until a leaving date."""

    pupil: Pupil
    year: str
    grade: int
    letter: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None


def cohort_of(year_code: str, grade: int) -> int:
    """The September in which the children of this grade entered grade 1."""
    return int(year_code[:4]) - grade + 1


def class_keys(letters: dict[int, int], year_code: str) -> list[tuple[int, str]]:
    """The (grade, letter) of every class of a year, given each cohort's number of parallel classes."""
    return [
        (grade, LETTERS[index])
        for grade in range(1, LAST_GRADE + 1)
        for index in range(letters[cohort_of(year_code, grade)])
    ]


class SchoolLife:
    """Simulates one school; `new_person(rng)` gives a fresh name for a newcomer."""

    def __init__(self, rng: random.Random, letters: dict[int, int], class_size: tuple[int, int], new_person):
        self.rng = rng
        self.letters = letters
        self.class_size = class_size
        self.new_person: Callable[[random.Random], Person] = new_person
        self.pupils: list[Pupil] = []
        self.stays: list[Stay] = []

    def run(self, year_codes: list[str]) -> "SchoolLife":
        rosters: dict[tuple[int, str], list[Pupil]] = {}
        for year_code in year_codes:
            rosters = self._september(rosters, year_code)
            rosters = {key: self._school_year(year_code, key, roster) for key, roster in rosters.items()}
        return self

    def _september(self, last_year: dict, year_code: str) -> dict[tuple[int, str], list[Pupil]]:
        """Promote last year's classes (same letter, next grade), fill them up, and open the new 1st classes."""
        rosters = {}
        for grade, letter in class_keys(self.letters, year_code):
            stayed = [p for p in last_year.get((grade - 1, letter), []) if self.rng.random() >= LEAVE_IN_SUMMER]
            target = self.rng.randint(*self.class_size)
            newcomers = max(0, target - len(stayed)) if not stayed else max(0, self.class_size[0] - len(stayed))
            rosters[grade, letter] = stayed + [self._newcomer(year_code, grade) for _ in range(newcomers)]
        return rosters

    def _school_year(self, year_code: str, key: tuple[int, str], roster: list[Pupil]) -> list[Pupil]:
        """Enrol the class for the year; return those still on the list at its end."""
        starts, _ = year_bounds(year_code)
        remaining = []
        for pupil in roster:
            stay = Stay(pupil, year_code, *key, starts_on=starts)
            if self.rng.random() < LEAVE_DURING_YEAR:
                stay.ends_on = self._date_between(year_code, (10, 1), (4, 30))
            else:
                remaining.append(pupil)
            self.stays.append(stay)
        for _ in range(self._joiners()):
            pupil = self._newcomer(year_code, key[0])
            self.stays.append(Stay(pupil, year_code, *key, starts_on=self._date_between(year_code, (10, 1), (3, 15))))
            remaining.append(pupil)
        return remaining

    def _joiners(self) -> int:
        if self.rng.random() >= JOIN_DURING_YEAR:
            return 0
        return 2 if self.rng.random() < 0.15 else 1

    def _newcomer(self, year_code: str, grade: int) -> Pupil:
        cohort = cohort_of(year_code, grade)
        born_from = datetime.date(cohort - 7, 9, 1)  # 6 to 7 years old on the September they start grade 1
        if self.rng.random() < OLDER_THAN_COHORT:
            born_from = born_from.replace(year=born_from.year - 1)
        birth_date = born_from + datetime.timedelta(days=self.rng.randint(0, 364))
        pupil = Pupil(f"{len(self.pupils) + 1:05d}", self.new_person(self.rng), birth_date)
        self.pupils.append(pupil)
        return pupil

    def _date_between(self, year_code: str, first: tuple[int, int], last: tuple[int, int]) -> datetime.date:
        start, end = on(year_code, first), on(year_code, last)
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))
