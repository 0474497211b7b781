"""The register of 公共企事业单位 and 慈善组织 whose disclosure the office promotes and evaluates (seed 002 §四(三)
closing paragraph, §六(三); 国办发〔2020〕50号; 《慈善法》): written by the welfare services (rights, audit, one
evaluation per year), kept in the admin, published on /welfare/public-bodies/ and /api/v1/welfare-public-bodies/."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ActionForbidden
from core.models import AuditEntry
from tests.contracts.subject_admin import logged_in, messages_of
from welfare import services
from welfare.models import PublicBody, PublicBodyEvaluation

pytestmark = pytest.mark.django_db

PAGE = "/welfare/public-bodies/"
API = "/api/v1/welfare-public-bodies/"


def body_fields(org, **overrides) -> dict:
    fields = {"name": "测试县自来水公司", "kind": "enterprise", "service_area": "water", "uscc": "", "jurisdiction": org.county,
              "department": org.department, "rules": "", "disclosure_url": ""}
    return {**fields, **overrides}


def evaluate(org, body, year: int, grade: str = "good", **overrides):
    fields = {"body": body, "year": year, "grade": grade, "score": "86.5", "findings": "水质信息未按月公开。",
              "rectification": "", "evaluator": org.office_department, "evaluated_on": datetime.date(year + 1, 3, 31)}
    return services.evaluation_create(actor=org.clerk, **{**fields, **overrides})


def build_world(org):
    water = services.public_body_create(actor=org.clerk, **body_fields(org))
    charity = services.public_body_create(actor=org.office, **body_fields(
        org, name="测试县慈善总会", kind="charity", service_area="charity", disclosure_url="https://cishan.chinanpo.gov.cn/"))
    for index in range(3):
        services.public_body_create(actor=org.clerk, **body_fields(org, name=f"测试县第{index}供热站", service_area="heating"))
    evaluate(org, water, 2024, "pass")
    evaluate(org, water, 2025, "excellent", score="93.0")
    return {"water": water, "charity": charity}


def test_a_clerk_of_another_department_may_not_register_a_body(org):
    with pytest.raises(ActionForbidden):
        services.public_body_create(actor=org.other_clerk, **body_fields(org))
    assert not PublicBody.objects.exists()


def test_one_evaluation_per_body_and_year(world, org):
    with pytest.raises(ValidationError) as caught:
        evaluate(org, world["water"], 2025)
    assert caught.value.message_dict["__all__"] == ["该单位本年度已有评估结果，请修改原结果。"]


def test_an_evaluation_is_audited_and_its_change_too(world, org):
    evaluation = PublicBodyEvaluation.objects.get(body=world["water"], year=2025)
    services.evaluation_update(actor=org.office, evaluation=evaluation, grade="good")
    rows = AuditEntry.objects.filter(action__startswith="public_body.").order_by("pk")
    assert [row.action for row in rows][-3:] == ["public_body.evaluate", "public_body.evaluate", "public_body.evaluation_update"]
    assert rows.last().data["changes"] == {"grade": ["excellent", "good"]}


def test_personal_numbers_are_refused_in_the_public_text(world, org):
    with pytest.raises(ValidationError) as caught:
        evaluate(org, world["charity"], 2025, findings="联系人手机 13812345678")
    assert "findings" in caught.value.message_dict


def test_the_public_page_lists_the_bodies_and_their_evaluations(world, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = client.get(PAGE).content.decode()
    assert "测试县自来水公司" in page and "测试县慈善总会" in page
    assert "2025年度：优秀" in page and "（93.0 分）" in page and "2024年度：合格" in page
    assert "尚未评估" in page
    filtered = client.get(PAGE, {"kind": "charity"}).content.decode()
    assert "测试县慈善总会" in filtered and "测试县自来水公司" not in filtered


def test_the_api_lists_the_register_with_evaluations_newest_first(world, anonymous):
    rows = anonymous.get(API, {"service_area": "water"}).json()["results"]
    assert [row["name"] for row in rows] == ["测试县自来水公司"]
    assert [(item["year"], item["grade_label"]) for item in rows[0]["evaluations"]] == [(2025, "优秀"), (2024, "合格")]
    assert anonymous.get(f"{API}999999/").json()["detail"] == "没有找到该单位。"
    bad = anonymous.get(API, {"kind": "nonsense"})
    assert bad.status_code == 400


def test_the_admin_registers_a_body_through_the_service(org, client):
    logged_in(client, org.clerk)
    response = client.post("/admin/welfare/publicbody/add/", {
        "name": "测试县第一中学", "kind": "institution", "service_area": "education", "uscc": "",
        "jurisdiction": org.county.pk, "department": org.department.pk, "rules": "", "disclosure_url": "",
    })
    assert response.status_code == 302, messages_of(response)
    body = PublicBody.objects.get(name="测试县第一中学")
    assert AuditEntry.objects.filter(action="public_body.create", data__public_body=body.pk).exists()
