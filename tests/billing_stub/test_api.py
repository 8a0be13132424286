"""Billing in the operator API (root domain, /api/v1/billing/): every endpoint for a school of
the caller's node, 404 outside it, 403 for the university monitor's changes, the PDF, and the
lists in a fixed number of queries."""

import datetime
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django_tenants.utils import tenant_context
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from billing_stub import services
from billing_stub.models import Invoice, Payment, Plan, Subscription, UsageRecord
from billing_stub.months import month_current, month_next
from config.errors import ApplicationError
from console import services as console_services
from console.api.urls import SCHEMA_PATTERNS
from tenants.models import Authority, School
from tests.billing_stub.conftest import ROOT_HOST, BillingAs, school_on_plan
from tests.billing_stub.factories import InvoiceFactory, UsageRecordFactory
from tests.console.conftest import totp_activate
from tests.console.factories import SchoolFactory

API = "/api/v1/billing"
REFUSING = "tests.billing_stub.test_payments.RefusingProvider"


def _api(username: str) -> APIClient:
    """An API client on the root domain with `username`'s operator token (TOTP set up)."""
    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        totp_activate(user)
    client = APIClient(HTTP_HOST=ROOT_HOST)
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {console_services.operator_token_issue(user=user).key}"
    )
    return client


def _rows(response: Any, key: str = "school") -> list[str]:
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


# ---------------------------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------------------------


def test_the_operator_token_reads_billing(db: None) -> None:
    response = _api("phuong.caugiay").get(f"{API}/plans/")
    assert response.status_code == 200
    assert [plan["code"] for plan in response.json()] == [Plan.PILOT, Plan.STANDARD]
    assert response.json()[1]["price_per_pupil_vnd"] == 3_000


def test_the_console_session_reads_billing_too(billing_as: BillingAs) -> None:
    response = billing_as("so.hanoi").get(f"{API}/subscriptions/")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_no_credentials_is_401(db: None) -> None:
    response = APIClient(HTTP_HOST=ROOT_HOST).get(f"{API}/invoices/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_school_token_is_refused(school_a: School) -> None:
    # given: a token of THCS Cầu Giấy's principal, from the school's schema
    with tenant_context(school_a):
        key = Token.objects.create(user=User.objects.get(username="hieutruong")).key
    api = APIClient(HTTP_HOST=ROOT_HOST)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    read = api.get(f"{API}/subscriptions/")
    write = api.post(f"{API}/usage/measure/", {"school": school_a.code}, format="json")
    # then
    assert (read.status_code, write.status_code) == (401, 401)
    assert not UsageRecord.objects.exists()


def test_an_operator_without_two_factor_is_refused(db: None) -> None:
    user = User.objects.get(username="so.hanoi")
    api = APIClient(HTTP_HOST=ROOT_HOST)
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {console_services.operator_token_issue(user=user).key}"
    )
    assert api.get(f"{API}/plans/").status_code == 403


# ---------------------------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "query", "expected"),
    [
        ("so.hanoi", "", ["01013501", "01013502"]),
        ("so.hanoi", "?authority=00160", ["01013502"]),
        ("so.hanoi", "?school=01013501", ["01013501"]),
        ("phuong.caugiay", "", ["01013501"]),
        ("phuong.caugiay", "?school=01013502", []),
        ("dh.giamsat", "", ["01013501"]),
    ],
)
def test_subscriptions_are_the_schools_of_the_node(
    db: None, username: str, query: str, expected: list[str]
) -> None:
    assert _rows(_api(username).get(f"{API}/subscriptions/{query}")) == expected


def test_a_subscription_has_its_plan_this_month_usage_and_invoices_due(
    school_a: School, issued_invoice: Invoice
) -> None:
    # given
    record = services.usage_measure(school=school_a, month=month_current())
    # when
    response = _api("phuong.caugiay").get(f"{API}/subscriptions/{school_a.code}/")
    # then
    body = response.json()
    assert response.status_code == 200
    assert (body["school"], body["authority_code"], body["status"]) == (
        school_a.code,
        "00167",
        Subscription.Status.ACTIVE,
    )
    assert body["plan"]["code"] == Plan.STANDARD
    assert body["usage_this_month"]["month"] == f"{month_current():%Y-%m}"
    assert body["usage_this_month"]["active_pupils"] == record.active_pupils == 1703
    assert body["invoices_due"] == 1


