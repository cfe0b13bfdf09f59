"""Bulk loading with PostgreSQL COPY, one table at a time, with a progress line per table.

Rows are tuples in the order of the columns a caller names. Every other concrete column gets
the model's default (a fresh UUID per row where the default is uuid4), so the loader never
depends on defaults the database does not know about.
"""

import json
import sys
import time
import uuid

from django.db import connection, models
from django.utils import timezone
from psycopg import sql


class Loader:
    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    def reserve_ids(self, model, n: int) -> int:
        """First id of a block of `n` ids; the table's sequence is moved past the block."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(sql.Identifier(table))
            )
            start = max(cursor.fetchone()[0], self._sequence_value(cursor, table)) + 1
            if n:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + n - 1]
                )
        return start

    @staticmethod
    def _sequence_value(cursor, table: str) -> int:
        # pg_sequences shows no last value until the sequence has been used once.
        cursor.execute(
            "SELECT COALESCE(s.last_value, 0) FROM pg_sequences s"
            " WHERE quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename)"
            " = pg_get_serial_sequence(%s, 'id')",
            [table],
        )
        row = cursor.fetchone()
        return row[0] if row else 0

    def _fillers(self, model, given: list[str]):
        """(column, value-or-callable) for every concrete column the caller left out."""
        fill = []
        for field in model._meta.concrete_fields:
            if field.attname in given or field.primary_key:
                continue
            if field.has_default():
                default = field.default
                if default is uuid.uuid4:
                    fill.append((field.column, uuid.uuid4))
                    continue
                value = default() if callable(default) else default
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self.now
            elif field.null:
                value = None
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
            if isinstance(field, models.JSONField):
                value = json.dumps(value)
            fill.append((field.column, value))
        return fill

    def copy(self, model, columns: list[str], rows, *, label: str | None = None) -> int:
        """COPY `rows` (an iterable of tuples matching `columns`) into the model's table."""
        started = time.monotonic()
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields}
        db_columns = [fields[c].column for c in columns]
        fillers = self._fillers(model, columns)
        constant = tuple(v for _, v in fillers if not callable(v))
        per_row = [v for _, v in fillers if callable(v)]
        names = db_columns + [c for c, v in fillers if not callable(v)]
        names += [c for c, v in fillers if callable(v)]
        quoted = ", ".join(f'"{name}"' for name in names)
        sql = f'COPY "{meta.db_table}" ({quoted}) FROM STDIN'
        n = 0
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                if per_row:
                    copy.write_row(row + constant + tuple(make() for make in per_row))
                else:
                    copy.write_row(row + constant)
                n += 1
        self.report(label or meta.db_table, n, started)
        return n

    def copy_through(self, through, left: str, right: str, pairs, *, label: str) -> int:
        """COPY (left_id, right_id) pairs into a many-to-many table."""
        return self.copy(through, [f"{left}_id", f"{right}_id"], pairs, label=label)

    def report(self, label: str, n: int, started: float) -> None:
        took = max(time.monotonic() - started, 1e-6)
        self.counts[label] = self.counts.get(label, 0) + n
        self.out.write(f"  {label:<40} {n:>10,} rows {took:7.1f} s {n / took:>10,.0f} rows/s\n")
        self.out.flush()
