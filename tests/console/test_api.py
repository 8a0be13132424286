"""The operator API on the root domain: operator tokens, scoping to the node, every action."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import tenant_context
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from console import services
from console.api.urls import SCHEMA_PATTERNS
from console.models import OperatorToken
from core_school.demo_data import DEMO_PASSWORD
from tenants import lifecycle
from tenants import selectors as tenant_selectors
from tenants.models import Authority, School, SchoolEvent
from tests.conftest import host_of
from tests.console.conftest import ROOT_HOST, totp_activate, totp_code
from tests.console.factories import SchoolFactory
from tests.core_school.api.test_schema_and_docs import _described


def _api(username: str, *, with_totp: bool = True) -> APIClient:
    """An API client on the root domain holding `username`'s operator token."""
    user = User.objects.get(username=username)
    if with_totp:
        totp_activate(user)
    key = services.operator_token_issue(user=user).key
    client = APIClient(HTTP_HOST=ROOT_HOST)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# ---------------------------------------------------------------------------------------------
# The token
# ---------------------------------------------------------------------------------------------


def test_token_is_issued_once_from_the_console_after_mfa(db: None) -> None:
    # given: a real sign-in, password then TOTP code
    secret = totp_activate(User.objects.get(username="so.hanoi"))
    cache.clear()
    client = Client(HTTP_HOST=ROOT_HOST)
    client.post("/accounts/login/", {"login": "so.hanoi", "password": DEMO_PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    # when
    issued = client.post("/account/api-token/", {"action": "issue"})
    key = issued.context["key"]
    again = client.get("/account/api-token/")
    api = APIClient(HTTP_HOST=ROOT_HOST)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # then
    assert key.startswith("tso_")
    assert key in issued.content.decode()
    assert key not in again.content.decode()
    assert not OperatorToken.objects.filter(key_hash=key).exists()  # stored hashed
    assert api.get("/api/v1/schools/").status_code == 200


def test_revoked_or_replaced_token_stops_working(db: None) -> None:
    # given
    user = User.objects.get(username="so.hanoi")
    totp_activate(user)
    first = services.operator_token_issue(user=user).key
    second = services.operator_token_issue(user=user).key
    api = APIClient(HTTP_HOST=ROOT_HOST)
    # when
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    replaced = api.get("/api/v1/schools/").status_code
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    current = api.get("/api/v1/schools/").status_code
    services.operator_token_revoke(user=user)
    revoked = api.get("/api/v1/schools/").status_code
    # then
    assert (replaced, current, revoked) == (401, 200, 401)


def test_no_credentials_is_401(db: None) -> None:
    response = APIClient(HTTP_HOST=ROOT_HOST).get("/api/v1/schools/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_of_a_user_without_totp_is_refused(db: None) -> None:
    response = _api("so.hanoi", with_totp=False).get("/api/v1/schools/")
    assert response.status_code == 403


def test_a_school_token_never_authenticates_on_the_root_domain(school_a: School) -> None:
    # given: a token of THCS Cầu Giấy's principal, in the school's schema
    with tenant_context(school_a):
        key = Token.objects.create(user=User.objects.get(username="hieutruong")).key
    api = APIClient(HTTP_HOST=ROOT_HOST)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    response = api.get("/api/v1/schools/")
    # then
    assert response.status_code == 401


def test_an_operator_token_never_authenticates_on_a_school_host(school_a: School) -> None:
    # given
    user = User.objects.get(username="so.hanoi")
    key = services.operator_token_issue(user=user).key
    api = APIClient(HTTP_HOST=host_of(school_a))
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    response = api.get("/api/v1/me/")
    # then
    assert response.status_code == 401


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _codes(response: object) -> set[str]:
    return {row["code"] for row in response.json()["results"]}  # type: ignore[attr-defined]


def test_list_is_scoped_to_the_node(db: None, in_node: School, out_of_node: School) -> None:
    assert _codes(_api("phuong.caugiay").get("/api/v1/schools/")) == {"01013501", in_node.code}
    assert _codes(_api("so.hanoi").get("/api/v1/schools/")) == {
        "01013501",
        "01013502",
        in_node.code,
        out_of_node.code,
    }
    assert _codes(_api("dh.giamsat").get("/api/v1/schools/")) == {"01013501"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=live&authority=00160", {"01013502"}),
        ("pilot=true", {"01013501"}),
        ("search=nghĩa", {"01013502"}),
        ("authority=99999", set()),
    ],
)
def test_list_filters(db: None, query: str, expected: set[str]) -> None:
    assert _codes(_api("so.hanoi").get(f"/api/v1/schools/?{query}")) == expected


def test_list_queries_do_not_grow_with_schools(
    db: None, ward_caugiay: Authority, django_assert_num_queries: object
) -> None:
    # given
    SchoolFactory.create_batch(50, authority=ward_caugiay)
    api = _api("so.hanoi")
    api.get("/api/v1/schools/")  # last_used_at written
    # when / then: search path, token and user, TOTP, roles, nodes, count, page
    with django_assert_num_queries(7):  # type: ignore[operator]
        response = api.get("/api/v1/schools/")
    assert response.json()["count"] == 52


def test_retrieve_checklist_and_events(db: None, in_node: School) -> None:
    # given
    lifecycle.school_suspend(school=in_node, reason="Kiểm tra", actor=None)
    api = _api("phuong.caugiay")
    # when
    school = api.get(f"/api/v1/schools/{in_node.code}/").json()
    steps = api.get(f"/api/v1/schools/{in_node.code}/checklist/").json()
    events = api.get(f"/api/v1/schools/{in_node.code}/events/").json()
    # then
    assert school["status"] == "suspended"
    assert school["status_reason"] == "Kiểm tra"
    assert [step["code"] for step in steps][-1] == "live"
    assert events[0]["action"] == "suspended"


# ---------------------------------------------------------------------------------------------
# Acting
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "after"),
    [
        ("suspend", {"reason": "Kiểm tra"}, School.Status.SUSPENDED),
        ("archive", {"reason": "Sáp nhập"}, School.Status.ARCHIVED),
    ],
)
def test_operator_acts_through_the_api(
    db: None, in_node: School, action: str, data: dict[str, str], after: str
) -> None:
    response = _api("phuong.caugiay").post(
        f"/api/v1/schools/{in_node.code}/{action}/", data, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == after


def test_resume_unarchive_delete_and_cancel_through_the_api(db: None, in_node: School) -> None:
    # given
    api = _api("phuong.caugiay")
    base = f"/api/v1/schools/{in_node.code}"
    # when
    api.post(f"{base}/suspend/", {"reason": "Tạm"}, format="json")
    resumed = api.post(f"{base}/resume/").json()["status"]
    api.post(f"{base}/archive/", {"reason": "Lưu"}, format="json")
    unarchived = api.post(f"{base}/unarchive/").json()["status"]
    refused = api.post(f"{base}/delete/", {"confirm_code": "SAI"}, format="json")
    deleted = api.post(f"{base}/delete/", {"confirm_code": in_node.code}, format="json").json()
    cancelled = api.post(f"{base}/delete-cancel/").json()
    # then
    assert (resumed, unarchived) == ("live", "live")
    assert refused.status_code == 400
    assert deleted["deletion_due_at"] is not None
    assert cancelled["deletion_due_at"] is None
    assert cancelled["status"] == "live"
    assert SchoolEvent.objects.filter(school=in_node).count() == 6


def test_a_refused_transition_is_a_400_with_the_reason(db: None, in_node: School) -> None:
    response = _api("phuong.caugiay").post(f"/api/v1/schools/{in_node.code}/resume/")
    assert response.status_code == 400
    assert response.json()["message"]


def test_export_through_the_api_is_accepted(
    db: None, school_b: School, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = _api("so.hanoi").post(f"/api/v1/schools/{school_b.code}/export/")
    exports = list(tenant_selectors.school_exports(school=school_b))
    try:
        assert response.status_code == 202
        assert len(exports) == 1
    finally:
        for export in exports:
            Path(getattr(export, "path", export)).unlink(missing_ok=True)


API_ACTIONS = [
    "retry",
    "suspend",
    "resume",
    "archive",
    "unarchive",
    "export",
    "delete",
    "go-live",
    "invite-again",
    "checklist-refresh",
]
API_READS = ["", "checklist/", "events/"]


@pytest.mark.parametrize("read", API_READS)
def test_api_reads_outside_the_node_are_404(db: None, out_of_node: School, read: str) -> None:
    response = _api("phuong.caugiay").get(f"/api/v1/schools/{out_of_node.code}/{read}")
    assert response.status_code == 404


@pytest.mark.parametrize("action", [*API_ACTIONS, "delete-cancel"])
def test_api_actions_outside_the_node_are_404(db: None, out_of_node: School, action: str) -> None:
    # when
    response = _api("phuong.caugiay").post(
        f"/api/v1/schools/{out_of_node.code}/{action}/",
        {"reason": "x", "confirm_code": out_of_node.code},
        format="json",
    )
    # then
    out_of_node.refresh_from_db()
    assert response.status_code == 404
    assert out_of_node.status == School.Status.LIVE
    assert not SchoolEvent.objects.filter(school=out_of_node).exists()


@pytest.mark.parametrize("action", [*API_ACTIONS, "delete-cancel"])
def test_api_actions_of_the_university_monitor_are_403(
    db: None, school_a: School, action: str
) -> None:
    response = _api("dh.giamsat").post(
        f"/api/v1/schools/{school_a.code}/{action}/",
        {"reason": "x", "confirm_code": school_a.code},
        format="json",
    )
    assert response.status_code == 403


def test_university_monitor_cannot_create_a_school(db: None, ward_caugiay: Authority) -> None:
    response = _api("dh.giamsat").post(
        "/api/v1/schools/",
        {
            "name": "THCS Mới",
            "code": "01019999",
            "slug": "thcs-moi",
            "authority": "00167",
            "admin_name": "Nguyễn Văn A",
            "admin_email": "a@example.vn",
        },
        format="json",
    )
    assert response.status_code == 403


def test_operator_cannot_create_a_school_outside_their_node(db: None) -> None:
    response = _api("phuong.caugiay").post(
        "/api/v1/schools/",
        {
            "name": "THCS Mới",
            "code": "01019999",
            "slug": "thcs-moi",
            "authority": "00160",
            "admin_name": "Nguyễn Văn A",
            "admin_email": "a@example.vn",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "authority" in response.json()["extra"]["fields"]
    assert not School.objects.filter(code="01019999").exists()


def test_the_operator_api_schema_builds_and_is_described(db: None) -> None:
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=SCHEMA_PATTERNS).get_schema(request=None, public=True)
    warnings = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    validate_schema(schema)
    paths = set(schema["paths"])
    undescribed = [
        f"{method} {path}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if not _described(operation)
    ]
    fields = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if not name.startswith("Paginated")
        for field, spec in component.get("properties", {}).items()
        if not _described(spec)
    ]
    assert warnings == {}
    assert "/api/v1/schools/{code}/suspend/" in paths
    assert "/api/v1/batches/{batch_id}/" in paths
    assert undescribed == []
    assert fields == []


def test_the_operator_api_schema_is_served_on_the_root_domain(public_client: Client) -> None:
    response = public_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = public_client.get("/api/docs/")
    assert response.status_code == 200
    assert "/api/v1/schools/" in response.json()["paths"]
    assert "/api/v1/pupils/" not in response.json()["paths"]
    assert docs.status_code == 200
    assert "https://" not in docs.content.decode()
