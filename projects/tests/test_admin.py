"""The projects admin: the subject admin contract every domain keeps (tests/contracts/subject_admin.py) and
what only a project has — its changelist filters, fields, phases, and the nine categories' fields."""

import datetime

import pytest

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures.details import placeholder_details
from disclosures.models import Disclosure
from disclosures.services import default_catalogue_entry
from projects.choices import Phase, ProjectCategory
from projects.models import Project, ProjectRecord
from tests.contracts.subject_admin import SubjectAdminContract, logged_in, record_form

from .factories import make_project

pytestmark = pytest.mark.django_db


class TestProjectAdmin(SubjectAdminContract):
    domain = "projects"
    world_subjects = {
        "mine": {"name": "发改委牵头的公路工程"},
        "theirs": {"name": "自然资源局牵头的土地整治项目"},
        "town": {"name": "测试镇污水处理站项目"},
        "far": {"name": "邻县的高速公路连接线"},
    }
    kind_key = "category"
    record_kind = "land_expropriation"  # 自然资源局 publishes them about projects it does not lead
    listed = {"subject": "mine", "fields": {"category": "approval_result"}, "label": "批准结果信息"}
    form = {
        # 征收土地's entries differ in their deadlines since the 征收土地公告 has its own (issue 27): the clerk chooses.
        "kind": "construction", "entry": "projects-construction-parties", "category": "construction",
        "not_shown": ("procurement", "education"), "shown": ("d__construction__owner_unit",),
    }
    added = {  # the 中标候选人 table typed in the admin's textarea, one candidate a line (issue 27)
        "kind": "bidding",
        "post": {"title": "公路工程施工中标候选人公示", "d__bidding__stage": "candidates", "d__bidding__method": "open",
                 "d__bidding__candidates": "1|测试路桥建设有限公司|98,650,000|540 日历天|92.35 分|张三明\r\n2|测试建工有限公司|99000000|||李四",
                 "d__bidding__objection": "公示期间以书面形式向招标人提出"},
        "category": "bidding",
        "details": {
            "candidates": [
                {"rank": 1, "name": "测试路桥建设有限公司", "bid_price": "98650000.00", "duration": "540 日历天",
                 "evaluation": "92.35 分", "manager": "张三明"},
                {"rank": 2, "name": "测试建工有限公司", "bid_price": "99000000.00", "manager": "李四"},
            ],
            "objection": "公示期间以书面形式向招标人提出",
        },
        "message": "已为“发改委牵头的公路工程”新增招标投标信息",
    }
    bad_details = {
        "kind": "bidding",
        "post": {"d__bidding__stage": "award", "d__bidding__amount": "-1"},
        "errors": {"d__bidding__amount": ["不能小于 0。"], "d__bidding__winner": ["中标结果和合同订立必须填写中标单位。"]},
    }
    foreign_entry = "resources-procurement-notice"

    def kinds(self, subject):
        return ProjectCategory.values

    def record_post(self, subject, department, kind, **overrides):
        # quality_safety and supervision: the entry decides the deadline (agency vs penalty), the clerk chooses
        entry = default_catalogue_entry("projects", kind) or CatalogueEntry.objects.filter(
            domain="projects", category=kind).order_by("ordering", "pk").first()
        return record_form(department, entry, kind, placeholder_details("projects", kind), **overrides)

    # --- what only a project has ---------------------------------------------------------------
    def test_the_changelist_filters_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        assert self.names_in_changelist(client, q="土地整治") == ["自然资源局牵头的土地整治项目"]
        assert self.names_in_changelist(client, q=world["town"].code) == ["测试镇污水处理站项目"]
        response = client.get(self.url("changelist"), {"jurisdiction__id__exact": org.town.pk})
        assert [p.name for p in response.context["cl"].result_list] == ["测试镇污水处理站项目"]
        content = response.content.decode()
        assert "12,680.00 万元" in content
        # The jurisdiction filter offers only what the office may see.
        assert "邻县" not in content

    def test_the_code_is_kept_in_its_standard_form(self, client, org):
        data = self.subject_post(org, name="测试县第二中学教学楼新建项目", code="20245331004801000099")
        response = logged_in(client, org.clerk).post(self.url("add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Project.objects.get().code == "2024-533100-48-01-000099"

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org):
        data = self.subject_post(
            org, code="2024-53-48", legal_entity_uscc="91533100MA6K1234X1", total_investment="-5",
            phase=Phase.COMPLETED, started_on="2025-05-01", completed_on="2025-04-01",
        )
        response = logged_in(client, org.clerk).post(self.url("add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "投资项目统一代码格式应为" in errors["code"][0]
        assert errors["legal_entity_uscc"] == ["统一社会信用代码校验位不正确，请核对。"]
        assert "不能小于" in errors["total_investment"][0]
        assert not Project.objects.exists()

    def test_the_lead_clerk_changes_the_phase(self, client, org, world):
        project = world["mine"]
        data = self.subject_post(org, name=project.name, code=project.code, legal_entity_uscc=project.legal_entity_uscc,
                                 phase=Phase.CONSTRUCTION, started_on="2025-03-01")
        response = logged_in(client, org.clerk).post(self.change_url(project), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        project.refresh_from_db()
        assert project.phase == Phase.CONSTRUCTION
        assert AuditEntry.objects.get(action="project.update").data["changes"]["phase"] == ["preparation", "construction"]

    def test_completion_before_the_start_is_refused_on_the_field(self, client, org):
        project = make_project(org, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 3, 1))
        data = self.record_post(
            project, org.department, "completion", d__completion__accepted_on="2024-01-10",
            d__completion__filed_on="2024-01-20",
        )
        response = logged_in(client, org.clerk).post(self.add_record_url(project, "completion"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["d__completion__accepted_on"] == ["竣工验收时间不能早于项目开工日期。"]
        assert not Disclosure.objects.exists() and not ProjectRecord.objects.exists()
