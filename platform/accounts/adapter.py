"""allauth glue: accounts are created by schools and operators, never by open sign-up.

Guardians may also sign in with their phone number and a one-time code sent by SMS (allauth's
login by code): this adapter tells allauth how to find a user by phone, and sends the code
through `config.sms`. Only guardians inside a school are found by phone: on the root domain
(operators) and for anyone on staff the lookup finds nobody, so their sign-in stays username
(or e-mail) and password, with MFA.
"""

import hashlib
import logging
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import F, Func, Value
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from accounts.roles import STAFF_ROLES, Role
from config import sms

logger = logging.getLogger(__name__)


class VietnamesePhoneField(forms.CharField):
    """A Vietnamese mobile number as people write it (0912 345 678, 84…, +84…), cleaned to
    E.164 (+84912345678)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Phone number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"},
            ),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return sms.normalise_phone(value)
        except ValueError as error:
            raise forms.ValidationError(
                _("Write a Vietnamese mobile number, such as 0912 345 678."), code="invalid_phone"
            ) from error


def phone_login_users(phone: str) -> list[User]:
    """The active guardians of the current school whose phone number is `phone` (E.164).

    Empty on the root domain and for anyone on staff: they sign in with their password.
    """
    if connection.schema_name == get_public_schema_name():
        return []
    try:
        wanted = sms.normalise_phone(phone)
    except ValueError:
        return []
    # NOTE: phone numbers are stored as the school typed them (0912 345 678, +84…): the last
    # nine digits narrow the search in the database, the normalised form decides.
    digits = Func(F("phone"), Value(r"\D"), Value(""), Value("g"), function="regexp_replace")
    candidates = (
        User.objects.annotate(phone_digits=digits)
        .filter(is_active=True, phone_digits__endswith=wanted[-9:], groups__name=Role.PARENT.value)
        .exclude(groups__name__in=[role.value for role in STAFF_ROLES])
        .distinct()
    )
    found = []
    for user in candidates:
        try:
            if sms.normalise_phone(user.phone) == wanted:
                found.append(user)
        except ValueError:
            continue
    return found


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Schools invite their staff and families; authorities create operator accounts.
        return False

    # Phone numbers (allauth's phone login method) ------------------------------------------

    def phone_form_field(self, **kwargs: Any) -> forms.Field:
        return VietnamesePhoneField(**kwargs)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        users = phone_login_users(phone)
        # Two guardians sharing one number cannot tell apart who signs in: neither does by
        # phone (each still signs in with their username and password).
        return users[0] if len(users) == 1 else None

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        # The school recorded the number (and the invitation reached it): it counts as verified.
        phone = getattr(user, "phone", "")
        try:
            return (sms.normalise_phone(phone), True) if phone else None
        except ValueError:
            return None

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        User.objects.filter(pk=user.pk).update(phone=phone)
        user.phone = phone  # type: ignore[attr-defined]

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        # Numbers are verified by the school that records them; nothing to store.
        return None

    def send_verification_code_sms(
        self, user: AbstractBaseUser, phone: str, code: str, **kwargs: Any
    ) -> None:
        school = getattr(connection, "tenant", None)
        body = _(
            "%(school)s: your sign-in code is %(code)s. It expires in %(minutes)s minutes."
        ) % {
            "school": getattr(school, "name", "Trường Số"),
            "code": code,
            "minutes": account_settings.LOGIN_BY_CODE_TIMEOUT // 60,
        }
        # The same code to the same number is the same message (a retried request).
        digest = hashlib.sha256(f"{connection.schema_name}:{phone}:{code}".encode()).hexdigest()
        try:
            sms.send_sms(phone, body, key=f"login-code-{digest[:32]}")
        except sms.SmsError as error:
            logger.warning("sign-in code not sent by SMS: %s", error)
            request = context.request
            messages.error(request, _("The text message could not be sent. Try again later."))
            raise ImmediateHttpResponse(redirect("account_request_login_code")) from error
