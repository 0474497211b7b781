"""Urgent records: hours on calendar time (the jurisdiction's setting), only for the categories a domain
allows, shown first on the column."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosures.tests.factories import draft, in_state
from workdays.choices import ClockUnit


def test_urgent_record_is_due_hours_after_the_day_it_was_formed(org):
    record = draft(org.clerk, org.department, domain="welfare", category="disaster_relief", urgent=True,
                   formed_on=datetime.date(2026, 9, 30))
    assert (record.deadline_days, record.deadline_unit) == (24, ClockUnit.HOURS)  # hour_limit's default
    # No 信息形成时间: from 0:00 of the day formed; calendar time, not moved past National Day.
    assert record.due_at == timezone.make_aware(datetime.datetime(2026, 10, 1, 0, 0))
    assert record.due_on == datetime.date(2026, 10, 1)
    assert "紧急信息" in record.deadline_rule


def test_urgent_record_takes_the_jurisdictions_hour_limit(org):
    org.county.hour_limit = 5
    org.county.save()
    record = draft(org.clerk, org.department, domain="welfare", category="disaster_relief", urgent=True,
                   formed_on=datetime.date(2026, 9, 30),
                   formed_at=timezone.make_aware(datetime.datetime(2026, 9, 30, 21, 30)))
    assert (record.deadline_days, record.deadline_unit) == (5, ClockUnit.HOURS)
    assert record.due_at == timezone.make_aware(datetime.datetime(2026, 10, 1, 2, 30))
    assert record.due_on == datetime.date(2026, 10, 1)


def test_only_allowed_categories_may_be_urgent(org):
    with pytest.raises(ValidationError) as excinfo:
        draft(org.clerk, org.department, domain="projects", category="bidding", urgent=True)
    assert "urgent" in excinfo.value.message_dict


def test_urgent_records_are_shown_first(org, client):
    in_state(org, "published", title="普通的救助资金公告", domain="welfare", category="disaster_relief")
    in_state(org, "published", title="暴雨灾害应急处置动态", domain="welfare", category="disaster_relief", urgent=True)
    for url in ["/", "/column/welfare/", "/column/welfare/disaster_relief/"]:
        page = client.get(url).content.decode()
        assert "紧急信息" in page, url
        assert page.index("暴雨灾害应急处置动态") < page.index("普通的救助资金公告"), url


def test_policy_and_its_interpretation_link_both_ways(org, client):
    policy = in_state(org, "published", title="关于调整城乡低保标准的通知", domain="welfare", category="social_assistance")
    reading = in_state(org, "published", title="《关于调整城乡低保标准的通知》政策解读", domain="welfare",
                       category="social_assistance")
    from disclosures import services

    correction = services.disclosure_start_correction(disclosure=policy, actor=org.clerk, change_note="补充政策解读链接")
    services.disclosure_update(disclosure=correction, actor=org.clerk, expected_version=correction.lock_version,
                               interpretation=reading)
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)
    policy_page = client.get(policy.get_absolute_url()).content.decode()
    reading_page = client.get(reading.get_absolute_url()).content.decode()
    assert reading.get_absolute_url() in policy_page and "政策解读" in policy_page
    assert policy.get_absolute_url() in reading_page and "本解读对应的文件" in reading_page
