"""The school API (/api/v1/): every resource's router, plus the signed-in user."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
]
