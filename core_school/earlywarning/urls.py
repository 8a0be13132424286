from django.urls import path

from core_school.earlywarning import views

app_name = "earlywarning"
urlpatterns = [
    path("", views.flag_list, name="flags"),
    path("<int:flag_id>/resolve/", views.flag_resolve, name="flag_resolve"),
    path("evaluate/", views.evaluate, name="evaluate"),
]
