"""URLs of the root domain (public schema): the operators' site."""

from django.contrib import admin
from django.urls import include, path

from config import urls_common
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.operator_home, name="home"),
    path("admin/", admin.site.urls),
    path("billing/", include("billing_stub.urls")),
    # Versioned data standards and the schools' conformance scores (operators).
    path("standards/", include("standards.urls")),
    # The authority's aggregate reports: figures the schools published (reporting).
    path("reports/", include("reporting.urls")),
    # Pilot monitoring for the university team: KPIs, cohorts, the evaluation report.
    path("pilot/", include("reporting.pilot_urls")),
    # The operators' console (/schools/..., /account/api-token/) and the operator API
    # (/api/v1/, its OpenAPI document /api/schema/ and /api/docs/).
    path("", include("console.urls")),
    path("api/", include("console.api.urls")),
    *urls_common.urlpatterns,
]