def test_a_school_never_billed_has_no_plan_yet(db: None, ward_caugiay: Authority) -> None:
    # given
    school = SchoolFactory(authority=ward_caugiay, status=School.Status.LIVE)
    # when
    body = _api("phuong.caugiay").get(f"{API}/subscriptions/{school.code}/").json()
    # then
    assert (body["plan"], body["status"], body["usage_this_month"]) == (None, None, None)


def test_an_operator_changes_the_plan(school_b: School) -> None:
    # when
    response = _api("so.hanoi").post(
        f"{API}/subscriptions/{school_b.code}/plan/", {"plan": Plan.STANDARD}, format="json"
    )
    # then
    subscription = Subscription.objects.get(school=school_b)
    assert response.status_code == 200
    assert response.json()["plan"]["code"] == Plan.STANDARD
    assert subscription.plan.code == Plan.STANDARD
    assert subscription.changed_by.username == "so.hanoi"


@pytest.mark.parametrize(
    ("data", "message", "extra"),
    [
        ({"plan": "gold"}, "Choose one of the plans on offer.", {"field": "plan", "value": "gold"}),
        ({}, "Validation error", {"fields": {"plan": ["This field is required."]}}),
    ],
)
def test_a_bad_plan_is_a_400_with_the_reason(
    school_b: School, data: dict[str, str], message: str, extra: dict[str, Any]
) -> None:
    response = _api("so.hanoi").post(
        f"{API}/subscriptions/{school_b.code}/plan/", data, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"message": message, "extra": extra}
    assert not Subscription.objects.filter(school=school_b, plan__code="gold").exists()


