"""The billing pages of the operators' site: who sees which school, who may act, what each
action does, and each page in a fixed number of queries."""

import datetime

import pytest
from django.test import Client

from accounts.models import User
from billing_stub import services
from billing_stub.models import Invoice, Payment, Plan, Subscription, UsageRecord
from billing_stub.months import month_current
from tenants.models import School
from tests.billing_stub.conftest import ROOT_HOST, BillingAs, school_on_plan


def _messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


# --- who sees what -----------------------------------------------------------------------


def test_billing_index_lists_the_schools_of_the_operator_node(billing_as: BillingAs) -> None:
    # when
    hanoi = billing_as("so.hanoi").get("/billing/")
    ward = billing_as("phuong.caugiay").get("/billing/")
    # then
    assert hanoi.status_code == ward.status_code == 200
    assert [s.slug for s in hanoi.context["schools"]] == ["caugiay", "nghiatan"]
    assert [s.slug for s in ward.context["schools"]] == ["caugiay"]
    assert "THCS Nghĩa Tân" not in ward.content.decode()


def test_billing_index_shows_this_month_usage_and_invoices_due(
    billing_as: BillingAs, school_a: School, issued_invoice: Invoice
) -> None:
    # given
    record = services.usage_measure(school=school_a, month=month_current())
    # when
    response = billing_as("so.hanoi").get("/billing/")
    # then
    row = next(s for s in response.context["schools"] if s.slug == "caugiay")
    assert row.usage_now == [record]
    assert row.invoices_due == 1
    assert row.subscription.plan.code == Plan.STANDARD
    assert issued_invoice.number in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/billing/schools/nghiatan/",
        "/billing/schools/nghiatan/plan/",
        "/billing/schools/nghiatan/measure/",
        "/billing/schools/nghiatan/invoices/",
    ],
)
def test_an_operator_of_another_node_gets_404_for_a_school(
    billing_as: BillingAs, path: str
) -> None:
    # given: phuong.caugiay's ward does not hold THCS Nghĩa Tân
    client = billing_as("phuong.caugiay")
    # when
    got = client.get(path)
    posted = client.post(path, {"plan": Plan.STANDARD, "month": "2026-01"})
    # then
    assert got.status_code in {404, 405}
    assert posted.status_code == 404
    assert not Subscription.objects.filter(school__slug="nghiatan", plan__code="standard").exists()
    assert not UsageRecord.objects.filter(school__slug="nghiatan").exists()


@pytest.mark.parametrize("action", ["", "pdf/", "issue/", "pay/", "void/"])
def test_an_operator_of_another_node_gets_404_for_an_invoice(
    billing_as: BillingAs, school_b: School, last_month: datetime.date, action: str
) -> None:
    # given
    invoice = services.invoice_generate(school=school_b, month=last_month)
    client = billing_as("phuong.caugiay")
    # when
    response = (client.post if action.endswith(("issue/", "pay/", "void/")) else client.get)(
        f"/billing/invoices/{invoice.pk}/{action}", {"reason": "x"}
    )
    # then
    assert response.status_code == 404
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT


def test_the_monitor_reads_the_pilot_school_billing(
    billing_as: BillingAs, issued_invoice: Invoice
) -> None:
    # given
    client = billing_as("dh.giamsat")
    # when
    index = client.get("/billing/")
    detail = client.get("/billing/schools/caugiay/")
    invoice = client.get(f"/billing/invoices/{issued_invoice.pk}/")
    pdf = client.get(f"/billing/invoices/{issued_invoice.pk}/pdf/")
    other = client.get("/billing/schools/nghiatan/")
    # then
    assert [s.slug for s in index.context["schools"]] == ["caugiay"]
    assert (detail.status_code, invoice.status_code, pdf.status_code) == (200, 200, 200)
    assert detail.context["may_manage"] is False
    assert 'data-testid="plan-form"' not in detail.content.decode()
    assert 'data-testid="pay-form"' not in invoice.content.decode()
    assert other.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/billing/schools/caugiay/plan/",
        "/billing/schools/caugiay/measure/",
        "/billing/schools/caugiay/invoices/",
        "/billing/invoices/{pk}/issue/",
        "/billing/invoices/{pk}/pay/",
        "/billing/invoices/{pk}/void/",
    ],
)
def test_the_monitor_may_change_nothing(
    billing_as: BillingAs, standard_invoice: Invoice, path: str
) -> None:
    # when
    response = billing_as("dh.giamsat").post(
        path.format(pk=standard_invoice.pk),
        {"plan": Plan.PILOT, "month": "2026-01", "reason": "x"},
    )
    # then
    assert response.status_code == 403
    assert Subscription.objects.get(school__slug="caugiay").plan.code == Plan.STANDARD
    assert Invoice.objects.get(pk=standard_invoice.pk).status == Invoice.Status.DRAFT
    assert not Payment.objects.exists()


