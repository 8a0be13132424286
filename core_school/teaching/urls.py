from django.urls import path

from core_school.teaching import views

app_name = "teaching"
urlpatterns = [
    path("logbook/<int:class_id>/", views.logbook, name="logbook"),
    path("logbook/missing/", views.logbook_missing, name="logbook_missing"),
    path("tasks/", views.tasks, name="tasks"),
]
