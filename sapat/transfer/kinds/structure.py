"""Kinds of structure: units, the academic calendar, staff and their categories, classes and their lists,
teaching assignments. Writes go through `sapat.structure.services` (and `core.services.validated_save` for
the changes those services have no function for); an empty optional cell leaves the stored value alone.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.core.services import validated_save
from sapat.structure import services
from sapat.structure.loaders import _apply_unit
from sapat.structure.models import (
    AcademicYear,
    CategoryRecord,
    Country,
    Enrolment,
    OrgUnit,
    Period,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
)
from sapat.structure.models.classes import Gender
from sapat.structure.models.staff import Category, Position
from sapat.structure.signals import enrolment_changed

from ..headers import Choices, column, normal
from ..outcome import Outcome
from ..resolving import Context, ScopedResolver, choice, day, optional_day
from ..tables import Record, RowError, resolved
from .base import PERIODS, ExportContext, SheetData, TableKind, each_row, place_columns

UNIT_KINDS = Choices(
    dict(OrgUnit.Kind.choices),
    {"region": ("область", "облус", "облыс", "oblast"), "district": ("район", "аудан", "город", "шаар", "қала"),
     "school": ("школа", "мектеп", "колледж", "лицей", "гимназия", "college")},
)  # fmt: skip
COUNTRIES = Choices(
    dict(Country.choices),
    {"KG": ("Кыргызстан", "Кыргызская Республика", "Қырғызстан", "КР"), "KZ": ("Казахстан", "Қазақстан", "РК")},
)
SCHOOL_KINDS = Choices(
    dict(OrgUnit.SchoolKind.choices),
    {"general": ("СОШ", "общеобразовательная", "жалпы билим берүүчү", "жалпы білім беретін"),
     "gymnasium": ("гимназия",), "lyceum": ("лицей",), "college": ("колледж",)},
)  # fmt: skip
SETTLEMENTS = Choices(
    dict(OrgUnit.Settlement.choices),
    {"urban": ("город", "городская", "шаар", "қала"), "rural": ("село", "сельская", "айыл", "ауыл")},
)
GENDERS = Choices(
    dict(Gender.choices),
    {"F": ("ж", "жен", "женский", "девочка", "кыз", "аял", "әйел", "қыз", "female", "girl"),
     "M": ("м", "муж", "мужской", "мальчик", "бала", "эркек", "ер", "ұл", "male", "boy")},
)  # fmt: skip
POSITIONS = Choices(
    dict(Position.choices),
    {"teacher": ("учитель", "преподаватель", "мугалим", "мұғалім"), "director": ("директор",),
     "deputy_academic": ("заместитель директора по УВР", "зам. директора по УВР", "завуч", "ЗДУВР",
                         "окуу иштери боюнча директордун орун басары", "оқу ісі жөніндегі орынбасар"),
     "deputy_upbringing": ("заместитель директора по ВР", "зам. директора по ВР", "ЗДВР"),
     "psychologist": ("психолог",), "social_pedagogue": ("социальный педагог",), "librarian": ("библиотекарь",)},
)  # fmt: skip
CATEGORIES = Choices(
    dict(Category.choices),
    {"kz_trainee": ("педагог-стажёр", "педагог-стажер"), "kz_teacher": ("педагог",),
     "kz_moderator": ("педагог-модератор",), "kz_expert": ("педагог-эксперт",),
     "kz_researcher": ("педагог-исследователь", "педагог-зерттеуші"), "kz_master": ("педагог-мастер", "педагог-шебер"),
     "second": ("вторая", "вторая категория", "II", "экинчи", "экинчи категория", "екінші"),
     "first": ("первая", "первая категория", "I", "биринчи", "биринчи категория", "бірінші"),
     "highest": ("высшая", "высшая категория", "жогорку", "жогорку категория", "жоғары", "жоғары санат")},
)  # fmt: skip


def _label(choices_enum, code: str) -> str:
    return str(dict(choices_enum.choices).get(code, code)) if code else ""


def _save_changes(instance, changes: dict) -> str:
    """Apply the differing values through the model's full validation; "changed" or "unchanged"."""
    changes = {name: value for name, value in changes.items() if getattr(instance, name) != value}
    if not changes:
        return "unchanged"
    for name, value in changes.items():
        setattr(instance, name, value)
    validated_save(instance)
    return "changed"


