"""The operator API's billing (root domain, /api/v1/billing/): plans, subscriptions, usage and
invoices of the schools under the caller's nodes.

The same rules as the billing pages (billing_stub.views) and the rest of the operator API: a
school or an invoice outside the caller's nodes answers 404; a change by the university
monitor, who reads the pilot schools, answers 403. Each change calls one billing_stub service;
a refused one (ApplicationError) answers 400 with its message.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from billing_stub import selectors as billing_selectors
from billing_stub import services as billing_services
from billing_stub.models import Invoice, Payment, Plan, UsageRecord
from billing_stub.months import month_current, month_parse, month_previous
from billing_stub.pdf import invoice_pdf_response
from billing_stub.permissions import BillingAccess
from config.errors import ApplicationError
from console import selectors
from console.api.billing_serializers import (
    InvoiceDetailOutputSerializer,
    InvoiceGenerateInputSerializer,
    InvoiceOutputSerializer,
    MeasureInputSerializer,
    PlanChangeInputSerializer,
    PlanOutputSerializer,
    SubscriptionOutputSerializer,
    UsageOutputSerializer,
    VoidInputSerializer,
)
from console.api.serializers import ErrorOutputSerializer
from console.api.views import ERRORS, ConsoleApiMixin, SchoolFilter
from tenants.models import School

# The path parameters, described once.
CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The code of one of your schools."
)
NUMBER = OpenApiParameter(
    "number", str, OpenApiParameter.PATH, description="The invoice's number (TS-YYYY-MM-NNNN)."
)


class PaymentFailedError(ApplicationError):
    """The provider refused or could not take the payment: the attempt is recorded, the
    invoice stays issued."""

    status_code = 402


class BillingApiMixin(ConsoleApiMixin):
    """The caller's schools, and billing's own rule for who may change their billing."""

    @property
    def access(self) -> BillingAccess:
        """billing_stub.permissions' rule, from the roles and nodes the console already
        loaded (no query)."""
        actor = self.actor
        return BillingAccess(
            may_view=actor.may_use_console,
            is_superuser=actor.is_superuser,
            is_operator=actor.is_operator,
            paths=actor.paths,
        )

    def schools(self) -> QuerySet[School]:
        return selectors.school_list_for_actor(actor=self.actor)

    def require_may_manage(self, school: School | None = None) -> None:
        """403 for the monitor (and anyone who may not change this school's billing)."""
        if not self.actor.may_act or (school is not None and not self.access.may_manage(school)):
            raise PermissionDenied(_("Your role may read billing but not change it."))

    def school_named(self, code: str) -> School:
        """One of the caller's schools by its code (from the request's body); 404 otherwise."""
        school = self.schools().filter(code=code.strip()).first()
        if school is None:
            raise NotFound(_("None of your schools has the code %(code)s.") % {"code": code})
        return school


def _month_or(text: str, default: datetime.date) -> datetime.date:
    """The month written YYYY-MM (400 naming the value otherwise), or `default` if empty."""
    return month_parse(text) if text.strip() else default


class MonthFilterMixin(filters.FilterSet):
    """`?month=YYYY-MM`; another spelling answers 400 naming the value (months.month_parse)."""

    def filter_month(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(month=month_parse(value))


# ---------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------


class PlanViewSet(BillingApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The plans, cheapest first."""

    queryset = Plan.objects.none()  # for the schema only
    serializer_class = PlanOutputSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Plan]:
        return billing_selectors.plan_list()

    @extend_schema(responses={200: PlanOutputSerializer(many=True), **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Every plan with its prices and allowances; schools may be put on those on offer."""
        return super().list(request, *args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------------------------


class SubscriptionFilter(SchoolFilter):
    school = filters.CharFilter(field_name="code", help_text="Only the school with this code.")

    class Meta(SchoolFilter.Meta):
        fields = [*SchoolFilter.Meta.fields, "school"]


class SubscriptionViewSet(
    BillingApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Each of the caller's schools with its plan, this month's usage and invoices due."""

    queryset = School.objects.none()  # for the schema only
    serializer_class = SubscriptionOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SubscriptionFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[School]:
        return billing_selectors.billing_school_list(schools=self.schools())

    def get_object(self) -> School:
        school = self.get_queryset().filter(code=self.kwargs["code"]).first()
        if school is None:
            raise Http404
        return school

    @extend_schema(responses={200: SubscriptionOutputSerializer, **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The caller's schools (paginated, by name) with their plan, this month's measured
        usage and how many invoices wait for payment."""
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[CODE], responses={200: SubscriptionOutputSerializer, **ERRORS})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One school's plan, this month's measured usage and invoices due."""
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        parameters=[CODE],
        request=PlanChangeInputSerializer,
        responses={200: SubscriptionOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def plan(self, request: Request, code: str) -> Response:
        """Put the school on another plan on offer. Invoices already issued keep their plan;
        the next one generated uses this one."""
        school = self.get_object()
        self.require_may_manage(school)
        serializer = PlanChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        billing_services.subscription_plan_change(
            school=school, plan_code=serializer.validated_data["plan"].strip(), actor=request.user
        )
        return Response(SubscriptionOutputSerializer(self.get_object()).data)


# ---------------------------------------------------------------------------------------------
# Usage
# ---------------------------------------------------------------------------------------------


class UsageFilter(MonthFilterMixin):
    school = filters.CharFilter(
        field_name="school__code", help_text="Only the months of the school with this code."
    )
    month = filters.CharFilter(method="filter_month", help_text="Only this month (YYYY-MM).")

    class Meta:
        model = UsageRecord
        fields = ["school", "month"]


class UsageViewSet(BillingApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What the caller's schools used, month by month, as measured."""

    queryset = UsageRecord.objects.none()  # for the schema only
    serializer_class = UsageOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = UsageFilter

    def get_queryset(self) -> QuerySet[UsageRecord]:
        return billing_selectors.usage_list_for_schools(schools=self.schools())

    @extend_schema(responses={200: UsageOutputSerializer, **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The measured months of the caller's schools (paginated, newest first)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MeasureInputSerializer, responses={200: UsageOutputSerializer, **ERRORS})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def measure(self, request: Request) -> Response:
        """Measure a school's month now (this month by default): active pupils, staff,
        storage and API calls. Measuring a month again replaces its figures."""
        self.require_may_manage()
        serializer = MeasureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        school = self.school_named(serializer.validated_data["school"])
        self.require_may_manage(school)
        month = _month_or(serializer.validated_data["month"], month_current())
        record = billing_services.usage_measure(school=school, month=month)
        return Response(UsageOutputSerializer(record).data)


# ---------------------------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------------------------


class InvoiceFilter(MonthFilterMixin):
    school = filters.CharFilter(
        field_name="school__code", help_text="Only the invoices of the school with this code."
    )
    month = filters.CharFilter(method="filter_month", help_text="Only this month (YYYY-MM).")
    status = filters.ChoiceFilter(
        choices=Invoice.Status.choices, help_text="Only the invoices in this status."
    )

    class Meta:
        model = Invoice
        fields = ["school", "month", "status"]


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `application/pdf`. The PDF itself is an HttpResponse; an error
    answered to such a request is still JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


PDF_ERRORS = {(code, "application/json"): serializer for code, serializer in ERRORS.items()}


class InvoiceViewSet(
    BillingApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The invoices of the caller's schools: generate, issue, pay, void, and their PDF."""

    queryset = Invoice.objects.none()  # for the schema only
    serializer_class = InvoiceOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = InvoiceFilter
    lookup_field = "number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Invoice]:
        return billing_selectors.invoice_list_for_schools(schools=self.schools())

    def get_object(self) -> Invoice:
        invoice = billing_selectors.invoice_get_by_number(
            schools=self.schools(), number=self.kwargs["number"]
        )
        if invoice is None:
            raise Http404
        return invoice

    def _to_act_on(self) -> Invoice:
        invoice = self.get_object()
        self.require_may_manage(invoice.school)
        return invoice

    def _answer(self, invoice: Invoice, code: int = status.HTTP_200_OK) -> Response:
        invoice = billing_selectors.invoice_get_by_number(
            schools=self.schools(), number=invoice.number
        )
        return Response(InvoiceDetailOutputSerializer(invoice).data, status=code)

    @extend_schema(responses={200: InvoiceOutputSerializer, **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The invoices of the caller's schools (paginated, newest month first)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[NUMBER], responses={200: InvoiceDetailOutputSerializer, **ERRORS})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """An invoice with its lines, the usage it was computed from and its payment
        attempts."""
        return Response(InvoiceDetailOutputSerializer(self.get_object()).data)

    @extend_schema(
        request=InvoiceGenerateInputSerializer,
        responses={
            200: OpenApiResponse(
                InvoiceDetailOutputSerializer, description="The invoice existed: it is returned."
            ),
            201: OpenApiResponse(InvoiceDetailOutputSerializer, description="A new draft."),
            **ERRORS,
        },
    )
    def create(self, request: Request) -> Response:
        """Generate a school's invoice of a month that is over (last month by default), as a
        draft; idempotent. The month is measured first unless it was measured after it ended.
        A draft is computed again (same number), an issued or paid invoice is returned as it
        is, and after a void a new number is given."""
        self.require_may_manage()
        serializer = InvoiceGenerateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        school = self.school_named(serializer.validated_data["school"])
        self.require_may_manage(school)
        month = _month_or(serializer.validated_data["month"], month_previous())
        existed = billing_selectors.invoice_live_for_month(school=school, month=month) is not None
        invoice = billing_services.invoice_generate(school=school, month=month)
        return self._answer(invoice, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        # NOTE: ?format= picks a renderer; the answer is a PDF whatever it says.
        parameters=[NUMBER, OpenApiParameter("format", exclude=True)],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The invoice as a PDF (A4, in Vietnamese)."
            ),
            **PDF_ERRORS,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer, PdfRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def pdf(self, request: Request, number: str) -> HttpResponse:
        """The invoice as a PDF, as printed from the billing page."""
        return invoice_pdf_response(self.get_object())

    @extend_schema(
        parameters=[NUMBER], request=None, responses={200: InvoiceDetailOutputSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def issue(self, request: Request, number: str) -> Response:
        """Issue a draft: from now on it never changes (void it to correct it)."""
        invoice = billing_services.invoice_issue(invoice=self._to_act_on(), actor=request.user)
        return self._answer(invoice)

    @extend_schema(
        parameters=[NUMBER],
        request=VoidInputSerializer,
        responses={200: InvoiceDetailOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def void(self, request: Request, number: str) -> Response:
        """Void a draft or an issued invoice, saying why. Its number is never reused; the
        month can then be invoiced again."""
        invoice = self._to_act_on()
        serializer = VoidInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invoice = billing_services.invoice_void(
            invoice=invoice, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._answer(invoice)

    @extend_schema(
        parameters=[NUMBER],
        request=None,
        responses={
            200: InvoiceDetailOutputSerializer,
            402: OpenApiResponse(
                ErrorOutputSerializer,
                description="The payment failed: the attempt is recorded (`extra.payment`), "
                "the invoice stays issued.",
            ),
            **ERRORS,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def pay(self, request: Request, number: str) -> Response:
        """Charge an issued invoice through the payment provider (a stub: no money moves).
        A failed attempt answers 402 with the provider's reason."""
        invoice = self._to_act_on()
        payment = billing_services.invoice_pay(invoice=invoice, actor=request.user)
        if payment.status != Payment.Status.SUCCEEDED:
            raise PaymentFailedError(
                _("The payment of %(number)s failed: %(why)s")
                % {"number": invoice.number, "why": payment.message},
                extra={"payment": {"status": payment.status, "reference": payment.reference}},
            )
        return self._answer(invoice)
