"""The demo's external test results, consistent with the journal: for the first school of each district, the
students of grade 11 (ЖРТ/ОРТ in Kyrgyzstan, ЕНТ/ҰБТ in Kazakhstan) and, in Kazakhstan, of grade 9 (МОДО) in
the last two demo years, so that the dashboard's and the reports' external sections have two years to compare.

A student's score follows their annual journal mark in the subject (5 → about 90 % of the maximum, 4 → 74 %,
3 → 53 %, 2 → 30 %: inside the mark's band of the percent scale) with some noise, and lower in one subject of
each school, marked more generously than the tests confirm, so that the objectivity table has
something to flag. Results go through the service (external_results_save), as a loaded file's would; the ОРТ
thresholds come from the configuration (thresholds.json), the ЕНТ and МОДО ones are given here, as a file
would give them (they change by year and programme). Deterministic: the same seed gives the same results.
"""

import random
from decimal import Decimal

from sapat.assessment.external import ExternalEntry, external_results_save
from sapat.assessment.models import ExternalResult, PeriodMark
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, Subject

from .schoolyear import YEAR_CODES

YEARS = YEAR_CODES[-2:]
MARK_SHARE = {"5": 0.90, "4": 0.74, "3": 0.53, "2": 0.30}  # inside each mark's band of the percent scale
ORT_SUBJECTS = {"algebra": "ort-{year}-algebra", "biology": "ort-{year}-biology"}  # ОРТ subject tests, max 150
ENT_THRESHOLD, MODO_THRESHOLD = Decimal(50), Decimal(40)
MODO_SUBJECTS = ("algebra", "biology")
GENEROUS = -0.15  # the scores of a subject marked generously: this much lower than its marks suggest
GENEROUS_CANDIDATES = {"KG": ("algebra", "biology"), "KZ": ("algebra", "biology", "history_kz")}


def generate_external(schools: list[OrgUnit], *, seed: int) -> int:
    """The results of the schools' grade 11 (and grade 9 in Kazakhstan); nothing for a school that has some."""
    subjects = {
        s.code: s
        for s in Subject.objects.filter(
            code__in=("algebra", "biology", "history_kz", "kazakh_language", "russian_language", "kyrgyz_language")
        )
    }
    written = 0
    for school in schools:
        if ExternalResult.objects.filter(school=school).exists():
            continue

        generous = random.Random(f"{seed}-generous-{school.code}").choice(GENEROUS_CANDIDATES[school.country])

        def bias(code: str, generous=generous) -> float:
            """One subject of each school is marked more generously than the tests confirm."""
            return GENEROUS if code == generous else 0.0

        entries = []
        for year in AcademicYear.objects.filter(country=school.country, code__in=YEARS).order_by("code"):
            rng = random.Random(f"{seed}-external-{school.code}-{year.code}")
            period = Period.objects.filter(year=year, code="year").first()
            if period is None:
                continue
            if school.country == "KZ":
                entries += _ent(rng, school, year, period, subjects, bias)
                entries += _modo(rng, school, year, period, subjects, bias)
            else:
                entries += _ort(rng, school, year, period, subjects, bias)
        if entries:
            external_results_save(entries=entries)
            written += len(entries)
    return written


def _students(school: OrgUnit, year: AcademicYear, grade: int, period: Period, subject_ids: list[int]):
    """(student, class, {subject id: annual mark}) of the grade's students on the lists at the end of the year."""
    enrolments = list(
        Enrolment.objects.filter(
            school_class__school=school,
            school_class__year=year,
            school_class__grade=grade,
            starts_on__lte=period.ends_on,
        )
        .exclude(ends_on__lt=period.ends_on)
        .select_related("student", "school_class")
        .order_by("student__code")
    )
    marks = {}
    found = PeriodMark.objects.filter(
        period=period, subject_id__in=subject_ids, student_id__in=[e.student_id for e in enrolments]
    )
    for student_id, subject_id, value in found.values_list("student_id", "subject_id", "value"):
        marks.setdefault(student_id, {})[subject_id] = value
    return [(e.student, e.school_class, marks.get(e.student_id, {})) for e in enrolments]


