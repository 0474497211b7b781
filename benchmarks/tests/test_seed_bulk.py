"""`seed_bulk`: the benchmark archive is realistic, indexed exactly as the portal indexes, and searchable."""

import pytest
from django.core.management import call_command
from django.db import connection

from disclosures.choices import Status
from disclosures.models import Disclosure, SearchChunk
from disclosures.search import index_record
from disclosures.selectors import search_public


def chunk_rows(record):
    return list(SearchChunk.objects.filter(disclosure=record).order_by("position").values_list("position", "text", "lexemes"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_seed_bulk_builds_records_and_the_same_search_index_as_the_portal():
    from catalogue.seed import load_seed

    load_seed()  # an earlier transactional test may have flushed the catalogue the records point to
    before = Disclosure.objects.count()
    call_command("seed_bulk", records=400, processes=2, not_production=True, verbosity=0)
    seeded = Disclosure.objects.filter(created_by__username="bulk_loader")
    assert seeded.count() == 400 and Disclosure.objects.count() == before + 400
    assert set(seeded.values_list("domain", flat=True)) == {"projects", "resources", "welfare"}
    assert seeded.filter(status=Status.PUBLISHED).count() > 300
    assert seeded.exclude(status=Status.PUBLISHED).exists()
    assert seeded.values("department").distinct().count() > 10
    assert seeded.filter(catalogue_entry__isnull=False).exists()

    # written in the order an archive grows: a record formed later has a higher id (the table is in that order)
    formed = list(seeded.exclude(published_at=None).order_by("pk").values_list("formed_on", flat=True))
    assert formed == sorted(formed) and formed[0] < formed[-1]

    public = [record for record in seeded.select_related("department").order_by("pk") if record.is_public]
    assert SearchChunk.objects.filter(disclosure__in=seeded).count() == len(public)
    assert not SearchChunk.objects.filter(disclosure__in=seeded.exclude(status=Status.PUBLISHED)).exists()
    for record in public[:60]:  # rebuilt by the portal's own indexer: the very same rows
        stored = chunk_rows(record)
        index_record(record)
        assert chunk_rows(record) == stored, record.pk

    record = max(public, key=lambda r: (r.published_at, r.pk))  # a common title is capped to the newest matches
    assert record in search_public(record.title[:6])
    with connection.cursor() as cursor:  # the indexes dropped for the load are back
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'disclosures_%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"searchchunk_lexemes_gin", "disclosure_public_recent", "searchchunk_record"} <= names


def test_seed_bulk_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_bulk", records=10)