def _staff_named(resolver: ScopedResolver, school: OrgUnit, full_name: str) -> Staff:
    table = resolver.get(("staff", school.pk), lambda: _staff_table(school), None)
    found = table.get(normal(full_name), [])
    if len(found) != 1:
        message = (
            _("No staff member named %(name)s at this school.")
            if not found
            else _("Several staff members are named %(name)s at this school.")
        )
        raise ValueError(message % {"name": full_name})
    return found[0]


def _staff_table(school: OrgUnit) -> dict:
    table = {}
    for staff in Staff.objects.filter(school=school):
        table.setdefault(normal(staff.full_name), []).append(staff)
    return table


class UnitsKind(TableKind):
    code = "units"
    title = gettext_lazy("Units (regions, districts, schools)")
    help = gettext_lazy("One row per unit, identified by its code; parents may come after their children.")
    file_name = "units"
    columns = (
        column("code", gettext_lazy("Code")),
        column("kind", gettext_lazy("Kind of unit"), synonyms="unit_kind"),
        column("parent", gettext_lazy("Parent unit"), required=False),
        column("name_ky", gettext_lazy("Name (Kyrgyz)"), required=False),
        column("name_kk", gettext_lazy("Name (Kazakh)"), required=False),
        column("name_ru", gettext_lazy("Name (Russian)"), required=False),
        column("name_en", gettext_lazy("Name (English)"), required=False),
        column("country", gettext_lazy("Country"), required=False),
        column("school_kind", gettext_lazy("Kind of school"), required=False),
        column("settlement", gettext_lazy("Settlement"), required=False),
        column("tutor", gettext_lazy("Tutor school"), required=False),
    )

    def load(self, book, ctx: Context) -> Outcome:
        outcome, rows = Outcome(), {}
        records = self.table(book, outcome).records
        each_row(records, outcome, lambda record: rows.update({record.number: self._row(record)}))
        ordered = sorted(
            (r for r in records if r.number in rows), key=lambda r: OrgUnit.LEVELS.get(rows[r.number]["kind"], 9)
        )
        each_row(ordered, outcome, lambda record: self._apply(record, rows[record.number], ctx, outcome))
        return outcome

    def _apply(self, record: Record, row: dict, ctx: Context, outcome: Outcome) -> None:
        resolved(record, "parent", self._check_reach, row, ctx)
        outcome.add("units", _apply_unit(row))

    def _row(self, record: Record) -> dict:
        existing = OrgUnit.objects.filter(code=record["code"]).first()
        row = {"code": record["code"], "parent": record["parent"]}
        row["kind"] = resolved(
            record, "kind", choice, UNIT_KINDS, record["kind"], _("Unknown kind of unit “%(value)s”.")
        )
        for key in ("name_ky", "name_kk", "name_ru", "name_en"):
            row[key] = record[key] if record.table.has(key) else getattr(existing, key, "")
        if existing is not None and not record.table.has("parent"):
            row["parent"] = existing.parent.code if existing.parent_id else ""
        for key, choices in (("country", COUNTRIES), ("school_kind", SCHOOL_KINDS), ("settlement", SETTLEMENTS)):
            if record[key]:
                row[key] = resolved(record, key, choice, choices, record[key], _("Unknown value “%(value)s”."))
        if record["tutor"]:
            row["tutor"] = record["tutor"]
        return row

    def _check_reach(self, row: dict, ctx: Context) -> None:
        """The unit and its parent (and tutor) must lie in the unit imported into; that unit itself may be
        renamed there but not moved."""
        if ctx.unit is None:
            return
        found = {code: OrgUnit.objects.filter(code=code).first() for code in (row["code"], row["parent"])}
        unit, parent = found[row["code"]], found[row["parent"]] if row["parent"] else None
        if unit is not None and unit.pk == ctx.unit.pk:
            if (parent.pk if parent else None) != unit.parent_id:
                raise ValueError(_("The unit you import into cannot be moved by its own import."))
            return
        for code, other in ((row["code"], unit), (row["parent"], parent)):
            if (other is not None or code == row["parent"]) and not ctx.reaches(other):
                raise ValueError(
                    _("The unit %(code)s is outside %(unit)s, where you import.")
                    % {"code": code or "—", "unit": ctx.unit}
                )
        if row.get("tutor") and not ctx.reaches(OrgUnit.objects.filter(code=row["tutor"]).first()):
            raise ValueError(_("The unit %(code)s is outside %(unit)s, where you import.") % {
                "code": row["tutor"], "unit": ctx.unit})  # fmt: skip

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            units = ectx.scoped(OrgUnit.objects.subtree(ectx.unit)).select_related("parent", "tutor").order_by("path")
            for u in units:
                rows.append([u.code, _label(OrgUnit.Kind, u.kind), u.parent.code if u.parent_id else "", u.name_ky,
                             u.name_kk, u.name_ru, u.name_en, u.country, _label(OrgUnit.SchoolKind, u.school_kind),
                             _label(OrgUnit.Settlement, u.settlement), u.tutor.code if u.tutor_id else ""])  # fmt: skip
        lists = {1: "unit_kinds", 7: "countries", 8: "school_kinds", 9: "settlements"}
        return [SheetData(str(self.title)[:31], self.header(), rows, lists=lists)]


