from django.urls import path

from core_school.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.inbox_read, name="inbox_read"),
    path("settings/", views.preferences, name="preferences"),
]
