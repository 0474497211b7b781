"""The request's statutory clock, on the kernel's `workdays.clock` (the one clock every case type uses):
the answer period of 第三十三条 (20 工作日) from the receipt (第三十一条) or the 补正 (第三十条), stopped by
consultations (第三十三条第三款) and the fee notice (国办函〔2020〕109号), lengthened once by an approved
extension (第三十三条第二款); and the two deadlines around it: the 补正 notice (7 工作日, 第三十条) and the
fee payment (20 工作日)."""

import datetime

from workdays import clock as kernel
from workdays.choices import ClockUnit
from workdays.services import add_working_days

from . import rules
from .choices import Status

LABEL = "答复期限"


def statutory_clock(request) -> kernel.StatutoryClock | None:
    """The answer clock, or None while it has not started (receipt not confirmed, 补正 not yet arrived)."""
    start = request.clock_start
    if start is None or request.pk is None:
        return None
    return kernel.StatutoryClock(
        start=start,
        unit=ClockUnit.WORKING_DAYS,
        limit=rules.ANSWER_DAYS,
        jurisdiction=request.jurisdiction_id,
        pauses=kernel.pauses_of(request),
        extensions=kernel.extensions_of(request),
        label=LABEL,
    )


def working_days_after(day: datetime.date, days: int, jurisdiction) -> datetime.date:
    return add_working_days(day, days, jurisdiction).due_on


def refresh(request) -> None:
    """Recompute and set (not save) the request's dates: the 补正 notice deadline and the answer period."""
    request.correction_notice_due = (
        working_days_after(request.received_on, rules.CORRECTION_NOTICE_DAYS, request.jurisdiction_id)
        if request.received_on else None
    )
    clock = statutory_clock(request)
    if clock is None or request.status in (Status.CORRECTING, Status.UNCONFIRMED):
        kernel.store(request, kernel.ClockResult(None, None, False, None))
        return
    kernel.store(request, clock.compute())


def explain(request) -> list[str]:
    """How the answer period was counted, in Chinese, step by step (the staff page and the status page)."""
    if request.status == Status.UNCONFIRMED:
        return ["申请尚待确认收到，确认后起算答复期限（《政府信息公开条例》第三十一条）。"]
    if request.status == Status.CORRECTING:
        return [
            f"{request.correction_requested_on:%Y-%m-%d} 已告知补正，答复期限自收到补正之日起计算"
            f"（《政府信息公开条例》第三十条）。补正期限 {request.correction_deadline:%Y-%m-%d}。"
        ]
    clock = statutory_clock(request)
    if clock is None:
        return []
    lines = clock.compute().explain()
    if request.correction_received_on:
        lines.insert(0, f"{request.correction_received_on:%Y-%m-%d} 收到补正，答复期限自此起算（《政府信息公开条例》第三十条）。")
    return lines
