"""Template context: the school (or the operators' site) the request is for."""

from django.db import connection
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name


def school(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    on_public = connection.schema_name == get_public_schema_name()
    return {"school": None if on_public else tenant, "on_operators_site": on_public}
