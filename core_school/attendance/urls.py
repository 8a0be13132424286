from django.urls import path

from core_school.attendance import views

app_name = "attendance"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("<int:class_id>/", views.register, name="register"),
    path("<int:class_id>/conduct/<int:term_id>/", views.conduct, name="conduct"),
    path("<int:class_id>/notes/", views.notes, name="notes"),
    path("<int:class_id>/leave/", views.leave_requests, name="leave_requests"),
]
