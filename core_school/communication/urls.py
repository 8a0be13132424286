from django.urls import path

from core_school.communication import views

app_name = "communication"
urlpatterns = [path("", views.announcements, name="announcements")]
