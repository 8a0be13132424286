"""URLs served on both sides: sign-in (allauth), language switch, health check."""

from django.urls import include, path

from config import views

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
]