def _share(rng: random.Random, mark: str | None, bias: float) -> float:
    centre = MARK_SHARE.get(mark, 0.45)
    return min(1.0, max(0.0, rng.gauss(centre + bias, 0.09)))


def _points(share: float, maximum: int) -> Decimal:
    return Decimal(round(share * maximum))


def _held_on(year: AcademicYear, month: int, day: int):
    return year.ends_on.replace(month=month, day=day)


def _ort(rng, school, year, period, subjects, bias) -> list[ExternalEntry]:
    language = subjects.get("kyrgyz_language") if "ky" in (school.languages or "") else subjects.get("russian_language")
    examined = [s for s in (subjects.get("algebra"), language, subjects.get("biology")) if s is not None]
    entries, held_on, short = [], _held_on(year, 5, 20), year.code[-4:]
    for student, school_class, marks in _students(school, year, 11, period, [s.pk for s in examined]):
        main = (_share(rng, marks.get(subjects["algebra"].pk), 0.0) + _share(rng, marks.get(language.pk), 0.0)) / 2
        entries.append(
            ExternalEntry(
                student=student,
                year=year,
                test=f"ort-{short}",
                kind="ort",
                held_on=held_on,
                score=_points(main, 245),
                school_class=school_class,
            )
        )
        for code, test in ORT_SUBJECTS.items():
            if rng.random() < (0.7 if code == "algebra" else 0.4):
                share = _share(rng, marks.get(subjects[code].pk), bias(code))
                entries.append(
                    ExternalEntry(
                        student=student,
                        year=year,
                        test=test.format(year=short),
                        kind="ort",
                        held_on=held_on,
                        score=_points(share, 150),
                        max_score=Decimal(150),
                        subject=subjects[code],
                        school_class=school_class,
                    )
                )
    return entries


def _ent(rng, school, year, period, subjects, bias) -> list[ExternalEntry]:
    language = subjects.get("kazakh_language") if "kk" in (school.languages or "") else subjects.get("russian_language")
    parts = (
        ("math_literacy", 10, 3, subjects["algebra"]),
        ("reading_literacy", 10, 3, language),
        ("history_kz", 20, 5, subjects["history_kz"]),
        ("profile1", 50, 5, None),
        ("profile2", 50, 5, None),
    )
    components = tuple(
        {"code": code, "max": top, "threshold": low, **({"subject": s.code} if s else {})}
        for code, top, low, s in parts
    )
    entries, held_on, short = [], _held_on(year, 6, 20), year.code[-4:]
    ids = [s.pk for _c, _t, _l, s in parts if s is not None]
    for student, school_class, marks in _students(school, year, 11, period, ids):
        overall = sum(MARK_SHARE.get(marks.get(i), 0.45) for i in ids) / len(ids)
        scores = {
            code: _points(_share(rng, marks.get(s.pk) if s else _mark_like(overall), bias(s.code) if s else 0.0), top)
            for code, top, _low, s in parts
        }
        entries.append(
            ExternalEntry(
                student=student,
                year=year,
                test=f"ent-{short}",
                kind="ent",
                held_on=held_on,
                score=sum(scores.values()),
                max_score=Decimal(140),
                threshold=ENT_THRESHOLD,
                components=components,
                component_scores=scores,
                school_class=school_class,
            )
        )
    return entries


def _mark_like(share: float) -> str:
    """The mark whose usual share is nearest to `share` (a profile subject follows the student's level)."""
    return min(MARK_SHARE, key=lambda mark: abs(MARK_SHARE[mark] - share))


def _modo(rng, school, year, period, subjects, bias) -> list[ExternalEntry]:
    examined = [subjects[code] for code in MODO_SUBJECTS if code in subjects]
    entries, held_on, short = [], _held_on(year, 4, 15), year.code[-4:]
    for student, school_class, marks in _students(school, year, 9, period, [s.pk for s in examined]):
        for subject in examined:
            share = _share(rng, marks.get(subject.pk), bias(subject.code))
            entries.append(
                ExternalEntry(
                    student=student,
                    year=year,
                    test=f"modo-{short}-{subject.code}",
                    kind="modo",
                    held_on=held_on,
                    score=_points(share, 100),
                    max_score=Decimal(100),
                    threshold=MODO_THRESHOLD,
                    subject=subject,
                    school_class=school_class,
                )
            )
    return entries
