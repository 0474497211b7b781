"""
The base of every ModelAdmin of the portal.

Django's changelist answers a filter value it cannot use (`?jurisdiction__id__exact=abc`) with a
redirect to `?e=1`, but only for the errors its own filters catch. A custom list filter that passes the
value on (`?department=abc` → ValueError), a date-hierarchy year past 9999 (`?formed_on__year=99999999999`
→ OverflowError, which Django does not catch) or a date lookup the database only evaluates when the
list is counted were 500s. `PortalChangeList` turns those into the same redirect.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.utils.html import format_html

# What a value from the query string can raise while the list is filtered, counted and paged.
BAD_LOOKUP_ERRORS = (ValueError, OverflowError, ValidationError)


class PortalChangeList(ChangeList):
    def __init__(self, *args, **kwargs):
        # Filtering (custom list filters, the date hierarchy) and the count both run in here.
        try:
            super().__init__(*args, **kwargs)
        except BAD_LOOKUP_ERRORS as exc:
            raise IncorrectLookupParameters(exc) from exc


class PortalModelAdmin(admin.ModelAdmin):
    """admin.ModelAdmin whose changelist redirects to `?e=1` on any unusable filter value."""

    def get_changelist(self, request, **kwargs):
        return PortalChangeList


def adopt_saved(obj, saved) -> None:
    """Make the admin's unsaved `obj` the row a service created (`saved`): its field values and its saved
    state, so that the admin's message, log entry and redirect name the new row. Admins that create
    through a service (never `obj.save()`) call this from `save_model`."""
    for field in type(saved)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


def compact_date(day) -> str:
    """A date in a list column: 2026-12-06 on one line (Django's 2026年12月6日 wraps in narrow columns), or —."""
    if day is None:
        return "—"
    return format_html('<span class="nowrap">{}</span>', day.isoformat())
