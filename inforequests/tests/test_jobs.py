"""The daily rules (视为放弃, silent consultations) as the Celery job and as a command that re-runs a missed
day (--as-of), and the kernel's due-soon warning telling the handling clerks of their requests."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compliance import services as compliance
from core.models import JobHeartbeat
from inforequests import services, tasks
from inforequests.choices import Status
from notifications.models import Notification
from tests.clock import instant

from .test_rules import D, assigned

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-26T08:00")]


def _correcting(org):
    request = assigned(org)
    services.request_correction(request=request, actor=org.clerk, on=D(2026, 9, 30), content="请写明文号。",
                                deadline=D(2026, 10, 20))
    return request


def test_the_job_runs_the_day_it_is_given_and_records_its_run(org):
    request = _correcting(org)
    assert tasks.daily_rules("2026-10-20") == {"abandoned": 0, "consultations_closed": 0}
    assert tasks.daily_rules() == {"abandoned": 1, "consultations_closed": 0}  # today, 2026-10-26
    request.refresh_from_db()
    assert (request.status, request.closed_on) == (Status.ABANDONED, D(2026, 10, 26))
    assert JobHeartbeat.objects.get(name="daily_rules").last_result["as_of"] == "2026-10-26"


def test_a_missed_day_is_run_again_with_as_of(org, capsys):
    request = _correcting(org)
    call_command("inforequest_daily", "--as-of", "2026-10-21")
    assert "视为放弃 1 件" in capsys.readouterr().out
    request.refresh_from_db()
    assert request.closed_on == D(2026, 10, 21)  # the day the rule applied, not the day it ran


@pytest.mark.parametrize("as_of", ["2026-10-27", "2026/10/21"])
def test_a_bad_or_future_day_is_refused(org, as_of):
    with pytest.raises(CommandError):
        call_command("inforequest_daily", "--as-of", as_of)


def test_the_handling_clerks_hear_of_a_request_due_within_three_working_days(org, _pinned_clock):
    request = assigned(org)  # due Fri 2026-10-30: 4 working days after Mon 2026-10-26 — not yet
    compliance.warn_due_soon()
    assert not Notification.objects.filter(kind="inforequest.due_soon").exists()
    _pinned_clock.move_to(instant("2026-10-27T08:00"))
    compliance.warn_due_soon()
    compliance.warn_due_soon()  # once
    notices = Notification.objects.filter(kind="inforequest.due_soon").order_by("user__username")
    assert [notice.user.username for notice in notices] == ["clerk", "clerk_b"]  # the department's clerks
    assert {notice.title for notice in notices} == {f"依申请公开即将到期：{request.number}，答复期限 2026-10-30"}
    request.refresh_from_db()
    assert request.due_soon_notified_at is not None
