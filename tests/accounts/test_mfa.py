"""allauth's TOTP two-factor authentication works inside a school (and on the root domain)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School


def _current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _sign_in(client: Client, username: str) -> object:
    return client.post(
        "/accounts/login/", {"login": username, "password": DEMO_PASSWORD}, follow=True
    )


@pytest.mark.parametrize("host_kind", ["school", "operators"])
def test_totp_can_be_activated_and_is_then_required_at_sign_in(
    school_a: School, client_a: Client, public_client: Client, host_kind: str
) -> None:
    # given
    client, username = (
        (client_a, "quantri") if host_kind == "school" else (public_client, "so.hanoi")
    )
    signed_in = _sign_in(client, username)
    assert signed_in.context["user"].is_authenticated
    # Activating a second factor asks for the password again (allauth's reauthentication).
    client.post("/accounts/reauthenticate/", {"password": DEMO_PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    # when: activate with a code from the authenticator app
    activated = client.post("/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    client.post("/accounts/logout/")
    # NOTE: a used code is refused for the rest of its window; forget it to sign in again now.
    cache.clear()
    first_step = _sign_in(client, username)
    second_step = client.post(
        "/accounts/2fa/authenticate/", {"code": _current_code(secret)}, follow=True
    )
    # then
    assert activated.status_code == 302
    assert first_step.redirect_chain[-1][0].startswith("/accounts/2fa/authenticate/")
    assert second_step.context["user"].username == username
    totp = Authenticator.objects.filter(user__username=username, type=Authenticator.Type.TOTP)
    with tenant_context(school_a):
        in_school = totp.count()
    with schema_context("public"):
        on_public = totp.count()
    assert (in_school, on_public) == ((1, 0) if host_kind == "school" else (0, 1))