class CalendarKind(TableKind):
    code = "calendar"
    title = gettext_lazy("Academic calendar")
    help = gettext_lazy(
        "One row per period: the academic year with its dates, the period with its dates. Missing years and "
        "periods are created; the dates of existing ones are changed only from the command line."
    )
    file_name = "calendar"
    columns = (
        column("country", gettext_lazy("Country"), required=False),
        column("year", gettext_lazy("Academic year")),
        column("year_starts_on", gettext_lazy("Year starts on"), is_date=True),
        column("year_ends_on", gettext_lazy("Year ends on"), is_date=True),
        column("period", gettext_lazy("Period"), required=False),
        column("period_starts_on", gettext_lazy("Period starts on"), required=False, is_date=True),
        column("period_ends_on", gettext_lazy("Period ends on"), required=False, is_date=True),
    )

    def load(self, book, ctx: Context) -> Outcome:
        outcome, seen = Outcome(), set()
        each_row(self.table(book, outcome).records, outcome, lambda record: self._row(record, ctx, outcome, seen))
        return outcome

    def _row(self, record: Record, ctx: Context, outcome: Outcome, seen: set) -> None:
        year = self._year(record, ctx, outcome, seen)
        if record["period"]:
            outcome.add("periods", self._period(record, year, ctx))

    def _year(self, record: Record, ctx: Context, outcome: Outcome, seen: set) -> AcademicYear:
        country = record["country"]
        if country:
            country = resolved(record, "country", choice, COUNTRIES, country, _("Unknown country “%(value)s”."))
        elif ctx.unit is not None:
            country = ctx.unit.country
        else:
            raise RowError(record.problem(_("Give the country (KG or KZ)."), "country"))
        starts = resolved(record, "year_starts_on", day, record["year_starts_on"])
        ends = resolved(record, "year_ends_on", day, record["year_ends_on"])
        year = AcademicYear.objects.filter(country=country, code=record["year"]).first()
        if year is None:
            year = services.academic_year_create(country=country, code=record["year"], starts_on=starts, ends_on=ends)
            result = "created"
        else:
            result = self._dates(record, year, starts, ends, ctx)
        if year.pk not in seen:
            seen.add(year.pk)
            outcome.add("years", result)
        return year

    def _period(self, record: Record, year: AcademicYear, ctx: Context) -> str:
        code = resolved(record, "period", choice, PERIODS, record["period"], _("Unknown period “%(value)s”."))
        starts = resolved(record, "period_starts_on", day, record["period_starts_on"])
        ends = resolved(record, "period_ends_on", day, record["period_ends_on"])
        period = Period.objects.filter(year=year, code=code).first()
        if period is None:
            services.period_create(year=year, code=code, starts_on=starts, ends_on=ends)
            return "created"
        return self._dates(record, period, starts, ends, ctx)

    def _dates(self, record: Record, thing, starts, ends, ctx: Context) -> str:
        if (thing.starts_on, thing.ends_on) == (starts, ends):
            return "unchanged"
        if ctx.user is not None and not getattr(ctx.user, "is_superuser", False):
            message = _(
                "%(what)s already exists from %(starts)s to %(ends)s; dates of the calendar are changed from the "
                "command line by the administrator."
            )
            raise RowError(record.problem(message % {"what": thing, "starts": thing.starts_on, "ends": thing.ends_on}))
        return _save_changes(thing, {"starts_on": starts, "ends_on": ends})

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            for year in ectx.years():
                periods = sorted(year.periods.all(), key=lambda p: (p.starts_on, -p.ends_on.toordinal()))
                for period in periods or [None]:
                    rows.append([year.country, year.code, year.starts_on, year.ends_on, period.code if period else "",
                                 period.starts_on if period else "", period.ends_on if period else ""])  # fmt: skip
        return [SheetData(str(self.title)[:31], self.header(), rows, lists={0: "countries", 4: "periods"})]


