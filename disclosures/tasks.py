from celery import shared_task
from django.conf import settings

from core import export_files

from . import exports, search_help


@shared_task(name="disclosures.tasks.build_export", time_limit=settings.PORTAL_EXPORT_BUILD_TIMEOUT)
def build_export(job: dict) -> str | None:
    """Build one open-data export file (enqueued by the export views). Takes the job's description
    rather than an id: an export is named by its filters, not stored as a row. Safe to run twice."""
    path = export_files.build(export_files.ExportJob(**job), exports.write_job)
    return str(path) if path else None


@shared_task(name="disclosures.tasks.clean_exports")
def clean_exports() -> int:
    """Hourly: delete export files past their age or generation and what builds that died left behind."""
    return export_files.clean(generation=export_files.current_version())


@shared_task(name="disclosures.tasks.prune_search_terms")
def prune_search_terms() -> int:
    """Daily: delete the search-term counts older than search_help.KEEP_DAYS (the most searched terms read
    the last 30 days). Safe to run twice."""
    return search_help.search_terms_prune()


@shared_task(name="disclosures.tasks.flush_search_terms")
def flush_search_terms() -> int:
    """Each minute: write the search counts waiting in Redis to the table (search_help.search_terms_flush), so
    a search itself writes nothing. Safe to run twice."""
    return search_help.search_terms_flush()
