"""Inserting many rows at once: what QuerySet.bulk_create writes, in a fraction of its time, with every
reference checked once per batch instead of once per row.

A foreign key of PostgreSQL is a pair of per-row triggers: each inserted row queues a
`SELECT 1 FROM referenced WHERE id = $1 FOR KEY SHARE` that runs at commit (Django makes them deferred).
For a school-year of marks that is 450,000 look-ups of the same 1,000 students, 15 subjects and 5 periods:
1.3 s of an import, and three quarters of the time of loading the demo's marks. `write_rows` checks each
foreign-key column once per batch instead: one query per column looks up (and on PostgreSQL locks
FOR KEY SHARE until the transaction ends, as the triggers would) the distinct values the batch used; a
value that is missing raises IntegrityError and nothing of the batch stays. The database's foreign keys
are kept: every other write is checked by them as before. Only when the batch check proves everything the
triggers would (see `_triggers_redundant`) and the role may set `session_replication_role` (a superuser,
or PostgreSQL 15's `GRANT SET ON PARAMETER session_replication_role`) are the triggers skipped for the
COPY itself; otherwise they run as well, and the batch is checked twice.
"""

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter

from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

ROWS_PER_CALL = 20_000
# A batch this small (a cell of the journal) is checked first and then inserted: no savepoint, no COPY and no
# switching of the triggers, which would cost a save ten round trips for its one row.
FEW_ROWS = 100
# Fields whose database form differs from the Python value; the others are passed as they are.
CONVERTED = (
    models.JSONField,
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.DecimalField,
    models.UUIDField,
    models.BinaryField,
    models.GenericIPAddressField,
)
# Triggers that fire on INSERT (pg_trigger.tgtype's bit) and the one a foreign key adds to its table.
INSERT_TRIGGER = 4
FK_CHECK = "RI_FKey_check_ins"
POSITIVE = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)


def insert_rows(model, rows: list[dict], *, same: dict | None = None, using: str | None = None) -> None:
    """INSERT rows given as {attname: value}, every row naming the same fields; primary keys are not read.

    bulk_create builds a model instance per row and compiles an INSERT per 90 rows on SQLite (its limit of 999
    parameters); for a school-year of marks and their audit entries (75,000 rows each) that was most of an
    import's time. `same` holds values every row shares (converted once); fields the rows leave out take
    their default (evaluated once per call, as auto_now is); each value goes through its field's own
    conversion where the database form differs. Like bulk_create, no save() and no signals; unlike it, the
    references are checked at once (`write_rows`), not at commit.
    """
    if not rows:
        return
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    given = [field for field in fields if field.attname in rows[0]]
    rest = [field for field in fields if field.attname not in rows[0]]
    shared = {field.attname: _default(field) for field in rest} | (same or {})
    constant = tuple(_converter(field, connection)(shared[field.attname]) for field in rest)
    values = _converted(rows, given, connection)
    names = [field.attname for field in given + rest]
    complete = (row + constant for row in values)
    write_rows(model, names, list(complete) if len(rows) <= FEW_ROWS else complete, using=alias)


def _converted(rows: list[dict], fields: list, connection) -> Iterator[tuple]:
    """Each row's values of `fields` as a tuple, converted where the field's database form differs."""
    names = [field.attname for field in fields]
    pick = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    converters = [(n, _converter(f, connection)) for n, f in enumerate(fields) if isinstance(f, CONVERTED)]
    if not converters:
        return map(pick, rows)
    return (_apply(list(pick(row)), converters) for row in rows)


def _apply(values: list, converters: list) -> tuple:
    for position, convert in converters:
        values[position] = convert(values[position])
    return tuple(values)


