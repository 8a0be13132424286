"""Copying the template schema into a new school's schema, fast.

django-tenants' `clone_schema` (pg-clone-schema) rediscovers the template from the catalogue,
object by object, in PL/pgSQL on every call (≈ 0.5 s for our 59 tables). The template only
changes when migrations run, so we read it once per migration state into a script of plain
statements — tables (`LIKE … INCLUDING ALL`: columns, defaults, identity, checks, indexes),
foreign keys, trigger functions, triggers, rows and sequence positions — and replay that script
for each new school in one round trip.

`tests/tenants/test_clone.py` proves the result equals django-tenants' own clone, object for
object, and `tests/benchmarks/bench_provision.py` measures both.
"""

import threading

from django.db import connection

_PLACEHOLDER = "\x00TARGET\x00"
_scripts: dict[tuple[str, tuple[int, int]], str] = {}
_lock = threading.Lock()


def template_fingerprint(source: str) -> tuple[int, int]:
    """The migration state of the template `source` (count and last id of its migrations)."""
    with connection.cursor() as cursor:
        return _fingerprint(cursor, source)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fingerprint(cursor: object, source: str) -> tuple[int, int]:
    """The template's migration state: its structure changes only when a migration runs."""
    cursor.execute(  # type: ignore[attr-defined]
        f"SELECT count(*), coalesce(max(id), 0) FROM {_quote(source)}.django_migrations"  # noqa: S608 - quoted schema name
    )
    count, last = cursor.fetchone()  # type: ignore[attr-defined]
    return int(count), int(last)


def _requalify(text: str, source: str) -> str:
    """Point a definition printed by PostgreSQL at the target schema instead of the source."""
    return text.replace(f"{source}.", f"{_PLACEHOLDER}.").replace(
        f"{_quote(source)}.", f"{_PLACEHOLDER}."
    )


def _tables_in_order(tables: list[str], references: dict[str, set[str]]) -> list[str]:
    """Tables with the ones they refer to first (a cycle keeps its alphabetical order)."""
    ordered: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(table: str) -> None:
        if table in placed or table in visiting:
            return
        visiting.add(table)
        for parent in sorted(references.get(table, ())):
            place(parent)
        visiting.discard(table)
        placed.add(table)
        ordered.append(table)

    for table in tables:
        place(table)
    return ordered


def _script_statements(cursor: object, source: str) -> list[str]:
    """Every statement that rebuilds `source` in a schema named by the placeholder."""
    run = cursor.execute  # type: ignore[attr-defined]
    rows = cursor.fetchall  # type: ignore[attr-defined]
    qs = _quote(source)
    statements = [f"CREATE SCHEMA {_PLACEHOLDER}"]

    run(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace "
        "AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [source],
    )
    tables = [name for (name,) in rows()]

    # Constraints are written inside each CREATE TABLE (much cheaper than one ALTER TABLE per
    # constraint): primary keys, unique and exclusion constraints keep their names (and so
    # their index names, which later migrations refer to); foreign keys too.
    run(
        "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), "
        "r.relname FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
        "LEFT JOIN pg_class r ON r.oid = con.confrelid AND r.relnamespace = con.connamespace "
        "WHERE con.connamespace = %s::regnamespace AND con.contype IN ('p', 'u', 'x', 'f') "
        "ORDER BY con.contype DESC, c.relname, con.conname",
        [source],
    )
    constraints: dict[str, list[tuple[str, str, str, str | None]]] = {}
    references: dict[str, set[str]] = {}
    for table, name, kind, definition, parent in rows():
        constraints.setdefault(table, []).append((name, kind, definition, parent))
        if kind == "f" and parent and parent != table:
            references.setdefault(table, set()).add(parent)
    created: set[str] = set()
    late: list[str] = []
    for table in _tables_in_order(tables, references):
        parts = [f"LIKE {qs}.{_quote(table)} INCLUDING ALL EXCLUDING INDEXES"]
        for name, kind, definition, parent in constraints.get(table, []):
            text = f"CONSTRAINT {_quote(name)} " + _requalify(definition, source)
            if kind == "f" and parent and parent != table and parent not in created:
                late.append(f"ALTER TABLE {_PLACEHOLDER}.{_quote(table)} ADD {text}")
            else:
                parts.append(text)
        statements.append(f"CREATE TABLE {_PLACEHOLDER}.{_quote(table)} ({', '.join(parts)})")
        created.add(table)
    statements += late

    run(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = %s::regnamespace AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) "
        "ORDER BY c.relname",
        [source],
    )
    statements += [_requalify(definition, source) for (definition,) in rows()]

    # Functions before triggers (the pgtrigger/pghistory trigger functions live in the schema).
    run(
        "SELECT pg_get_functiondef(p.oid) FROM pg_proc p "
        "WHERE p.pronamespace = %s::regnamespace AND p.prokind = 'f' ORDER BY p.proname",
        [source],
    )
    statements += [_requalify(definition, source) for (definition,) in rows()]

    # Rows (the template holds the national subject catalogue, roles and content types), parents
    # first; Django's foreign keys are deferred to the commit anyway. Before the triggers, so
    # copying makes no history rows.
    for table in _tables_in_order(tables, references):
        statements.append(
            f"INSERT INTO {_PLACEHOLDER}.{_quote(table)} SELECT * FROM {qs}.{_quote(table)}"  # noqa: S608 - names from the catalogue, quoted
        )

    run(
        "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal ORDER BY t.tgname",
        [source],
    )
    statements += [_requalify(definition, source) for (definition,) in rows()]

    # Identity sequences: the template's type (LIKE makes them bigint) and position.
    run(
        "SELECT c.relname, a.attname, s.schemaname || '.' || s.sequencename, s.data_type "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_sequences s ON format('%%I.%%I', s.schemaname, s.sequencename)::regclass "
        "  = pg_get_serial_sequence(format('%%I.%%I', %s, c.relname), a.attname)::regclass "
        "WHERE c.relnamespace = %s::regnamespace AND a.attidentity <> '' ORDER BY 1, 2",
        [source, source],
    )
    for table, column, sequence, data_type in rows():
        target_sequence = f"pg_get_serial_sequence('{_PLACEHOLDER}.{_quote(table)}', '{column}')"
        if data_type != "bigint":
            name = _requalify(sequence, source)
            statements.append(f"ALTER SEQUENCE {name} AS {data_type}")
        statements.append(
            f"SELECT setval({target_sequence}, last_value, is_called) FROM {sequence}"  # noqa: S608 - from the catalogue
        )
    return statements


def schema_clone(*, source: str, target: str) -> None:
    """Create schema `target` as a copy of `source` (structure and rows), in the caller's
    transaction. `target` must be a validated schema name (see tenants.models.SLUG_PATTERN)."""
    with connection.cursor() as cursor:
        key = (source, _fingerprint(cursor, source))
        script = _scripts.get(key)
        if script is None:
            with _lock:
                script = _scripts.get(key) or ";\n".join(_script_statements(cursor, source))
                _scripts.clear()
                _scripts[key] = script
        cursor.execute(script.replace(_PLACEHOLDER, _quote(target)))