class SubjectsKind(TableKind):
    code = "subjects"
    title = gettext_lazy("Subjects")
    title_term, help_term = "title_subjects", "help_subjects"  # a college's words: sapat/colleges/vocabulary.py
    help = gettext_lazy(
        "One row per subject: its code and its name in the four languages. Missing subjects are created; the names "
        "of existing ones are changed only from the command line."
    )
    file_name = "subjects"
    columns = (
        column("code", gettext_lazy("Code"), synonyms="subject"),
        column("name_ky", gettext_lazy("Name (Kyrgyz)"), required=False),
        column("name_kk", gettext_lazy("Name (Kazakh)"), required=False),
        column("name_ru", gettext_lazy("Name (Russian)"), required=False),
        column("name_en", gettext_lazy("Name (English)"), required=False),
    )
    NAMES = ("name_ky", "name_kk", "name_ru", "name_en")

    def load(self, book, ctx: Context) -> Outcome:
        outcome = Outcome()
        each_row(
            self.table(book, outcome).records, outcome, lambda record: outcome.add("subjects", self._row(record, ctx))
        )
        return outcome

    def _row(self, record: Record, ctx: Context) -> str:
        names = {key: record[key] for key in self.NAMES if record.table.has(key)}
        subject = Subject.objects.filter(code=record["code"]).first()
        if subject is None:
            validated_save(Subject(code=record["code"], **names))
            return "created"
        differs = any(getattr(subject, key) != value for key, value in names.items())
        if differs and ctx.user is not None and not getattr(ctx.user, "is_superuser", False):
            message = _("The subject %(code)s exists with other names; names are changed by the administrator.")
            raise RowError(record.problem(message % {"code": subject.code}))
        return _save_changes(subject, names)

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            rows = [[s.code, s.name_ky, s.name_kk, s.name_ru, s.name_en] for s in Subject.objects.order_by("code")]
        return [SheetData(str(self.title)[:31], self.header(), rows)]


