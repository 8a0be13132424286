"""The school-side code reads its flags from the adopted standard, not from constants: a school
that adopts a version with another absence limit, absence unit, class size or elective rule
sees the difference in its pages and services."""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from core_school.academics import services as academics_services
from core_school.academics.models import Enrolment, SchoolClass, SchoolYear, Subject
from core_school.assessment import services as assessment_services
from core_school.assessment.models import LearningResult, SubjectResult
from core_school.attendance.models import Absence, AttendanceRegister
from core_school.people.models import Pupil
from core_school.standard.selectors import rules_config
from onboarding import standards_adoption
from tenants.models import School
from tests.core_school.conftest import actor
from tests.standards.helpers import version_publish_with


def _adopt(school: School, **grading: Any) -> None:
    """Publish a version with these grading flags and adopt it in `school`."""
    connection.set_schema_to_public()
    version = version_publish_with(lambda content: content["grading"].update(grading))
    standards_adoption.standard_adopt(school=school, version=version)


def _signed_in(client: Client, school: School, username: str) -> Client:
    with tenant_context(school):
        client.force_login(User.objects.get(username=username))
    return client


def _current_enrolments(n: int) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(school_class__school_year__is_current=True, ends_on=None)
        .select_related("pupil", "school_class")
        .order_by("pk")[:n]
    )


def _absent(enrolment: Enrolment, registers: list[AttendanceRegister]) -> None:
    Absence.objects.bulk_create(
        Absence(register=r, pupil_id=enrolment.pupil_id, status=Absence.Status.EXCUSED)
        for r in registers
        if not r.absences.filter(pupil_id=enrolment.pupil_id).exists()
    )


def _counting_registers(enrolment: Enrolment) -> list[AttendanceRegister]:
    return list(
        AttendanceRegister.objects.filter(
            school_class=enrolment.school_class, counts_for_promotion=True
        ).order_by("date", "session")
    )


# --- max_absences and absence_unit -------------------------------------------------------


def test_the_dashboard_counts_against_the_adopted_absence_limit(
    school_a: School, client_a: Client
) -> None:
    # given: a pupil with 14 counted absences: not at risk under the national 45 (from 30)
    with tenant_context(school_a):
        (enrolment,) = _current_enrolments(1)
        _absent(enrolment, _counting_registers(enrolment)[:14])
    client = _signed_in(client_a, school_a, "hieutruong")
    national = client.get("/dashboard/").content.decode()
    assert f'data-pupil="{enrolment.pupil_id}" data-absences' not in national
    # when: the school adopts a limit of 20 (listed from two thirds: 13)
    _adopt(school_a, max_absences=20)
    html = client.get("/dashboard/").content.decode()
    # then
    assert 'data-limit="20"' in html
    assert f'data-pupil="{enrolment.pupil_id}" data-absences="14"' in html
    assert "14 sessions absent of 20 allowed" in html


def _two_sessions_one_day(enrolment: Enrolment) -> tuple[AttendanceRegister, ...]:
    """A morning and an afternoon register of one day and a morning of another, all
    counting; the pupil is absent in the three (3 sessions, 2 days)."""
    morning, other = _counting_registers(enrolment)[:2]
    assert morning.date != other.date
    afternoon = AttendanceRegister.objects.create(
        school_class=enrolment.school_class,
        date=morning.date,
        session="pm" if morning.session == "am" else "am",
        counts_for_promotion=True,
        taken_by=morning.taken_by,
    )
    registers = (morning, afternoon, other)
    Absence.objects.filter(pupil_id=enrolment.pupil_id).delete()
    _absent(enrolment, list(registers))
    return registers


def test_absences_are_counted_in_the_adopted_unit(in_school_a: School) -> None:
    # given
    (enrolment,) = _current_enrolments(1)
    _two_sessions_one_day(enrolment)
    year = enrolment.school_class.school_year
    by_session = assessment_services.absences_by_pupil(school_year=year)
    assert by_session[enrolment.pupil_id] == 3
    # when: the school counts days
    _adopt(in_school_a, absence_unit="calendar_day", max_absences=30)
    connection.set_tenant(in_school_a)
    config = rules_config()
    # then: the morning and the afternoon of one day count once
    assert config.max_absences == 30
    by_day = assessment_services.absences_by_pupil(school_year=year, unit=config.absence_unit)
    assert by_day[enrolment.pupil_id] == 2
    from core_school.attendance import selectors as attendance_selectors
    from core_school.dashboard import selectors as dashboard_selectors

    _register, rows = attendance_selectors.register_rows(
        school_class=enrolment.school_class, date=year.starts_on, session="am"
    )
    assert {r.absences_this_year for r in rows if r.pupil_id == enrolment.pupil_id} == {2}

    risks = dashboard_selectors.absence_risk_list(year=year, threshold=1)
    assert {
        (r.pupil_id, r.absences, r.limit) for r in risks if r.pupil_id == enrolment.pupil_id
    } == {(enrolment.pupil_id, 2, 30)}


