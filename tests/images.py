"""Data built once per test process (or module) and copied into each test's database.

Some test data takes long to build through the services: the demo county (`seed_demo`, seconds), the
conftest county (`org`, asked for by two thirds of the tests) and the scenarios a module's tests all
read. Such data is built once, outside any test, under what a test gets from the root conftest (the
pinned clock, the test settings); its rows are read from the database as the driver returns them, and
the build is rolled back. A test that asks for the data gets those rows written into its own database,
inside its transaction (rolled back with it) or committed for a transactional test (flushed after it),
and its clock moves on by the time the build took, as if it had built the data itself. Nothing passes
through the models on the way back (no `auto_now`, no signals, no services): the rows are the ones the
build wrote.

- `DatabaseImage`: every row of every table (the demo replaces the whole database).
- `RowsImage`: the rows a build added or changed (the county, and a module's scenario on top of it).
- `TablesImage`: some tables as the migrations left them (the seeded 标准目录), put back after a flush.

The fixtures are in the root conftest: `demo_image`/`demo_county`, `org_image`/`org`,
`module_image`/`restore_image`.

Ids need no care on PostgreSQL: a sequence is not rolled back, so every id handed out after the build
is past the image's. SQLite rolls its counters back with the build, so `RowsImage.capture` moves them
past the image's ids for good (`_keep_ids_ahead`); the whole-database `DatabaseImage` needs nothing,
as SQLite moves a counter up to an id inserted explicitly.
"""

import copy
import datetime
import fcntl
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.utils import timezone


@dataclass(frozen=True)
class TableImage:
    name: str
    columns: tuple[str, ...]
    pk: int  # index of the primary key in `columns`
    rows: list[tuple]


