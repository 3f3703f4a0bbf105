"""A college's pages, exports and reports say study group, course, discipline, curator and student where a school's
say class, parallel, subject, class teacher and pupil: one helper (colleges/vocabulary.py), checked here in ky and
ru against hand-written strings, and a school's words left as they were."""

import pytest
from django.urls import reverse
from django.utils import translation

from sapat.colleges.vocabulary import words_for
from sapat.structure.models import Staff
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_kept():
    with translation.override(translation.get_language()):
        yield


def page(login, user, url, language):
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_helper_gives_a_colleges_words_and_a_schools(world, college):
    with translation.override("ru"):
        assert words_for(college.vet24_class)("class_n", name="ВЕТ-24") == "Учебная группа ВЕТ-24"
        assert words_for(world.a8a)("class_n", name="8а") == "Класс 8а"
        assert words_for(college.unit).kind_label(college.unit) == "колледж"
        assert words_for(world.school_a).kind_label(world.school_a) == "школа"
        assert words_for(college.students["ainura"])["student"] == "Студент"
        assert words_for(world.aibek)["student"] == "Учащийся"
        assert words_for([college.vet24_class, world.a8a])["classes"] == "Классы"  # mixed: a school's words
    with translation.override("ky"):
        assert words_for(college.vet24_class)("class_n", name="ВЕТ-24") == "ВЕТ-24 окуу тобу"
        assert words_for(college.unit)("grade_n", grade=2) == "2-курс"
        assert words_for(college.unit).indicator("students", "окуучулар (N)") == "студенттер (N)"
        assert words_for(world.school_a).indicator("students", "окуучулар (N)") == "окуучулар (N)"


def test_the_curators_home_says_study_groups_and_college_in_kyrgyz(college, login):
    html = page(login, college.users["meerim"], "/", "ky")
    assert "Сиздин окуу топторуңуз" in html
    assert "Сиздин класстарыңыз" not in html and "Your classes" not in html
    assert '<span class="muted">колледж</span>' in html
    assert "мектеп</span>" not in html


def test_the_college_directors_home_names_the_role_of_a_college(college, login):
    assert "Директор колледжа — " in page(login, college.users["kanat"], "/", "ru")
    assert "Колледждин директору — " in page(login, college.users["kanat"], "/", "ky")


def test_the_colleges_dashboard_says_disciplines_and_students_at_risk(college, login):
    html = page(login, college.users["kanat"], reverse("dashboards:unit", args=["NATEC"]) + "?period=s1", "ky")
    assert "Тобокелдик тобундагы студенттер" in html and "Тобокелдик тобундагы окуучулар" not in html
    assert "Дисциплиналар боюнча" in html and "Предметтер боюнча" not in html


def test_the_curators_home_says_study_groups_in_russian(college, login):
    html = page(login, college.users["meerim"], "/", "ru")
    assert "Ваши учебные группы" in html and "Ваши классы" not in html


def test_the_home_of_a_login_without_roles_says_so_through_the_helper(college, login):
    from sapat.access.models import Membership

    Membership.objects.filter(user=college.users["ulan"]).delete()
    html = page(login, college.users["ulan"], "/", "ru")
    assert "У вас пока нет ролей" in html


def test_a_schools_home_keeps_its_words(world, login):
    html = page(login, world.timur, "/", "ru")
    assert "Ваши классы" in html and "учебные группы" not in html


def test_a_groups_dashboard_says_study_group_course_and_students(college, login):
    s = college.students
    put_marks(college.vet24_class, college.s1, {(s["ainura"], college.anatomy): "5"})
    url = reverse("dashboards:class", args=[college.vet24_class.pk]) + "?year=2024-2025&period=s1"
    html = page(login, college.users["kanat"], url, "ky")
    assert "ВЕТ-24 окуу тобу, " in html and "ВЕТ-24 классы" not in html
    assert "1-курс" in html and "студенттер (N)" in html and "окуучулар (N)" not in html
    html = page(login, college.users["kanat"], url, "ru")
    assert "Учебная группа ВЕТ-24, " in html and "Класс ВЕТ-24" not in html
    assert "Список группы и преподаватели" in html and "1-й семестр" in html and "1-я четверть" not in html
    assert "Все дисциплины" in html and "Все предметы" not in html


