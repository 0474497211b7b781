"""The office's 依申请公开 board (seed 002 §五(二): 至少每2个工作日检查待办申请): what needs action now, each
list with the rule it applies, and the 第四十四条 list — information given out 予以公开 to two or more
applicants, which may be published of the office's own motion."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from workdays.services import current_calendar

from .choices import OPEN_STATUSES, ReplyType, Status

DUE_SOON_DAYS = 3
UNASSIGNED_DAYS = 2


@dataclass
class Section:
    key: str
    title: str
    rule: str
    requests: list


def _normalise(text: str) -> str:
    """The information asked for, for matching requests: without spaces and punctuation."""
    return re.sub(r"[\s\W_]+", "", text or "").lower()


def board(requests, *, today=None, jurisdiction=None) -> list[Section]:
    """The sections of the board over `requests` (the user's scope)."""
    today = today or timezone.localdate()
    calendar = current_calendar()
    horizon = calendar.add_working_days(today, DUE_SOON_DAYS, jurisdiction).due_on
    waiting_since = calendar.working_day_before(today, UNASSIGNED_DAYS, jurisdiction)
    open_requests = requests.filter(status__in=OPEN_STATUSES).select_related("department")
    sections = [
        Section("overdue", "逾期未答复", "答复期限已过仍未答复（《政府信息公开条例》第三十三条）。",
                list(open_requests.filter(due_on__lt=today).order_by("due_on"))),
        Section("due_soon", f"{DUE_SOON_DAYS}个工作日内到期", f"答复期限在今天至 {horizon:%Y-%m-%d} 之间。",
                list(open_requests.filter(due_on__range=(today, horizon)).order_by("due_on"))),
        Section("unassigned", f"待分办超过{UNASSIGNED_DAYS}个工作日", f"收到申请日期在 {waiting_since:%Y-%m-%d} 或之前仍未分办。",
                list(requests.filter(status=Status.RECEIVED, received_on__lte=waiting_since).order_by("received_on"))),
        Section("unconfirmed", "待确认收到", "在线、平常信函、传真提交的申请，与申请人确认后起算（第三十一条）。",
                list(requests.filter(status=Status.UNCONFIRMED).order_by("submitted_at"))),
        Section("paused", "暂停计时", "征求第三方或其他机关意见中（第三十三条第三款）。",
                list(open_requests.filter(status=Status.HANDLING, due_on__isnull=True).order_by("received_on"))),
        Section("awaiting_fee", "待缴费", "已发出收费通知，收到通知次日起20个工作日内未缴纳的视为放弃申请。",
                list(requests.filter(status=Status.AWAITING_FEE).order_by("fee_deadline"))),
        Section("extension", "待批准延期", "承办单位申请延长答复期限，须在期限届满前由工作机构负责人批准（第三十三条第二款）。",
                list(open_requests.filter(extension_requested_on__isnull=False, extended=False).order_by("due_on"))),
    ]
    return sections


def disclosed_to_several(requests) -> list[dict]:
    """第四十四条: information answered 予以公开 (or 部分公开) to two or more applicants — what was asked, how
    often, the requests — for the office to consider publishing of its own motion."""
    answered = requests.filter(Q(reply_type=ReplyType.DISCLOSED) | Q(reply_type=ReplyType.PARTLY),
                               status=Status.ANSWERED).select_related("department").order_by("replied_on", "pk")
    groups: dict[str, list] = {}
    for request in answered:
        groups.setdefault(_normalise(request.description), []).append(request)
    return [
        {"description": items[0].description, "requests": items, "department": items[-1].department}
        for items in groups.values() if len(items) >= 2
    ]
