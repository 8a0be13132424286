"""The authority's reports on the root domain (/reports/)."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("export.csv", views.report_csv, name="report_csv"),
    path("export.xlsx", views.report_xlsx, name="report_xlsx"),
    path("refresh/", views.report_refresh, name="report_refresh"),
]
