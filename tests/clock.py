"""The instant every test starts at unless it says otherwise (see `_pinned_clock` in conftest.py).

Module-level constants such as `TODAY` are computed from this, never from the real clock: a module is
imported before any test pins the time. CI's second run sets PORTAL_TEST_NOW to a year that no
holiday calendar covers, so tests relative to TEST_TODAY must hold on any day.
"""

import datetime
import os

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def instant(value: str) -> datetime.datetime:
    """An ISO date-time; Asia/Shanghai when it names no zone."""
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


TEST_NOW = instant(os.environ.get("PORTAL_TEST_NOW") or "2026-12-07T10:00:00")
TEST_TODAY = TEST_NOW.date()
