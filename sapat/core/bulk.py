"""Inserting many rows at once: what QuerySet.bulk_create writes, in a fraction of its time."""

from django.db import connections, models, router
from django.utils import timezone

ROWS_PER_CALL = 5000
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


def insert_rows(model, rows: list[dict], *, same: dict | None = None, using: str | None = None) -> None:
    """INSERT rows given as {attname: value}: COPY on PostgreSQL, executemany per 5,000 rows on SQLite; primary
    keys are not read.

    bulk_create builds a model instance per row and compiles an INSERT per 90 rows on SQLite (its limit of 999
    parameters); for a school-year of marks and their audit entries (75,000 rows each) that was most of an
    import's time. `same` holds values every row shares (converted once); fields a row leaves out take their
    default (evaluated once per call, as auto_now is); each value goes through its field's own conversion
    where the database form differs. Like bulk_create, no save() and no signals.
    """
    if not rows:
        return
    connection = connections[using or router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    shared = {field.attname: _default(field) for field in fields} | (same or {})
    shared = {field.attname: _converter(field, connection)(shared[field.attname]) for field in fields}
    converters = [_converter(field, connection) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    pairs = [(field.attname, convert, shared[field.attname]) for field, convert in zip(fields, converters, strict=True)]
    values = [[convert(row[name]) if name in row else value for name, convert, value in pairs] for row in rows]
    if connection.vendor == "postgresql":
        _copy(connection, model._meta.db_table, columns, values)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(values), ROWS_PER_CALL):
            cursor.executemany(sql, values[start : start + ROWS_PER_CALL])


def _copy(connection, table: str, columns: str, values: list) -> None:
    """PostgreSQL's COPY, through the driver's own cursor (inside the current transaction)."""
    connection.ensure_connection()
    quoted = connection.ops.quote_name(table)
    with connection.connection.cursor() as cursor, cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
    return field.get_default()


def _converter(field, connection):
    if isinstance(field, CONVERTED):
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _same(value):
    return value
