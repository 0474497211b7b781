"""
Partial indexes of what the public lists read: published, not 不予公开, newest first — overall, per
domain and per domain and category, ordered (published_at DESC, id DESC) like the lists. On
PostgreSQL they carry (INCLUDE) the columns the lists filter on, so a page's ids — even page 500's —
come from an index-only scan (disclosures.pagination). Built CONCURRENTLY: no lock on a live table.

Raw SQL rather than Meta.indexes: INCLUDE and CONCURRENTLY are PostgreSQL's, SQLite gets the plain
partial index; the ORM never names these indexes.
"""

from django.db import migrations

PUBLIC = "status = 'published' AND NOT (disclosure_mode = 'not_disclosed')"
INDEXES = [
    ("disclosure_public_recent", "published_at DESC, id DESC", "domain, category, department_id, jurisdiction_id"),
    ("disclosure_public_domain", "domain, published_at DESC, id DESC", "category, department_id, jurisdiction_id"),
    ("disclosure_public_category", "domain, category, published_at DESC, id DESC", "department_id, jurisdiction_id"),
]


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, columns, include in INDEXES:
        if postgres:
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON disclosures_disclosure ({columns}) "
                f"INCLUDE ({include}) WHERE {PUBLIC}"
            )
        else:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON disclosures_disclosure ({columns}) WHERE {PUBLIC}")


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY

    dependencies = [("disclosures", "0007_pii_override")]

    operations = [migrations.RunPython(create, drop)]
