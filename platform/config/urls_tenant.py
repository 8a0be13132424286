"""URLs of a school's host (<slug>.<PLATFORM_DOMAIN>): its pages and its API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import urls_common
from core_school.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("marks/", include("core_school.assessment.urls")),
    path("attendance/", include("core_school.attendance.urls")),
    path("teaching/", include("core_school.teaching.urls")),
    path("classes/", include("core_school.academics.urls")),
    path("pupils/", include("core_school.people.urls")),
    path("announcements/", include("core_school.communication.urls")),
    path("family/", include("core_school.portal.urls")),
    # /invite/ (families open their account) and /invitations/ (staff invite them).
    path("", include("core_school.invitations.urls")),
    path("live/", include("push.urls")),
    path("notifications/push/", include("core_school.notifications.webpush_urls")),
    path("notifications/", include("core_school.notifications.urls")),
    path("reports/", include("core_school.reports.urls")),
    path("dashboard/", include("core_school.dashboard.urls")),
    path("import/", include("core_school.dataimport.urls")),
    # The standard the school adopted, a newer one's preview, and its data quality.
    path("standard/", include("onboarding.standards_urls")),
    path("early-warnings/", include("core_school.earlywarning.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("core_school.portal.pwa_urls")),
    *urls_common.urlpatterns,
]
