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
    write_rows(model, names, (row + constant for row in values), using=alias)


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
        for (_position, field), seen in zip(self.fields, self.seen, strict=True):
            seen.discard(None)  # a NULL refers to nothing, as for the triggers
            missing = seen - _existing(connection, field, seen)
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


def _existing_in_chunks(cursor, select: str, values: list, connection) -> set:
    """SQLite: IN lists within its limit of parameters (it locks the whole file while writing anyway)."""
    found, step = set(), connection.features.max_query_params
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        cursor.execute(f"{select}IN ({', '.join(['%s'] * len(chunk))})", chunk)
        found.update(value for (value,) in cursor.fetchall())
    return found


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