def write_rows(model, names: Sequence[str], rows: Iterable[Sequence], *, using: str | None = None) -> int:
    """INSERT rows given as sequences of values in their database form, in the order of the attnames `names`;
    returns how many. Streamed (COPY on PostgreSQL, executemany per 20,000 rows on SQLite): a generator of
    millions of rows is never held whole, but it must not query the database while it runs (COPY holds the
    connection). Every foreign key among the columns is checked once for the whole batch (module docstring);
    the batch is its own atomic block, so a missing reference leaves nothing of it behind.
    """
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    references = _References(model, names)
    table = model._meta.db_table
    if isinstance(rows, list) and len(rows) <= FEW_ROWS:
        return _write_few(connection, table, references, rows)
    with transaction.atomic(using=alias):
        connection.ensure_connection()
        rows = references.noting(rows)
        with connection.wrap_database_errors:  # the driver's own errors as Django's, as a cursor would raise them
            if connection.vendor == "postgresql":
                count = _copy(connection, table, references.columns, rows, references.checked)
            else:
                count = _executemany(connection, table, references.columns, rows)
        references.check(connection)
    return count


class _References:
    """The distinct values each foreign-key column of a batch took, and their check against the tables they
    refer to: one query per column instead of one trigger per row and column."""

    def __init__(self, model, names: Sequence[str]):
        by_name = {field.attname: field for field in model._meta.concrete_fields}
        self.table = model._meta.db_table
        self.columns = [by_name[name].column for name in names]  # a field may have its own db_column
        self.fields = [(n, by_name[name]) for n, name in enumerate(names) if _is_checked_reference(by_name[name])]
        self.checked = [field.column for _n, field in self.fields]
        self.seen: list[set] = [set() for _ in self.fields]

    def noting(self, rows: Iterable[Sequence]) -> Iterator[Sequence]:
        adders = [(position, seen.add) for (position, _field), seen in zip(self.fields, self.seen, strict=True)]
        for row in rows:
            for position, add in adders:
                add(row[position])
            yield row

    def check(self, connection) -> None:
        for seen in self.seen:
            seen.discard(None)  # a NULL refers to nothing, as for the triggers
        pairs = [(field, seen) for (_position, field), seen in zip(self.fields, self.seen, strict=True) if seen]
        if connection.vendor == "postgresql":
            found = _existing_together(connection, pairs)
        else:
            found = [_existing(connection, field, seen) for field, seen in pairs]
        for (field, seen), existing in zip(pairs, found, strict=True):
            missing = seen - existing
            if missing:
                raise IntegrityError(self._message(field, missing))

    def _message(self, field, missing: set) -> str:
        """Worded like the database's own foreign-key error (which is not translated either): the importer shows
        it after its translated "The data conflicts with what is stored"."""
        shown = ", ".join(str(value) for value in sorted(missing, key=str)[:10])
        target = field.related_model._meta.db_table
        return f"{self.table}.{field.column} refers to rows of {target} that do not exist: {shown}."


def _is_checked_reference(field) -> bool:
    return isinstance(field, models.ForeignKey) and field.db_constraint  # a OneToOneField is one too


def _existing(connection, field, values: set) -> set:
    """Which of `values` the referenced column holds; on PostgreSQL their rows are locked FOR KEY SHARE, so that
    none can be deleted (or its key changed) before this transaction ends, exactly as the triggers lock them."""
    if not values:
        return set()
    quote = connection.ops.quote_name
    table, column = quote(field.related_model._meta.db_table), quote(field.target_field.column)
    select = f"SELECT {column} FROM ONLY {table} WHERE {column} "  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(select + "= ANY(%s) FOR KEY SHARE", [list(values)])
            return {value for (value,) in cursor.fetchall()}
        return _existing_in_chunks(cursor, select.replace(" ONLY ", " "), list(values), connection)


