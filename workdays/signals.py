"""Signals of the calendar. `calendar_changed` is sent inside the transaction that changed it.

Receivers take `actor` and `reason` and return how many stored dates they moved (an int). The statutory
clock (`workdays.clock.recompute_on_calendar_change`) receives it and has every registered case type
recompute its due dates, so the calendar never imports a case type.
"""

from django.dispatch import Signal

calendar_changed = Signal()
