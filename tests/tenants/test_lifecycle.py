"""Suspend, resume, archive, unarchive, ask for deletion and cancel it: allowed transitions,
clear refusals, the event log, and the closed page that replaces every page at once."""

import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from core_school.demo_data import DEMO_PASSWORD
from tenants import lifecycle, selectors
from tenants.models import School, SchoolEvent
from tests.conftest import host_of


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English (the catalogue may translate them)."""
    with translation.override("en"):
        yield


# ---------------------------------------------------------------------------------------------
# Transitions and their messages
# ---------------------------------------------------------------------------------------------


def test_school_suspend_keeps_the_reason_and_logs_who(school_b: School, operator: User) -> None:
    # when
    school = lifecycle.school_suspend(school=school_b, reason="Chưa nộp phí", actor=operator)
    # then
    school_b.refresh_from_db()
    assert (school_b.status, school_b.status_reason) == ("suspended", "Chưa nộp phí")
    assert school.status == "suspended"
    event = selectors.school_events(school=school_b).first()
    assert (event.action, event.actor, event.reason) == ("suspended", operator, "Chưa nộp phí")
    assert event.detail == {"from": "live", "from_reason": "", "to": "suspended"}
    assert (event.school_code, event.school_name) == (school_b.code, school_b.name)


def test_school_suspend_needs_a_reason(school_b: School) -> None:
    with pytest.raises(ValidationError, match="reason for the suspension"):
        lifecycle.school_suspend(school=school_b, reason="  ", actor=None)
    school_b.refresh_from_db()
    assert school_b.status == "live"
    assert not SchoolEvent.objects.filter(school=school_b).exists()


def test_school_resume_refuses_a_school_that_is_not_suspended(school_b: School) -> None:
    with pytest.raises(ValidationError) as refusal:
        lifecycle.school_resume(school=school_b, actor=None)
    assert refusal.value.messages == [
        "You cannot resume THCS Nghĩa Tân: it is not suspended (it is live)."
    ]


@pytest.mark.parametrize("before", ["live", "onboarding"])
def test_school_resume_returns_to_the_status_before_the_suspension(
    school_b: School, before: str
) -> None:
    # given
    School.objects.filter(pk=school_b.pk).update(status=before)
    lifecycle.school_suspend(school=school_b, reason="Kiểm tra", actor=None)
    # when
    school = lifecycle.school_resume(school=school_b, actor=None)
    # then
    assert (school.status, school.status_reason) == (before, "")
    assert [e.action for e in selectors.school_events(school=school_b)] == [
        "resumed",
        "suspended",
    ]


def test_school_suspend_refuses_an_archived_school(school_b: School) -> None:
    # given
    lifecycle.school_archive(school=school_b, reason="Sáp nhập", actor=None)
    # when / then
    with pytest.raises(ValidationError, match=r"Only an open school .* is archived"):
        lifecycle.school_suspend(school=school_b, reason="x", actor=None)


def test_school_archive_then_unarchive_keeps_a_suspension(school_b: School) -> None:
    # given
    lifecycle.school_suspend(school=school_b, reason="Nợ phí", actor=None)
    archived = lifecycle.school_archive(school=school_b, reason="Sáp nhập trường", actor=None)
    assert (archived.status, archived.status_reason) == ("archived", "Sáp nhập trường")
    # when
    school = lifecycle.school_unarchive(school=school_b, actor=None)
    # then
    assert (school.status, school.status_reason) == ("suspended", "Nợ phí")


def test_school_archive_twice_is_refused(school_b: School) -> None:
    lifecycle.school_archive(school=school_b, reason="Sáp nhập", actor=None)
    with pytest.raises(ValidationError, match="THCS Nghĩa Tân is already archived"):
        lifecycle.school_archive(school=school_b, reason="Sáp nhập", actor=None)


def test_school_unarchive_refuses_a_live_school(school_b: School) -> None:
    with pytest.raises(ValidationError, match="it is not archived \\(it is live\\)"):
        lifecycle.school_unarchive(school=school_b, actor=None)


@pytest.mark.parametrize("slug", ["platform", "template"])
def test_the_platform_row_and_the_template_have_no_lifecycle(db: None, slug: str) -> None:
    school = School.objects.get(slug=slug)
    with pytest.raises(ValidationError, match="no lifecycle"):
        lifecycle.school_archive(school=school, reason="x", actor=None)


def test_school_events_reads_the_log_and_its_actors_in_one_query(
    school_b: School, operator: User, django_assert_num_queries: object
) -> None:
    # given
    lifecycle.school_suspend(school=school_b, reason="Kiểm tra", actor=operator)
    lifecycle.school_resume(school=school_b, actor=operator)
    lifecycle.school_archive(school=school_b, reason="Sáp nhập", actor=None)
    # when
    with django_assert_num_queries(1):  # type: ignore[operator]
        log = [
            (e.action, e.actor and e.actor.username)
            for e in selectors.school_events(school=school_b)
        ]
    # then
    assert log == [("archived", None), ("resumed", "so.hanoi"), ("suspended", "so.hanoi")]


# ---------------------------------------------------------------------------------------------
# Delete request and cancel
# ---------------------------------------------------------------------------------------------


def test_school_delete_request_needs_the_code_typed_exactly(school_b: School) -> None:
    with pytest.raises(ValidationError) as refusal:
        lifecycle.school_delete_request(school=school_b, confirm_code="0101350", actor=None)
    assert refusal.value.messages == ["Type the school code 01013502 to confirm the deletion."]
    school_b.refresh_from_db()
    assert (school_b.status, school_b.deletion_due_at) == ("live", None)


def test_school_delete_request_archives_and_sets_the_date(
    school_b: School, settings: object
) -> None:
    # given
    settings.SCHOOL_DELETION_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    before = timezone.now()
    # when
    school = lifecycle.school_delete_request(school=school_b, confirm_code="01013502", actor=None)
    # then
    assert school.status == "archived"
    assert (
        before + datetime.timedelta(days=30)
        <= school.deletion_due_at
        <= timezone.now() + datetime.timedelta(days=30)
    )
    with pytest.raises(ValidationError, match="already due to be deleted"):
        lifecycle.school_delete_request(school=school_b, confirm_code="01013502", actor=None)
    with pytest.raises(ValidationError, match="cancel the deletion first"):
        lifecycle.school_unarchive(school=school_b, actor=None)


def test_school_delete_cancel_returns_to_the_status_before(school_b: School) -> None:
    # given
    lifecycle.school_delete_request(school=school_b, confirm_code="01013502", actor=None)
    # when
    school = lifecycle.school_delete_cancel(school=school_b, actor=None)
    # then
    assert (school.status, school.deletion_due_at) == ("live", None)
    with pytest.raises(ValidationError, match="is not due to be deleted"):
        lifecycle.school_delete_cancel(school=school_b, actor=None)


# ---------------------------------------------------------------------------------------------
# The closed page
# ---------------------------------------------------------------------------------------------


def _signed_in(school: School) -> Client:
    client = Client(HTTP_HOST=host_of(school))
    response = client.post("/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _api_with_token(school: School) -> APIClient:
    with tenant_context(school):
        key = Token.objects.create(user=User.objects.get(username="hieutruong")).key
    return APIClient(HTTP_HOST=host_of(school), HTTP_AUTHORIZATION=f"Token {key}")


def test_suspension_closes_a_signed_in_session_the_api_and_sign_in_at_once(
    school_b: School,
) -> None:
    # given: a principal signed in on a page and a client holding an API token
    browser = _signed_in(school_b)
    api = _api_with_token(school_b)
    assert browser.get("/").status_code == 200
    assert api.get("/api/v1/pupils/").status_code == 200
    # when
    lifecycle.school_suspend(school=school_b, reason="Chưa gia hạn hợp đồng", actor=None)
    # then: the next request of this process sees it
    page = browser.get("/dashboard/")
    assert page.status_code == 403
    assert "tạm ngừng" in page.content.decode()
    assert "Chưa gia hạn hợp đồng" in page.content.decode()
    assert api.get("/api/v1/pupils/").status_code == 403
    fresh = Client(HTTP_HOST=host_of(school_b))
    login = fresh.post("/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD})
    assert login.status_code == 403
    assert "_auth_user_id" not in fresh.session


def test_resume_opens_the_same_session_and_token_again(school_b: School) -> None:
    # given
    browser = _signed_in(school_b)
    api = _api_with_token(school_b)
    lifecycle.school_suspend(school=school_b, reason="Kiểm tra", actor=None)
    assert browser.get("/").status_code == 403
    # when
    lifecycle.school_resume(school=school_b, actor=None)
    # then
    assert browser.get("/dashboard/").status_code == 200
    assert api.get("/api/v1/pupils/").status_code == 200


def test_an_archived_school_shows_the_archived_page(school_b: School, client_b: Client) -> None:
    lifecycle.school_archive(school=school_b, reason="Sáp nhập vào THCS Cầu Giấy", actor=None)
    response = client_b.get("/")
    assert response.status_code == 410
    assert "Sáp nhập vào THCS Cầu Giấy" in response.content.decode()


def test_other_schools_stay_open(school_a: School, school_b: School, client_a: Client) -> None:
    lifecycle.school_suspend(school=school_b, reason="Kiểm tra", actor=None)
    assert client_a.get("/").status_code == 200


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def test_status_commands_change_the_school_and_say_so(
    school_b: School, capsys: pytest.CaptureFixture[str]
) -> None:
    # when
    call_command("school_suspend", "nghiatan", reason="Bảo trì")
    call_command("school_resume", "nghiatan")
    call_command("school_archive", "nghiatan", reason="Sáp nhập")
    call_command("school_unarchive", "nghiatan")
    call_command("school_delete", "nghiatan", confirm="01013502")
    call_command("school_delete_cancel", "nghiatan")
    # then
    out = capsys.readouterr().out
    assert "Suspended: THCS Nghĩa Tân (01013502, nghiatan)" in out
    assert "will be deleted on" in out
    assert "Deletion cancelled: THCS Nghĩa Tân" in out
    assert [e.action for e in selectors.school_events(school=school_b)] == [
        "deletion_cancelled",
        "deletion_requested",
        "unarchived",
        "archived",
        "resumed",
        "suspended",
    ]
    school_b.refresh_from_db()
    assert school_b.status == "live"


def test_commands_turn_refusals_into_errors(school_b: School) -> None:
    with pytest.raises(CommandError, match="Type the school code 01013502"):
        call_command("school_delete", "nghiatan", confirm="nghiatan")
    with pytest.raises(CommandError, match="No school has the host name 'khongco'"):
        call_command("school_resume", "khongco")
