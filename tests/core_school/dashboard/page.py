"""Read the dashboard's tables as a person would: the text of each cell, row by row."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    """The rows (lists of cell texts) of every <table> that has a data-testid."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("data-testid")
            if self._table:
                self.found[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.found[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """{data-testid: rows of cell texts}, header and footer rows included."""
    parser = _Tables()
    parser.feed(html)
    return parser.found
