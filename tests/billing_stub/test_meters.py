"""The meters core_school registers count the right pupils and staff, in each school's own
schema, and billing reads them through the registry."""

import datetime

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from billing_stub import metering
from billing_stub.months import month_current, month_previous
from config.metering import meter_register, meters
from core_school.academics.models import Enrolment, SchoolClass
from core_school.people.models import StaffMember
from tenants.models import School

DIRECT_ACTIVE_PUPILS = """
    SELECT COUNT(DISTINCT e.pupil_id)
    FROM academics_enrolment e
    WHERE e.starts_on <= %(last)s AND (e.ends_on IS NULL OR e.ends_on >= %(first)s)
"""
DIRECT_STAFF = """
    SELECT COUNT(*) FROM people_staffmember s LEFT JOIN accounts_user u ON u.id = s.user_id
    WHERE u.id IS NULL OR u.is_active
"""


def _direct(school: School, sql: str, params: dict[str, object] | None = None) -> int:
    with tenant_context(school), connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return int(cursor.fetchone()[0])


def _month_params(month: datetime.date) -> dict[str, object]:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"first": month, "last": following - datetime.timedelta(days=1)}


def test_core_school_registers_the_pupil_and_staff_meters() -> None:
    assert {"active_pupils", "staff"} <= set(meters())


def test_meter_register_refuses_a_second_function_under_a_taken_name() -> None:
    # given
    registered = meters()["staff"]
    # when
    meter_register("staff", registered)  # the same function again: harmless
    # then
    with pytest.raises(ValueError, match="already registered"):
        meter_register("staff", lambda *, month: 0)
    assert meters()["staff"] is registered


@pytest.mark.parametrize("slug", ["caugiay", "nghiatan"])
@pytest.mark.parametrize("which", ["current", "previous"])
def test_school_counts_match_direct_counts_in_each_demo_school(
    db: None, slug: str, which: str
) -> None:
    # given
    school = School.objects.get(slug=slug)
    month = month_current() if which == "current" else month_previous()
    # when
    counts = metering.school_counts(school=school, month=month)
    # then
    assert counts == {
        "active_pupils": _direct(school, DIRECT_ACTIVE_PUPILS, _month_params(month)),
        "staff": _direct(school, DIRECT_STAFF),
    }
    assert counts["active_pupils"] > 0
    assert counts["staff"] > 0
    assert connection.schema_name == "public"


def test_school_counts_of_the_demo_schools_are_their_own(
    school_a: School, school_b: School
) -> None:
    # when
    a = metering.school_counts(school=school_a, month=month_current())
    b = metering.school_counts(school=school_b, month=month_current())
    # then: the demo's sizes (README: 1,703 and 123 pupils; 90 and 16 staff)
    assert (a["active_pupils"], a["staff"]) == (1703, 90)
    assert (b["active_pupils"], b["staff"]) == (123, 16)


def test_active_pupils_leave_out_an_enrolment_ended_before_the_month(school_a: School) -> None:
    # given
    month = month_current()
    before = metering.school_counts(school=school_a, month=month)["active_pupils"]
    with tenant_context(school_a):
        enrolment = Enrolment.objects.filter(ends_on__isnull=True).first()
        enrolment.ends_on = month - datetime.timedelta(days=1)
        enrolment.save()
    # when
    after = metering.school_counts(school=school_a, month=month)["active_pupils"]
    # then
    assert after == before - 1


def test_active_pupils_count_a_pupil_moved_between_classes_once(school_a: School) -> None:
    # given: a pupil leaves their class on the 10th and joins another the same day
    month = month_current()
    before = metering.school_counts(school=school_a, month=month)["active_pupils"]
    with tenant_context(school_a):
        enrolment = (
            Enrolment.objects.select_related("school_class").filter(ends_on__isnull=True).first()
        )
        enrolment.ends_on = month.replace(day=10)
        enrolment.save()
        other = (
            SchoolClass.objects.filter(
                school_year=enrolment.school_class.school_year, grade=enrolment.school_class.grade
            )
            .exclude(pk=enrolment.school_class_id)
            .first()
        )
        Enrolment.objects.create(
            pupil_id=enrolment.pupil_id, school_class=other, starts_on=month.replace(day=10)
        )
    # when
    after = metering.school_counts(school=school_a, month=month)["active_pupils"]
    # then
    assert after == before


def test_staff_leave_out_a_disabled_account(school_b: School) -> None:
    # given
    before = metering.school_counts(school=school_b, month=month_current())["staff"]
    with tenant_context(school_b):
        user_id = StaffMember.objects.filter(user__isnull=False).values_list("user_id").first()
        User.objects.filter(pk=user_id[0]).update(is_active=False)
    # when
    after = metering.school_counts(school=school_b, month=month_current())["staff"]
    # then
    assert after == before - 1


def test_a_summer_month_without_enrolment_counts_no_pupil(school_b: School) -> None:
    # given: July between two school years (last year's enrolments end on 31 May)
    with tenant_context(school_b):
        last_end = (
            Enrolment.objects.filter(ends_on__isnull=False).order_by("-ends_on").first().ends_on
        )
    july = datetime.date(last_end.year, 7, 1)
    # when
    counts = metering.school_counts(school=school_b, month=july)
    # then
    assert counts["active_pupils"] == 0
