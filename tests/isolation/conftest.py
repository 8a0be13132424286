"""Signed-in clients of each side, for replaying one side's session on another host."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from accounts.models import User
from tenants.models import School
from tests.conftest import host_of


def signed_in_client(host: str, username: str) -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def principal_of_a(school_a: School, school_b: School) -> Client:
    """THCS Cầu Giấy's principal, signed in on Cầu Giấy's host (session in A's schema).

    Worst case on purpose: B's user with the same primary key gets the same password hash,
    so Django's session-hash check cannot hide a session that leaks between schools.
    """
    with tenant_context(school_a):
        principal = User.objects.get(username="hieutruong")
        client = signed_in_client(host_of(school_a), "hieutruong")
    with tenant_context(school_b):
        User.objects.filter(pk=principal.pk).update(password=principal.password)
    return client


@pytest.fixture
def operator(db: None) -> Client:
    """The Hanoi department's operator, signed in on the root domain."""
    with schema_context("public"):
        client = signed_in_client("localhost", "so.hanoi")
        client.user_full_name = User.objects.get(username="so.hanoi").full_name  # type: ignore[attr-defined]
        return client


def replay(client: Client, host: str) -> Client:
    """A new client on `host` that sends `client`'s cookies, as a stolen cookie would be."""
    other = Client(HTTP_HOST=host)
    other.cookies = client.cookies
    return other