class StaffKind(TableKind):
    code = "staff"
    title = gettext_lazy("Staff and their categories")
    help_term = "help_staff"  # a college's words: sapat/colleges/vocabulary.py
    help = gettext_lazy(
        "One row per staff member and qualification category (repeat the person for each category). A person "
        "is recognised by their full name within the school."
    )
    file_name = "staff"
    columns = (
        column("school", gettext_lazy("School"), required=False),
        column("last_name", gettext_lazy("Last name")),
        column("first_name", gettext_lazy("First name")),
        column("patronymic", gettext_lazy("Patronymic"), required=False),
        column("gender", gettext_lazy("Gender"), required=False),
        column("position", gettext_lazy("Position"), required=False),
        column("teaching_since", gettext_lazy("Teaching since"), required=False, is_date=True),
        column("category", gettext_lazy("Category"), required=False),
        column("awarded_on", gettext_lazy("Category awarded on"), required=False, is_date=True),
        column("valid_until", gettext_lazy("Category valid until"), required=False, is_date=True),
        column("order", gettext_lazy("Order"), required=False),
    )

    def load(self, book, ctx: Context) -> Outcome:
        outcome, resolver, counted = Outcome(), ScopedResolver(ctx), set()
        each_row(
            self.table(book, outcome).records, outcome, lambda record: self._row(record, resolver, outcome, counted)
        )
        return outcome

    def _row(self, record: Record, resolver: ScopedResolver, outcome: Outcome, counted: set) -> None:
        staff = self._person(record, resolver, outcome, counted)
        if record["category"]:
            outcome.add("categories", self._category(record, staff))

    def _person(self, record: Record, resolver: ScopedResolver, outcome: Outcome, counted: set) -> Staff:
        school = resolved(record, "school", resolver.school, record["school"])
        fields = self._fields(record)
        names = {key: record[key] for key in ("last_name", "first_name", "patronymic")}
        full_name = " ".join(value for value in names.values() if value)
        try:
            staff, result = _staff_named(resolver, school, full_name), None
        except ValueError:
            staff, result = None, "created"
        if staff is None:
            staff = services.staff_create(school=school, **names, **fields)
            resolver.cache[("staff", school.pk)].setdefault(normal(full_name), []).append(staff)
        else:
            result = _save_changes(staff, fields)
        if staff.pk not in counted:
            counted.add(staff.pk)
            outcome.add("staff", result)
        return staff

    def _fields(self, record: Record) -> dict:
        fields = {}
        if record["gender"]:
            fields["gender"] = resolved(
                record, "gender", choice, GENDERS, record["gender"], _("Unknown gender “%(value)s”.")
            )
        if record["position"]:
            fields["position"] = resolved(
                record, "position", choice, POSITIONS, record["position"], _("Unknown position “%(value)s”.")
            )
        if record["teaching_since"]:
            fields["teaching_since"] = resolved(record, "teaching_since", day, record["teaching_since"])
        return fields

    def _category(self, record: Record, staff: Staff) -> str:
        category = resolved(
            record, "category", choice, CATEGORIES, record["category"], _("Unknown category “%(value)s”.")
        )
        if not record["awarded_on"]:
            raise RowError(record.problem(_("Give the date the category was awarded."), "awarded_on"))
        awarded_on = resolved(record, "awarded_on", day, record["awarded_on"])
        fields = {"category": category}
        if record["valid_until"]:
            fields["valid_until"] = resolved(record, "valid_until", day, record["valid_until"])
        if record["order"]:
            fields["order_reference"] = record["order"]
        existing = CategoryRecord.objects.filter(staff=staff, awarded_on=awarded_on).first()
        if existing is None:
            services.category_award(staff=staff, awarded_on=awarded_on, **fields)
            return "created"
        return _save_changes(existing, fields)

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            staff = ectx.scoped(Staff.objects.filter(school__in=ectx.schools())).select_related("school")
            for person in staff.prefetch_related("categories").order_by("school__code", "last_name", "first_name"):
                person_cells = [person.school.code, person.last_name, person.first_name, person.patronymic,
                                _label(Gender, person.gender), _label(Position, person.position),
                                person.teaching_since or ""]  # fmt: skip
                records = sorted(person.categories.all(), key=lambda c: c.awarded_on)
                for category in records or [None]:
                    rows.append([*person_cells, *self._category_cells(category)])
        lists = {0: "schools", 4: "genders", 5: "positions", 7: "categories"}
        return [SheetData(str(self.title)[:31], self.header(), rows, lists=lists)]

    def _category_cells(self, category: CategoryRecord | None) -> list:
        if category is None:
            return ["", "", "", ""]
        return [_label(Category, category.category), category.awarded_on, category.valid_until or "",
                category.order_reference]  # fmt: skip