def test_the_colleges_report_says_college_and_study_groups(college, login):
    from sapat.reports.builders import REPORTS

    put_marks(college.vet24_class, college.s1, {(college.students["ainura"], college.anatomy): "5"})
    kind = REPORTS["school-results"]
    params = {"unit": "NATEC", "year": "2024-2025", "period": "s1"}
    document = kind.build(kind.resolve(params, college.users["kanat"]), "ru", lambda percent: None)
    assert document.title == "Итоги колледжа за период"
    headers = [str(column.label) for section in document.sections for block in section.blocks
               if hasattr(block, "columns") for column in block.columns[:1]]  # fmt: skip
    assert "Учебная группа" in headers and "Курс" in headers and "Класс" not in headers
    teachers = next(section for section in document.sections if "реподават" in str(section.title))
    assert (
        str(teachers.title).endswith("Преподаватели")
        and teachers.blocks[0].title == "По преподавателям (их учебные группы и дисциплины)"
    )
    assert str(teachers.blocks[0].columns[0].label) == "Преподаватель"
    assert not any("Учител" in str(section.title) for section in document.sections)


def test_a_college_teachers_summary_and_dashboard_say_teacher_of_a_college(college, login):
    from sapat.reports.builders import REPORTS

    put_marks(college.buh24_class, college.s1, {(college.students["farida"], college.anatomy): "5"})
    ulan = college.staff["ulan"]
    kind = REPORTS["teacher"]
    params = {"teacher": str(ulan.pk), "year": "2024-2025", "period": "s1"}
    document = kind.build(kind.resolve(params, college.users["kanat"]), "ky", lambda percent: None)
    assert document.facts[0] == ("Окутуучу", ulan.full_name)
    html = page(login, college.users["kanat"], reverse("dashboards:teacher", args=[ulan.pk]) + "?period=s1", "ru")
    assert "Преподаватель" in html and ">Учитель<" not in html


def test_a_groups_journal_says_student_in_kyrgyz(college, login):
    put_marks(college.vet24_class, college.s1, {(college.students["ainura"], college.anatomy): "5"})
    url = reverse("journal-grid", args=[college.vet24_class.pk, college.anatomy.pk])
    html = page(login, college.users["kanat"], url, "ky")
    assert "Эсепке алынган студенттер (N)" in html and "Эсепке алынган окуучулар (N)" not in html
    assert ">Студент</th>" in html and ">Окуучу</th>" not in html


def college_control_work(college):
    """A control work of anatomy in ВЕТ-24 (Ainura 5, Bekzat 4, Cholpon 2) and in ВЕТ-23 (Daniyar 4, Elmira 4)."""
    import datetime

    from sapat.assessment.control import ControlEntry, control_results_save

    written = datetime.date(2024, 12, 10)
    marks = {"ainura": "5", "bekzat": "4", "cholpon": "2", "daniyar": "4", "elmira": "4"}
    groups = {name: college.vet24_class if name in ("ainura", "bekzat", "cholpon") else college.vet23_class
              for name in marks}  # fmt: skip
    control_results_save(entries=[
        ControlEntry(student=college.students[name], school_class=groups[name], subject=college.anatomy, code="k1",
                     written_on=written, mark=mark)
        for name, mark in marks.items()
    ])  # fmt: skip


def control_note(college, language):
    from sapat.reports.builders import REPORTS

    college_control_work(college)
    kind = REPORTS["control-note"]
    params = {"unit": "NATEC", "year": "2024-2025", "subject": "anatomy", "work": "k1"}
    return kind.build(kind.resolve(params, college.users["kanat"]), language, lambda percent: None)


