"""The onboarding checklist: each step dated from the school's records; live at the end."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core_school.academics.models import TimetableSlot
from onboarding import checklist, provisioning
from onboarding.models import Milestone
from tenants.models import Authority, School

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_its_steps_dated_from_its_records(school_a: School) -> None:
    steps = {s.code: s for s in checklist.milestones_refresh(school=school_a)}
    assert steps["pupils_imported"].reached_at is not None
    assert steps["first_marks"].reached_at is not None
    assert steps["first_marks"].from_records
    assert steps["timetable"].reached_at is not None
    assert steps["live"].reached_at is not None  # the demo school is live
    assert [s.code for s in checklist.school_checklist(school=school_a)] == [
        "admin_invited",
        "staff_imported",
        "pupils_imported",
        "timetable",
        "first_marks",
        "guardians_invited",
        "live",
    ]


def test_a_new_school_moves_step_by_step_and_goes_live(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        school = provisioning.school_request(
            name="THCS Bốn",
            code="01014001",
            slug="thcs-bon",
            authority=Authority.objects.get(code="00167"),
            admin_name="A",
            admin_email="a@b.example",
            actor=None,
        )
    school.refresh_from_db()
    steps = {s.code: s.reached_at for s in checklist.milestones_refresh(school=school)}
    assert steps["admin_invited"] is not None
    assert all(steps[c] is None for c in ["staff_imported", "pupils_imported", "timetable"])
    assert school.status == School.Status.ONBOARDING

    # Once every step is reached, the school goes live by itself.
    now = timezone.now()
    for step in Milestone.Step:
        if step not in (Milestone.Step.LIVE, Milestone.Step.TIMETABLE):
            Milestone.objects.get_or_create(school=school, step=step, defaults={"reached_at": now})
    assert checklist.milestones_refresh(school=school)[3].reached_at is None
    school.refresh_from_db()
    assert school.status == School.Status.ONBOARDING
    with tenant_context(school):
        assert not TimetableSlot.objects.exists()
    Milestone.objects.create(school=school, step=Milestone.Step.TIMETABLE, reached_at=now)
    checklist.milestones_refresh(school=school)
    school.refresh_from_db()
    assert school.status == School.Status.LIVE
    assert Milestone.objects.filter(school=school, step="live").exists()


def test_a_date_from_records_only_moves_earlier(school_a: School) -> None:
    checklist.milestones_refresh(school=school_a)
    marks = Milestone.objects.get(school=school_a, step="first_marks")
    first = marks.reached_at
    marks.reached_at = first + timezone.timedelta(days=30)
    marks.save()
    checklist.milestones_refresh(school=school_a)
    marks.refresh_from_db()
    assert marks.reached_at == first