class ClassesKind(TableKind):
    code = "classes"
    title = gettext_lazy("Classes and student lists")
    title_term, help_term = "title_classes", "help_classes"  # a college's words: sapat/colleges/vocabulary.py
    help = gettext_lazy(
        "One row per student on a class list, with the date they joined the list and, if they left, the date "
        "they left. Missing classes and students are created. A row with a class and no student creates the class."
    )
    file_name = "classes"
    columns = (
        *place_columns()[:3],
        column("class_teacher", gettext_lazy("Class teacher"), required=False),
        column("student", gettext_lazy("Student code"), required=False, extra=("код",)),
        column("last_name", gettext_lazy("Last name"), required=False),
        column("first_name", gettext_lazy("First name"), required=False),
        column("patronymic", gettext_lazy("Patronymic"), required=False),
        column("gender", gettext_lazy("Gender"), required=False),
        column("birth_date", gettext_lazy("Date of birth"), required=False, is_date=True),
        column("starts_on", gettext_lazy("On the list from"), required=False, is_date=True),
        column("ends_on", gettext_lazy("Left on"), required=False, is_date=True),
    )

    def load(self, book, ctx: Context) -> Outcome:
        outcome, resolver = Outcome(), ScopedResolver(ctx, creatable=("class",))
        counted: dict[str, set] = {"classes": set(), "students": set()}
        # Leaving comes before joining, so that a move between two classes on one file is possible.
        records = sorted(self.table(book, outcome).records, key=lambda r: (not r["ends_on"], r.number))
        each_row(records, outcome, lambda record: self._row(record, resolver, outcome, counted))
        outcome.problems.sort(key=lambda problem: problem.row or 0)
        return outcome

    def _row(self, record: Record, resolver: ScopedResolver, outcome: Outcome, counted: dict) -> None:
        school = resolved(record, "school", resolver.school, record["school"])
        year = resolved(record, "year", resolver.year, school, record["year"])
        before = len(resolver.created)
        school_class = resolved(record, "class", resolver.school_class, school, year, record["class"])
        teacher = self._teacher(record, resolver, school_class)
        result = "created" if len(resolver.created) > before else teacher
        self._count(outcome, counted, "classes", school_class.pk, result)
        if record["student"] or record["last_name"]:
            student, result = self._student(record, school)
            self._count(outcome, counted, "students", student.pk, result)
            outcome.add("enrolments", self._enrolment(record, student, school_class))

    @staticmethod
    def _count(outcome: Outcome, counted: dict, thing: str, pk: int, result: str) -> None:
        if pk not in counted[thing] or result != "unchanged":
            outcome.add(thing, result)
            counted[thing].add(pk)

    def _teacher(self, record: Record, resolver: ScopedResolver, school_class: SchoolClass) -> str:
        if not record["class_teacher"]:
            return "unchanged"
        teacher = resolved(
            record, "class_teacher", _staff_named, resolver, school_class.school, record["class_teacher"]
        )
        return _save_changes(school_class, {"class_teacher": teacher})

    def _student(self, record: Record, school: OrgUnit) -> tuple[Student, str]:
        if not record["student"]:
            raise RowError(record.problem(_("Give the student's code."), "student"))
        fields = {key: record[key] for key in ("last_name", "first_name", "patronymic") if record.table.has(key)}
        if record["gender"]:
            fields["gender"] = resolved(
                record, "gender", choice, GENDERS, record["gender"], _("Unknown gender “%(value)s”.")
            )
        if record["birth_date"]:
            fields["birth_date"] = resolved(record, "birth_date", day, record["birth_date"])
        student = Student.objects.filter(school=school, code=record["student"]).first()
        if student is None:
            if not fields.get("last_name"):
                raise RowError(record.problem(_("Give the last name of a new student."), "last_name"))
            return services.student_create(school=school, code=record["student"], **fields), "created"
        return student, _save_changes(student, fields)

    def _enrolment(self, record: Record, student: Student, school_class: SchoolClass) -> str:
        starts = resolved(record, "starts_on", optional_day, record["starts_on"]) or school_class.year.starts_on
        ends = resolved(record, "ends_on", optional_day, record["ends_on"])
        existing = list(Enrolment.objects.filter(student=student, school_class=school_class))
        if len(existing) > 1:
            existing = [e for e in existing if e.starts_on == starts]
        if not existing:
            enrolment = services.student_enrol(student=student, school_class=school_class, starts_on=starts)
            if ends:
                services.student_leave(enrolment=enrolment, ends_on=ends)
            return "created"
        enrolment = existing[0]
        result = _save_changes(enrolment, {"starts_on": starts, **({"ends_on": ends} if ends else {})})
        if result == "changed":
            enrolment_changed.send(sender=Enrolment, school_class_id=school_class.pk)
        return result

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            classes = list(ectx.classes())
            visible = set(ectx.students().filter(enrolments__school_class__in=classes).values_list("pk", flat=True))
            enrolments = ectx.scoped(Enrolment.objects.filter(school_class__in=classes)).select_related("student")
            by_class = {}
            for e in enrolments.order_by("student__last_name", "student__first_name", "student__code", "starts_on"):
                if e.student_id in visible:
                    by_class.setdefault(e.school_class_id, []).append(e)
            for school_class in classes:
                place = [school_class.school.code, school_class.year.code, school_class.name,
                         school_class.class_teacher.full_name if school_class.class_teacher else ""]  # fmt: skip
                for enrolment in by_class.get(school_class.pk) or [None]:
                    rows.append([*place, *self._student_cells(enrolment)])
        return [SheetData(str(self.title)[:31], self.header(), rows, lists={0: "schools", 2: "classes", 8: "genders"})]

    def _student_cells(self, enrolment: Enrolment | None) -> list:
        if enrolment is None:
            return [""] * 8
        s = enrolment.student
        return [s.code, s.last_name, s.first_name, s.patronymic, _label(Gender, s.gender), s.birth_date or "",
                enrolment.starts_on, enrolment.ends_on or ""]  # fmt: skip


