from django.urls import path

from core_school.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("<int:pupil_id>/", views.child, name="child"),
]
