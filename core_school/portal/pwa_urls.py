"""The PWA's files at the root of a school's host (a service worker's scope is its folder)."""

from django.urls import path

from core_school.portal import pwa

app_name = "pwa"

urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
]
