"""What an import preview is made of: the problems of a file and what a commit would change.

Frozen dataclasses other apps, the API and the command line read.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (sheet, row, column), the value, and why.

    `row` is the row number as the spreadsheet shows it (1-based; None for the whole file);
    `column` is the column's header as the file writes it (or its letter).
    """

    row: int | None
    column: str
    value: str
    message: str
    sheet: str = ""

    def as_text(self) -> str:
        """ "row 7, column Ngày sinh: 31/02/2012 is not a date." (in the active language)."""
        where = []
        if self.sheet:
            where.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Change:
    """A row that would change something already in the school: what, and how."""

    row: int
    key: str  # the national identifier, staff code, class name
    name: str
    fields: list[str]  # "Ngày sinh: 03/04/2012 → 04/03/2012", "class 6A1 → 6A2", ...
    sheet: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Preview:
    """What importing a file would do. `counts` has `create`, `update` and `unchanged` (rows)
    plus the kind's details (guardians created, links, enrolments, moves)."""

    kind: str
    layout: str
    file_name: str
    sha256: str
    size: int
    rows: int
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → header as written
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        """Everything but the problems, as JSON (stored with the run, sent by the API)."""
        return {
            "kind": self.kind,
            "layout": self.layout,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "size": self.size,
            "rows": self.rows,
            "counts": self.counts,
            "changes": [c.as_dict() for c in self.changes],
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
        }
