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
    ),
]

# (username, full name, role, authority code or None)
DEMO_OPERATORS = [
    ("so.hanoi", "Trần Minh Đức", Role.OPERATOR, "01"),
    ("phuong.caugiay", "Lê Thị Hồng Nhung", Role.OPERATOR, "00167"),
    ("dh.giamsat", "Phạm Quang Huy", Role.UNIVERSITY_MONITOR, None),
]


def demo_is_seeded() -> bool:
    return School.objects.filter(slug=DEMO_SCHOOLS[0].slug).exists()


def demo_seed(*, today: datetime.date | None = None) -> list[School]:
    """Create the demo authorities, operators and schools. Not idempotent: check first."""
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

    schools = []
    for demo in DEMO_SCHOOLS:
        school = tenant_services.school_create(
            name=demo.name,
            code=demo.code,
            slug=demo.slug,
            authority=wards[demo.ward_code],
            is_pilot=demo.is_pilot,
            status=School.Status.LIVE,
        )
        # The demo schools start on version 1 of the standards, as a provisioned school would.
        standards_adoption.standard_adopt_current(school=school)
        # TENANCY: the demo content is written inside the school's own schema.
        with tenant_context(school):
            demo_data.school_demo_seed(spec=demo.spec, today=today)
        # The checklist's dates, read from what the demo wrote.
        checklist.milestones_refresh(school=school)
        schools.append(school)
    return schools
