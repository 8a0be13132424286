"""Counting a school's API calls, one by one, as they are answered."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_tenants.utils import get_public_schema_name

from billing_stub.metering import api_call_record

API_PREFIX = "/api/"


class ApiUsageMiddleware:
    """Count every call to a school's /api/ whose caller is signed in (session or the school's
    token), whatever the answer: one upsert per call into the public ApiUsageDay table.

    Not counted: the root domain's own API, and calls without valid credentials (anonymous,
    refused token, failed CSRF check): a school does not pay for strangers knocking on its
    door. Placed after SuspendedSchoolMiddleware, so a closed school's refused calls are not
    counted either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        school = getattr(request, "tenant", None)
        if school is None or school.schema_name == get_public_schema_name():
            return response
        # DRF sets the user it authenticated (token or session) on the Django request too.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            api_call_record(school_id=school.pk)
        return response