def texts_of(document) -> str:
    """Every word a person reads in a document: facts, titles, columns, charts and paragraphs."""
    parts = [str(document.title)] + [f"{k}: {v}" for k, v in document.facts]
    for section in document.sections:
        parts.append(str(section.title))
        for block in section.blocks:
            for name in ("title", "text", "note", "sheet"):
                parts.append(str(getattr(block, name, "") or ""))
            parts += [str(column.label) for column in getattr(block, "columns", ())]
            chart = getattr(block, "chart", None)
            if chart is not None:
                parts += [str(chart.title), *map(str, chart.categories)]
            parts += [str(row[0]) for row in getattr(block, "rows", ())]
    return "\n".join(parts)


def test_a_colleges_control_note_says_study_group_discipline_and_teacher_in_russian(college):
    marks = {(college.students["ainura"], college.anatomy): "5", (college.students["bekzat"], college.anatomy): "4"}
    put_marks(college.vet24_class, college.s1, marks)  # semester marks to compare the work with
    text = texts_of(control_note(college, "ru"))
    assert "Дисциплина: Анатомия" in text and "Учебные группы: ВЕТ-24, ВЕТ-23" in text
    assert "Основание: план внутриколледжного мониторинга" in text
    assert "Результаты по учебным группам" in text and "Успеваемость и качество знаний по учебным группам" in text
    assert "Учебная группа" in text and "Преподаватель" in text
    assert "Работу писали 5 из 5 студентов по спискам учебных групп." in text
    assert "Класс" not in text and "классам" not in text and "Учитель" not in text and "учащ" not in text
    assert "Из 2 студентов, чьи результаты сравнивались с семестровой отметкой, контрольная работа подтвердила" in text


def test_a_colleges_control_note_says_study_group_and_teacher_in_kyrgyz(college):
    text = texts_of(control_note(college, "ky"))
    assert "Окуу топтору: ВЕТ-24, ВЕТ-23" in text and "Окуу топтору боюнча жыйынтыктар" in text
    assert "Окуу топторунун тизмесиндеги 5 студенттин ичинен ишти 5 студент жазды." in text
    assert "Окутуучу" in text and "студенттердин билим алуу даражасы" in text
    assert "колледждин ички мониторинг программасы" in text and "окуучу" not in text
    assert "Класс" not in text and "класс" not in text and "Мугалим" not in text


def test_a_colleges_control_note_is_signed_by_the_academic_deputy_and_the_head_of_the_groups_department(college):
    from sapat.structure.models.staff import Position

    Staff.objects.filter(pk=college.staff["asel"].pk).update(position=Position.DEPUTY_ACADEMIC)
    document = control_note(college, "ru")  # ВЕТ-24 and ВЕТ-23: veterinary medicine, the department of Nurlanov
    assert [(s.position, s.name) for s in document.signatures] == [
        ("Заместитель директора по УВР", "Aselov Asel"),
        ("Заведующий отделением", "Nurlanov Nurlan"),
    ]
    with translation.override("ky"):
        assert [str(s.position) for s in control_note(college, "ky").signatures][1] == "Бөлүм башчысы"


def test_a_note_on_groups_of_two_departments_leaves_the_heads_name_to_be_written_by_hand(college):
    from sapat.colleges.selectors import department_of_classes

    assert department_of_classes([college.vet24_class.pk, college.vet23_class.pk]) == college.vet
    assert department_of_classes([college.vet24_class.pk, college.buh24_class.pk]) is None


def test_a_schools_control_note_keeps_class_and_teacher(world):
    from sapat.reports.builders import REPORTS
    from sapat.reports.tests.conftest import build_control_case

    build_control_case(world)
    kind = REPORTS["control-note"]
    params = {"unit": "A", "year": "2024-2025", "subject": "math", "work": "h1"}
    text = texts_of(kind.build(kind.resolve(params, world.aigul), "ru", lambda percent: None))
    assert "Результаты по классам" in text and "Учитель" in text and "Предмет: " in text
    assert "Преподаватель" not in text and "учебн" + "ым групп" not in text and "Учебная группа" not in text


