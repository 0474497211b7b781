"""The notice's answer period on the kernel's clock (`workdays.clock`): N working days (the jurisdiction's
督办答复时限, default 5) from the day it was issued, or from the day the office returned the answer; the day
itself not counted (民法典第二百零一条). It runs while the department has to answer (待答复, 退回重新整改)."""

from workdays import clock as kernel
from workdays.choices import ClockUnit

from .choices import OPEN_STATUSES

LABEL = "答复期限"


def statutory_clock(notice) -> kernel.StatutoryClock:
    return kernel.StatutoryClock(
        start=notice.period_started_on,
        unit=ClockUnit.WORKING_DAYS,
        limit=notice.answer_days,
        jurisdiction=notice.jurisdiction_id,
        label=LABEL,
    )


def refresh(notice) -> None:
    """Set (not save) the due date of the current round; none once the department has answered."""
    if notice.status in OPEN_STATUSES:
        kernel.store(notice, statutory_clock(notice).compute())
    else:
        kernel.store(notice, kernel.ClockResult(None, None, False, None))


def refresh_complaint(complaint) -> None:
    """A complaint is due the jurisdiction's 投诉举报办理时限 working days after it was received; none once answered."""
    if complaint.status == "received":
        kernel.store(complaint, kernel.StatutoryClock(
            start=complaint.received_on, unit=ClockUnit.WORKING_DAYS, limit=complaint.answer_days,
            jurisdiction=complaint.jurisdiction_id, label="办理期限",
        ).compute())
    else:
        kernel.store(complaint, kernel.ClockResult(None, None, False, None))
