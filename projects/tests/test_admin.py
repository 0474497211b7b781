"""The projects admin: scoping, saving through the services, the project's records and the
新增信息记录 view (the kernel's clerk form, limited to this domain, posting to project_record_create)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures.choices import Status
from disclosures.details import placeholder_details
from disclosures.forms import DisclosureForm
from disclosures.models import Disclosure
from disclosures.services import default_catalogue_entry
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from projects.choices import Phase, ProjectCategory
from projects.models import Project, ProjectRecord
from tests.clock import TEST_TODAY

from .factories import make_project, make_record, project_fields, publish

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:projects_project_changelist"
YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)


def logged_in(client, user):
    client.force_login(user)
    return client


def change_url(project) -> str:
    return reverse("admin:projects_project_change", args=[project.pk])


def add_record_url(project, category: str) -> str:
    return reverse("admin:projects_project_add_record", args=[project.pk, category])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def project_post(org, **overrides) -> dict:
    fields = project_fields(org, **overrides)
    data = {}
    for name, value in fields.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif value is None:
            value = ""
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[name] = str(value)
    data.setdefault("description", "")
    return {k: v for k, v in data.items() if v != ""}


def record_post(department, category: str, **overrides) -> dict:
    data = {
        "department": department.pk,
        "catalogue_entry": default_catalogue_entry("projects", category).pk,
        "title": "测试项目信息",
        "formed_on": YESTERDAY.isoformat(),
        "disclosure_mode": "active",
        "body": "<p>正文</p>",
    }
    for name, value in placeholder_details("projects", category).items():
        data[DisclosureForm.details_field_name(category, name)] = value
    data.update(overrides)
    return data


@pytest.fixture
def world(org):
    """Projects of the county (led by 发改委 and by 自然资源局), of the town, and of another county."""
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    far_department = DepartmentFactory(jurisdiction=elsewhere, name="邻县交通运输局", code="LXJT")
    far_clerk = member(far_department, Role.CLERK, "far_clerk")
    return {
        "fgw": make_project(org, name="发改委牵头的公路工程"),
        "zrzy": make_project(org, name="自然资源局牵头的土地整治项目", lead_department=org.other_department, actor=org.other_clerk),
        "town": make_project(
            org, name="测试镇污水处理站项目", jurisdiction=org.town, lead_department=org.town_department, actor=org.town_clerk
        ),
        "far": make_project(
            org, name="邻县的高速公路连接线", jurisdiction=elsewhere, lead_department=far_department, actor=far_clerk
        ),
    }


def names_in_changelist(client) -> set[str]:
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return {project.name for project in response.context["cl"].result_list}


# --- scoping ------------------------------------------------------------------------------------
class TestScoping:
    def test_county_staff_see_the_county_and_its_towns_not_another_county(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.clerk)) == {
            "发改委牵头的公路工程", "自然资源局牵头的土地整治项目", "测试镇污水处理站项目",
        }

    def test_town_staff_see_their_town(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.town_clerk)) == {"测试镇污水处理站项目"}

    def test_town_staff_see_a_county_project_they_publish_about(self, client, org, world):
        make_record(org, world["fgw"], actor=org.town_clerk, department=org.town_department, category="supervision")
        assert "发改委牵头的公路工程" in names_in_changelist(logged_in(client, org.town_clerk))

    def test_the_office_sees_its_jurisdiction_and_below(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.office)) == {
            "发改委牵头的公路工程", "自然资源局牵头的土地整治项目", "测试镇污水处理站项目",
        }

    def test_another_countys_project_cannot_be_opened(self, client, org, world):
        response = logged_in(client, org.clerk).get(change_url(world["far"]))
        assert response.status_code == 302
        assert "邻县的高速公路连接线" not in response.content.decode()
        assert logged_in(client, org.clerk).get(add_record_url(world["far"], "bidding")).status_code == 404

    def test_the_changelist_filters_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        response = client.get(reverse(CHANGELIST), {"q": "土地整治"})
        assert [p.name for p in response.context["cl"].result_list] == ["自然资源局牵头的土地整治项目"]
        response = client.get(reverse(CHANGELIST), {"q": world["town"].code})
        assert [p.name for p in response.context["cl"].result_list] == ["测试镇污水处理站项目"]
        response = client.get(reverse(CHANGELIST), {"jurisdiction__id__exact": org.town.pk})
        assert [p.name for p in response.context["cl"].result_list] == ["测试镇污水处理站项目"]
        content = response.content.decode()
        assert "12,680.00 万元" in content
        # The jurisdiction filter offers only what the office may see.
        assert "邻县" not in content


# --- saving through the services ----------------------------------------------------------------
class TestSaving:
    def test_a_clerk_adds_a_project_through_the_service(self, client, org):
        data = project_post(org, name="测试县第二中学教学楼新建项目", code="20245331004801000099")
        response = logged_in(client, org.clerk).post(reverse("admin:projects_project_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        project = Project.objects.get()
        assert project.code == "2024-533100-48-01-000099"
        assert AuditEntry.objects.filter(action="project.create", actor=org.clerk).exists()

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org):
        data = project_post(
            org, code="2024-53-48", legal_entity_uscc="91533100MA6K1234X1", total_investment="-5",
            phase=Phase.COMPLETED, started_on="2025-05-01", completed_on="2025-04-01",
        )
        response = logged_in(client, org.clerk).post(reverse("admin:projects_project_add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "投资项目统一代码格式应为" in errors["code"][0]
        assert errors["legal_entity_uscc"] == ["统一社会信用代码校验位不正确，请核对。"]
        assert "确保该值大于或等于" in errors["total_investment"][0]
        assert not Project.objects.exists()

    def test_the_lead_department_choices_are_the_users_own(self, client, org):
        data = project_post(org, lead_department=org.other_department)
        response = logged_in(client, org.clerk).post(reverse("admin:projects_project_add"), data)
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.context["adminform"].form.errors["lead_department"][0]
        assert not Project.objects.exists()

    def test_the_lead_clerk_changes_the_phase(self, client, org, world):
        project = world["fgw"]
        data = project_post(org, name=project.name, code=project.code, legal_entity_uscc=project.legal_entity_uscc,
                            phase=Phase.CONSTRUCTION, started_on="2025-03-01")
        response = logged_in(client, org.clerk).post(change_url(project), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        project.refresh_from_db()
        assert project.phase == Phase.CONSTRUCTION
        assert AuditEntry.objects.get(action="project.update").data["changes"]["phase"] == ["preparation", "construction"]

    def test_another_department_sees_the_project_read_only(self, client, org, world):
        project = world["fgw"]
        client = logged_in(client, org.other_clerk)
        page = client.get(change_url(project))
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        response = client.post(change_url(project), project_post(org, name="越权改名"))
        assert response.status_code == 403
        project.refresh_from_db()
        assert project.name == "发改委牵头的公路工程"

    def test_nobody_deletes_a_project(self, client, org, world):
        response = logged_in(client, org.office).get(reverse("admin:projects_project_delete", args=[world["fgw"].pk]))
        assert response.status_code == 403


# --- the project's records --------------------------------------------------------------------
class TestProjectRecords:
    def test_the_change_page_lists_records_with_links_and_offers_every_category(self, client, org, world):
        project = world["fgw"]
        mine = make_record(org, project, title="关于公路工程可行性研究报告的批复")
        theirs = make_record(org, project, actor=org.other_clerk, department=org.other_department,
                             category="land_expropriation", title="公路工程征地告知书（草稿）")
        page = logged_in(client, org.clerk).get(change_url(project))
        content = page.content.decode()
        assert "关于公路工程可行性研究报告的批复" in content
        assert reverse("admin:disclosures_disclosure_change", args=[mine.pk]) in content
        # Another department's draft is theirs until it is published.
        assert "公路工程征地告知书（草稿）" not in content
        assert [link["category"] for link in page.context["add_record_links"]] == ProjectCategory.values
        for code in ProjectCategory.values:
            assert add_record_url(project, code) in content

        publish(theirs, clerk=org.other_clerk, reviewer=org.other_reviewer, signer=member(org.other_department, Role.SIGNER))
        content = logged_in(client, org.clerk).get(change_url(project)).content.decode()
        assert "公路工程征地告知书（草稿）" in content
        assert theirs.get_absolute_url() in content

    def test_the_add_record_form_is_the_kernel_form_limited_to_this_domain(self, client, org, world):
        page = logged_in(client, org.clerk).get(add_record_url(world["fgw"], "land_expropriation"))
        assert page.status_code == 200
        form = page.context["form"]
        assert isinstance(form, DisclosureForm)
        assert set(form.fields["catalogue_entry"].queryset.values_list("domain", flat=True)) == {"projects"}
        assert form["catalogue_entry"].value() == default_catalogue_entry("projects", "land_expropriation").pk
        assert form["department"].value() == org.department.pk
        content = page.content.decode()
        assert 'class="module aligned details-fieldset details-land_expropriation"' in content
        assert "details-procurement" not in content and "details-education" not in content
        assert 'id="entry-categories"' in content and "js/admin_details.js" in content
        assert "d__land_expropriation__area_hectares" in content

    def test_a_clerk_adds_a_record_and_goes_on_to_its_workflow(self, client, org, world):
        project = world["fgw"]
        data = record_post(
            org.department, "bidding", title="公路工程施工中标结果公告",
            d__bidding__stage="award", d__bidding__winner="测试路桥建设有限公司", d__bidding__amount="98650000.00",
        )
        response = logged_in(client, org.clerk).post(add_record_url(project, "bidding"), data)
        record = Disclosure.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:disclosures_disclosure_change", args=[record.pk])
        assert record.status == Status.DRAFT and record.category == "bidding"
        assert record.details["winner"] == "测试路桥建设有限公司"
        assert record.details["amount"] == "98650000.00"
        assert ProjectRecord.objects.get(disclosure=record).project == project
        assert any("已为“发改委牵头的公路工程”新增招标投标信息" in m for m in messages_of(response))
        assert logged_in(client, org.clerk).get(response.url).status_code == 200

    def test_another_department_adds_the_land_record_of_a_project_it_does_not_lead(self, client, org, world):
        project = world["fgw"]
        data = record_post(org.other_department, "land_expropriation", title="公路工程征地公告")
        response = logged_in(client, org.other_clerk).post(add_record_url(project, "land_expropriation"), data)
        assert response.status_code == 302
        record = Disclosure.objects.get()
        assert record.department == org.other_department
        assert record.project_link.project == project

    def test_bad_structured_fields_are_shown_in_chinese_and_nothing_is_saved(self, client, org, world):
        data = record_post(org.department, "bidding", d__bidding__stage="award", d__bidding__amount="-1")
        response = logged_in(client, org.clerk).post(add_record_url(world["fgw"], "bidding"), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["d__bidding__amount"] == ["确保该值大于或等于0。"]
        assert errors["d__bidding__winner"] == ["中标结果和合同订立必须填写中标单位。"]
        assert "请修正下面的错误，记录尚未保存。" in response.content.decode()
        assert not Disclosure.objects.exists() and not ProjectRecord.objects.exists()

    def test_completion_before_the_start_is_refused_on_the_field(self, client, org):
        project = make_project(org, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 3, 1))
        data = record_post(
            org.department, "completion", d__completion__accepted_on="2024-01-10", d__completion__filed_on="2024-01-20"
        )
        response = logged_in(client, org.clerk).post(add_record_url(project, "completion"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["d__completion__accepted_on"] == ["竣工验收时间不能早于项目开工日期。"]
        assert not Disclosure.objects.exists() and not ProjectRecord.objects.exists()

    def test_a_missing_title_and_a_future_date_are_field_errors(self, client, org, world):
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        data = record_post(org.department, "supervision", title="", formed_on=tomorrow)
        response = logged_in(client, org.clerk).post(add_record_url(world["fgw"], "supervision"), data)
        errors = response.context["form"].errors
        assert errors["title"] == ["该字段是必填项。"]
        assert errors["formed_on"] == ["信息形成（变更）日期不能晚于今天。"]
        assert not Disclosure.objects.exists()

    def test_an_entry_of_another_domain_is_not_offered(self, client, org, world):
        entry = CatalogueEntry.objects.filter(domain="resources", is_active=True).first()
        data = record_post(org.department, "supervision", catalogue_entry=entry.pk)
        response = logged_in(client, org.clerk).post(add_record_url(world["fgw"], "supervision"), data)
        assert "选择一个有效的选项" in response.context["form"].errors["catalogue_entry"][0]
        assert not Disclosure.objects.exists()

    def test_a_department_the_clerk_does_not_work_in_is_not_offered(self, client, org, world):
        data = record_post(org.other_department, "supervision")
        response = logged_in(client, org.clerk).post(add_record_url(world["fgw"], "supervision"), data)
        assert "选择一个有效的选项" in response.context["form"].errors["department"][0]
        assert not Disclosure.objects.exists()

    def test_the_office_drafts_for_a_county_department_about_a_town_project(self, client, org, world):
        data = record_post(org.department, "supervision")
        response = logged_in(client, org.office).post(add_record_url(world["town"], "supervision"), data)
        assert response.status_code == 302
        assert Disclosure.objects.get().project_link.project == world["town"]

    def test_a_department_of_another_county_is_refused_by_the_service(self, client, org, world, django_user_model):
        """Even a superuser, who is offered every department, cannot file another county's record here."""
        far = DepartmentFactory(jurisdiction=world["far"].jurisdiction, name="邻县水利局", code="LXSL")
        admin_user = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
        response = logged_in(client, admin_user).post(
            add_record_url(world["fgw"], "supervision"), record_post(far, "supervision")
        )
        assert response.status_code == 200
        assert "不属于项目所在区划" in response.context["form"].errors["department"][0]
        assert not Disclosure.objects.exists()

    def test_reviewers_and_unknown_categories_are_refused(self, client, org, world):
        assert logged_in(client, org.reviewer).get(add_record_url(world["fgw"], "bidding")).status_code == 403
        assert logged_in(client, org.clerk).get(add_record_url(world["fgw"], "nope")).status_code == 404
