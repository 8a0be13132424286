"""Console clients: the demo operators on the root domain, each with a TOTP authenticator."""

from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from accounts.models import User
from tenants.models import Authority, School
from tests.console.factories import SchoolFactory

ROOT_HOST = "localhost"
ConsoleAs = Callable[[str], Client]


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def totp_activate(user: User) -> str:
    """Give `user` a TOTP authenticator, as the activation page does; its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def console_as(db: None) -> ConsoleAs:
    """`console_as("so.hanoi")`: a client on the root domain, signed in, with TOTP set up."""

    def sign_in(username: str) -> Client:
        user = User.objects.get(username=username)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            totp_activate(user)
        client = Client(HTTP_HOST=ROOT_HOST)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def hanoi(db: None) -> Authority:
    """The province department (Sở GD&ĐT Hà Nội), above both demo wards."""
    return Authority.objects.get(code="01")


@pytest.fixture
def ward_caugiay(db: None) -> Authority:
    """Phường Cầu Giấy: THCS Cầu Giấy (the pilot school) is under it."""
    return Authority.objects.get(code="00167")


@pytest.fixture
def ward_nghiado(db: None) -> Authority:
    """Phường Nghĩa Đô: THCS Nghĩa Tân is under it (outside phuong.caugiay's node)."""
    return Authority.objects.get(code="00160")


@pytest.fixture
def in_node(ward_caugiay: Authority) -> School:
    """A school of phuong.caugiay's ward, live (its row only)."""
    return SchoolFactory(authority=ward_caugiay, status=School.Status.LIVE, name="THCS Dịch Vọng")


@pytest.fixture
def out_of_node(ward_nghiado: Authority) -> School:
    """A live school under the other ward: phuong.caugiay must not see it."""
    return SchoolFactory(authority=ward_nghiado, status=School.Status.LIVE, name="THCS Nghĩa Đô")
