"""The operator API on the root domain: /api/v1/ (schools, batches, billing), its OpenAPI
document (/api/schema/) and its docs (/api/docs/). Separate from the school API
(config.api_urls)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from console.api import billing_views, views
from reporting import api as reporting_api
from standards.api import StandardVersionViewSet

router = SimpleRouter()
router.register("schools", views.SchoolViewSet, basename="school")
router.register("batches", views.BatchViewSet, basename="batch")
# The figures schools published (reporting.api).
router.register("figures", reporting_api.FigureViewSet, basename="figure")
router.register("billing/plans", billing_views.PlanViewSet, basename="billing-plan")
router.register(
    "billing/subscriptions", billing_views.SubscriptionViewSet, basename="billing-subscription"
)
router.register("billing/usage", billing_views.UsageViewSet, basename="billing-usage")
router.register("billing/invoices", billing_views.InvoiceViewSet, basename="billing-invoice")
router.register("standards", StandardVersionViewSet, basename="standard")

# What the OpenAPI document describes: the operator API only, at its full path.
SCHEMA_PATTERNS = [path("api/v1/", include(router.urls))]
SCHEMA_SETTINGS = {
    "TITLE": "Trường Số operator API",
    "DESCRIPTION": (
        "The education authorities' API on the root domain: the schools under the caller's "
        "node of the authority tree, their provisioning, onboarding checklist and lifecycle, "
        "and their billing (plans, usage, invoices). "
        "Authenticate with an operator token (Authorization: Token tso_…), issued on "
        "/account/api-token/ after two-factor sign-in."
    ),
}

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "schema/",
        SpectacularAPIView.as_view(patterns=SCHEMA_PATTERNS, custom_settings=SCHEMA_SETTINGS),
        name="operator-api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="operator-api-schema"),
        name="operator-api-docs",
    ),
]
