"""Phone-number sign-in with a one-time code by SMS (allauth's login by code), for guardians on
their school's host only; passwords keep working for everyone."""

import re
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from config import sms
from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School
from tests.conftest import host_of


@pytest.fixture(autouse=True)
def _fresh_outbox_and_limits() -> Iterator[None]:
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def parent_phone(school_a: School) -> str:
    """The demo parent's number as she would type it: 0912 3xx xxx."""
    with tenant_context(school_a):
        phone = User.objects.get(username="phuhuynh").phone
    return f"{phone[:4]} {phone[4:7]} {phone[7:]}"


def _e164(phone: str) -> str:
    return sms.normalise_phone(phone)


def _code(message: sms.SmsMessage) -> str:
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_guardian_signs_in_with_a_code_sent_by_sms(client_a: Client, parent_phone: str) -> None:
    # when: she asks for a code, then types it
    asked = client_a.post("/accounts/login/code/", {"phone": parent_phone})
    [message] = sms.outbox
    confirmed = client_a.post(
        "/accounts/login/code/confirm/", {"code": _code(message)}, follow=True
    )
    # then
    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/login/code/confirm/"
    assert message.to == _e164(parent_phone)
    assert "THCS Cầu Giấy" in message.body
    assert message.key is not None
    assert confirmed.wsgi_request.user.username == "phuhuynh"
    assert confirmed.redirect_chain[-1][0] == "/"


def test_a_wrong_code_three_times_ends_the_attempt(client_a: Client, parent_phone: str) -> None:
    # given
    client_a.post("/accounts/login/code/", {"phone": parent_phone})
    right = _code(sms.outbox[0])
    wrong = "000000" if right != "000000" else "111111"
    # when
    answers = [client_a.post("/accounts/login/code/confirm/", {"code": wrong}) for _ in range(3)]
    late = client_a.post("/accounts/login/code/confirm/", {"code": right})
    # then: two answers with an error, then back to asking for a code; the right code is dead
    assert [a.status_code for a in answers] == [200, 200, 302]
    assert answers[2]["Location"] == "/accounts/login/code/"
    assert late.status_code == 302
    assert "_auth_user_id" not in client_a.session


def test_a_code_expires_after_five_minutes(
    client_a: Client, parent_phone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    client_a.post("/accounts/login/code/", {"phone": parent_phone})
    code = _code(sms.outbox[0])
    later = time.time() + 5 * 60 + 1
    # when
    monkeypatch.setattr(time, "time", lambda: later)
    response = client_a.post("/accounts/login/code/confirm/", {"code": code})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client_a.session


def test_codes_per_phone_number_are_rate_limited(school_a: School, parent_phone: str) -> None:
    # when: four requests within a minute (fresh sessions), the number typed in two forms
    answers = [
        Client(HTTP_HOST=host_of(school_a)).post("/accounts/login/code/", {"phone": phone})
        for phone in (parent_phone, _e164(parent_phone), parent_phone, parent_phone)
    ]
    # then
    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert answers[3].context["form"].has_error("phone", "too_many_login_attempts")
    assert len(sms.outbox) == 3


def test_an_unknown_number_gets_the_same_answer_and_no_sms(client_a: Client) -> None:
    response = client_a.post("/accounts/login/code/", {"phone": "0399 999 999"})
    assert response.status_code == 302
    assert sms.outbox == []


def test_a_number_that_is_not_vietnamese_is_refused(client_a: Client) -> None:
    response = client_a.post("/accounts/login/code/", {"phone": "+33 6 12 34 56 78"})
    assert response.status_code == 200
    assert "0912 345 678" in response.content.decode()
    assert sms.outbox == []


def test_staff_cannot_swap_their_password_for_a_code(school_a: School, client_a: Client) -> None:
    # given: the principal is also a parent at her school, with a phone number on her account
    with tenant_context(school_a):
        principal = User.objects.get(username="hieutruong")
        principal.phone = "0388 777 001"
        principal.save(update_fields=["phone"])
        principal.groups.add(Group.objects.get(name="parent"))
    # when
    client_a.post("/accounts/login/code/", {"phone": "0388777001"})
    # then
    assert sms.outbox == []


def test_operators_get_no_code_on_the_root_domain(public_client: Client) -> None:
    response = public_client.post("/accounts/login/code/", {"phone": "0912 345 678"})
    assert response.status_code == 200
    assert sms.outbox == []
    assert "_auth_user_id" not in public_client.session


def test_a_number_of_school_a_gets_no_code_on_school_b(client_b: Client, parent_phone: str) -> None:
    client_b.post("/accounts/login/code/", {"phone": parent_phone})
    assert sms.outbox == []


def test_guardians_still_sign_in_with_their_phone_number_and_password(
    school_a: School, client_a: Client
) -> None:
    # given: a demo guardian whose username is her phone number
    with tenant_context(school_a):
        guardian = User.objects.filter(username__startswith="09123").first()
    assert guardian is not None
    # when
    response = client_a.post(
        "/accounts/login/", {"login": guardian.username, "password": DEMO_PASSWORD}
    )
    # then
    assert response.status_code == 302
    assert client_a.session["_auth_user_id"] == str(guardian.pk)


def test_login_page_offers_the_code_on_school_hosts_only(
    client_a: Client, public_client: Client
) -> None:
    assert 'data-testid="family-sign-in"' in client_a.get("/accounts/login/").content.decode()
    assert (
        'data-testid="family-sign-in"' not in public_client.get("/accounts/login/").content.decode()
    )


def test_a_guardian_can_leave_a_pending_code_and_ask_again(
    client_a: Client, parent_phone: str
) -> None:
    # given: a code was asked for (the sign-in pages now lead to the code form)
    client_a.post("/accounts/login/code/", {"phone": "0399 999 999"})
    pending = client_a.get("/accounts/login/")
    # when: she follows the link to use another number or get a new code
    left = client_a.post("/accounts/logout/", {"next": "/accounts/login/code/"})
    client_a.post("/accounts/login/code/", {"phone": parent_phone})
    # then
    assert pending["Location"] == "/accounts/login/code/confirm/"
    assert left["Location"] == "/accounts/login/code/"
    assert [m.to for m in sms.outbox] == [_e164(parent_phone)]


def test_a_number_stored_with_spaces_is_found(
    school_a: School, client_a: Client, parent_phone: str
) -> None:
    # given: the school typed her number with spaces and the country code
    with tenant_context(school_a):
        User.objects.filter(username="phuhuynh").update(phone=f"+84 {parent_phone[1:]}")
    # when
    client_a.post("/accounts/login/code/", {"phone": parent_phone.replace(" ", "")})
    # then
    assert [m.to for m in sms.outbox] == [_e164(parent_phone)]
