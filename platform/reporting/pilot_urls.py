"""The pilot pages on the root domain (/pilot/): the university team's monitoring."""

from django.urls import path

from reporting import pilot_views

app_name = "pilot"

urlpatterns = [
    path("", pilot_views.pilot_page, name="board"),
    path("export.csv", pilot_views.pilot_csv, name="csv"),
    path("report.pdf", pilot_views.pilot_report_pdf, name="report_pdf"),
    path("<slug:slug>/", pilot_views.pilot_school, name="school"),
    path("<slug:slug>/export.csv", pilot_views.pilot_school_csv, name="school_csv"),
]
