from django.urls import path

from core_school.people import views

app_name = "people"
urlpatterns = [
    path("<int:pupil_id>/", views.pupil_record, name="pupil_record"),
    path("access-log/", views.access_log, name="access_log"),
]
