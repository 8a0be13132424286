"""The demo installation: authorities, operators, the pilot school and a second small school.

Runs in the public schema and fills each demo school inside its own schema.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from accounts.roles import Role
from core_school import demo_data
from onboarding import checklist, standards_adoption
from reporting import demo_health
from reporting import services as reporting_services
from tenants import services as tenant_services
from tenants.models import Authority, AuthorityMembership, School


@dataclass(frozen=True)
class DemoSchool:
    name: str
    code: str
    slug: str
    ward_code: str
    is_pilot: bool
    spec: demo_data.DemoSchoolSpec
    # In the pilot evaluation's comparison cohort (never together with is_pilot).
    is_comparison: bool = False
    # Weeks of made-up system health history (reporting.demo_health); 0 for none.
    health_weeks: int = 0
    health_size: int = 1


DEMO_SCHOOLS = [
    DemoSchool(
        name="THCS Cầu Giấy",
        code="01013501",
        slug="caugiay",
        ward_code="00167",
        is_pilot=True,
        spec=demo_data.DemoSchoolSpec(
            seed=2026,
            classes_per_grade=10,
            pupils_per_class=(40, 45),
            teachers=84,
            class_suffix="A",
            phone_prefix="123",
            staff_code_prefix="CG",
        ),
        health_weeks=demo_health.DEMO_HEALTH_WEEKS,
        health_size=4,
    ),
    DemoSchool(
        name="THCS Nghĩa Tân",
        code="01013502",
        slug="nghiatan",
        ward_code="00160",
        is_pilot=False,
        spec=demo_data.DemoSchoolSpec(
            seed=2027,
            classes_per_grade=1,
            pupils_per_class=(28, 32),
            teachers=12,
            class_suffix="A",
            phone_prefix="456",
            staff_code_prefix="NT",
        ),
        is_comparison=True,
        health_weeks=demo_health.DEMO_HEALTH_WEEKS,
    ),
]

# Generated schools beside the two named ones, so the authority's dashboards compare several
# schools: small (one class per grade), each with its own seed, half of them in the pilot.
GENERATED_SCHOOLS = 4


def generated_schools(count: int) -> list[DemoSchool]:
    """`count` small generated schools ("THCS Mẫu 01"…), alternating between the two wards;
    odd ones join the pilot, even ones its comparison cohort. Deterministic: the same count
    gives the same schools."""
    wards = ("00167", "00160")
    return [
        DemoSchool(
            name=f"THCS Mẫu {index:02d}",
            code=f"010136{index:02d}",
            slug=f"mau{index:02d}",
            ward_code=wards[index % 2],
            is_pilot=index % 2 == 1,
            is_comparison=index % 2 == 0,
            health_weeks=demo_health.DEMO_HEALTH_WEEKS,
            spec=demo_data.DemoSchoolSpec(
                seed=3000 + index,
                classes_per_grade=1,
                pupils_per_class=(24, 34),
                teachers=10,
                class_suffix="A",
                phone_prefix=f"7{index:02d}",
                staff_code_prefix=f"M{index:02d}",
            ),
        )
        for index in range(1, count + 1)
    ]


# (username, full name, role, authority code or None)
DEMO_OPERATORS = [
    ("so.hanoi", "Trần Minh Đức", Role.OPERATOR, "01"),
    ("phuong.caugiay", "Lê Thị Hồng Nhung", Role.OPERATOR, "00167"),
    ("dh.giamsat", "Phạm Quang Huy", Role.UNIVERSITY_MONITOR, None),
]


def demo_is_seeded() -> bool:
    return School.objects.filter(slug=DEMO_SCHOOLS[0].slug).exists()


def demo_seed(
    *, today: datetime.date | None = None, generated: int = GENERATED_SCHOOLS
) -> list[School]:
    """Create the demo authorities, operators, the two named schools and `generated` small
    generated ones. Not idempotent: check first."""
    today = today or timezone.localdate()
    with transaction.atomic():
        hanoi = Authority.objects.create(
            code="01", name="Sở Giáo dục và Đào tạo Hà Nội", kind=Authority.Kind.PROVINCE
        )
        wards = {
            "00167": Authority.objects.create(
                code="00167", name="UBND phường Cầu Giấy", kind=Authority.Kind.WARD, parent=hanoi
            ),
            "00160": Authority.objects.create(
                code="00160", name="UBND phường Nghĩa Đô", kind=Authority.Kind.WARD, parent=hanoi
            ),
        }
        groups = {group.name: group for group in Group.objects.all()}
        for username, full_name, role, authority_code in DEMO_OPERATORS:
            user = User(
                username=username, full_name=full_name, email=f"{username}@demo.truongso.vn"
            )
            user.set_password(demo_data.DEMO_PASSWORD)
            user.save()
            user.groups.add(groups[role])
            if authority_code:
                authority = hanoi if authority_code == "01" else wards[authority_code]
                AuthorityMembership.objects.create(user=user, authority=authority)

    schools = [_school_seed(demo, today=today) for demo in DEMO_SCHOOLS]
    return schools + generated_seed(count=generated, today=today)


def generated_seed(*, count: int, today: datetime.date | None = None) -> list[School]:
    """Add the first `count` generated schools to a seeded demo (under its wards)."""
    today = today or timezone.localdate()
    return [_school_seed(demo, today=today) for demo in generated_schools(count)]


def _school_seed(demo: DemoSchool, *, today: datetime.date) -> School:
    """Make one demo school, fill it, and publish what the nightly jobs would."""
    school = tenant_services.school_create(
        name=demo.name,
        code=demo.code,
        slug=demo.slug,
        authority=Authority.objects.get(code=demo.ward_code),
        is_pilot=demo.is_pilot,
        status=School.Status.LIVE,
    )
    if demo.is_comparison:
        School.objects.filter(pk=school.pk).update(is_comparison=True)
        school.is_comparison = True
    if demo.health_weeks:
        # Demo history only (README, Pilot monitoring): real measurements add to it.
        demo_health.demo_health_history(
            school=school, today=today, weeks=demo.health_weeks, size=demo.health_size
        )
    # The demo schools start on version 1 of the standards, as a provisioned school would.
    standards_adoption.standard_adopt_current(school=school)
    # TENANCY: the demo content is written inside the school's own schema.
    with tenant_context(school):
        demo_data.school_demo_seed(spec=demo.spec, today=today)
    # The checklist's dates, read from what the demo wrote.
    checklist.milestones_refresh(school=school)
    # The data-quality score and the aggregate figures, as the nightly jobs would publish
    # them, so the authority's dashboards have every school at first start.
    standards_adoption.conformance_run(school=school)
    reporting_services.school_figures_refresh(school=school)
    # The pilot's KPIs over the term, counted from the history the demo wrote, so the
    # monitoring dashboard has weeks to show at first start.
    reporting_services.school_kpis_refresh(school=school, today=today)
    return school
