"""The operators' standards pages (root domain, /standards/)."""

from django.urls import path

from standards import views

app_name = "standards"

urlpatterns = [
    path("", views.version_list, name="version_list"),
    path("new/", views.version_new, name="version_new"),
    path("conformance/", views.conformance_overview, name="conformance"),
    path("conformance/check/", views.conformance_check, name="conformance_check"),
    path("<int:number>/", views.version_detail, name="version_detail"),
    path("<int:number>/edit/", views.version_edit, name="version_edit"),
    path("<int:number>/publish/", views.version_publish, name="version_publish"),
]
