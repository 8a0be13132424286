"""Errors of the invitations app: user-facing, translated (config.errors.ApplicationError)."""

from config.errors import ApplicationError


class InvitationPermissionError(ApplicationError):
    """The actor may not invite the families of this class (or of the whole school)."""

    status_code = 403


class InvitationCodeError(ApplicationError):
    """The code does not open an invitation: wrong, expired, or locked after wrong tries."""
