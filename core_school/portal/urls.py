from django.urls import path

from core_school.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("<int:pupil_id>/", views.child, name="child"),
    path("announcements/", views.announcements, name="announcements"),
    path("announcements/<int:announcement_id>/", views.announcement, name="announcement"),
    path("<int:pupil_id>/privacy/", views.privacy, name="privacy"),
    path("<int:pupil_id>/leave/", views.leave, name="leave"),
    path("<int:pupil_id>/contact-book/", views.contact_book, name="contact_book"),
    path("<int:pupil_id>/data.json", views.data_download, name="data_download"),
]
