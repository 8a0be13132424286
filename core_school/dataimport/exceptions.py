"""Errors of the school data import: user-facing, translated (config.errors.ApplicationError)."""

from config.errors import ApplicationError


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read: too big, damaged, not UTF-8, no header row, required
    columns missing. `extra` says what was found (size and limit, encoding, headers)."""


class ImportProblemsError(ApplicationError):
    """Rows of the file have problems; `extra["problems"]` lists every one (row, column, value,
    reason) and `extra["preview"]` the counts. Nothing was written."""


class ImportPermissionError(ApplicationError):
    """Only the principal and the school administrator import and export the school's lists."""

    status_code = 403
