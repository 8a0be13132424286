from django.urls import path

from core_school.dataimport import views

app_name = "dataimport"
urlpatterns = [
    # Upload a list and see its problems; the latest imports; the downloads.
    path("", views.index, name="index"),
    # A clean preview, ready to commit (or committed).
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/commit/", views.run_commit, name="commit"),
    # The school's lists, and empty templates, in each layout: /import/export/pupils/vnedu.xlsx
    path("export/<slug:kind>/<slug:layout>.<slug:file_format>", views.export, name="export"),
    path("template/<slug:kind>/<slug:layout>.<slug:file_format>", views.template, name="template"),
]