def test_messages_are_in_vietnamese_unless_asked_otherwise(school_b: School) -> None:
    response = _api("so.hanoi").post(
        f"{API}/subscriptions/{school_b.code}/plan/",
        {"plan": "gold"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.json()["message"] == "Hãy chọn một trong các gói dịch vụ đang cung cấp."


# ---------------------------------------------------------------------------------------------
# Usage
# ---------------------------------------------------------------------------------------------


def test_measure_now_records_this_month(school_a: School) -> None:
    # when
    response = _api("phuong.caugiay").post(
        f"{API}/usage/measure/", {"school": school_a.code}, format="json"
    )
    # then
    record = UsageRecord.objects.get(school=school_a, month=month_current())
    assert response.status_code == 200
    assert response.json()["month"] == f"{month_current():%Y-%m}"
    assert (response.json()["active_pupils"], response.json()["staff"]) == (1703, 90)
    assert (record.active_pupils, record.staff) == (1703, 90)


def test_measure_a_given_month(school_a: School, last_month: datetime.date) -> None:
    response = _api("phuong.caugiay").post(
        f"{API}/usage/measure/",
        {"school": school_a.code, "month": f"{last_month:%Y-%m}"},
        format="json",
    )
    assert response.status_code == 200
    assert UsageRecord.objects.filter(school=school_a, month=last_month).exists()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("11/2026", "“11/2026” is not a month: write it as YYYY-MM, e.g. 2026-11."),
        (f"{month_next(month_current()):%Y-%m}", "has not started yet"),
    ],
)
def test_measure_refuses_a_bad_month_with_the_reason(
    school_a: School, month: str, message: str
) -> None:
    response = _api("phuong.caugiay").post(
        f"{API}/usage/measure/", {"school": school_a.code, "month": month}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert response.json()["extra"]["field"] == "month"
    assert not UsageRecord.objects.exists()


def test_usage_lists_the_measured_months_of_the_node(
    school_a: School, school_b: School, last_month: datetime.date
) -> None:
    # given
    services.usage_measure(school=school_a, month=month_current())
    services.usage_measure(school=school_a, month=last_month)
    services.usage_measure(school=school_b, month=last_month)
    api = _api("phuong.caugiay")
    # when
    every = api.get(f"{API}/usage/").json()["results"]
    one_month = _rows(api.get(f"{API}/usage/?school={school_a.code}&month={last_month:%Y-%m}"))
    other_school = _rows(api.get(f"{API}/usage/?school={school_b.code}"))
    bad_month = api.get(f"{API}/usage/?month=2026-13")
    # then
    assert [(row["school"], row["month"]) for row in every] == [
        (school_a.code, f"{month_current():%Y-%m}"),
        (school_a.code, f"{last_month:%Y-%m}"),
    ]
    assert one_month == [school_a.code]
    assert other_school == []
    assert bad_month.status_code == 400
    assert bad_month.json()["message"].startswith("“2026-13” is not a month")


# ---------------------------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------------------------


def test_generate_is_idempotent(school_a: School, last_month: datetime.date) -> None:
    # given
    api = _api("phuong.caugiay")
    data = {"school": school_a.code, "month": f"{last_month:%Y-%m}"}
    # when
    first = api.post(f"{API}/invoices/", data, format="json")
    again = api.post(f"{API}/invoices/", data, format="json")
    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"] == f"TS-{last_month:%Y-%m}-0001"
    assert first.json()["status"] == Invoice.Status.DRAFT
    assert first.json()["usage"]["active_pupils"] == 1703
    assert Invoice.objects.filter(school=school_a).count() == 1


def test_generate_defaults_to_last_month(school_a: School, last_month: datetime.date) -> None:
    response = _api("phuong.caugiay").post(
        f"{API}/invoices/", {"school": school_a.code}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["month"] == f"{last_month:%Y-%m}"


def test_generate_refuses_a_month_that_is_not_over(school_a: School) -> None:
    response = _api("phuong.caugiay").post(
        f"{API}/invoices/", {"school": school_a.code, "month": f"{month_current():%Y-%m}"}
    )
    assert response.status_code == 400
    assert "Invoices are made for months that are over" in response.json()["message"]
    assert not Invoice.objects.exists()
    assert not UsageRecord.objects.exists()


def test_generate_is_one_transaction(
    school_a: School, last_month: datetime.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: writing the invoice fails after the month was measured
    def refuse(**kwargs: Any) -> Invoice:
        raise ApplicationError("Không ghi được phiếu báo phí.")

    monkeypatch.setattr(services, "_invoice_write", refuse)
    # when
    response = _api("phuong.caugiay").post(
        f"{API}/invoices/", {"school": school_a.code, "month": f"{last_month:%Y-%m}"}
    )
    # then: the measurement went with it
    assert response.status_code == 400
    assert response.json()["message"] == "Không ghi được phiếu báo phí."
    assert not UsageRecord.objects.filter(school=school_a).exists()


def test_issue_then_pay_through_the_stub(standard_invoice: Invoice) -> None:
    # given
    api = _api("phuong.caugiay")
    base = f"{API}/invoices/{standard_invoice.number}"
    # when
    issued = api.post(f"{base}/issue/")
    paid = api.post(f"{base}/pay/")
    again = api.post(f"{base}/pay/")
    # then
    assert issued.json()["status"] == Invoice.Status.ISSUED
    assert paid.status_code == 200
    assert paid.json()["status"] == Invoice.Status.PAID
    assert paid.json()["payment_reference"].startswith(f"STUB-{standard_invoice.number}-")
    assert [p["status"] for p in paid.json()["payments"]] == [Payment.Status.SUCCEEDED]
    assert paid.json()["total_vnd"] == 5_109_000
    assert again.status_code == 400
    assert again.json()["message"] == f"{standard_invoice.number} is already paid."


def test_a_refused_payment_is_a_402_and_the_invoice_stays_due(
    issued_invoice: Invoice, settings: Any
) -> None:
    # given
    settings.BILLING_PAYMENT_PROVIDER = REFUSING
    # when
    response = _api("phuong.caugiay").post(f"{API}/invoices/{issued_invoice.number}/pay/")
    # then
    assert response.status_code == 402
    assert response.json()["message"] == (
        f"The payment of {issued_invoice.number} failed: Tài khoản không đủ số dư"
    )
    assert response.json()["extra"]["payment"]["status"] == Payment.Status.FAILED
    assert Invoice.objects.get(pk=issued_invoice.pk).status == Invoice.Status.ISSUED
    assert Payment.objects.get(invoice=issued_invoice).status == Payment.Status.FAILED


def test_issuing_an_issued_invoice_is_a_400(issued_invoice: Invoice) -> None:
    response = _api("phuong.caugiay").post(f"{API}/invoices/{issued_invoice.number}/issue/")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Only a draft can be issued; {issued_invoice.number} is Issued."
    )


def test_void_needs_a_reason_then_the_month_gets_a_new_number(
    issued_invoice: Invoice, last_month: datetime.date
) -> None:
    # given
    api = _api("phuong.caugiay")
    base = f"{API}/invoices/{issued_invoice.number}"
    # when
    refused = api.post(f"{base}/void/", {"reason": ""}, format="json")
    voided = api.post(f"{base}/void/", {"reason": "Sai sĩ số"}, format="json")
    again = api.post(
        f"{API}/invoices/",
        {"school": "01013501", "month": f"{last_month:%Y-%m}"},
        format="json",
    )
    # then
    assert refused.status_code == 400
    assert "reason" in refused.json()["extra"]["fields"]
    assert (voided.json()["status"], voided.json()["void_reason"]) == ("void", "Sai sĩ số")
    assert again.status_code == 201
    assert again.json()["number"] == f"TS-{last_month:%Y-%m}-0002"


def test_invoice_list_filters_and_detail(
    school_a: School, school_b: School, issued_invoice: Invoice, last_month: datetime.date
) -> None:
    # given
    other = services.invoice_generate(school=school_b, month=last_month)
    hanoi = _api("so.hanoi")
    month = f"{last_month:%Y-%m}"
    # when
    every = _rows(hanoi.get(f"{API}/invoices/"), "number")
    drafts = _rows(hanoi.get(f"{API}/invoices/?status=draft&month={month}"), "number")
    of_a = _rows(hanoi.get(f"{API}/invoices/?school={school_a.code}"), "number")
    ward = _rows(_api("phuong.caugiay").get(f"{API}/invoices/"), "number")
    detail = hanoi.get(f"{API}/invoices/{issued_invoice.number}/").json()
    # then
    assert every == [other.number, issued_invoice.number]
    assert drafts == [other.number]
    assert of_a == ward == [issued_invoice.number]
    assert detail["lines"] == [
        {"kind": "pupils", "quantity": 1703, "unit_price": 3000, "amount": 5_109_000}
    ]
    assert (detail["plan"], detail["school"], detail["payments"]) == (
        Plan.STANDARD,
        school_a.code,
        [],
    )


@pytest.mark.parametrize("accept", ["*/*", "application/pdf"])
def test_the_pdf_is_a_pdf(issued_invoice: Invoice, accept: str) -> None:
    response = _api("phuong.caugiay").get(
        f"{API}/invoices/{issued_invoice.number}/pdf/", HTTP_ACCEPT=accept
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert f"Phieu-bao-phi-{issued_invoice.number}" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_a_missing_pdf_asked_as_pdf_is_a_json_404(db: None) -> None:
    response = _api("phuong.caugiay").get(
        f"{API}/invoices/TS-2000-01-0001/pdf/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Not found.", "extra": {}}


# ---------------------------------------------------------------------------------------------
# Outside the node: 404 on every endpoint; the monitor: 403 on every change
# ---------------------------------------------------------------------------------------------

# (method, path, body) for school B (THCS Nghĩa Tân), outside phuong.caugiay's ward.
ENDPOINTS_OF_B = [
    ("get", "/subscriptions/01013502/", {}),
    ("post", "/subscriptions/01013502/plan/", {"plan": Plan.STANDARD}),
    ("post", "/usage/measure/", {"school": "01013502"}),
    ("post", "/invoices/", {"school": "01013502"}),
    ("get", "/invoices/{number}/", {}),
    ("get", "/invoices/{number}/pdf/", {}),
    ("post", "/invoices/{number}/issue/", {}),
    ("post", "/invoices/{number}/void/", {"reason": "x"}),
    ("post", "/invoices/{number}/pay/", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS_OF_B)
def test_every_endpoint_is_404_outside_the_node(
    school_b: School, operator_user: User, method: str, path: str, body: dict[str, str]
) -> None:
    # given: B's invoice, issued (every transition would apply to it)
    invoice = services.invoice_generate(school=school_b, month=datetime.date(2000, 1, 1))
    services.invoice_issue(invoice=invoice, actor=operator_user)
    records = UsageRecord.objects.count()
    # when
    response = getattr(_api("phuong.caugiay"), method)(
        API + path.format(number=invoice.number), body, format="json"
    )
    # then
    assert response.status_code == 404
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.ISSUED
    assert Invoice.objects.filter(school=school_b).count() == 1
    assert not Payment.objects.exists()
    assert UsageRecord.objects.count() == records
    assert not Subscription.objects.filter(school=school_b, plan__code=Plan.STANDARD).exists()


@pytest.mark.parametrize("path", ["/subscriptions/", "/usage/", "/invoices/"])
def test_lists_filtered_on_a_school_outside_the_node_are_empty(
    school_b: School, last_month: datetime.date, path: str
) -> None:
    services.invoice_generate(school=school_b, month=last_month)
    response = _api("phuong.caugiay").get(f"{API}{path}?school={school_b.code}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


# (method, path, body) for school A (THCS Cầu Giấy), the pilot school the monitor reads.
CHANGES_OF_A = [
    ("/subscriptions/01013501/plan/", {"plan": Plan.PILOT}),
    ("/usage/measure/", {"school": "01013501"}),
    ("/invoices/", {"school": "01013501"}),
    ("/invoices/{number}/issue/", {}),
    ("/invoices/{number}/void/", {"reason": "x"}),
    ("/invoices/{number}/pay/", {}),
]


@pytest.mark.parametrize(("path", "body"), CHANGES_OF_A)
def test_the_monitor_may_change_nothing(
    standard_invoice: Invoice, path: str, body: dict[str, str]
) -> None:
    # given
    records = UsageRecord.objects.count()
    # when
    response = _api("dh.giamsat").post(
        API + path.format(number=standard_invoice.number), body, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["message"] == "Your role may read billing but not change it."
    assert Subscription.objects.get(school__code="01013501").plan.code == Plan.STANDARD
    assert Invoice.objects.get(pk=standard_invoice.pk).status == Invoice.Status.DRAFT
    assert Invoice.objects.count() == 1
    assert UsageRecord.objects.count() == records
    assert not Payment.objects.exists()


def test_the_monitor_reads_the_pilot_school_billing(standard_invoice: Invoice) -> None:
    api = _api("dh.giamsat")
    base = f"{API}/invoices/{standard_invoice.number}"
    assert api.get(f"{API}/subscriptions/01013501/").status_code == 200
    assert _rows(api.get(f"{API}/invoices/"), "number") == [standard_invoice.number]
    assert api.get(f"{base}/").status_code == 200
    assert api.get(f"{base}/pdf/").content.startswith(b"%PDF-")
    assert api.get(f"{API}/subscriptions/01013502/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Queries: the lists cost the same for 2 or 20 rows
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def many_billed(request: pytest.FixtureRequest, ward_caugiay: Authority) -> int:
    """`request.param` schools of phuong.caugiay's ward, on the standard plan, each with a
    measured month and an invoice."""
    actor = User.objects.get(username="so.hanoi")
    month = datetime.date(2000, 1, 1)
    for school in SchoolFactory.create_batch(request.param, authority=ward_caugiay):
        school_on_plan(school, Plan.STANDARD, actor)
        UsageRecordFactory(school=school, month=month_current())
        InvoiceFactory(school=school, month=month)
    return int(request.param)


@pytest.fixture
def ward_caugiay(db: None) -> Authority:
    return Authority.objects.get(code="00167")


# search path, token and user, TOTP, roles, nodes, count, page (+ this month's usage)
LIST_QUERIES = [("/subscriptions/", 8), ("/usage/", 7), ("/invoices/", 7)]


@pytest.mark.parametrize("many_billed", [2, 20], indirect=True)
@pytest.mark.parametrize(("path", "queries"), LIST_QUERIES)
def test_lists_run_a_fixed_number_of_queries(
    many_billed: int, path: str, queries: int, django_assert_num_queries: Any
) -> None:
    # given
    api = _api("phuong.caugiay")
    api.get(f"{API}/plans/")  # the token's last use is written once a minute
    # when
    with django_assert_num_queries(queries):
        response = api.get(f"{API}{path}")
    # then
    assert response.status_code == 200
    assert response.json()["count"] >= many_billed


def test_plans_run_a_fixed_number_of_queries(db: None, django_assert_num_queries: Any) -> None:
    api = _api("phuong.caugiay")
    api.get(f"{API}/plans/")
    with django_assert_num_queries(6):
        assert api.get(f"{API}/plans/").status_code == 200


# ---------------------------------------------------------------------------------------------
# OpenAPI
# ---------------------------------------------------------------------------------------------


def test_the_schema_describes_billing(db: None) -> None:
    schema = SchemaGenerator(patterns=SCHEMA_PATTERNS).get_schema(request=None, public=True)
    paths = schema["paths"]
    pdf = paths[f"{API}/invoices/{{number}}/pdf/"]["get"]
    assert {
        f"{API}/plans/",
        f"{API}/subscriptions/{{code}}/plan/",
        f"{API}/usage/measure/",
        f"{API}/invoices/{{number}}/void/",
    } <= set(paths)
    assert list(pdf["responses"]["200"]["content"]) == ["application/pdf"]
    assert [p["name"] for p in pdf["parameters"]] == ["number"]
    assert "402" in paths[f"{API}/invoices/{{number}}/pay/"]["post"]["responses"]
