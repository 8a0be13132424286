from django.urls import path

from core_school.academics import views

app_name = "academics"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("<int:class_id>/", views.class_detail, name="class_detail"),
    path("timetable/", views.teacher_timetable, name="my_timetable"),
    path("timetable/<int:staff_id>/", views.teacher_timetable, name="teacher_timetable"),
    path("rollover/", views.rollover, name="rollover"),
]
