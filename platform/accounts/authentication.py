"""API credentials issued by a school and valid only on that school's host."""

from typing import Any

from django.db import connection
from django_tenants.utils import get_public_schema_name
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request


class SchoolTokenAuthentication(TokenAuthentication):
    """DRF token authentication, looked up in the current school's schema.

    The token table exists only in school schemas: on the root domain no token is accepted.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        if connection.schema_name == get_public_schema_name():
            return None
        return super().authenticate(request)
