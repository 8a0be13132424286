"""Who may call the operator API: console users with TOTP; changes by operators only."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from console.access import console_actor_for_user, mfa_active


class IsConsoleUserWithMfa(BasePermission):
    """A signed-in (token or session) operator, university monitor or superuser who has an
    active TOTP authenticator. Sets `request.console_actor`."""

    message = _("The operator API is for education-authority operators with two-factor sign-in.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not mfa_active(user=user):
            self.message = _(
                "Set up two-factor authentication on the operators' site before using the API."
            )
            return False
        actor = console_actor_for_user(user)
        request.console_actor = actor  # type: ignore[attr-defined]
        return actor.may_use_console
