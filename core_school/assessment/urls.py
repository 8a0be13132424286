from django.urls import path

from core_school.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.sheet_list, name="sheet_list"),
    path("<int:sheet_id>/", views.gradebook, name="gradebook"),
    path("<int:sheet_id>/save", views.gradebook_save, name="gradebook_save"),
    path("<int:sheet_id>/publish", views.gradebook_publish, name="gradebook_publish"),
    path(
        "<int:sheet_id>/history/<int:pupil_id>/<str:column>/",
        views.mark_history,
        name="mark_history",
    ),
    path("<int:sheet_id>/corrections", views.correction_create, name="correction_create"),
    path("corrections/", views.correction_list, name="correction_list"),
    path(
        "corrections/<int:correction_id>/decide", views.correction_decide, name="correction_decide"
    ),
    path("terms/", views.term_list, name="term_list"),
    path("year-end/", views.year_end_current, name="year_end_current"),
    path("year-end/<int:year_id>/", views.year_end, name="year_end"),
    path("terms/<int:term_id>/close", views.term_close, name="term_close"),
]
