"""
The database side of a backup (issue 26): dumping, restoring and describing a database, PostgreSQL or SQLite,
given its Django settings dict (`settings.DATABASES[...]` or `dj_database_url.parse(url)`).

- PostgreSQL: `pg_dump --format=custom` and `pg_restore --no-owner`, run as subprocesses with the connection
  in libpq's environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE): a password never appears
  on a command line, where `ps` shows it (https://www.postgresql.org/docs/15/libpq-envars.html). The dump
  runs in a snapshot exported by a REPEATABLE READ transaction (`pg_export_snapshot()`, `pg_dump --snapshot`,
  https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-SNAPSHOT-SYNCHRONIZATION), and the row
  counts, migrations and audit digest of the manifest are read in that same transaction: they describe
  exactly what the dump holds, even while the portal keeps writing.
- SQLite (the embedded default): sqlite3's online backup API (https://www.sqlite.org/backup.html), a
  consistent copy of a live database; the manifest is read from the copy itself.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

AUDIT_TABLE = "disclosures_auditentry"  # core.AuditEntry, the append-only trail (全程留痕)
BATCH = 5000


class BackupError(Exception):
    """A backup or restore step failed; the message says which, in Chinese."""


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"不支持备份这种数据库：{engine}")


def libpq_env(settings_dict: dict, *, dbname: str | None = None) -> dict[str, str]:
    """The process environment with the connection in libpq's variables (the password included)."""
    env = dict(os.environ)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE"):
        env.pop(key, None)
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": dbname or settings_dict["NAME"],
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def pg_connect(settings_dict: dict, *, dbname: str | None = None, autocommit: bool = False) -> psycopg.Connection:
    return psycopg.connect(
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        dbname=dbname or settings_dict["NAME"],
        autocommit=autocommit,
    )


def run_tool(command: list[str], *, env: dict[str, str], what: str) -> None:
    """Run a PostgreSQL client tool; a missing tool or a non-zero exit is a BackupError with its stderr."""
    if shutil.which(command[0], path=env.get("PATH")) is None:
        raise BackupError(f"{what}失败：找不到 {command[0]}（请安装 PostgreSQL 客户端，Debian：postgresql-client）")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what}失败（{command[0]} 退出码 {done.returncode}）：" + " / ".join(detail))


# ---------------------------------------------------------------------------------------------
# What a database holds: tables and their rows, migrations, the audit trail's digest
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Description:
    tables: dict[str, int]  # every table (SQLite: but its own sqlite_*) → rows
    migrations: dict[str, list[str]]  # app → applied migrations, sorted
    audit: dict  # {"rows": n, "sha256": digest of every audit row's values in pk order}

    def as_dict(self) -> dict:
        return {"tables": self.tables, "migrations": self.migrations, "audit": self.audit}


def _row_line(row) -> bytes:
    return (json.dumps(list(row), ensure_ascii=False, sort_keys=True, default=str) + "\n").encode()


def _describe(cursor_factory, table_names: list[str], quote) -> Description:
    tables = {}
    for name in table_names:
        with cursor_factory() as cursor:
            cursor.execute(f"SELECT count(*) FROM {quote(name)}")
            tables[name] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        with cursor_factory() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
    digest, rows = hashlib.sha256(), 0
    if AUDIT_TABLE in tables:
        with cursor_factory(named=True) as cursor:
            cursor.execute(f"SELECT * FROM {quote(AUDIT_TABLE)} ORDER BY id")
            while batch := cursor.fetchmany(BATCH):
                for row in batch:
                    digest.update(_row_line(row))
                    rows += 1
    return Description(tables=tables, migrations=migrations, audit={"rows": rows, "sha256": digest.hexdigest()})


def describe_postgresql(connection: psycopg.Connection) -> Description:
    """Read in `connection`'s transaction (the dump's snapshot when called from `dump`)."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).fetchall()
    ]

    @contextmanager
    def cursor_factory(named: bool = False) -> Iterator:
        # A server-side cursor streams the audit trail (millions of rows at 1M records) in batches.
        cursor = connection.cursor(name="backup_audit") if named else connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    return _describe(cursor_factory, names, lambda name: sql.Identifier(name).as_string(connection))


def describe_sqlite(path: Path) -> Description:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]

        @contextmanager
        def cursor_factory(named: bool = False) -> Iterator:
            cursor = connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

        return _describe(cursor_factory, names, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        connection.close()


def describe(settings_dict: dict) -> Description:
    """What the database of `settings_dict` holds now."""
    if vendor_of(settings_dict) == "sqlite":
        return describe_sqlite(Path(settings_dict["NAME"]))
    with pg_connect(settings_dict) as connection:
        connection.read_only = True
        try:
            return describe_postgresql(connection)
        finally:
            connection.rollback()


# ---------------------------------------------------------------------------------------------
# Dump
# ---------------------------------------------------------------------------------------------
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def dump(settings_dict: dict, directory: Path, *, sqlite_connection=None) -> tuple[Path, Description, dict]:
    """Dump the database into `directory`; returns the file, what it holds and facts about the server.
    `sqlite_connection`: the live sqlite3 connection to copy from (Django's own, so an in-memory test
    database can be copied too); by default the file is opened."""
    vendor = vendor_of(settings_dict)
    target = directory / DUMP_FILES[vendor]
    if vendor == "sqlite":
        source = sqlite_connection or sqlite3.connect(settings_dict["NAME"])
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            if sqlite_connection is None:
                source.close()
        return target, describe_sqlite(target), {"vendor": vendor, "sqlite_version": sqlite3.sqlite_version}
    with pg_connect(settings_dict) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        try:
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            server = connection.execute("SHOW server_version").fetchone()[0]
            run_tool(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                env=libpq_env(settings_dict),
                what="数据库导出（pg_dump）",
            )
            description = describe_postgresql(connection)
        finally:
            connection.rollback()
    tool = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.strip()
    return target, description, {"vendor": vendor, "server_version": server, "pg_dump": tool}


# ---------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------
def is_empty(settings_dict: dict) -> bool:
    """No table in the database (PostgreSQL: in its current schema); a missing SQLite file is empty."""
    if vendor_of(settings_dict) == "sqlite":
        path = Path(settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return True
        connection = sqlite3.connect(path)
        try:
            return connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
        finally:
            connection.close()
    with pg_connect(settings_dict, autocommit=True) as connection:
        return not connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()[0]


def restore(dump_file: Path, settings_dict: dict, *, jobs: int = 1, clean: bool = False) -> None:
    """Load `dump_file` into the (existing, for PostgreSQL) database of `settings_dict`. `clean`: drop what
    the dump holds first (`pg_restore --clean --if-exists`; SQLite: the file is replaced)."""
    vendor = vendor_of(settings_dict)
    if dump_file.name != DUMP_FILES[vendor]:
        raise BackupError(f"备份是另一种数据库的（{dump_file.name}），不能恢复到 {vendor}")
    if vendor == "sqlite":
        target = Path(settings_dict["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        shutil.copyfile(dump_file, partial)
        os.replace(partial, target)
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--jobs={max(jobs, 1)}"]
    if clean:
        command += ["--clean", "--if-exists"]
    # --dbname names the database only; host, user and password come from the environment.
    run_tool([*command, f"--dbname={settings_dict['NAME']}", str(dump_file)], env=libpq_env(settings_dict),
             what="数据库恢复（pg_restore）")
