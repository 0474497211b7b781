"""
The audit log (操作留痕) as a platform service: one writer for every row, and the label registry.

Every case type writes its trail through `record` (or `entry` + `record_many` for a batch), and
registers how its rows read (`register_labels`). The log points at any object (its `subject`): a
published record today; an information request or a supervision notice next. Rows about no single
object (a catalogue change, an import, a subject's edit) have no subject and say what they touched in
`data`. The table is append-only (core.models.AuditEntry).
"""

from collections.abc import Iterable

from . import audit_labels
from .models import AuditEntry

register_labels = audit_labels.register


def actor_name(actor) -> str:
    """The name the row keeps (it stays readable if the account is renamed); "系统" for a job."""
    return (actor.get_full_name() or actor.get_username()) if actor else "系统"


def entry(subject, *, action: str, actor, from_status="", to_status="", comment="", data=None) -> AuditEntry:
    """An unsaved row: `action` is dotted (`disclosure.submit`); `subject` the object it is about, or None."""
    return AuditEntry(
        subject=subject,
        action=action,
        actor=actor,
        actor_name=actor_name(actor),
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data or {},
    )


def record(subject, *, action: str, actor, from_status="", to_status="", comment="", data=None) -> AuditEntry:
    """Append one row to the trail."""
    row = entry(
        subject, action=action, actor=actor, from_status=from_status, to_status=to_status, comment=comment, data=data
    )
    row.save()
    return row


def record_many(rows: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Append rows built with `entry` in one INSERT (a batch job)."""
    return AuditEntry.objects.bulk_create(list(rows))
