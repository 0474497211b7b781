"""The only way name lists leave the building: masked, and only during their 公示期."""

from dataclasses import dataclass, field

from django.utils import timezone

from .masking import mask_id_number, mask_name, mask_phone
from .models import NameList, Scope


@dataclass(frozen=True)
class PublicNameList:
    scope: str
    scope_label: str
    scope_description: str
    notice_days: int
    notice_ends_on: object
    ended: bool
    rows: list[dict] = field(default_factory=list)
    show_amount: bool = True

    @property
    def on_public_site(self) -> bool:
        return self.scope == Scope.PUBLIC and not self.ended


def masked_rows(name_list: NameList) -> list[dict]:
    return [
        {
            "position": index,
            "name": mask_name(entry.name),
            "id_number": mask_id_number(entry.id_number),
            "phone": mask_phone(entry.phone),
            "locality": entry.locality,
            "household_size": entry.household_size,
            "amount": str(entry.amount) if (entry.amount is not None and name_list.show_amount) else "",
            "note": entry.note,
        }
        for index, entry in enumerate(name_list.entries.all(), start=1)
    ]


def public_name_list(disclosure) -> PublicNameList | None:
    """What a citizen may see of a record's list: nothing for unpublished records, no rows after the
    公示期 or for a list meant for a specific area (that one is printed for the village 公示栏)."""
    try:
        name_list = disclosure.name_list  # selected with the record by the kernel's detail selector
    except NameList.DoesNotExist:
        return None
    if not disclosure.shows_content:
        return None
    ends_on = name_list.notice_ends_on
    ended = name_list.ended_at is not None or (ends_on is not None and ends_on < timezone.localdate())
    rows = [] if ended or name_list.scope != Scope.PUBLIC else masked_rows(name_list)
    return PublicNameList(
        scope=name_list.scope,
        scope_label=name_list.get_scope_display(),
        scope_description=name_list.scope_description,
        notice_days=name_list.notice_days,
        notice_ends_on=ends_on,
        ended=ended,
        rows=rows,
        show_amount=name_list.show_amount,
    )


def printable_name_list(name_list: NameList) -> dict:
    """The notice for the village 公示栏 (staff only): masked as well, with its scope printed on it."""
    return {
        "name_list": name_list,
        "record": name_list.disclosure,
        "rows": masked_rows(name_list),
        "scope": name_list.scope_description or name_list.get_scope_display(),
        "notice_ends_on": name_list.notice_ends_on,
    }
