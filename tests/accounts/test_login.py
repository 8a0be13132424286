"""Sign-in on both sides, role groups, and the API credential of a school."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_tenants.utils import schema_context, tenant_context
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.roles import PUBLIC_ROLES, SCHOOL_ROLES
from core_school.demo_data import DEMO_PASSWORD
from tenants.models import School


def test_staff_signs_in_on_their_school_host(client_a: Client) -> None:
    # when
    response = client_a.post(
        "/accounts/login/", {"login": "hieutruong", "password": DEMO_PASSWORD}, follow=True
    )
    # then
    assert response.status_code == 200
    assert response.context["user"].is_authenticated
    assert response.context["user"].username == "hieutruong"


def test_operator_signs_in_on_the_root_domain(public_client: Client) -> None:
    response = public_client.post(
        "/accounts/login/", {"login": "so.hanoi", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.context["user"].username == "so.hanoi"
    # Operators set up two-factor authentication before anything else (tests/console).
    assert ("/accounts/2fa/totp/activate/", 302) in response.redirect_chain


def test_operator_cannot_sign_in_on_a_school_host(client_a: Client) -> None:
    response = client_a.post("/accounts/login/", {"login": "so.hanoi", "password": DEMO_PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client_a.session


def test_signup_is_closed(client_a: Client) -> None:
    response = client_a.get("/accounts/signup/")
    assert "signup_closed" in response.templates[0].name or response.status_code in (403, 404)


@pytest.mark.parametrize(("schema", "roles"), [("public", PUBLIC_ROLES)])
def test_public_schema_has_the_operator_roles(db: None, schema: str, roles: tuple) -> None:
    with schema_context(schema):
        names = set(Group.objects.values_list("name", flat=True))
    assert names == {role.value for role in roles}


def test_each_school_has_the_school_roles_with_permissions(school_a: School) -> None:
    with tenant_context(school_a):
        groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(groups) == {role.value for role in SCHOOL_ROLES}
    principal = {p.codename for p in groups["principal"].permissions.all()}
    assert {"view_pupil", "change_pupil", "view_schoolclass"} <= principal
    assert not groups["parent"].permissions.exists()


def test_api_token_works_only_on_the_school_that_issued_it(
    school_a: School, client_a: Client, client_b: Client
) -> None:
    # given
    with tenant_context(school_a):
        token = Token.objects.create(user=User.objects.get(username="hieutruong"))
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    # when
    on_a = client_a.get("/api/v1/me/", **auth)
    on_b = client_b.get("/api/v1/me/", **auth)
    # then
    assert on_a.status_code == 200
    assert on_a.json()["username"] == "hieutruong"
    assert on_b.status_code == 401
