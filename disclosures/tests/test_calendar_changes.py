"""What a change to the holiday calendar does to the records: local holidays, recomputation, audit.

Calendar arithmetic itself is tested in workdays/tests; here, the kernel's side of it.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from celery.app.task import Task
from django.core.management import call_command
from django.db import connection

from core.models import AuditEntry
from disclosures.models import Disclosure
from disclosures.tests.factories import draft
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from workdays import services as workday_services
from workdays.choices import DayKind

D = datetime.date
ROOT = Path(__file__).resolve().parents[2]
CLOCK = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def nothing_is_queued(monkeypatch):
    """Fail if anything is sent to Celery: the calendar must work with no worker and no broker."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{self.name} was queued")

    monkeypatch.setattr(Task, "apply_async", refuse)


@pytest.fixture
def prefectures(org):
    """Two prefectures side by side, each with a county and a department with a clerk."""
    made = {}
    for code, name in (("KZ", "克州"), ("AK", "阿克苏")):
        prefecture = JurisdictionFactory(name=name, code=code, level=JurisdictionLevel.PREFECTURE)
        county = JurisdictionFactory(name=f"{name}某县", code=f"{code}C", level=JurisdictionLevel.COUNTY, parent=prefecture)
        department = DepartmentFactory(jurisdiction=county, name=f"{name}某县发改委", code=f"{code}FGW")
        made[code] = (prefecture, county, department, member(department, Role.CLERK, f"clerk_{code}"))
    return made


@time_machine.travel(CLOCK, tick=False)
def test_a_local_holiday_moves_due_dates_in_its_prefecture_and_not_in_the_next(prefectures, nothing_is_queued):
    kz, ak = prefectures["KZ"], prefectures["AK"]
    in_kz = draft(kz[3], kz[2], formed_on=D(2026, 12, 4))
    in_ak = draft(ak[3], ak[2], formed_on=D(2026, 12, 4))
    assert in_kz.due_on == in_ak.due_on == D(2027, 1, 4)  # 20 working days, 元旦 2027 skipped (预计)

    change = workday_services.calendar_day_set(
        actor=None, date=D(2026, 12, 15), kind=DayKind.HOLIDAY, note="古尔邦节", jurisdiction=kz[0]
    )

    assert change.moved == 1
    in_kz.refresh_from_db()
    in_ak.refresh_from_db()
    assert in_kz.due_on == D(2027, 1, 5)  # the prefecture's holiday reaches its county's records
    assert in_ak.due_on == D(2027, 1, 4)
    audit = AuditEntry.objects.get(disclosure=in_kz, action="disclosure.due_date_recomputed")
    assert audit.comment == "放假安排变更，应公开日期由 2027-01-04（预计） 改为 2027-01-05（预计）。"
    assert audit.action_label == "放假安排变更"
    assert not AuditEntry.objects.filter(disclosure=in_ak, action="disclosure.due_date_recomputed").exists()


@time_machine.travel(CLOCK, tick=False)
def test_a_local_holiday_counts_in_the_lateness_of_that_jurisdiction_only(prefectures):
    kz, ak = prefectures["KZ"], prefectures["AK"]
    workday_services.calendar_day_set(
        actor=None, date=D(2026, 12, 15), kind=DayKind.HOLIDAY, note="古尔邦节", jurisdiction=kz[0]
    )
    from disclosures.services import late_working_days

    assert late_working_days(D(2026, 12, 11), D(2026, 12, 16), kz[1].pk) == 2  # 12-14, 12-16
    assert late_working_days(D(2026, 12, 11), D(2026, 12, 16), ak[1].pk) == 3


@time_machine.travel(CLOCK, tick=False)
def test_load_calendar_recomputes_inline_prints_the_count_and_audits(org, tmp_path, capsys, nothing_is_queued):
    record = draft(org.clerk, org.department, formed_on=D(2026, 12, 4))
    unaffected = draft(org.clerk, org.department, formed_on=D(2026, 11, 2))
    assert record.due_on == D(2027, 1, 4) and record.due_on_estimated
    path = tmp_path / "2027.csv"
    # Say the notice makes Monday 2027-01-04 a holiday as well.
    path.write_text("date,kind,note\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦调休\n", encoding="utf-8")

    call_command("load_calendar", str(path), "--complete", "--notice", "国办发明电〔2026〕X号")

    out = capsys.readouterr().out
    assert "已导入 2 天。" in out
    assert "1 条未发布记录的应公开日期已改变" in out
    record.refresh_from_db()
    assert (record.due_on, record.due_on_estimated) == (D(2027, 1, 5), False)
    assert AuditEntry.objects.get(disclosure=record, action="disclosure.due_date_recomputed").comment == (
        "放假安排变更，应公开日期由 2027-01-04（预计） 改为 2027-01-05。"
    )
    assert not AuditEntry.objects.filter(disclosure=unaffected, action="disclosure.due_date_recomputed").exists()


@time_machine.travel(CLOCK, tick=False)
def test_a_failing_recomputation_leaves_the_calendar_unchanged(org, monkeypatch):
    draft(org.clerk, org.department, formed_on=D(2026, 12, 4))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("disclosures.services.disclosure_recompute_due_dates", broken)
    with pytest.raises(RuntimeError):
        workday_services.calendar_day_set(actor=None, date=D(2026, 12, 15), kind=DayKind.HOLIDAY)
    from workdays.models import CalendarDay

    assert not CalendarDay.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_load_calendar_from_a_plain_shell_with_no_broker_folder(org, tmp_path):
    """The reported crash: `manage.py load_calendar` outside `make run`, with no broker folder."""
    with time_machine.travel(CLOCK, tick=False):
        record = draft(org.clerk, org.department, formed_on=D(2026, 12, 4))
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,note\n2027-01-04,holiday,元旦调休\n", encoding="utf-8")
    broker = tmp_path / "no-broker-here"
    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "PYTEST_XDIST_WORKER"}}
    env |= {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_DIR": str(broker),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "load_calendar", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 条未发布记录的应公开日期已改变" in done.stdout
    assert not broker.exists()
    record.refresh_from_db()
    assert record.due_on == D(2027, 1, 5)
    assert Disclosure.objects.get(pk=record.pk).audit_entries.filter(action="disclosure.due_date_recomputed").count() == 1
