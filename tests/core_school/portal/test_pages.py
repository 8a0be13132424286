"""The family portal's pages: who may open them, what they show, how many queries they run."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from core_school.academics.models import TeachingAssignment
from core_school.assessment import columns as sheet_columns
from core_school.assessment import rules, services
from core_school.assessment.models import MarkSheet, YearOutcome
from core_school.assessment.selectors import current_term
from core_school.attendance import services as attendance_services
from core_school.people.access import Actor, actor_for_user
from core_school.people.models import Pupil
from core_school.portal.types import ChildOverview
from tenants.models import School
from tests.core_school.portal.conftest import Family, signed_in
from tests.core_school.portal.factories import GuardianshipFactory

# Exact query counts, each including django-tenants' `SET search_path` before every query
# and the school's domain lookup. They do not depend on how many marks, subjects, absences,
# notes or years a child has: a change here is a change of the page, say why.
LANDING_QUERIES = 7
# 19: the family is read without its open enrolments (the page does not show them), the
# term's marks read the grade plan within the sheets' query, and the school's search_path is
# set once per request (TENANT_LIMIT_SET_CALLS), not before every query.
# 20: one more for the adopted standard's absence limit and unit (the attendance section).
CHILD_PAGE_QUERIES = 20


def _overview(response: object) -> ChildOverview:
    return response.context["overview"]  # type: ignore[attr-defined]


def _section(response: object, name: str) -> str:
    """The HTML of one section of the child page (marks, results, attendance, ...)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    match = re.search(rf'data-testid="portal-{name}">(.*?)</section>', html, re.S)
    assert match is not None
    return match.group(1)


def _published_sheet(family: Family) -> MarkSheet:
    """A published sheet of the open term in which the elder child has marks."""
    return (
        MarkSheet.objects.filter(
            term=current_term(),
            school_class=family.elder_class,
            published_at__isnull=False,
            subject__mode="scored",
            marks__pupil=family.elder,
        )
        .select_related("subject", "school_class", "term")
        .distinct()
        .order_by("subject__order")
        .first()
    )


def _teacher_of(sheet: MarkSheet) -> Actor:
    assignment = TeachingAssignment.objects.select_related("teacher__user").get(
        school_class=sheet.school_class, subject=sheet.subject
    )
    return actor_for_user(assignment.teacher.user)


def _school_day_this_term() -> datetime.date:
    term = current_term()
    day = min(timezone.localdate(), term.ends_on) - datetime.timedelta(days=1)
    while day.weekday() == 6:  # Sunday
        day -= datetime.timedelta(days=1)
    return day


# --- access -----------------------------------------------------------------------------


def test_landing_lists_both_children_of_the_parent(parent: Client, family: Family) -> None:
    # when
    response = parent.get("/family/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert family.elder.full_name in html
    assert family.younger.full_name in html
    assert f'href="/family/{family.elder.pk}/"' in html
    assert f'href="/family/{family.younger.pk}/"' in html


def test_landing_takes_a_pupil_straight_to_their_own_page(
    school_a: School, client_a: Client, family: Family
) -> None:
    # given
    signed_in(client_a, school_a, "hocsinh")
    # when
    response = client_a.get("/family/")
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/family/{family.pupil.pk}/"


def test_pupil_sees_only_themself(school_a: School, client_a: Client, family: Family) -> None:
    # given
    signed_in(client_a, school_a, "hocsinh")
    # when
    own = client_a.get(f"/family/{family.pupil.pk}/")
    other = client_a.get(f"/family/{family.elder.pk}/")
    # then
    assert own.status_code == 200
    assert _overview(own).child.family == (family.pupil,)
    assert other.status_code == 404


def test_another_guardians_child_is_not_found(parent: Client, family: Family) -> None:
    # when
    response = parent.get(f"/family/{family.pupil.pk}/")
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["gvcn", "giaovien", "hieutruong"])
def test_staff_are_not_family_of_their_pupils(
    school_a: School, client_a: Client, username: str
) -> None:
    # given: a pupil of the homeroom teacher's class, whose record staff open at /pupils/<id>/
    with tenant_context(school_a):
        pupil = Pupil.objects.filter(
            enrolments__school_class__homeroom_teacher__user__username="gvcn",
            enrolments__ends_on__isnull=True,
        ).first()
    signed_in(client_a, school_a, username)
    # when
    response = client_a.get(f"/family/{pupil.pk}/")
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/family/", "/family/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(client_a: Client, path: str) -> None:
    # when
    response = client_a.get(path)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_page_links_each_child_to_the_portal(parent: Client, family: Family) -> None:
    # when
    html = parent.get("/").content.decode()
    # then
    assert f'href="/family/{family.elder.pk}/"' in html
    assert f'href="/family/{family.younger.pk}/"' in html


