"""A schema's shape, normalised so two schemas can be compared object for object."""

from django.db import connection


def schema_shape(schema: str) -> dict[str, list[tuple[object, ...]]]:
    """Tables, columns, constraints, indexes, functions, triggers, sequences and row counts of
    `schema`, with the schema's own name replaced by a marker."""

    def norm(value: object) -> object:
        if isinstance(value, str):
            return value.replace(f'"{schema}".', "S.").replace(f"{schema}.", "S.")
        return value

    queries = {
        "columns": (
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND a.attnum > 0 "
            "AND NOT a.attisdropped"
        ),
        "constraints": (
            "SELECT c.relname, con.contype, pg_get_constraintdef(con.oid), con.condeferrable, "
            "con.condeferred FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
            "WHERE con.connamespace = %s::regnamespace"
        ),
        "indexes": ("SELECT indexdef FROM pg_indexes WHERE schemaname = %s"),
        "functions": (
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p "
            "WHERE p.pronamespace = %s::regnamespace"
        ),
        "triggers": (
            "SELECT pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal"
        ),
        "sequences": (
            "SELECT sequencename, data_type, start_value, increment_by, last_value "
            "FROM pg_sequences WHERE schemaname = %s"
        ),
    }
    shape: dict[str, list[tuple[object, ...]]] = {}
    with connection.cursor() as cursor:
        for key, sql in queries.items():
            cursor.execute(sql, [schema])
            shape[key] = sorted(tuple(norm(v) for v in row) for row in cursor.fetchall())
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
            [schema],
        )
        rows = []
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
            rows.append((table, cursor.fetchone()[0]))
        shape["rows"] = sorted(rows)
    return shape