def test_a_signed_in_user_without_an_operator_role_gets_403(
    billing_as: BillingAs, operator_user: User
) -> None:
    # given
    operator_user.groups.clear()
    # when
    response = billing_as("so.hanoi").get("/billing/")
    # then
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client(HTTP_HOST=ROOT_HOST).get("/billing/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_billing_is_not_served_on_a_school_host(client_a: Client) -> None:
    assert client_a.get("/billing/").status_code == 404


# --- actions ------------------------------------------------------------------------------


def test_an_operator_changes_a_school_plan(billing_as: BillingAs, school_b: School) -> None:
    # when
    response = billing_as("so.hanoi").post(
        "/billing/schools/nghiatan/plan/", {"plan": Plan.STANDARD}, follow=True
    )
    # then
    subscription = Subscription.objects.get(school=school_b)
    assert subscription.plan.code == Plan.STANDARD
    assert subscription.changed_by.username == "so.hanoi"
    assert "THCS Nghĩa Tân" in _messages(response)[0]


def test_an_unknown_plan_is_refused_with_a_message(billing_as: BillingAs) -> None:
    response = billing_as("so.hanoi").post(
        "/billing/schools/nghiatan/plan/", {"plan": "gold"}, follow=True
    )
    assert _messages(response) == ["Choose one of the plans on offer."]
    assert not Subscription.objects.filter(school__slug="nghiatan").exists()


def test_measure_now_records_this_month(billing_as: BillingAs, school_b: School) -> None:
    # when
    response = billing_as("phuong.caugiay").post("/billing/schools/caugiay/measure/", follow=True)
    # then
    record = UsageRecord.objects.get(school__slug="caugiay", month=month_current())
    assert (record.active_pupils, record.staff) == (1703, 90)
    assert "1703" in _messages(response)[0]
    assert not UsageRecord.objects.filter(school=school_b).exists()


def test_generate_issue_pay_an_invoice_from_the_pages(
    billing_as: BillingAs, school_a: School, operator_user: User, last_month: datetime.date
) -> None:
    # given
    school_on_plan(school_a, Plan.STANDARD, operator_user)
    client = billing_as("so.hanoi")
    # when
    generated = client.post(
        "/billing/schools/caugiay/invoices/", {"month": f"{last_month:%Y-%m}"}, follow=True
    )
    invoice = Invoice.objects.get(school=school_a, month=last_month)
    client.post(f"/billing/invoices/{invoice.pk}/issue/")
    paid = client.post(f"/billing/invoices/{invoice.pk}/pay/", follow=True)
    # then
    invoice.refresh_from_db()
    assert generated.redirect_chain[-1][0] == f"/billing/invoices/{invoice.pk}/"
    assert invoice.status == Invoice.Status.PAID
    assert invoice.payment_reference.startswith("STUB-")
    assert invoice.payment_reference in _messages(paid)[-1]
    assert invoice.payment_reference in paid.content.decode()


def test_generate_refuses_a_bad_month_with_a_message(billing_as: BillingAs) -> None:
    response = billing_as("so.hanoi").post(
        "/billing/schools/caugiay/invoices/", {"month": "11/2026"}, follow=True
    )
    assert _messages(response) == ["“11/2026” is not a month: write it as YYYY-MM, e.g. 2026-11."]
    assert not Invoice.objects.exists()


def test_void_from_the_page_needs_a_reason(billing_as: BillingAs, issued_invoice: Invoice) -> None:
    # given
    client = billing_as("so.hanoi")
    # when
    refused = client.post(
        f"/billing/invoices/{issued_invoice.pk}/void/", {"reason": ""}, follow=True
    )
    voided = client.post(
        f"/billing/invoices/{issued_invoice.pk}/void/", {"reason": "Sai sĩ số"}, follow=True
    )
    # then
    assert _messages(refused) == ["Say why the invoice is voided."]
    assert voided.status_code == 200
    issued_invoice.refresh_from_db()
    assert (issued_invoice.status, issued_invoice.void_reason) == (Invoice.Status.VOID, "Sai sĩ số")


def test_invoice_pdf_downloads_with_a_vietnamese_file_name(
    billing_as: BillingAs, issued_invoice: Invoice
) -> None:
    response = billing_as("phuong.caugiay").get(f"/billing/invoices/{issued_invoice.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert (
        f'filename="Phieu-bao-phi-{issued_invoice.number}-THCS-Cau-Giay.pdf"'
        in (response["Content-Disposition"])
    )
    assert response.content.startswith(b"%PDF-")


# --- query counts -------------------------------------------------------------------------


def test_billing_index_runs_a_fixed_number_of_queries(
    billing_as: BillingAs,
    school_a: School,
    school_b: School,
    last_month: datetime.date,
    django_assert_num_queries: object,
) -> None:
    # given: both schools measured and invoiced
    for school in (school_a, school_b):
        services.usage_measure(school=school, month=month_current())
        services.invoice_generate(school=school, month=last_month)
    client = billing_as("so.hanoi")
    client.get("/billing/")
    # when
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/billing/")
    # then
    assert len(response.context["schools"]) == 2
    assert len(response.context["invoices"]) == 2


def test_school_billing_page_runs_a_fixed_number_of_queries(
    billing_as: BillingAs, issued_invoice: Invoice, django_assert_num_queries: object
) -> None:
    client = billing_as("so.hanoi")
    client.get("/billing/schools/caugiay/")
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get("/billing/schools/caugiay/")
    assert response.context["may_manage"] is True
    assert response.context["invoices"] == [issued_invoice]


def test_invoice_page_runs_a_fixed_number_of_queries(
    billing_as: BillingAs, issued_invoice: Invoice, django_assert_num_queries: object
) -> None:
    client = billing_as("so.hanoi")
    client.post(f"/billing/invoices/{issued_invoice.pk}/pay/")
    client.get(f"/billing/invoices/{issued_invoice.pk}/")
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get(f"/billing/invoices/{issued_invoice.pk}/")
    assert len(response.context["payments"]) == 1
