"""Data quality inside a school: every record checked against the adopted dictionary; the
failing list stays in the school, the counts go to public."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.people.models import Pupil, StaffMember
from core_school.standard import conformance
from core_school.standard.selectors import adopted_standard
from onboarding import standards_adoption
from standards.models import ConformanceResult
from tenants.models import School
from tests.conftest import host_of


def _bad_records() -> tuple[Pupil, Pupil, StaffMember]:
    """Two pupils and one teacher who break the national dictionary."""
    short_id = Pupil.objects.create(
        national_id="12345",
        full_name="Nguyễn Văn Sai",
        birth_date=datetime.date(2013, 1, 1),
        sex="M",
        ethnicity="Kinh",
    )
    two_faults = Pupil.objects.create(
        national_id="0123456789AB",
        full_name="Trần Thị Lỗi",
        birth_date=datetime.date(2013, 2, 2),
        sex="F",
        ethnicity="Martian",
    )
    teacher = StaffMember.objects.create(
        staff_code="ZZ999", full_name="Lê Văn Số", sex="M", phone="12345", position="teacher"
    )
    return short_id, two_faults, teacher


def _dictionary() -> dict[str, list[dict[str, object]]]:
    return adopted_standard().content["data_dictionary"]  # type: ignore[union-attr]


def test_the_demo_school_passes_every_rule(school_b: School) -> None:
    with tenant_context(school_b):
        report = conformance.conformance_check(dictionary=_dictionary())
        assert report.records == Pupil.objects.count() + StaffMember.objects.count()
    assert report.failures == []
    assert report.score == Decimal("100.0")


def test_crafted_bad_records_are_listed_with_field_rule_and_value(school_b: School) -> None:
    with tenant_context(school_b):
        # given
        records = Pupil.objects.count() + StaffMember.objects.count() + 3
        short_id, two_faults, teacher = _bad_records()
        # when
        report = conformance.conformance_check(dictionary=_dictionary())
    # then
    assert sorted(
        (f.record, f.record_id, f.field, f.rule, f.value) for f in report.failures
    ) == sorted(
        [
            ("pupil", short_id.pk, "national_id", "pattern", "12345"),
            ("pupil", two_faults.pk, "national_id", "pattern", "0123456789AB"),
            ("pupil", two_faults.pk, "ethnicity", "allowed", "Martian"),
            ("staff", teacher.pk, "phone", "pattern", "12345"),
        ]
    )
    assert report.records == records
    assert report.failing == 3
    expected = (Decimal(records - 3) * 100 / records).quantize(Decimal("0.1"))
    assert report.score == expected
    assert report.per_rule_counts == {
        "pupil.ethnicity.allowed": 1,
        "pupil.national_id.pattern": 2,
        "staff.phone.pattern": 1,
    }


def test_required_fields_and_lengths() -> None:
    assert conformance.rule_breaks({"required": True}, "") == ["required"]
    assert conformance.rule_breaks({"pattern": "[0-9]+"}, "") == []
    assert conformance.rule_breaks({"max_length": 3, "allowed": ["ab"]}, "abcd") == [
        "max_length",
        "allowed",
    ]


def test_operators_get_the_counts_only(school_b: School) -> None:
    # given
    with tenant_context(school_b):
        short_id, two_faults, teacher = _bad_records()
    # when
    result = standards_adoption.conformance_run(school=school_b)
    # then: counts in public, and no name, identifier or value of any record
    stored = ConformanceResult.objects.get(school=school_b)
    assert (stored.failing, stored.version) == (3, 1)
    assert stored.score == result.score < Decimal("100")
    text = repr([(f.name, getattr(stored, f.attname)) for f in stored._meta.concrete_fields])
    for secret in (
        short_id.full_name,
        "12345",
        two_faults.national_id,
        "Martian",
        teacher.full_name,
        teacher.staff_code,
        str(short_id.pk),
    ):
        assert secret not in text.replace(f"'school_id', {school_b.pk}", "")


def test_the_task_checks_every_ready_school(
    school_a: School, school_b: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(
        standards_adoption.conformance_check_task,
        "apply_async",
        lambda kwargs, countdown: sent.append(kwargs["school_id"]),
    )
    assert standards_adoption.conformance_fanout_task() == len(sent) >= 2
    assert {school_a.pk, school_b.pk} <= set(sent)
    # and one school's task stores its result
    assert standards_adoption.conformance_check_task(school_b.pk) == "100.0"
    assert ConformanceResult.objects.get(school=school_b).records > 0


def _signed_in(school: School, username: str) -> Client:
    client = Client(HTTP_HOST=host_of(school))
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def test_the_quality_page_lists_the_records_inside_the_school(
    school_b: School, django_assert_num_queries: object
) -> None:
    with tenant_context(school_b):
        _bad_records()
    client = _signed_in(school_b, "hieutruong")
    client.get("/standard/quality/")
    # session, user, roles, staff, teaching, homeroom, adopted standard, pupils, staff
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get("/standard/quality/")
    html = response.content.decode()
    assert "Trần Thị Lỗi" in html
    assert "Martian" in html
    assert "Lê Văn Số" in html
    assert "staff.phone.pattern" in html
    # when: the principal sends the score
    client.post("/standard/quality/")
    connection.set_schema_to_public()
    assert ConformanceResult.objects.get(school=school_b).failing == 3


def test_teachers_do_not_see_the_quality_page(school_b: School) -> None:
    assert _signed_in(school_b, "giaovien").get("/standard/quality/").status_code == 403
    assert _signed_in(school_b, "giaovien").get("/standard/").status_code == 403
