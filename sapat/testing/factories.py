"""factory_boy factories for the structure and access models, used by every app's tests."""

import datetime

import factory

from sapat.access.models import Membership, ParentLink, User
from sapat.structure import models as s


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:03d}")
    kind = s.OrgUnit.Kind.REGION
    country = s.Country.KYRGYZSTAN
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class DistrictFactory(RegionFactory):
    code = factory.Sequence(lambda n: f"D{n:03d}")
    kind = s.OrgUnit.Kind.DISTRICT
    parent = factory.SubFactory(RegionFactory)
    country = factory.SelfAttribute("parent.country")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")


class SchoolFactory(RegionFactory):
    code = factory.Sequence(lambda n: f"S{n:04d}")
    kind = s.OrgUnit.Kind.SCHOOL
    parent = factory.SubFactory(DistrictFactory)
    country = factory.SelfAttribute("parent.country")
    school_kind = s.OrgUnit.SchoolKind.GENERAL
    settlement = s.OrgUnit.Settlement.URBAN
    name_ru = factory.Sequence(lambda n: f"Школа № {n}")
    name_en = factory.Sequence(lambda n: f"School No. {n}")


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.AcademicYear
        django_get_or_create = ("country", "code")

    country = s.Country.KYRGYZSTAN
    code = "2024-2025"
    starts_on = factory.LazyAttribute(lambda o: datetime.date(int(o.code[:4]), 9, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(int(o.code[:4]) + 1, 5, 31))


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Subject
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"subj{n}")
    name_ru = factory.Sequence(lambda n: f"Предмет {n}")
    name_en = factory.Sequence(lambda n: f"Subject {n}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Staff

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Sequence(lambda n: f"Teacher{n}")
    first_name = "Aida"
    position = s.staff.Position.TEACHER


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.SchoolClass

    school = factory.SubFactory(SchoolFactory)
    year = factory.SubFactory(AcademicYearFactory, country=factory.SelfAttribute("..school.country"))
    grade = 8
    letter = factory.Sequence(lambda n: "абвгдежзик"[n % 10])


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Student

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"st{n:05d}")
    last_name = factory.Sequence(lambda n: f"Student{n}")
    first_name = "Aibek"
    gender = "M"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Enrolment

    school_class = factory.SubFactory(SchoolClassFactory)
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school_class.school"))
    starts_on = factory.LazyAttribute(lambda o: o.school_class.year.starts_on)


class TeachingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.TeachingAssignment

    school_class = factory.SubFactory(SchoolClassFactory)
    teacher = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..school_class.school"))
    subject = factory.SubFactory(SubjectFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(SchoolFactory)
    role = "deputy_academic"


class ParentLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentLink

    user = factory.SubFactory(UserFactory)
    student = factory.SubFactory(StudentFactory)