# --- what the child page shows ----------------------------------------------------------


def test_child_page_switches_to_the_other_child(parent: Client, family: Family) -> None:
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    switcher = re.search(
        r'data-testid="portal-switch">(.*?)</nav>', response.content.decode(), re.S
    )
    assert switcher is not None
    assert f'href="/family/{family.younger.pk}/"' in switcher.group(1)
    assert f'href="/family/{family.elder.pk}/"' not in switcher.group(1)


def test_child_page_hides_an_unpublished_sheet(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given: a published sheet, taken back (no service unpublishes; the test transaction
    # rolls this back)
    sheet = _published_sheet(family)
    shown = parent.get(f"/family/{family.elder.pk}/")
    MarkSheet.objects.filter(pk=sheet.pk).update(published_at=None)
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    assert sheet.subject.name in [s.subject for s in _overview(shown).marks.subjects]
    assert sheet.subject.name not in [s.subject for s in _overview(response).marks.subjects]
    assert sheet.subject.name not in _section(response, "marks").split("portal-marks-waiting")[0]


def test_child_page_shows_a_sheet_once_published(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given: an unpublished sheet in which the child has marks
    sheet = _published_sheet(family)
    MarkSheet.objects.filter(pk=sheet.pk).update(published_at=None)
    hidden = parent.get(f"/family/{family.elder.pk}/")
    # when
    services.sheet_publish(sheet=sheet, actor=_teacher_of(sheet))
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    marks = {s.subject: s for s in _overview(response).marks.subjects}
    mark = sheet.marks.filter(pupil=family.elder, kind="tx", index=1).first()
    assert sheet.subject.name not in [s.subject for s in _overview(hidden).marks.subjects]
    assert marks[sheet.subject.name].regular[0] == mark.score
    assert _overview(response).marks.updated_at == MarkSheet.objects.get(pk=sheet.pk).published_at


def test_child_page_shows_the_term_average_once_every_mark_is_in(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given: the teacher enters every mark of the child's row
    sheet = _published_sheet(family)
    n_regular = services.required_regular(subject=sheet.subject, grade=sheet.school_class.grade)
    values = {c.code: "7" for c in sheet_columns.sheet_columns(n_regular)} | {"ck": "9,5"}
    services.marks_save(
        sheet=sheet,
        entries=[services.MarkEntry(family.elder.pk, code, v) for code, v in values.items()],
        actor=_teacher_of(sheet),
    )
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    expected = rules.term_average(["7"] * n_regular, "7", "9.5", required_regular=n_regular)
    row = next(s for s in _overview(response).marks.subjects if s.subject == sheet.subject.name)
    assert row.average == expected
    assert row.final == rules.validate_score("9.5")


def test_child_page_shows_an_absence_the_homeroom_teacher_records(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given
    before = _overview(parent.get(f"/family/{family.elder.pk}/")).attendance
    day = _school_day_this_term()
    attendance_services.register_take(
        school_class=family.elder_class,
        date=day,
        session="am",
        absences=[attendance_services.AbsenceEntry(family.elder.pk, "unexcused", "Đi muộn xe")],
        actor=actor_for_user(family.elder_class.homeroom_teacher.user),
    )
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    section = _section(response, "attendance")
    assert f"{day:%d/%m/%Y}" in section
    assert "Đi muộn xe" in section
    assert _overview(response).attendance.year_count == before.year_count + 1
    assert _overview(response).attendance.updated_at > before.updated_at


def test_child_page_shows_a_behaviour_note(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given
    attendance_services.behaviour_note_create(
        school_class=family.elder_class,
        pupil_id=family.elder.pk,
        kind="praise",
        text="Giúp bạn trực nhật",
        actor=actor_for_user(family.elder_class.homeroom_teacher.user),
    )
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    assert "Giúp bạn trực nhật" in _section(response, "notes")
    assert _overview(response).notes.praise >= 1


def test_child_page_shows_last_years_decision(
    in_school_a: School, parent: Client, family: Family
) -> None:
    # given
    outcome = YearOutcome.objects.select_related("school_year").get(
        pupil=family.elder, school_year__is_current=False, stage=YearOutcome.Stage.INITIAL
    )
    with translation.override("vi"):
        decision = str(YearOutcome.Decision(outcome.decision).label)
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    last_year = _overview(response).history[0]
    assert last_year.school_year == outcome.school_year
    assert last_year.decision == decision
    assert f'data-testid="portal-decision">{decision}<' in _section(response, "results")
    assert last_year.learning.year is not None


def test_child_page_shows_the_class_timetable_day_by_day(parent: Client, family: Family) -> None:
    # when
    response = parent.get(f"/family/{family.elder.pk}/")
    # then
    days = _overview(response).timetable
    assert [d.weekday for d in days] == [1, 2, 3, 4, 5, 6]
    assert {s.school_class_id for d in days for s in d.slots} == {family.elder_class.pk}
    assert sum(d.is_today for d in days) == 1


def test_teacher_who_is_a_parent_sees_only_published_marks(
    in_school_a: School, client_a: Client, family: Family
) -> None:
    # given: the maths teacher is the guardian of a pupil in a class she teaches, whose
    # sheet of her subject is not published
    sheet = _published_sheet(family)
    teacher = _teacher_of(sheet)
    MarkSheet.objects.filter(pk=sheet.pk).update(published_at=None)
    GuardianshipFactory(pupil=family.elder, guardian__user=teacher.user)
    client_a.force_login(teacher.user)
    # when
    response = client_a.get(f"/family/{family.elder.pk}/")
    # then
    assert response.status_code == 200
    assert sheet.subject.name not in [s.subject for s in _overview(response).marks.subjects]


# --- query counts -----------------------------------------------------------------------


def test_landing_runs_a_fixed_number_of_queries(
    parent: Client, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(LANDING_QUERIES):  # type: ignore[operator]
        response = parent.get("/family/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("username", "child"), [("phuhuynh", "elder"), ("phuhuynh", "younger"), ("hocsinh", "pupil")]
)
def test_child_page_runs_a_fixed_number_of_queries(
    school_a: School,
    client_a: Client,
    family: Family,
    username: str,
    child: str,
    django_assert_num_queries: object,
) -> None:
    # given
    signed_in(client_a, school_a, username)
    pupil = getattr(family, child)
    # when
    with django_assert_num_queries(CHILD_PAGE_QUERIES):  # type: ignore[operator]
        response = client_a.get(f"/family/{pupil.pk}/")
    # then
    assert response.status_code == 200


def test_child_page_query_count_does_not_grow_with_the_data(
    in_school_a: School, parent: Client, family: Family, django_assert_num_queries: object
) -> None:
    # given: more absences, notes and a full row of marks than the demo child has
    homeroom = actor_for_user(family.elder_class.homeroom_teacher.user)
    day = _school_day_this_term()
    for back in range(5):
        attendance_services.register_take(
            school_class=family.elder_class,
            date=day - datetime.timedelta(days=back),
            session="pm",
            absences=[attendance_services.AbsenceEntry(family.elder.pk, "excused", "Ốm")],
            actor=homeroom,
        )
        attendance_services.behaviour_note_create(
            school_class=family.elder_class,
            pupil_id=family.elder.pk,
            kind="incident",
            text=f"Quên vở {back}",
            actor=homeroom,
        )
    # when
    with django_assert_num_queries(CHILD_PAGE_QUERIES):  # type: ignore[operator]
        response = parent.get(f"/family/{family.elder.pk}/")
    # then
    assert len(_overview(response).attendance.absences) >= 5
    assert len(_overview(response).notes.notes) >= 5
