"""The school's standard pages (school host, /standard/)."""

from django.urls import path

from onboarding import standards_views

app_name = "standard"

urlpatterns = [
    path("", standards_views.standard_page, name="standard"),
    path("adopt/<int:number>/", standards_views.standard_adopt, name="adopt"),
    path("quality/", standards_views.quality, name="quality"),
]
