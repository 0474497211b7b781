from celery import shared_task

from . import services


@shared_task(name="backups.tasks.backup", time_limit=6 * 3600)
def backup() -> dict:
    """Nightly: dump the database and archive the attachments into PORTAL_BACKUP_DIR, verify, prune
    (services.backup_run). A failure records a failed heartbeat and notifies the office."""
    return services.backup_run()
