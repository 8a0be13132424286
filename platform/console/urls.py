"""The operators' console pages (root domain)."""

from django.urls import path

from console import views

app_name = "console"


def _action(name: str) -> object:
    return path(
        f"schools/<str:code>/{name.replace('_', '-')}/",
        views.school_action,
        {"action": name},
        name=f"school_{name}",
    )


urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/new/", views.school_new, name="school_new"),
    path("schools/import/", views.school_import, name="school_import"),
    path("schools/restore/", views.school_restore, name="school_restore"),
    path("schools/batches/<uuid:batch_id>/", views.batch_detail, name="batch_detail"),
    path(
        "schools/batches/<uuid:batch_id>/progress.json",
        views.batch_progress_json,
        name="batch_progress",
    ),
    path("schools/<str:code>/", views.school_detail, name="school_detail"),
    *(_action(name) for name in views.ACTIONS),
    path(
        "schools/<str:code>/exports/<str:name>",
        views.school_export_download,
        name="school_export_download",
    ),
    path("account/api-token/", views.api_token, name="api_token"),
]
