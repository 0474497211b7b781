import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance import services
from core.models import JobHeartbeat
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state
from notifications.models import Notification
from tests.clock import instant

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
    message = Notification.objects.get(user=org.clerk, kind="overdue")  # (workflow notices aside)
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


# ---------------------------------------------------------------------------------------------
# Two runs at once (issue 25 point 8)
# ---------------------------------------------------------------------------------------------
def test_a_run_while_another_holds_the_lock_does_nothing_and_says_so(org, monkeypatch, capsys):
    from compliance import tasks

    overdue_records(org, 2)
    monkeypatch.setattr(services, "job_lock", lambda name, started: False)
    result = services.flag_overdue(today=TODAY)
    assert result.skipped and result.count == 0
    assert not Disclosure.objects.filter(overdue_flagged_at__isnull=False).exists()
    assert not Notification.objects.exists() and not JobHeartbeat.objects.exists()
    assert tasks.flag_overdue()["skipped"]
    assert services.warn_due_soon(today=TODAY).skipped
    call_command("flag_overdue")
    assert "另一次逾期标记正在运行" in capsys.readouterr().out
    call_command("warn_due_soon")
    assert "另一次临期提醒正在运行" in capsys.readouterr().out


def test_a_run_that_waited_for_another_to_finish_gives_way(org):
    """SQLite runs one write transaction at a time: the second run waits at its start, then must not run."""
    from disclosures.services import job_lock

    overdue_records(org, 1)
    began = timezone.now() - datetime.timedelta(seconds=5)
    services.flag_overdue(today=TODAY)  # the other run, which finished after this one began
    with transaction.atomic():
        assert not job_lock(services.FLAG_OVERDUE, started=began)
        assert job_lock(services.FLAG_OVERDUE, started=timezone.now())


def test_the_task_says_what_it_flagged(org):
    from compliance import tasks

    overdue_records(org, 2)
    assert tasks.flag_overdue(today=TODAY.isoformat()) == {"flagged": 2}
    assert tasks.flag_overdue(today=TODAY.isoformat()) == {"flagged": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locked", [True, False], ids=["with-the-lock", "flagging-alone"])
def test_two_runs_at_once_flag_each_record_once_and_notify_each_department_once(org, monkeypatch, locked):
    """Two workers start the job together. The first holds its transaction open (it waits before
    notifying) while the second runs: with the lock the second does nothing; without it (the lock taken
    away) its UPDATE waits for the first's rows, re-checks them and flags none of them again."""
    late = overdue_records(org, 3)
    late += overdue_records(org, 2, department=org.other_department, clerk=org.other_clerk)
    if not locked:
        monkeypatch.setattr(services, "job_lock", lambda name, started: True, raising=False)
    one_finished = threading.Event()
    notify = services._notify_departments

    def notify_after_the_other_run(**kwargs):
        one_finished.wait(timeout=3)
        notify(**kwargs)

    monkeypatch.setattr(services, "_notify_departments", notify_after_the_other_run)
    results, errors = [], []

    def run():
        try:
            results.append(services.flag_overdue(today=TODAY))
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            one_finished.set()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(result.count for result in results) == [0, 5]
    if locked:
        assert sorted(result.skipped for result in results) == [False, True]
    stamps = set(Disclosure.objects.filter(pk__in=ids(late)).values_list("overdue_flagged_at", flat=True))
    assert len(stamps) == 1 and None not in stamps  # flagged once, by one run
    # one notice for each clerk and reviewer of the two departments (4 + 2), each sent once
    assert Notification.objects.filter(kind="overdue").count() == 6


# ---------------------------------------------------------------------------------------------
# Runs that beat skipped are caught up (issue 25 point 6)
# ---------------------------------------------------------------------------------------------
def ids(records) -> list[int]:
    return [record.pk for record in records]


def flagged_count(records) -> int:
    return Disclosure.objects.filter(pk__in=ids(records), overdue_flagged_at__isnull=False).count()


def beats(**last_runs):
    for name, at in last_runs.items():
        JobHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": instant(at)})


ON_TIME = {  # every scheduled job ran at its last time before Tuesday 2026-12-08 10:00
    "flag_overdue": "2026-12-08T09:45:02",  # every quarter of an hour (hour clocks)
    "warn_due_soon": "2026-12-08T08:00:01",
    "end_notice_periods": "2026-12-08T00:30:01",
    "expire_blacklist": "2026-12-08T00:40:01",
    "check_links": "2026-12-06T03:00:40",
}


def test_a_job_is_missed_once_its_time_is_past_the_grace_with_no_run_since(db):
    beats(**ON_TIME)
    assert services.missed_jobs(now=instant("2026-12-08T10:00")) == []
    beats(flag_overdue="2026-12-08T09:15:03")  # the 09:30 run never came
    assert services.missed_jobs(now=instant("2026-12-08T09:44")) == []  # beat's run may still be under way
    assert services.missed_jobs(now=instant("2026-12-08T09:46")) == ["compliance.tasks.flag_overdue"]
    # A daily job: today's 08:00 run never came.
    beats(flag_overdue="2026-12-08T08:00:02", warn_due_soon="2026-12-07T08:00:01")
    assert services.missed_jobs(now=instant("2026-12-08T08:14")) == []
    assert services.missed_jobs(now=instant("2026-12-08T08:16")) == ["compliance.tasks.warn_due_soon"]
    beats(flag_overdue="2026-12-08T09:45:02", warn_due_soon="2026-12-08T08:00:01",
          check_links="2026-11-29T03:00:40")  # a week without link checks
    assert services.missed_jobs(now=instant("2026-12-08T10:00")) == ["compliance.tasks.check_links"]
    JobHeartbeat.objects.filter(name="check_links").delete()  # never ran: left to beat
    assert services.missed_jobs(now=instant("2026-12-08T10:00")) == []


@pytest.mark.clock("2026-12-08T10:00")
def test_the_catch_up_runs_a_daily_job_beat_skipped(org):
    from compliance import tasks

    late = overdue_records(org, 2)
    beats(**ON_TIME | {"flag_overdue": "2026-12-07T01:00:03"})
    assert tasks.catch_up() == {"ran": ["compliance.tasks.flag_overdue"], "failed": []}
    assert flagged_count(late) == 2
    assert JobHeartbeat.objects.get(name="flag_overdue").last_run_at > instant("2026-12-08T09:59")
    assert JobHeartbeat.objects.get(name="catch_up").last_result["ran"] == ["compliance.tasks.flag_overdue"]
    assert tasks.catch_up() == {"ran": [], "failed": []}  # nothing missed any more


@pytest.mark.clock("2026-12-08T10:00")
def test_a_run_killed_mid_way_leaves_nothing_and_is_run_again(org, monkeypatch):
    late = overdue_records(org, 2)
    beats(**ON_TIME | {"flag_overdue": "2026-12-07T01:00:03"})

    def killed(**kwargs):
        raise RuntimeError("the worker was killed")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_notify_departments", killed)
        with pytest.raises(RuntimeError):
            services.flag_overdue()
        assert not Disclosure.objects.filter(overdue_flagged_at__isnull=False).exists()  # rolled back whole
        assert services.missed_jobs() == ["compliance.tasks.flag_overdue"]
        assert services.jobs_catch_up() == {"ran": [], "failed": ["compliance.tasks.flag_overdue"]}
    assert services.jobs_catch_up() == {"ran": ["compliance.tasks.flag_overdue"], "failed": []}
    assert flagged_count(late) == 2
    assert Notification.objects.filter(kind="overdue").count() == 4
