"""Writes to the catalogue. The admin's save_model calls these; every change leaves an audit row."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.caching import public_pages_changed
from core.models import AuditEntry

from .models import CatalogueEntry
from .policies import can_edit_catalogue

# Fields whose changes are audited (everything the office can edit).
AUDITED_FIELDS = tuple(
    field.name for field in CatalogueEntry._meta.concrete_fields if field.editable and not field.primary_key
)


@transaction.atomic
def catalogue_entry_save(
    *, actor, entry: CatalogueEntry, changed_fields: Iterable[str] | None = None
) -> AuditEntry | None:
    """
    Validate and save `entry`, then append one audit row with each changed field's [old, new].

    `changed_fields` narrows what is compared (the admin passes `form.changed_data`); None compares
    every audited field. Old values come from the database row, not from the caller. Returns the
    audit row, or None when an update changed nothing.
    """
    if actor is not None and not can_edit_catalogue(actor):
        raise PermissionDenied("只有政务公开办可以修改标准目录。")
    fields = [f for f in (AUDITED_FIELDS if changed_fields is None else changed_fields) if f in AUDITED_FIELDS]
    previous = None
    if entry.pk is not None:
        previous = CatalogueEntry.objects.select_for_update().filter(pk=entry.pk).first()
    entry.full_clean()
    entry.save()
    public_pages_changed()  # the public 标准目录 page shows it
    if previous is None:
        action = "catalogue.create"
        changes = {f: [None, getattr(entry, f)] for f in fields}
    else:
        action = "catalogue.update"
        changes = {
            f: [getattr(previous, f), getattr(entry, f)] for f in fields if getattr(previous, f) != getattr(entry, f)
        }
        if not changes:
            return None
    return audit.record(None, action=action, actor=actor, data={"entry": entry.code, "changes": changes})