def publish_college(college):
    """Marks of anatomy for Ainura (5) and Bekzat (4) in ВЕТ-24, semester 1, published with groups of one."""
    from sapat.reports.models import Publication

    marks = {(college.students[name], college.anatomy): mark for name, mark in (("ainura", "5"), ("bekzat", "4"))}
    put_marks(college.vet24_class, college.s1, marks)
    Publication.objects.create(unit=college.unit, year=college.s1.year, period=college.s1, min_group=1)


def college_public_report(college, language):
    from sapat.reports.builders import REPORTS

    kind = REPORTS["public"]
    params = {"unit": "NATEC", "year": "2024-2025", "period": "s1"}
    return kind.build(kind.resolve(params), language, lambda percent: None)


def test_the_colleges_public_report_says_course_discipline_and_students(college):
    publish_college(college)
    ru = texts_of(college_public_report(college, "ru"))
    assert "По курсам" in ru and "Курс" in ru and "1 курс" in ru and "Качество знаний по курсам" in ru
    assert "По дисциплинам" in ru and "Дисциплина" in ru and "Все студенты" in ru and "Студенты" in ru
    assert "параллел" not in ru and "Класс" not in ru and "Предмет" not in ru and "учащ" not in ru.lower()
    assert college_public_report(college, "ru").footer.startswith("Группы, где меньше 1 студента, не показываются")
    ky = texts_of(college_public_report(college, "ky"))
    assert "Курстар боюнча" in ky and "1-курс" in ky and "Дисциплиналар боюнча" in ky and "Бардык студенттер" in ky
    assert "Параллел" not in ky and "окуучу" not in ky.lower()
    assert college_public_report(college, "ky").footer == "Эч ким таанылбашы үчүн 1 студенттен аз топтор көрсөтүлбөйт."


def test_the_analysis_sentences_say_study_groups_for_a_college():
    from sapat.colleges.vocabulary import COLLEGE_WORDS, SCHOOL_WORDS
    from sapat.reports import conclusions as say

    rows = [{"class": "ВЕТ-24", "quality_pct": 50}, {"class": "ВЕТ-23", "quality_pct": 50}]
    with translation.override("ru"):
        assert say.wrote_sentence(2, 3, COLLEGE_WORDS) == "Работу писали 2 из 3 студентов по спискам учебных групп."
        assert say.extremes_sentence(rows, "ru", COLLEGE_WORDS).startswith("Качество знаний одинаково во всех учебных")
        assert say.wrote_sentence(2, 3, SCHOOL_WORDS) == "Работу писали 2 из 3 учащихся по списку."
    with translation.override("ky"):
        assert say.extremes_sentence(rows, "ky", COLLEGE_WORDS).startswith("Билим сапаты бардык окуу топторунда")


def test_the_import_page_explains_a_colleges_files_in_its_words(college, login):
    ru = page(login, college.users["kanat"], reverse("transfer-list"), "ru")
    assert "Один лист на учебную группу и семестр: студенты в строках, дисциплины в столбцах" in ru
    assert "Одна строка на преподавателя, учебную группу и дисциплину." in ru
    assert "Один лист на класс и период" not in ru and "на учителя, класс и предмет" not in ru
    assert "Учебные группы и списки студентов" in ru and "Одна строка на студента в списке учебной группы" in ru
    assert "Одна строка на дисциплину: её код" in ru and "Классы и списки учащихся" not in ru
    ky = page(login, college.users["kanat"], reverse("transfer-list"), "ky")
    assert "Ар бир окутуучу, окуу тобу жана дисциплина үчүн бир сап." in ky
    assert "Окуу топтору жана студенттердин тизмелери" in ky and "Класстын тизмесиндеги" not in ky
    assert "Ар бир мугалим, класс жана предмет" not in ky


