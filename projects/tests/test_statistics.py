"""Annual statistics reproduce seed 000's table (芒市 2018: 171/543/637/23/1/98/77/21/9 = 1,580)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosures.choices import DisclosureMode, Status
from disclosures.models import Disclosure
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory
from projects.choices import ProjectCategory
from projects.selectors import annual_statistics

pytestmark = pytest.mark.django_db

SEED_000 = {
    "approval_service": 171,
    "approval_result": 543,
    "bidding": 637,
    "land_expropriation": 23,
    "design_change": 1,
    "construction": 98,
    "quality_safety": 77,
    "completion": 21,
    "supervision": 9,
}
SEED_000_LABELS = [
    "批准服务信息", "批准结果信息", "招标投标信息", "征收土地信息", "重大设计变更信息",
    "施工有关信息", "质量安全监督信息", "竣工有关信息", "项目监管信息",
]

_index = itertools.count(1)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def row(org, *, category, published_at, department=None, status=Status.PUBLISHED, domain="projects", **fields):
    """A minimal record row for bulk_create (the statistics read only these columns)."""
    department = department or org.department
    if status in (Status.PUBLISHED, Status.WITHDRAWN, Status.MERGED):
        fields.setdefault("index_no", f"T-{published_at.year if published_at else 0}-{next(_index):06d}")
    if status == Status.WITHDRAWN:
        fields.setdefault("withdrawal_reason", "信息有误")
    return Disclosure(
        domain=domain,
        category=category,
        department=department,
        jurisdiction=department.jurisdiction,
        title=f"{category}统计测试",
        created_by=org.clerk,
        status=status,
        published_at=published_at,
        formed_on=(published_at or local(2018, 6, 1)).date(),
        **fields,
    )


def build_world(org):
    """Seed 000's 1,580 records of 2018 (芒市), and records around them that must not count: the module's
    `world` (conftest.py), built once for the module."""
    rows = []
    for category, count in SEED_000.items():
        for n in range(count):
            if n == 0:  # the first of each category: the year's first moment, in the town below the county
                rows.append(row(org, category=category, published_at=local(2018, 1, 1), department=org.town_department))
            elif n == 1:  # published, then withdrawn: it was out that year
                rows.append(row(org, category=category, published_at=local(2018, 12, 31, 23, 59, 59),
                                status=Status.WITHDRAWN))
            elif n == 2:  # 依申请公开: listed publicly, counted
                rows.append(row(org, category=category, published_at=local(2018, 7, 1),
                                disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方"))
            else:
                rows.append(row(org, category=category, published_at=local(2018, 1 + n % 12, 1 + n % 28, n % 24)))
    other_county = JurisdictionFactory(name="另一县", code="OC")
    noise = [
        row(org, category="bidding", published_at=local(2017, 12, 31, 23, 59, 59)),  # the year before
        row(org, category="bidding", published_at=local(2019, 1, 1)),  # the year after
        row(org, category="bidding", published_at=None, status=Status.DRAFT),  # never published
        row(org, category="bidding", published_at=None, status=Status.APPROVED),  # not yet published
        row(org, category="bidding", published_at=local(2018, 5, 5),  # another jurisdiction
            department=DepartmentFactory(jurisdiction=other_county, code="OCFGW")),
        row(org, category="bidding", published_at=local(2018, 5, 5), status=Status.MERGED),  # a correction
        row(org, category="bidding", published_at=local(2018, 5, 5),  # nothing was disclosed
            disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密"),
        row(org, category="procurement", published_at=local(2018, 5, 5), domain="resources"),  # another domain
    ]
    Disclosure.objects.bulk_create(rows + noise)
    assert len(rows) == 1580
    return other_county


def counts(stats) -> dict[str, int]:
    return {r["category"]: r["count"] for r in stats["rows"]}


def test_reproduces_seed_000(org, world):
    stats = annual_statistics(year=2018, jurisdiction=org.county)
    assert counts(stats) == {**SEED_000, "ppp": 0}  # seed 000's nine columns, and PPP项目信息 (seed 001 二.6)
    assert stats["total"] == 1580
    assert [r["label"] for r in stats["rows"]] == [*SEED_000_LABELS, "PPP项目信息"]
    assert [r["category"] for r in stats["rows"]] == ProjectCategory.values
    assert stats["year"] == 2018
    assert stats["jurisdiction"] == {"id": org.county.pk, "code": org.county.code, "name": "测试县"}


def test_a_jurisdiction_id_is_accepted(org, world):
    assert annual_statistics(year=2018, jurisdiction=org.county.pk)["total"] == 1580


def test_the_town_alone(org, world):
    stats = annual_statistics(year=2018, jurisdiction=org.town)
    assert counts(stats) == {**dict.fromkeys(SEED_000, 1), "ppp": 0}
    assert stats["total"] == 9


def test_every_jurisdiction(org, world):
    stats = annual_statistics(year=2018)
    assert stats["total"] == 1581  # and the other county's record
    assert counts(stats)["bidding"] == 638
    assert stats["jurisdiction"] is None


def test_other_years(org, world):
    assert annual_statistics(year=2017, jurisdiction=org.county)["total"] == 1
    assert annual_statistics(year=2019, jurisdiction=org.county)["total"] == 1
    empty = annual_statistics(year=2016, jurisdiction=org.county)
    assert empty["total"] == 0 and len(empty["rows"]) == len(ProjectCategory.values) == 10


def test_counts_are_one_aggregate_query(org, world):
    with CaptureQueriesContext(connection) as ctx:
        annual_statistics(year=2018)
    assert len(ctx) == 1


def test_the_page(client, org, world):
    response = client.get("/projects/statistics/", {"year": 2018, "jurisdiction": org.county.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["stats"]["total"] == 1580
    assert '<td class="col-num" id="statistics-total">1580</td>' in html
    for label, count in zip(SEED_000_LABELS, SEED_000.values(), strict=True):
        assert f'<th scope="row">{label}</th>\n      <td class="col-num">{count}</td>' in html, label
    assert "2018年测试县（含下级）" in html
    # The selectors: the years with publications, and the jurisdictions.
    assert '<option value="2018" selected>2018年</option>' in html
    assert '<option value="2017">2017年</option>' in html
    assert f'<option value="{org.county.pk}" selected>测试县</option>' in html


def test_the_page_defaults_to_this_year_everywhere(client, org):
    response = client.get("/projects/statistics/")
    assert response.status_code == 200
    assert response.context["stats"]["year"] == timezone.localdate().year
    assert response.context["stats"]["jurisdiction"] is None
    assert "共计" in response.content.decode()


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1999"}, {"jurisdiction": "999999"}])
def test_the_page_refuses_bad_input(client, org, params):
    response = client.get("/projects/statistics/", params)
    assert response.status_code == 200
    assert response.context["stats"] is None
    assert "条件无效" in response.content.decode()
