"""The office dashboard's counts read their own covering indexes, index-only, on PostgreSQL (issue 24: at a
million records the counts had fallen back to the table — 1.5 s — once they also compared the hour clock
`due_at` and counted 主动公开 only; migration disclosures/0020)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance import selectors
from disclosures.tests.factories import draft, published
from workdays.services import WorkCalendar

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plans_of_the_dashboard_counts(user) -> list[str]:
    filterset, records = selectors.dashboard_records(user, {})
    assert filterset.is_valid(), filterset.errors
    with CaptureQueriesContext(connection) as queries:
        selectors.dashboard_stats(records, today=timezone.localdate(), calendar=WorkCalendar.load())
    plans = []
    with connection.cursor() as db:
        # A handful of rows: tell the planner a scan of the table costs, so that only an index that holds
        # every column the query reads gives a plan without one (on a tiny table it would scan it anyway).
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            db.execute(f"SET LOCAL {setting} = off")
        # Nor another index on so few rows: with the statistics earlier tests of the process left, the planner
        # once read the published records through the published_at index. The table's other indexes are
        # dropped inside the test's transaction (rolled back with it), constraints' indexes kept: what is left
        # is a covering index, read index-only, or the table itself.
        db.execute(
            """SELECT index.relname FROM pg_index entry JOIN pg_class index ON index.oid = entry.indexrelid
            WHERE entry.indrelid = 'disclosures_disclosure'::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = entry.indexrelid)
            AND index.relname NOT LIKE 'disclosure_unpublished_due%%' AND index.relname <> 'disclosure_published_counts'"""
        )
        for (name,) in db.fetchall():
            db.execute(f'DROP INDEX "{name}"')
        for query in queries.captured_queries:
            if query["sql"].startswith("SELECT") and "COUNT(" in query["sql"]:
                db.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in db.fetchall()))
    return plans


def test_the_overdue_and_publication_counts_are_index_only(org):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    draft(org.clerk, org.department, title="尚未公开")
    published(org, title="已经公开")
    plans = plans_of_the_dashboard_counts(org.office)
    pending = [plan for plan in plans if "disclosure_unpublished_due" in plan]
    counted = [plan for plan in plans if "disclosure_published_counts" in plan]
    assert pending and all("Index Only Scan using disclosure_unpublished_due" in plan for plan in pending), plans
    assert counted and all("Index Only Scan using disclosure_published_counts" in plan for plan in counted), plans
