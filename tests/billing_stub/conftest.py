"""Billing fixtures: operators on the root domain (with the TOTP the operators' site asks
for), the month that just ended, and invoices made by the real services."""

from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from billing_stub import services
from billing_stub.models import Invoice, Plan
from billing_stub.months import month_previous
from tenants.models import School

ROOT_HOST = "localhost"
BillingAs = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """These tests read the English messages; the platform's default language is Vietnamese
    (and a language left active by an earlier test must not leak in)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def billing_as(db: None) -> BillingAs:
    """`billing_as("so.hanoi")`: a client on the root domain, signed in, with TOTP set up."""

    def sign_in(username: str) -> Client:
        with schema_context("public"):
            user = User.objects.get(username=username)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, generate_totp_secret())
            client = Client(HTTP_HOST=ROOT_HOST)
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def operator_user(db: None) -> User:
    """The Hanoi department's operator (sees both demo schools)."""
    return User.objects.get(username="so.hanoi")


@pytest.fixture
def last_month() -> object:
    """The month that just ended (the demo's current school year covers it)."""
    return month_previous()


def school_on_plan(school: School, plan_code: str, actor: User) -> School:
    services.subscription_plan_change(school=school, plan_code=plan_code, actor=actor)
    return school


@pytest.fixture
def standard_invoice(school_a: School, operator_user: User, last_month: object) -> Invoice:
    """School A's draft invoice of last month on the standard plan."""
    school_on_plan(school_a, Plan.STANDARD, operator_user)
    return services.invoice_generate(school=school_a, month=last_month)  # type: ignore[arg-type]


@pytest.fixture
def issued_invoice(standard_invoice: Invoice, operator_user: User) -> Invoice:
    return services.invoice_issue(invoice=standard_invoice, actor=operator_user)