def _existing_together(connection, pairs: list) -> list[set]:
    """PostgreSQL: `_existing` of every column at once, in one statement (a CTE per column, each locking its
    rows FOR KEY SHARE), since a save of one mark has six references to check and each query is a round trip."""
    if not pairs:
        return []
    quote, parts, params = connection.ops.quote_name, [], []
    for field, seen in pairs:
        table, column = quote(field.related_model._meta.db_table), quote(field.target_field.column)
        parts.append(f"SELECT {column} AS found FROM ONLY {table} WHERE {column} = ANY(%s) FOR KEY SHARE")  # noqa: S608
        params.append(list(seen))
    ctes = ", ".join(f"c{n} AS ({part})" for n, part in enumerate(parts))
    # One array per column, so that each keeps its own type; names from the models, never input.
    arrays = ", ".join(f"(SELECT array_agg(found) FROM c{n})" for n in range(len(parts)))  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} SELECT {arrays}", params)
        return [set(values or ()) for values in cursor.fetchone()]


def _existing_in_chunks(cursor, select: str, values: list, connection) -> set:
    """SQLite: IN lists within its limit of parameters (it locks the whole file while writing anyway)."""
    found, step = set(), connection.features.max_query_params
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        cursor.execute(f"{select}IN ({', '.join(['%s'] * len(chunk))})", chunk)
        found.update(value for (value,) in cursor.fetchall())
    return found


def _write_few(connection, table: str, references: "_References", rows: list[Sequence]) -> int:
    """A few rows: their references checked (and locked) in one query before anything is written, then one
    INSERT in its own atomic block (a constraint the check does not cover, NOT NULL say, must leave the
    caller's transaction usable). The foreign-key triggers run at commit as for any other write: for a few
    rows they cost no round trip."""
    for _row in references.noting(rows):
        pass
    references.check(connection)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in references.columns)
    sql = f"INSERT INTO {quote(table)} ({listed}) VALUES ({', '.join(['%s'] * len(references.columns))})"  # noqa: S608
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def _executemany(connection, table: str, columns: list[str], rows: Iterable[Sequence]) -> int:
    """SQLite: executemany through the driver itself, per 20,000 rows."""
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    sql = f"INSERT INTO {quote(table)} ({listed}) VALUES ({', '.join(['?'] * len(columns))})"  # noqa: S608
    count, rows = 0, iter(rows)
    while batch := list(itertools.islice(rows, ROWS_PER_CALL)):
        connection.connection.executemany(sql, batch)
        count += len(batch)
    return count


def _copy(connection, table: str, columns: list[str], rows: Iterable[Sequence], checked: list[str]) -> int:
    """PostgreSQL's COPY, through the driver's own cursor (inside the current transaction), with the per-row
    foreign-key triggers skipped when the batch check makes them redundant and the role may skip them."""
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    count, sql = 0, f"COPY {quote(table)} ({listed}) FROM STDIN"
    with references_checked(connection, table, checked), connection.connection.cursor() as cursor:  # noqa: SIM117
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


@contextmanager
def references_checked(connection, table: str, checked: Sequence[str]):
    """Within the block, writes to `table` skip PostgreSQL's per-row foreign-key triggers of the `checked`
    columns, where that is redundant and allowed (`_triggers_redundant`): for a batch whose references were
    checked at once, or rows that an INSERT … SELECT takes from the referenced tables themselves. SET LOCAL:
    a rollback undoes it too. Elsewhere, or when not allowed, nothing changes."""
    skip = connection.vendor == "postgresql" and _triggers_redundant(connection, table, list(checked))
    if skip:
        _replication_role(connection, "replica")
    yield
    if skip:
        _replication_role(connection, "origin")


def _replication_role(connection, role: str) -> None:
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('session_replication_role', %s, true)", [role])


