"""Urgent records: 1 working day, only for the categories a domain allows, shown first on the column."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from disclosures.tests.factories import draft, in_state


def test_urgent_record_is_due_the_next_working_day(org):
    record = draft(org.clerk, org.department, domain="welfare", category="disaster_relief", urgent=True,
                   formed_on=datetime.date(2026, 9, 30))
    assert record.deadline_days == 1
    assert record.due_on == datetime.date(2026, 10, 8)  # across National Day
    assert "紧急信息" in record.deadline_rule


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
