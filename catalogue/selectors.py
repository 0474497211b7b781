"""Reads of the catalogue shared by the public page, the admin and (later) the deadline rules."""

from django.db.models import QuerySet

from core.domains import all_domains
from core.models import AuditEntry

from .models import CatalogueEntry


def active_entries(domain: str | None = None) -> QuerySet[CatalogueEntry]:
    queryset = CatalogueEntry.objects.filter(is_active=True)
    if domain:
        queryset = queryset.filter(domain=domain)
    return queryset.order_by("domain", "ordering", "code")


def entries_for_category(domain: str, category: str) -> QuerySet[CatalogueEntry]:
    return active_entries(domain).filter(category=category)


def entry_history(entry: CatalogueEntry) -> QuerySet[AuditEntry]:
    """The audit rows of one entry, oldest first."""
    return AuditEntry.objects.filter(action__startswith="catalogue.", data__entry=entry.code).order_by("at", "pk")


def catalogue_tree(domain: str | None = None, *, entries: QuerySet[CatalogueEntry] | None = None) -> list[dict]:
    """
    Active entries (or the given, e.g. filtered, ones) grouped by domain (registry order) then category
    (choices order), in one query:
    [{"domain": Domain, "categories": [{"code", "label", "entries": [...]}, ...]}, ...].
    Empty groups are left out.
    """
    by_group: dict[tuple[str, str], list[CatalogueEntry]] = {}
    for entry in active_entries(domain) if entries is None else entries:
        by_group.setdefault((entry.domain, entry.category), []).append(entry)
    tree = []
    for item in all_domains():
        categories = [
            {"code": code, "label": label, "entries": by_group[(item.code, code)]}
            for code, label in item.category_choices
            if (item.code, code) in by_group
        ]
        if categories:
            tree.append({"domain": item, "categories": categories})
    return tree
