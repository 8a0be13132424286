"""Django REST framework and its OpenAPI schema."""

# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # TENANCY: a token is looked up in the schema of the host it is sent to. First, so that
        # an unauthenticated API call answers 401 with `WWW-Authenticate: Token`.
        "accounts.authentication.SchoolTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api.exception_handler.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Trường Số API",
    "DESCRIPTION": "The API of one school. Every request is answered from that school's data only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags and operation ids from the resource (pupils, mark-sheets), not from "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI / ReDoc from drf-spectacular-sidecar's static files: /api/docs/ loads nothing
    # from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("status", "kind") get names of their own instead
    # of a generated hash suffix (and a warning).
    "ENUM_NAME_OVERRIDES": {
        "PupilStatusEnum": "core_school.people.models.Pupil.Status",
        "StaffTaskStatusEnum": "core_school.teaching.models.StaffTask.Status",
        "CorrectionRequestStatusEnum": "core_school.assessment.models.CorrectionRequest.Status",
        "AbsenceStatusEnum": "core_school.attendance.models.Absence.Status",
        "BehaviourNoteKindEnum": "core_school.attendance.models.BehaviourNote.Kind",
        "LevelEnum": "core_school.assessment.models.Level",
        # The operator API (console.api): schools and their billing.
        "SchoolStatusEnum": "tenants.models.School.Status",
        "SubscriptionStatusEnum": "billing_stub.models.Subscription.Status",
        "InvoiceStatusEnum": "billing_stub.models.Invoice.Status",
        "PaymentStatusEnum": "billing_stub.models.Payment.Status",
    },
}
