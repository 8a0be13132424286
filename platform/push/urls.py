from django.urls import path

from push import views

app_name = "push"
urlpatterns = [
    path("token/", views.token, name="token"),
]
