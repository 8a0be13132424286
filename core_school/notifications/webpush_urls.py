from django.urls import path

from core_school.notifications import webpush_views

app_name = "webpush"

urlpatterns = [
    path("subscribe/", webpush_views.subscribe, name="subscribe"),
    path("unsubscribe/", webpush_views.unsubscribe, name="unsubscribe"),
]
