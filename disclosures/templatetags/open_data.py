"""`{% export_links "projects:export" query %}`: the 导出 line under a public list (CSV, Excel, JSON)."""

from django import template
from django.urls import reverse

register = template.Library()

LABELS = [("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON")]


@register.inclusion_tag("disclosures/_export_links.html")
def export_links(url_name: str, query: str = "", *args):
    """Links to the list's exports with the reader's current filters (`query`, without page)."""
    suffix = f"?{query}" if query else ""
    return {
        "links": [(reverse(url_name, args=[*args, fmt]) + suffix, label, fmt) for fmt, label in LABELS],
    }