def test_a_colleges_marks_template_says_college_study_group_and_student_and_reads_back(college, login):
    from sapat.reports.tests.readback import xlsx_sheets
    from sapat.transfer.resolving import Context
    from sapat.transfer.services import run_import

    client = login(college.users["kanat"])
    client.cookies["django_language"] = "ru"
    url = reverse("transfer-template", args=["marks"]) + "?unit=NATEC&period=s1"
    answer = client.get(url)
    sheets = xlsx_sheets(answer.content)
    cells = [str(cell) for rows in sheets.values() for row in rows for cell in row if cell]
    assert "Колледж" in cells and "Учебная группа" in cells and "Студент" in cells
    assert "Школа" not in cells and "Класс" not in cells and "Учащийся" not in cells
    context = Context(user=college.users["kanat"], unit=college.unit, note="test")
    outcome = run_import("marks", answer.content, context, commit=False)
    assert not outcome.problems, [p.message for p in outcome.problems]


def college_comparative(college, language, grade):
    from sapat.reports.builders import REPORTS

    kind = REPORTS["comparative"]
    params = {"unit": "NATEC", "level": "school", "year": "2024-2025", "span": "1", "period": "s1",
              "cohort_grade": str(grade)}  # fmt: skip
    return kind.build(kind.resolve(params, college.users["kanat"]), language, lambda percent: None)


def test_the_comparative_report_follows_a_colleges_study_groups_by_course(college):
    put_marks(college.vet23_class, college.s1, {(college.students["daniyar"], college.anatomy): "4"})
    ru = texts_of(college_comparative(college, "ru", 2))
    assert "Учебная группа, прослеженная по годам" in ru and "Учебные группы 2 курса 2024-2025 учебного года" in ru
    assert "2024-2025, 2 курс" in ru and "Все прослеженные учебные группы вместе" in ru
    assert "Учебная группа прослеживается по студентам, а не по шифру" in ru
    assert "Класс, прослеженный" not in ru and "параллели" not in ru and "той же школы" not in ru
    ky = texts_of(college_comparative(college, "ky", 4))
    assert "Жылдар боюу байкалган окуу тобу" in ky and "4-курстун окуу топтору жок." in ky
    assert "класс" not in ky.lower()


def test_a_pooled_cohort_of_a_colleges_groups_says_study_groups_of_one_college():
    from sapat.colleges.vocabulary import COLLEGE_WORDS, SCHOOL_WORDS
    from sapat.reports.builders.comparative import _pooling_note

    with translation.override("ru"):
        assert _pooling_note("school", 12, COLLEGE_WORDS).startswith(
            "Прослеживаются 12 учебных групп; чтобы таблица была короткой, в каждой строке объединены учебные группы "
            "одного колледжа"
        )
        assert _pooling_note("district", 21, COLLEGE_WORDS).startswith("Прослеживается 21 учебная группа;")
        assert "классы одной школы" in _pooling_note("school", 12, SCHOOL_WORDS)
    with translation.override("ky"):
        assert "бир колледждин окуу топтору" in _pooling_note("school", 12, COLLEGE_WORDS)


def test_a_marks_file_of_a_college_without_its_group_asks_which_study_group(college):
    from sapat.transfer.resolving import Context
    from sapat.transfer.services import run_import

    rows = [["Period", "Student code", "Anatomy"], ["s1", college.students["ainura"].code, "4"]]
    content = ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
    context = Context(user=college.users["kanat"], unit=college.unit, note="test")
    for language, expected in (
        ("ru", "Какая учебная группа? Укажите её над таблицей (Учебная группа | ВЕТ-24) или в названии листа."),
        ("ky", "Кайсы окуу тобу? Аны таблицанын үстүнө (Окуу тобу | ВЕТ-24) же барактын аталышына жазыңыз."),
    ):
        with translation.override(language):
            outcome = run_import("marks", content, context, commit=False)
        assert expected in [problem.message for problem in outcome.problems]
