"""What every kind's plan shares: reading a row's cells into values while noting each problem
with its row and column, and the plan's result (counts, changes, the writes to run)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils.translation import gettext as _

from core_school.dataimport.cells import CellError, cell_text
from core_school.dataimport.table import SourceRow
from core_school.dataimport.types import Change, Problem

T = TypeVar("T")

# At most this many changed rows are listed in a preview (the counts stay exact).
MAX_CHANGES_LISTED = 500


@dataclass
class Plan:
    """What importing the rows would do. `apply()` writes it (call it inside the commit's
    transaction, only when `problems` is empty)."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    apply: Callable[[], None] = lambda: None

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def change(self, row: SourceRow, *, key: str, name: str, fields: list[str]) -> None:
        if len(self.changes) < MAX_CHANGES_LISTED:
            self.changes.append(
                Change(row=row.number, key=key, name=name, fields=fields, sheet=row.sheet)
            )


class RowReader:
    """Reads one source row field by field; every value that cannot be read becomes a problem
    (row, column as the file names it, value, reason) and gives None."""

    def __init__(self, row: SourceRow, problems: list[Problem]) -> None:
        self.row = row
        self.problems = problems
        self.ok = True

    def has(self, name: str) -> bool:
        """Whether the file has a column for `name`."""
        return name in self.row.cells

    def header(self, name: str) -> str:
        """The column of `name` as the file writes it (a split name: both halves)."""
        if self.has(name):
            return self.row.columns.header(name)
        if name == "full_name" and self.has("family_name") and self.has("given_name"):
            return f"{self.header('family_name')} + {self.header('given_name')}"
        return name

    def problem(self, name: str, message: str, *, value: str | None = None) -> None:
        self.ok = False
        self.problems.append(
            Problem(
                row=self.row.number,
                column=self.header(name),
                value=cell_text(self.row.cells.get(name)) if value is None else value,
                message=message,
                sheet=self.row.sheet,
            )
        )

    def text(self, name: str, *, required: bool = False, max_length: int = 255) -> str:
        """The cell's text ("" when the column is absent or the cell empty)."""
        if name in self.row.formula_fields:
            self.ok = False
            return ""
        value = cell_text(self.row.cells.get(name)) if self.has(name) else ""
        if required and not value:
            self.problem(name, _("this cell is required."))
        elif len(value) > max_length:
            self.problem(
                name,
                _("at most %(n)s characters (this has %(m)s).")
                % {"n": max_length, "m": len(value)},
            )
            return ""
        return value

    def full_name(self) -> str:
        """The full name, from one column or from family + given name (SMAS)."""
        if self.has("full_name") or not (self.has("family_name") and self.has("given_name")):
            return self.text("full_name", required=True, max_length=150)
        family = self.text("family_name", max_length=150)
        given = self.text("given_name", required=True, max_length=150)
        name = f"{family} {given}".strip()
        if len(name) > 150:
            self.problem("given_name", _("the full name is longer than 150 characters."))
            return ""
        return name

    def parse(
        self, name: str, parser: Callable[[object], T], *, required: bool = False
    ) -> T | None:
        """`parser` applied to the cell; None (and a problem if required) when it is empty."""
        if name in self.row.formula_fields:
            self.ok = False
            return None
        if not self.has(name) or cell_text(self.row.cells.get(name)) == "":
            if required:
                self.problem(name, _("this cell is required."))
            return None
        try:
            return parser(self.row.cells[name])
        except CellError as error:
            self.problem(name, str(error))
            return None


def shown_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def difference(label: str, old: object, new: object) -> str:
    """ "Ngày sinh: 03/04/2012 → 04/03/2012"."""

    def show(value: object) -> str:
        if isinstance(value, datetime.date):
            return shown_date(value)
        return str(value) if value not in (None, "") else "—"

    return f"{label}: {show(old)} → {show(new)}"


def duplicate_check(
    seen: dict[str, str], key: str, reader: RowReader, name: str, *, what: object
) -> None:
    """A problem naming both rows when `key` was already on an earlier row."""
    if not key:
        return
    first = seen.get(key)
    row = reader.row
    if first is None:
        seen[key] = (
            _("sheet %(sheet)s, row %(row)s") % {"sheet": row.sheet, "row": row.number}
            if row.sheet
            else _("row %(row)s") % {"row": row.number}
        )
        return
    reader.problem(
        name,
        _("%(what)s %(key)s is also on %(first)s: each appears once in a file.")
        % {"what": what, "key": key, "first": first},
    )
