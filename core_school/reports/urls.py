from django.urls import path

from core_school.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:class_id>/summary.xlsx", views.class_summary, name="class_summary"),
    path(
        "pupils/<int:pupil_id>/report-card/<int:year_id>.pdf",
        views.report_card,
        name="report_card",
    ),
]
