"""The operator API's credential: an operator token, accepted on the root domain only."""

import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from console.models import OperatorToken
from console.services import operator_token_hash

# last_used_at is written at most this often per token (not one write per request).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class OperatorTokenAuthentication(TokenAuthentication):
    """`Authorization: Token tso_…`, looked up by its hash in the public schema's
    OperatorToken table.

    TENANCY: on a school's host it accepts nothing (the operator API is not routed there
    either); a school's token is not in this table, so it never authenticates here.
    """

    model = OperatorToken

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        if connection.schema_name != get_public_schema_name():
            return None
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = (
            OperatorToken.objects.select_related("user")
            .filter(key_hash=operator_token_hash(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            OperatorToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