def _triggers_redundant(connection, table: str, checked: list[str]) -> bool:
    """Whether the COPY may run with session_replication_role = replica: the role may set it, nothing set it
    already, and every trigger that fires on INSERT into the table is the check trigger of a one-column
    foreign key whose column the batch check covers. Anything else (a trigger of the project's own, a
    deferrable unique constraint's recheck, a foreign key over two columns, a rule) keeps the triggers on."""
    privilege = (
        "has_parameter_privilege('session_replication_role', 'SET')"
        if connection.pg_version >= 150000
        else "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT current_setting('session_replication_role') = 'origin' AND {privilege}
            AND NOT EXISTS (SELECT 1 FROM pg_rewrite WHERE ev_class = %s::regclass AND rulename <> '_RETURN')
            AND NOT EXISTS (
                SELECT 1 FROM pg_trigger t LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint AND c.contype = 'f'
                WHERE t.tgrelid = %s::regclass AND t.tgtype & {INSERT_TRIGGER} <> 0
                AND NOT COALESCE(t.tgfoid = '"{FK_CHECK}"'::regproc AND cardinality(c.conkey) = 1
                    AND (SELECT attname FROM pg_attribute WHERE attrelid = t.tgrelid AND attnum = c.conkey[1])
                        = ANY(%s), false))""",  # noqa: S608 - no user input
            [table, table, list(checked)],
        )
        return bool(cursor.fetchone()[0])


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
    return field.get_default()


def _converter(field, connection):
    if isinstance(field, models.JSONField):
        # The text both backends would store (Django dumps with the field's encoder); on PostgreSQL a string
        # is also what COPY takes fastest, instead of a Jsonb wrapper dumped again for every row.
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    if isinstance(field, CONVERTED):
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _same(value):
    return value


def add_to_rows(
    model,
    rows: dict[tuple, tuple],
    *,
    key: Sequence[str],
    added: Sequence[str],
    replaced: Sequence[str] = (),
    empty: Sequence[str] = (),
    using: str | None = None,
) -> None:
    """Add counts to summary rows: `INSERT … ON CONFLICT (key) DO UPDATE SET n = table.n + excluded.n`.

    rows maps each key (the values of the columns `key`, a unique constraint of the table) to the deltas of the
    columns `added`, followed by the values of the columns `replaced` (taken as they are, e.g. as_of). Rows are
    written in the order of their keys, so two writers adding to the same rows wait for each other instead of
    deadlocking, and neither's counts are lost: the addition happens in the database on the row it locks, never
    by a read followed by a write. A row whose deltas are all zero is skipped. Afterwards, a row that lost some
    of its `empty` counts and has none of them left is deleted, as a rebuild from the facts would not have it.
    Runs on PostgreSQL and SQLite (3.24 and later)."""
    width = len(added)
    changed = sorted((k, v) for k, v in rows.items() if any(v[:width]))
    if not changed:
        return
    table, quote = model._meta.db_table, connections[using or router.db_for_write(model)].ops.quote_name
    columns = [*key, *added, *replaced]
    # The delta goes to the update as its own parameter: a row to insert is checked against the table's CHECK
    # constraints (n >= 0) before its conflict is found, so a negative delta is inserted as 0, which is right
    # where the row is new (a count only falls on a row that has it).
    updates = [f"{quote(c)} = {quote(table)}.{quote(c)} + %s" for c in added]
    updates += [f"{quote(c)} = excluded.{quote(c)}" for c in replaced]
    floor = [isinstance(model._meta.get_field(c), POSITIVE) for c in added]
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(map(quote, key))}) DO UPDATE SET {', '.join(updates)}"
    )
    positions = [added.index(c) for c in empty]
    shrunk = [k for k, v in changed if any(v[p] < 0 for p in positions)]
    with connections[using or router.db_for_write(model)].cursor() as cursor:
        params = [(*k, *_floored(v[:width], floor), *v[width:], *v[:width]) for k, v in changed]
        cursor.executemany(sql, params)
        if shrunk:
            where = " AND ".join([f"{quote(c)} = %s" for c in key] + [f"{quote(c)} = 0" for c in empty])
            cursor.executemany(f"DELETE FROM {quote(table)} WHERE {where}", shrunk)  # noqa: S608


def _floored(deltas: Sequence, floor: Sequence[bool]) -> list:
    return [max(delta, 0) if positive else delta for delta, positive in zip(deltas, floor, strict=True)]
