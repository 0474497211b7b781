from celery import shared_task
from django.conf import settings

from core import export_files

from . import exports


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
