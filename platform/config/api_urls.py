"""The school API (/api/v1/): every resource's router, plus the signed-in user."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("core_school.people.api.urls")),
    path("", include("core_school.academics.api.urls")),
    path("", include("core_school.assessment.api.urls")),
    path("", include("core_school.attendance.api.urls")),
    path("", include("core_school.teaching.api.urls")),
    path("", include("core_school.notifications.api.urls")),
    path("", include("core_school.dataimport.api.urls")),
]
