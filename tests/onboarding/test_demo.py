"""The demo installation: the sizes, links and logins the README promises."""

import random
import unicodedata

import pytest
from django.db.models import Count
from django_tenants.utils import tenant_context

from accounts.models import User
from accounts.roles import Role
from core_school.academics.models import SchoolClass
from core_school.demo_data import DemoLogins, _Names
from core_school.people.models import Guardian, Pupil, StaffMember
from onboarding import demo
from tenants import selectors
from tenants.models import School


def test_pilot_school_has_the_size_of_thcs_cau_giay(school_a: School) -> None:
    with tenant_context(school_a):
        sizes = list(
            SchoolClass.objects.filter(school_year__is_current=True)
            .annotate(n=Count("enrolments"))
            .values_list("grade", "n")
        )
        staff = StaffMember.objects.count()
        pupils = Pupil.objects.count()
    assert len(sizes) == 40
    assert {grade for grade, _ in sizes} == {6, 7, 8, 9}
    assert all(40 <= n <= 45 for _, n in sizes)
    assert 85 <= staff <= 95
    assert pupils == sum(n for _, n in sizes)  # every pupil is in one class this year


def test_every_pupil_has_guardians_and_some_share_them(school_a: School) -> None:
    with tenant_context(school_a):
        orphans = Pupil.objects.filter(guardianships__isnull=True).count()
        shared = Guardian.objects.annotate(n=Count("guardianships")).filter(n__gte=2).count()
    assert orphans == 0
    assert shared > 50


def test_names_are_vietnamese_with_diacritics_in_nfc(school_a: School) -> None:
    with tenant_context(school_a):
        names = list(Pupil.objects.values_list("full_name", flat=True))
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert sum(1 for name in names if not name.isascii()) > len(names) * 0.8
    assert all(len(name.split()) == 3 for name in names)


def test_names_are_deterministic() -> None:
    first = _Names(random.Random(7))
    second = _Names(random.Random(7))
    assert [first.person("F") for _ in range(20)] == [second.person("F") for _ in range(20)]


@pytest.mark.parametrize(
    ("username", "role"),
    [
        (DemoLogins.principal, Role.PRINCIPAL),
        (DemoLogins.school_admin, Role.SCHOOL_ADMIN),
        (DemoLogins.homeroom_teacher, Role.HOMEROOM_TEACHER),
        (DemoLogins.subject_teacher, Role.SUBJECT_TEACHER),
        (DemoLogins.parent, Role.PARENT),
        (DemoLogins.pupil, Role.PUPIL),
        ("cg002", Role.VICE_PRINCIPAL),
        ("cg005", Role.CLERK),
    ],
)
def test_demo_logins_have_their_role(school_a: School, username: str, role: Role) -> None:
    with tenant_context(school_a):
        assert role.value in User.objects.get(username=username).role_names


def test_subject_teacher_login_is_not_a_homeroom_teacher(school_a: School) -> None:
    with tenant_context(school_a):
        roles = User.objects.get(username=DemoLogins.subject_teacher).role_names
    assert roles == [Role.SUBJECT_TEACHER.value]


def test_demo_parent_has_two_children_in_different_grades(school_a: School) -> None:
    with tenant_context(school_a):
        grades = list(
            Pupil.objects.filter(
                guardianships__guardian__user__username=DemoLogins.parent,
                enrolments__school_class__school_year__is_current=True,
            ).values_list("enrolments__school_class__grade", flat=True)
        )
    assert len(grades) == 2
    assert len(set(grades)) == 2


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("so.hanoi", {"caugiay", "nghiatan"}),
        ("phuong.caugiay", {"caugiay"}),
        ("dh.giamsat", {"caugiay"}),
    ],
)
def test_operators_see_only_the_schools_under_their_node(
    db: None, username: str, visible: set[str]
) -> None:
    user = User.objects.get(username=username)
    assert {s.slug for s in selectors.school_list_for_user(user=user)} == visible


def test_generated_schools_are_distinct_and_split_between_wards_and_cohorts() -> None:
    # when
    schools = demo.generated_schools(demo.GENERATED_SCHOOLS)
    named = demo.DEMO_SCHOOLS
    # then: nothing shared with each other or the named schools (codes, hosts, phones, staff)
    everyone = [*named, *schools]
    for field in ("code", "slug", "name"):
        assert len({getattr(school, field) for school in everyone}) == len(everyone), field
    for field in ("seed", "phone_prefix", "staff_code_prefix"):
        values = {getattr(school.spec, field) for school in everyone}
        assert len(values) == len(everyone), field
    assert {school.ward_code for school in schools} == {"00167", "00160"}
    assert all(school.is_pilot != school.is_comparison for school in schools)
    assert sum(school.is_pilot for school in schools) == demo.GENERATED_SCHOOLS // 2
