"""Two-factor authentication is required of everyone signed in on the root domain."""

from collections.abc import Callable

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from console.access import request_mfa_active

# Paths a signed-in user without TOTP may still open: sign-in, sign-out, reauthentication and
# the two-factor pages themselves (allauth's /accounts/...), static files, the language
# switch and the health check. The operator API answers for itself (a 403 in JSON).
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/")


class OperatorMfaMiddleware:
    """On the root domain, send a signed-in user without an active TOTP authenticator to
    allauth's TOTP activation page, with a message saying why.

    Operators, university monitors and superusers act on many schools at once: a password
    alone is not enough. School hosts are not concerned (their staff's MFA is the school's
    policy).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            connection.schema_name == get_public_schema_name()
            and request.user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request_mfa_active(request)
        ):
            messages.warning(
                request,
                _(
                    "Two-factor authentication is required on the operators' site. Scan the "
                    "code below with an authenticator app (Google Authenticator, Microsoft "
                    "Authenticator, FreeOTP…) and enter the six digits it shows. You will be "
                    "asked for a code from the app at each sign-in."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
