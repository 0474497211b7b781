"""The kernel's answers to other apps' signals."""

from . import services


def recompute_due_dates_on_calendar_change(sender, *, actor=None, reason: str = "", **kwargs) -> int:
    """The office changed the holiday calendar: move the due dates of unpublished records now.

    Runs inline in the calendar's transaction (no worker or broker needed), so `load_calendar` and
    the admin report how many due dates moved, and a failure leaves the calendar unchanged too.
    """
    return services.disclosure_recompute_due_dates(actor=actor, reason=reason)
