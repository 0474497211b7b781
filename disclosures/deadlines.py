"""Working-day arithmetic on the official Chinese calendar.

`due_on` is the Nth working day after the formation/change date; the start day itself is not
counted (民法典 第二百零一条), so a start on a holiday simply counts from the next working day.
Years the `chinese-calendar` package does not know are computed with weekends only and the result
is flagged as estimated — never silently assumed to be exact.
"""

import datetime
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class DueDate:
    due_on: datetime.date
    estimated: bool


def is_workday(day: datetime.date) -> tuple[bool, bool]:
    """(is it a working day, is that an estimate)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: datetime.date, days: int) -> DueDate:
    if days < 1:
        raise ValueError("days must be at least 1")
    current = start
    counted = 0
    estimated = False
    while counted < days:
        current += datetime.timedelta(days=1)
        workday, guessed = is_workday(current)
        estimated = estimated or guessed
        if workday:
            counted += 1
    return DueDate(due_on=current, estimated=estimated)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current)[0]:
            count += 1
    return count
