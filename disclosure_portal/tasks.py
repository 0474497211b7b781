"""The project's own scheduled jobs: those that read every app, at the top of the layers (disclosure_portal/bulk.py)."""

from celery import shared_task

from disclosures.services import job_heartbeat_record

from . import bulk

BULK_HEARTBEAT = "write_bulk_downloads"


@shared_task(name="disclosure_portal.tasks.write_bulk_downloads", time_limit=3600)
def write_bulk_downloads() -> dict:
    """Nightly: every public dataset written as gzip CSV / JSON Lines with its sha256 (bulk.write_all), then
    switched in whole. Safe to run twice. Returns {file name: rows}."""
    manifest = bulk.write_all()
    result = {name: entry["rows"] for name, entry in manifest["files"].items()}
    job_heartbeat_record(name=BULK_HEARTBEAT, result={"files": len(result), "rows": result})
    return result