def read_tables(using: str = DEFAULT_DB_ALIAS) -> dict[str, TableImage]:
    """Every row of every table of an installed model (auto-created many-to-many tables included)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.db_table not in existing:
                continue
            if not router.allow_migrate_model(using, model) or meta.db_table in tables:
                continue
            columns = tuple(field.column for field in meta.local_concrete_fields)
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(meta.db_table)}")
            tables[meta.db_table] = TableImage(meta.db_table, columns, columns.index(meta.pk.column), cursor.fetchall())
    return tables


def _insert(cursor, connection, tables) -> None:
    quote = connection.ops.quote_name
    for table in tables:
        if table.rows:
            columns = ", ".join(map(quote, table.columns))
            values = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({values})", table.rows)


class DatabaseImage:
    """Every row of every table: `restore` empties the database and writes the image back.
    `duration`: how long the build took (see `shift_clock` in the root conftest)."""

    def __init__(self, tables: list[TableImage], using: str, duration: datetime.timedelta):
        self.tables = tables
        self.using = using
        self.duration = duration

    @classmethod
    def capture(cls, build: Callable[[], object], using: str = DEFAULT_DB_ALIAS) -> "DatabaseImage":
        """Run `build` in a transaction rolled back afterwards; the image is the database it leaves."""
        with transaction.atomic(using=using):
            started = timezone.now()
            build()
            duration = timezone.now() - started
            tables = list(read_tables(using).values())
            transaction.set_rollback(True, using=using)
        return cls(tables, using, duration)

    def restore(self) -> None:
        """In one transaction (a savepoint when the test runs in one). Foreign keys are checked at commit
        (Django creates them deferrable), so the order of the tables does not matter."""
        connection = connections[self.using]
        quote = connection.ops.quote_name
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table.name)}")
            _insert(cursor, connection, self.tables)
        # The content types now have the image's ids (they differ after a transactional test's flush).
        ContentType.objects.clear_cache()

    def advance_sequences(self) -> None:
        """PostgreSQL: every table's id sequence past the image's largest id (an image built by another
        process). SQLite moves its counters up to an id inserted explicitly: nothing to do."""
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in self.tables:
                if not table.rows:
                    continue
                largest = max(row[table.pk] for row in table.rows)
                if not isinstance(largest, int):
                    continue
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table.name, table.columns[table.pk]])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM " + sequence + ")))",
                                   [sequence, largest])


def shared_image(path: Path, build: Callable[[], "DatabaseImage"]) -> "DatabaseImage":
    """A `DatabaseImage` built once for the test processes of a run (pytest-xdist's workers): the first to
    ask builds it and writes it to `path` (the run's own temporary folder) under a lock; the others wait
    for the lock and read it. A process that reads it moves its own sequences past the image's ids: its
    database never handed them out, and a row a test creates after restoring the image must not take one."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            image = pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's own test process
            image.advance_sequences()
            return image
        image = build()
        path.write_bytes(pickle.dumps(image, protocol=pickle.HIGHEST_PROTOCOL))
        return image


class TablesImage:
    """Every row of some tables, with their ids, as they were when captured: `restore` writes them back
    into those tables after a transactional test's flush has emptied them. The seeded 标准目录 is one: the
    data migration loaded it, and loading it again from the seed files would give its rows new ids, which
    the images built before the flush do not know (their records point at the first ids)."""

    def __init__(self, tables: list[TableImage], using: str):
        self.tables = tables
        self.using = using

    @classmethod
    def capture(cls, models, using: str = DEFAULT_DB_ALIAS) -> "TablesImage":
        names = [model._meta.db_table for model in models]
        tables = read_tables(using)
        return cls([tables[name] for name in names], using)

    def restore(self) -> None:
        connection = connections[self.using]
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            _insert(cursor, connection, self.tables)


@dataclass(frozen=True)
class RowChange:
    """A row that was there before the build and that the build changed (`after`) or deleted (None)."""

    table: str
    columns: tuple[str, ...]
    pk: int
    before: tuple
    after: tuple | None


class RowsImage:
    """What `build` did to the database (the rows it added, and the few rows it changed, such as a
    counter), and what it returned: `restore` does it again and returns the test's own copy of the
    value. `duration`: how long the build took."""

    def __init__(self, added: list[TableImage], changed: list[RowChange], value, using: str, duration):
        self.added = added
        self.changed = changed
        self.value = value
        self.using = using
        self.duration: datetime.timedelta = duration

    @classmethod
    def capture(cls, build: Callable, *, given: Callable | None = None, using: str = DEFAULT_DB_ALIAS) -> "RowsImage":
        """Run `build` in a transaction rolled back afterwards: `build()`, or `build(given())` where
        `given` puts in place what the build builds on (another image's rows, not part of this one)."""
        with transaction.atomic(using=using):
            base = given() if given is not None else None
            before = read_tables(using)
            started = timezone.now()
            value = build() if given is None else build(base)
            duration = timezone.now() - started
            after = read_tables(using)
            transaction.set_rollback(True, using=using)
        added, changed = [], []
        for name, table in after.items():
            old = {row[table.pk]: row for row in before[name].rows}
            now = {row[table.pk]: row for row in table.rows}
            new = [row for key, row in now.items() if key not in old]
            if new:
                added.append(TableImage(name, table.columns, table.pk, new))
            for key, row in old.items():
                if now.get(key) != row:
                    changed.append(RowChange(name, table.columns, table.pk, row, now.get(key)))
        image = cls(added, changed, value, using, duration)
        image._keep_ids_ahead()
        return image

    def restore(self):
        """A row the build changed must be in the test's database as the build found it: the image
        holds what the build made of it from there, not what it would make of another value."""
        connection = connections[self.using]
        quote = connection.ops.quote_name
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            for change in self.changed:
                columns, key = change.columns, change.before[change.pk]
                where = f"FROM {quote(change.table)} WHERE {quote(columns[change.pk])} = %s"
                cursor.execute(f"SELECT {', '.join(map(quote, columns))} {where}", [key])
                found = cursor.fetchone()
                assert found == change.before, (
                    f"{change.table} {key} is {found} in this test's database, the image was built on {change.before}"
                )
                if change.after is None:
                    cursor.execute(f"DELETE {where}", [key])
                else:
                    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
                    cursor.execute(
                        f"UPDATE {quote(change.table)} SET {assignments} WHERE {quote(columns[change.pk])} = %s",
                        [*change.after, key],
                    )
            _insert(cursor, connection, self.added)
        return copy.deepcopy(self.value)

    def _keep_ids_ahead(self) -> None:
        """On SQLite, move each table's id counter past the image's ids (committed: it is not a test's),
        so that a row a test adds before restoring the image does not take one of them."""
        connection = connections[self.using]
        if connection.vendor != "sqlite":
            return
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            for table in self.added:
                top = max(row[table.pk] for row in table.rows)
                if not isinstance(top, int):
                    continue
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [top, table.name])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table.name, top])
