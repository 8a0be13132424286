from django.urls import path

from core_school.communication import views

app_name = "communication"
urlpatterns = [
    path("", views.announcements, name="announcements"),
    path("contact-book/class/<int:class_id>/", views.class_threads, name="class_threads"),
    path("contact-book/<int:thread_id>/", views.thread, name="thread"),
]
