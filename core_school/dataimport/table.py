"""From a workbook's sheets to the rows of one kind of list: find the header row, choose the
layout, map the columns, and hand each data row out by field.

Every sheet with a header row is read (SMAS writes one sheet per class); sheets without one
(instructions, a cover page) are skipped. Rows with nothing in any known column (a numbered but
empty line, a total at the bottom in the STT column) are skipped too. Formulas become
problems: the file must hold values only.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core_school.dataimport import layouts
from core_school.dataimport.cells import cell_text, header_key
from core_school.dataimport.exceptions import ImportFileError
from core_school.dataimport.layouts import ColumnMap, Kind, Layout
from core_school.dataimport.spreadsheet_read import Formula, Workbook, column_letter
from core_school.dataimport.types import Problem


@dataclass(frozen=True)
class SourceRow:
    """One data row: where it is, and its cells by field (raw values)."""

    sheet: str
    number: int  # as the spreadsheet shows it, 1-based
    cells: dict[str, object]
    columns: ColumnMap
    # Fields whose cell holds a formula: already a problem, not read again.
    formula_fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """The rows of the file for one kind, with the layout used and the problems found while
    reading (formulas)."""

    kind: Kind
    layout: Layout
    columns: ColumnMap  # of the first sheet read
    rows: list[SourceRow]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ignored_columns(self) -> list[str]:
        used = {header for _index, header in self.columns.columns.values()}
        return [h for h in self.columns.headers if h not in used and h != layouts.NUMBER_HEADER]


def _missing_error(columns: ColumnMap, *, kind: Kind, sheet: str, missing: list[str]) -> Exception:
    names = [layouts.field_header(kind=kind, layout=columns.layout, field=f) for f in missing]
    values = {
        "sheet": sheet,
        "missing": ", ".join(names),
        "row": columns.header_row + 1,
        "found": ", ".join(columns.headers) or "—",
    }
    message = (
        _(
            "Required columns are missing in sheet %(sheet)s: %(missing)s. The header row "
            "(row %(row)s) has: %(found)s."
        )
        if sheet
        else _(
            "Required columns are missing: %(missing)s. The header row (row %(row)s) has: "
            "%(found)s."
        )
    )
    return ImportFileError(
        message % values,
        {
            "missing": names,
            "found": columns.headers,
            "header_row": columns.header_row + 1,
            "sheet": sheet,
        },
    )


def table_read(workbook: Workbook, *, kind: Kind, layout: str) -> Table:
    """The rows of `workbook` for `kind`, in `layout` ("auto" detects it from the headers).

    Raises ImportFileError when no sheet has a header row or required columns are missing.
    """
    chosen: Layout | None = None if layout == layouts.AUTO else Layout(layout)
    first: ColumnMap | None = None
    rows: list[SourceRow] = []
    problems: list[Problem] = []
    # Sheet names are shown only when the workbook has several sheets.
    named = len(workbook.sheets) > 1
    for sheet in workbook.sheets:
        label = sheet.name if named else ""
        texts = [
            [cell_text(cell) for cell in row] for row in sheet.rows[: layouts.HEADER_SEARCH_ROWS]
        ]
        header_row = layouts.header_row_find(texts, kind=kind)
        if header_row is None:
            continue
        headers = texts[header_row]
        if chosen is None:
            chosen = layouts.layout_detect(headers, kind=kind)
        columns = layouts.columns_map(headers, kind=kind, layout=chosen, header_row=header_row)
        missing = layouts.missing_fields(columns, kind=kind)
        if missing:
            raise _missing_error(columns, kind=kind, sheet=label, missing=missing)
        first = first or columns
        problems += _formula_problems(sheet.formulas, columns, sheet=label)
        header_keys = [header_key(h) for h in headers]
        probe = next(iter(columns.columns))
        probe_key = header_key(columns.header(probe))
        field_at = {position: name for name, (position, _header) in columns.columns.items()}
        formula_cells: dict[int, set[str]] = {}
        for formula in sheet.formulas:
            if formula.column in field_at:
                formula_cells.setdefault(formula.row, set()).add(field_at[formula.column])
        for index in range(header_row + 1, len(sheet.rows)):
            raw = sheet.rows[index]
            cells = {
                name: raw[position] if position < len(raw) else ""
                for name, (position, _header) in columns.columns.items()
            }
            if all(cell_text(value) == "" for value in cells.values()):
                continue
            if (
                header_key(cell_text(cells[probe])) == probe_key
                and [header_key(cell_text(v)) for v in raw[: len(headers)]] == header_keys
            ):
                continue  # the header repeated (a printed list's page break)
            rows.append(
                SourceRow(
                    sheet=label,
                    number=index + 1,
                    cells=cells,
                    columns=columns,
                    formula_fields=frozenset(formula_cells.get(index + 1, ())),
                )
            )
    if first is None or chosen is None:
        examples = [
            layouts.field_header(kind=kind, layout=Layout.MINISTRY, field=f)
            for f in layouts.REQUIRED[kind]
        ]
        raise ImportFileError(
            _(
                "No header row found in the first %(n)s rows: a list of %(kind)s needs columns "
                "such as %(examples)s."
            )
            % {
                "n": layouts.HEADER_SEARCH_ROWS,
                "kind": layouts.KIND_LABELS[kind],
                "examples": ", ".join(examples),
            },
            {"expected": examples},
        )
    return Table(kind=kind, layout=chosen, columns=first, rows=rows, problems=problems)


def _formula_problems(formulas: list[Formula], columns: ColumnMap, *, sheet: str) -> list[Problem]:
    by_position = dict(columns.columns.values())
    problems = []
    for formula in formulas:
        below_header = formula.row > columns.header_row + 1
        column = (by_position.get(formula.column) if below_header else None) or column_letter(
            formula.column
        )
        problems.append(
            Problem(
                row=formula.row,
                column=column,
                value=formula.text,
                message=_("the cell holds a formula (%(formula)s); paste values only.")
                % {"formula": formula.text},
                sheet=sheet,
            )
        )
    return problems
