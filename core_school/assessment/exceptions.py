"""Errors the assessment services raise; each message names the row, the column and why."""

from config.errors import ApplicationError


class MarkSheetLockedError(ApplicationError):
    """The term is closed: a change must go through a correction request."""


class MarkInputError(ApplicationError):
    """One or more entered values are invalid; `extra["errors"]` lists each one."""


class AssessmentPermissionError(ApplicationError):
    """The acting person may not do this for this class or subject."""

    status_code = 403