def _portal_count(client: Client, pupil_id: int) -> str:
    html = client.get(f"/family/{pupil_id}/").content.decode()
    match = re.search(r'data-testid="portal-absence-count">(.*?)</p>', html)
    assert match, "the attendance count is shown"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_the_family_portal_shows_the_adopted_limit_and_unit(
    school_a: School, client_a: Client
) -> None:
    # given: the demo parent's elder child, absent in 3 sessions over 2 days
    with tenant_context(school_a):
        child = (
            Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh")
            .order_by("birth_date", "pk")
            .first()
        )
        enrolment = Enrolment.objects.select_related("school_class").get(
            pupil=child, ends_on=None, school_class__school_year__is_current=True
        )
        _two_sessions_one_day(enrolment)
    client = _signed_in(client_a, school_a, "phuhuynh")
    assert _portal_count(client, child.pk) == "3 of 45 sessions missed this school year."
    # when
    _adopt(school_a, absence_unit="calendar_day", max_absences=20)
    # then
    assert _portal_count(client, child.pk) == "2 of 20 days missed this school year."


# --- max_class_size -----------------------------------------------------------------------


def _size(school_class: SchoolClass) -> int:
    return Enrolment.objects.filter(school_class=school_class, ends_on=None).count()


def test_a_move_above_the_adopted_limit_is_made_with_a_warning(in_school_a: School) -> None:
    # given: two classes of the year; the standard's limit is the target class's size
    to_class, from_class = SchoolClass.objects.filter(school_year__is_current=True).order_by(
        "name"
    )[:2]
    enrolment = Enrolment.objects.filter(school_class=from_class, ends_on=None).first()
    limit = _size(to_class)
    _adopt(in_school_a, max_class_size=limit)
    connection.set_tenant(in_school_a)
    # when
    result = academics_services.pupil_transfer(
        pupil=enrolment.pupil,
        to_class=to_class,
        on_date=datetime.date(to_class.school_year.starts_on.year, 11, 2),
        actor=actor("hieutruong"),
    )
    # then: DOMAIN.md §3.3, warn, don't block: the pupil moved, the warning names the limit
    assert _size(to_class) == limit + 1
    assert to_class.name in result.warning
    assert f"above its maximum of {limit}" in result.warning


def test_a_move_within_the_adopted_limit_has_no_warning(in_school_a: School) -> None:
    to_class, from_class = SchoolClass.objects.filter(school_year__is_current=True).order_by(
        "name"
    )[:2]
    enrolment = Enrolment.objects.filter(school_class=from_class, ends_on=None).first()
    _adopt(in_school_a, max_class_size=_size(to_class) + 1)
    connection.set_tenant(in_school_a)
    result = academics_services.pupil_transfer(
        pupil=enrolment.pupil,
        to_class=to_class,
        on_date=datetime.date(to_class.school_year.starts_on.year, 11, 2),
        actor=actor("hieutruong"),
    )
    assert result.warning == ""


def test_the_class_list_shows_the_adopted_limit(school_a: School, client_a: Client) -> None:
    client = _signed_in(client_a, school_a, "hieutruong")
    assert "at most 45 pupils in a class" in client.get("/classes/").content.decode()
    _adopt(school_a, max_class_size=30)
    html = client.get("/classes/").content.decode()
    assert "at most 30 pupils in a class" in html
    assert "⚠ &gt; 30" in html  # the demo's classes hold more than 30


# --- elective_counts ------------------------------------------------------------------------


def test_an_elective_subject_counts_only_when_the_standard_says_so(school_b: School) -> None:
    # given: last year of the small school; Tin học is an elective there, and the best pupil
    # has 0.0 in it both terms
    connection.set_tenant(school_b)
    year = SchoolYear.objects.get(is_current=False)
    assessment_services.results_compute_year(school_year=year)
    best = LearningResult.objects.filter(school_year=year, term=None, level="tot").first()
    assert best is not None
    Subject.objects.filter(code="TIN").update(is_elective=True)
    SubjectResult.objects.filter(
        pupil_id=best.pupil_id, subject__code="TIN", term__isnull=False
    ).update(average=Decimal("0.0"))
    assessment_services.results_compute_year(school_year=year)
    counted = LearningResult.objects.get(pupil_id=best.pupil_id, school_year=year, term=None)
    assert counted.level != "tot"
    # when: the school adopts a version where electives do not count
    _adopt(school_b, elective_counts=False)
    connection.set_tenant(school_b)
    assessment_services.results_compute_year(school_year=year)
    # then: the level is made without Tin học; its own result is still stored
    left_out = LearningResult.objects.get(pupil_id=best.pupil_id, school_year=year, term=None)
    assert left_out.level == "tot"
    assert SubjectResult.objects.get(
        pupil_id=best.pupil_id, subject__code="TIN", school_year=year, term=None
    ).average == Decimal("0.0")
