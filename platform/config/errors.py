"""The error type services raise for bad input: a translated message plus what was wrong."""

from typing import Any


class ApplicationError(Exception):
    """A user-facing error. `extra` names the row, the field and why, for forms and the API.

    `status_code` is the HTTP status the API answers with: bad input by default; a subclass
    that means "not allowed" sets 403.
    """

    status_code: int = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
