"""Insert many rows with PostgreSQL's COPY: several times faster than bulk_create for the
tens of thousands of derived rows a school's results produce."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def copy_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY `rows` (tuples in the order of `fields`, attribute names) into `model`'s table.

    Runs on the current connection, so in the current school's schema (django-tenants sets the
    search_path on the cursor). Row triggers fire as for INSERT. Returns the number of rows.
    """
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    # NOTE: .cursor is the psycopg cursor behind Django's wrapper.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
