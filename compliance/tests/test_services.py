import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance import services
from disclosures.models import Disclosure, JobHeartbeat
from disclosures.tests.factories import draft, in_state
from notifications.models import Notification

TODAY = datetime.date(2026, 11, 23)  # a Monday


def overdue_records(org, n, *, department=None, clerk=None):
    """n unpublished records whose due date has passed (formed long before TODAY)."""
    records = [
        draft(clerk or org.clerk, department or org.department, title=f"逾期{i}", formed_on=datetime.date(2026, 8, 3))
        for i in range(n)
    ]
    return records


def test_flags_each_overdue_record_once_and_notifies_its_department(org, mailoutbox, django_capture_on_commit_callbacks):
    late = overdue_records(org, 3)
    other_late = overdue_records(org, 1, department=org.other_department, clerk=org.other_clerk)
    on_time = draft(org.clerk, org.department, title="未到期", formed_on=datetime.date(2026, 11, 20))
    published_late = in_state(org, "published", formed_on=datetime.date(2026, 8, 3))

    with django_capture_on_commit_callbacks(execute=True):
        result = services.flag_overdue(today=TODAY)

    assert result.count == 4
    assert result.departments == {org.department.pk: 3, org.other_department.pk: 1}
    flagged = set(Disclosure.objects.filter(overdue_flagged_at__isnull=False).values_list("pk", flat=True))
    assert flagged == {r.pk for r in late + other_late}
    assert on_time.pk not in flagged and published_late.pk not in flagged
    # clerks and reviewers of each department, one message each
    recipients = set(Notification.objects.filter(kind="overdue").values_list("user__username", flat=True))
    assert recipients == {"clerk", "clerk_b", "reviewer", "reviewer_b", "clerk2", "reviewer2"}
    message = Notification.objects.get(user=org.clerk)
    assert "3 条" in message.title and org.department.name in message.title
    assert message.url.endswith(f"?department={org.department.pk}")
    assert len(mailoutbox) == 2  # one e-mail per department
    assert JobHeartbeat.objects.get(name="flag_overdue").last_result["flagged"] == 4


def test_second_run_flags_nothing_and_notifies_nobody(org, django_capture_on_commit_callbacks):
    overdue_records(org, 2)
    services.flag_overdue(today=TODAY)
    stamps = list(Disclosure.objects.order_by("pk").values_list("overdue_flagged_at", flat=True))
    notifications = Notification.objects.count()
    again = services.flag_overdue(today=TODAY)
    assert again.count == 0
    assert list(Disclosure.objects.order_by("pk").values_list("overdue_flagged_at", flat=True)) == stamps
    assert Notification.objects.count() == notifications


def test_newly_overdue_records_are_flagged_on_a_later_run(org):
    overdue_records(org, 1)
    services.flag_overdue(today=TODAY)
    overdue_records(org, 2)
    assert services.flag_overdue(today=TODAY).count == 2


@pytest.mark.parametrize("job", [services.flag_overdue, services.warn_due_soon])
def test_jobs_are_set_based_query_count_does_not_grow_with_records(org, job):
    def queries_for(n):
        Disclosure.objects.update(overdue_flagged_at=None, due_soon_notified_at=None)
        Notification.objects.all().delete()
        JobHeartbeat.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            result = job(today=TODAY)
        assert result.count == n
        return len(ctx.captured_queries)

    # records that are overdue for one job, due within 3 working days for the other
    formed = datetime.date(2026, 8, 3) if job is services.flag_overdue else datetime.date(2026, 10, 27)
    for i in range(3):
        draft(org.clerk, org.department, title=f"甲{i}", formed_on=formed)
    draft(org.other_clerk, org.other_department, title="乙", formed_on=formed)
    few = queries_for(4)
    for i in range(30):
        draft(org.other_clerk, org.other_department, title=f"乙{i}", formed_on=formed)
        draft(org.town_clerk, org.town_department, title=f"丙{i}", formed_on=formed)
    many = queries_for(64)
    assert many == few  # more records and more departments, the same statements


def test_a_change_that_restarts_the_clock_clears_the_overdue_flag(org):
    from disclosures import services as kernel

    (record,) = overdue_records(org, 1)
    services.flag_overdue(today=TODAY)
    record.refresh_from_db()
    assert record.overdue_flagged_at is not None
    kernel.disclosure_update(
        disclosure=record, actor=org.clerk, expected_version=record.lock_version, formed_on=timezone.localdate()
    )
    record.refresh_from_db()
    assert record.overdue_flagged_at is None


def test_due_soon_warns_once_within_three_working_days(org):
    # 20 working days after 2026-10-27 is 2026-11-24: due within 3 working days of Monday 11-23.
    soon = draft(org.clerk, org.department, title="临期", formed_on=datetime.date(2026, 10, 27))
    later = draft(org.clerk, org.department, title="还早", formed_on=datetime.date(2026, 11, 20))
    assert soon.due_on == datetime.date(2026, 11, 24)
    first = services.warn_due_soon(today=TODAY)
    assert first.count == 1
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.due_soon_notified_at is not None and later.due_soon_notified_at is None
    assert Notification.objects.filter(kind="due_soon", user=org.clerk).count() == 1
    assert services.warn_due_soon(today=TODAY).count == 0
    assert Notification.objects.filter(kind="due_soon", user=org.clerk).count() == 1


def test_flag_overdue_command_prints_the_count(org, capsys):
    overdue_records(org, 2)
    call_command("flag_overdue")
    assert "新标记逾期 2 条" in capsys.readouterr().out
    call_command("flag_overdue")
    assert "新标记逾期 0 条" in capsys.readouterr().out