class AssignmentsKind(TableKind):
    code = "assignments"
    title = gettext_lazy("Teaching assignments")
    help_term = "help_assignments"  # a college's words: sapat/colleges/vocabulary.py
    help = gettext_lazy("One row per teacher, class and subject. The teacher is named by their full name.")
    file_name = "assignments"
    columns = (
        *place_columns()[:3],
        column("subject", gettext_lazy("Subject")),
        column("teacher", gettext_lazy("Teacher")),
    )

    def load(self, book, ctx: Context) -> Outcome:
        outcome, resolver = Outcome(), ScopedResolver(ctx)
        handle = lambda record: outcome.add("assignments", self._row(record, resolver))  # noqa: E731
        each_row(self.table(book, outcome).records, outcome, handle)
        return outcome

    def _row(self, record: Record, resolver: ScopedResolver) -> str:
        school = resolved(record, "school", resolver.school, record["school"])
        year = resolved(record, "year", resolver.year, school, record["year"])
        school_class = resolved(record, "class", resolver.school_class, school, year, record["class"])
        subject = resolved(record, "subject", resolver.subject_named, record["subject"])
        teacher = resolved(record, "teacher", _staff_named, resolver, school, record["teacher"])
        if TeachingAssignment.objects.filter(teacher=teacher, school_class=school_class, subject=subject).exists():
            return "unchanged"
        services.teaching_assignment_create(teacher=teacher, school_class=school_class, subject=subject)
        return "created"

    def export(self, ectx: ExportContext) -> list[SheetData]:
        rows = []
        if ectx.with_data:
            queryset = ectx.scoped(TeachingAssignment.objects.filter(school_class__in=ectx.classes()))
            queryset = queryset.select_related("school_class__school", "school_class__year", "subject", "teacher")
            for a in queryset.order_by("school_class__school__code", "school_class__year__code", "school_class__grade",
                                       "school_class__letter", "subject__code", "teacher__last_name"):  # fmt: skip
                rows.append([a.school_class.school.code, a.school_class.year.code, a.school_class.name, a.subject.code,
                             a.teacher.full_name])  # fmt: skip
        return [SheetData(str(self.title)[:31], self.header(), rows, lists={0: "schools", 2: "classes", 3: "subjects"})]
