"""Signals of the calendar. `calendar_changed` is sent inside the transaction that changed it.

Receivers take `actor` and `reason` and return how many stored dates they moved (an int); the app
that stores due dates (the publication kernel) connects to it, so the calendar never imports it.
"""

from django.dispatch import Signal

calendar_changed = Signal()
