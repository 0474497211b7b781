"""The welfare admin: scoping, saving through the services, the programme's records, the
新增信息记录 view per item type (the kernel's clerk form, limited to the programme's area, posting to
programme_record_create; urgent only where the area allows it) and attaching a beneficiary list."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures.choices import Status
from disclosures.deadlines import add_working_days
from disclosures.forms import DisclosureForm
from disclosures.models import Disclosure
from namelists.models import NameList
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from tests.clock import TEST_TODAY
from welfare import services
from welfare.choices import WelfareArea
from welfare.forms import CATEGORY_FORMS
from welfare.models import Programme, ProgrammeRecord

from .factories import make_programme, make_record, programme_fields, publish

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:welfare_programme_changelist"
YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)


def logged_in(client, user):
    client.force_login(user)
    return client


def change_url(programme) -> str:
    return reverse("admin:welfare_programme_change", args=[programme.pk])


def add_record_url(programme, item: str) -> str:
    return reverse("admin:welfare_programme_add_record", args=[programme.pk, item])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def programme_post(org, **overrides) -> dict:
    data = {}
    for name, value in programme_fields(org, **overrides).items():
        if hasattr(value, "pk"):
            value = value.pk
        elif value is None:
            value = ""
        data[name] = str(value)
    return {k: v for k, v in data.items() if v != ""}


def record_post(programme, department, item: str, details: dict | None = None, **overrides) -> dict:
    area = programme.area
    data = {
        "department": department.pk,
        "catalogue_entry": services.default_catalogue_entry(area, item).pk,
        "title": "测试公益信息",
        "formed_on": YESTERDAY.isoformat(),
        "disclosure_mode": "active",
        "body": "<p>正文</p>",
        DisclosureForm.details_field_name(area, "item_type"): item,
    }
    for name, value in (details or {}).items():
        data[DisclosureForm.details_field_name(area, name)] = value
    data.update(overrides)
    return data


@pytest.fixture
def world(org):
    """Programmes of the county (民政局 = org.department, 自然资源局 = other), of the town, and of another county."""
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    far_department = DepartmentFactory(jurisdiction=elsewhere, name="邻县民政局", code="LXMZ")
    far_clerk = member(far_department, Role.CLERK, "far_clerk")
    return {
        "dibao": make_programme(org, name="测试县城乡最低生活保障"),
        "eco": make_programme(
            org, name="测试县生态公益林补偿", area=WelfareArea.ENVIRONMENT, department=org.other_department,
            actor=org.other_clerk,
        ),
        "flood": make_programme(org, name="“7·15”洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF),
        "town": make_programme(
            org, name="测试镇农村敬老院运营补助", jurisdiction=org.town, department=org.town_department, actor=org.town_clerk
        ),
        "far": make_programme(
            org, name="邻县临时救助", jurisdiction=elsewhere, department=far_department, actor=far_clerk
        ),
    }


def names_in_changelist(client, **params) -> list[str]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(programme.name for programme in response.context["cl"].result_list)


# --- scoping and the changelist ---------------------------------------------------------------
class TestScoping:
    def test_county_staff_see_the_county_and_its_towns_not_another_county(self, client, org, world):
        assert "邻县临时救助" not in names_in_changelist(logged_in(client, org.clerk))
        assert len(names_in_changelist(logged_in(client, org.clerk))) == 4

    def test_town_staff_see_their_town(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.town_clerk)) == ["测试镇农村敬老院运营补助"]

    def test_town_staff_see_a_county_programme_they_publish_about(self, client, org, world):
        make_record(org, world["dibao"], actor=org.town_clerk, department=org.town_department, item_type="beneficiaries")
        assert "测试县城乡最低生活保障" in names_in_changelist(logged_in(client, org.town_clerk))

    def test_another_countys_programme_cannot_be_opened(self, client, org, world):
        response = logged_in(client, org.clerk).get(change_url(world["far"]))
        assert response.status_code == 302
        assert "邻县临时救助" not in response.content.decode()
        assert logged_in(client, org.clerk).get(add_record_url(world["far"], "fund")).status_code == 404

    def test_the_changelist_filters_by_area_department_and_jurisdiction_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        assert names_in_changelist(client, area="environment") == ["测试县生态公益林补偿"]
        assert names_in_changelist(client, department__id__exact=org.other_department.pk) == ["测试县生态公益林补偿"]
        assert names_in_changelist(client, jurisdiction__id__exact=org.town.pk) == ["测试镇农村敬老院运营补助"]
        assert names_in_changelist(client, q="洪涝") == ["“7·15”洪涝灾害救助"]
        content = client.get(reverse(CHANGELIST)).content.decode()
        assert "1,280.00 万元" in content  # 资金规模 in 万元
        assert "社会救助和社会福利" in content and "灾害事故救援" in content
        assert "邻县" not in content  # the filters offer only what the office may see


# --- saving through the services ----------------------------------------------------------------
class TestSaving:
    def test_a_clerk_adds_a_programme_through_the_service(self, client, org):
        data = programme_post(org, name="测试县2026年特困人员救助供养")
        response = logged_in(client, org.clerk).post(reverse("admin:welfare_programme_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Programme.objects.get().name == "测试县2026年特困人员救助供养"
        assert AuditEntry.objects.filter(action="programme.create", actor=org.clerk).exists()

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org):
        data = programme_post(org, starts_on="2026-05-01", ends_on="2026-04-01", total_funds="-5")
        response = logged_in(client, org.clerk).post(reverse("admin:welfare_programme_add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["ends_on"] == ["实施结束日期不能早于开始日期。"]
        assert "确保该值大于或等于" in errors["total_funds"][0]
        assert not Programme.objects.exists()

    def test_a_personal_mobile_is_shown_on_its_field_and_nothing_is_saved(self, client, org):
        response = logged_in(client, org.clerk).post(
            reverse("admin:welfare_programme_add"), programme_post(org, report_phone="13812345678"), follow=True
        )
        [message] = response.context["adminform"].form.errors["report_phone"]
        assert "监督举报电话将向社会公开，不得包含个人信息" in message and "13812345678" not in message
        assert not Programme.objects.exists()

    def test_the_department_choices_are_the_users_own(self, client, org):
        response = logged_in(client, org.clerk).post(
            reverse("admin:welfare_programme_add"), programme_post(org, department=org.other_department)
        )
        assert "选择一个有效的选项" in response.context["adminform"].form.errors["department"][0]
        assert not Programme.objects.exists()

    def test_the_clerk_changes_the_programme(self, client, org, world):
        programme = world["dibao"]
        data = programme_post(org, name=programme.name, result="全年保障 3,260 人。")
        response = logged_in(client, org.clerk).post(change_url(programme), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        programme.refresh_from_db()
        assert programme.result == "全年保障 3,260 人。"
        assert AuditEntry.objects.get(action="programme.update").data["changes"]["result"] == ["", "全年保障 3,260 人。"]

    def test_another_department_sees_the_programme_read_only(self, client, org, world):
        client = logged_in(client, org.other_clerk)
        page = client.get(change_url(world["dibao"]))
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.post(change_url(world["dibao"]), programme_post(org, name="越权改名")).status_code == 403
        assert Programme.objects.get(pk=world["dibao"].pk).name == "测试县城乡最低生活保障"

    def test_nobody_deletes_a_programme(self, client, org, world):
        url = reverse("admin:welfare_programme_delete", args=[world["dibao"].pk])
        assert logged_in(client, org.office).get(url).status_code == 403


# --- the programme's records --------------------------------------------------------------------
class TestProgrammeRecords:
    def test_the_change_page_lists_records_and_offers_every_item_type_of_the_area(self, client, org, world):
        programme = world["flood"]
        mine = make_record(org, programme, item_type="relief_goods", details={"amount": "300000"}, title="救灾款物使用情况")
        make_record(org, programme, actor=org.other_clerk, department=org.other_department, item_type="relief_needs",
                    title="他单位的救助需求（草稿）")
        page = logged_in(client, org.clerk).get(change_url(programme))
        content = page.content.decode()
        assert "救灾款物使用情况" in content and "救助和捐赠款物数量及使用" in content
        assert reverse("admin:disclosures_disclosure_change", args=[mine.pk]) in content
        assert "他单位的救助需求（草稿）" not in content  # another department's draft is theirs
        expected = [code for code, _ in CATEGORY_FORMS["disaster_relief"].ITEM_TYPES]
        assert [link["item"] for link in page.context["add_record_links"]] == expected
        for code in expected:
            assert add_record_url(programme, code) in content
        assert add_record_url(programme, "student_aid") not in content

    def test_the_add_record_form_is_the_kernel_form_limited_to_the_area(self, client, org, world):
        page = logged_in(client, org.clerk).get(add_record_url(world["dibao"], "standard"))
        assert page.status_code == 200
        form = page.context["form"]
        assert isinstance(form, DisclosureForm)
        entries = form.fields["catalogue_entry"].queryset
        assert set(entries.values_list("domain", "category")) == {("welfare", "social_assistance")}
        assert form["catalogue_entry"].value() == CatalogueEntry.objects.get(code="welfare-social-assistance-policy").pk
        assert form["department"].value() == org.department.pk
        assert form[DisclosureForm.details_field_name("social_assistance", "item_type")].value() == "standard"
        content = page.content.decode()
        assert "details-social_assistance" in content
        assert "details-education" not in content and "details-bidding" not in content
        assert "d__social_assistance__amount_per_person_month" in content
        assert 'name="urgent"' not in content  # 社会救助 records are never urgent
        assert page.context["title"] == "新增信息记录：保障（补助）标准"

    def test_a_clerk_adds_a_fund_record_and_goes_on_to_its_workflow(self, client, org, world):
        programme = world["dibao"]
        data = record_post(
            programme, org.department, "fund",
            {"fund_source": "中央财政困难群众救助补助资金", "amount": "3260000.00", "recipients": "3260",
             "disbursed": "2400000.00", "usage": "按月发放至保障对象“一卡通”账户"},
            title="2026年第三季度城乡低保资金分配情况",
        )
        response = logged_in(client, org.clerk).post(add_record_url(programme, "fund"), data)
        record = Disclosure.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:disclosures_disclosure_change", args=[record.pk])
        assert record.status == Status.DRAFT and record.category == "social_assistance"
        assert record.details == {
            "item_type": "fund", "fund_source": "中央财政困难群众救助补助资金", "amount": "3260000.00",
            "recipients": 3260, "disbursed": "2400000.00", "usage": "按月发放至保障对象“一卡通”账户",
        }
        assert record.catalogue_entry.code == "welfare-social-assistance-funds"
        assert ProgrammeRecord.objects.get(disclosure=record).programme == programme
        assert any("已为“测试县城乡最低生活保障”新增资金分配和使用" in m for m in messages_of(response))
        assert logged_in(client, org.clerk).get(response.url).status_code == 200

    def test_disbursed_above_the_amount_is_shown_on_the_field_and_nothing_is_saved(self, client, org, world):
        data = record_post(world["dibao"], org.department, "fund", {"amount": "1000", "disbursed": "1500"})
        response = logged_in(client, org.clerk).post(add_record_url(world["dibao"], "fund"), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["d__social_assistance__disbursed"] == ["已拨付（1500 元）不能超过资金金额（1000 元）。"]
        assert "请修正下面的错误，记录尚未保存。" in response.content.decode()
        assert not Disclosure.objects.exists() and not ProgrammeRecord.objects.exists()

    def test_a_fund_without_an_amount_and_a_standard_without_a_standard_are_field_errors(self, client, org, world):
        client = logged_in(client, org.clerk)
        response = client.post(add_record_url(world["dibao"], "fund"), record_post(world["dibao"], org.department, "fund"))
        assert response.context["form"].errors["d__social_assistance__amount"] == ["资金类信息必须填写资金金额。"]
        response = client.post(
            add_record_url(world["dibao"], "standard"), record_post(world["dibao"], org.department, "standard")
        )
        assert response.context["form"].errors["d__social_assistance__standard"] == ["保障标准信息必须填写标准或每人每月金额。"]
        assert not Disclosure.objects.exists()

    def test_an_urgent_disaster_record_is_due_in_one_working_day(self, client, org, world):
        programme = world["flood"]
        page = logged_in(client, org.clerk).get(add_record_url(programme, "emergency_response"))
        assert 'name="urgent"' in page.content.decode() and 'id="urgent-help"' in page.content.decode()
        data = record_post(programme, org.department, "emergency_response", title="“7·15”洪涝灾害应急处置动态（第1期）",
                           urgent="on")
        response = logged_in(client, org.clerk).post(add_record_url(programme, "emergency_response"), data)
        assert response.status_code == 302
        record = Disclosure.objects.get()
        assert record.urgent and record.deadline_days == 1
        assert record.due_on == add_working_days(YESTERDAY, 1).due_on
        assert any("紧急信息，须在 1 个工作日内公开" in m for m in messages_of(response))
        # The change page shows it first, marked urgent.
        make_record(org, programme, item_type="reconstruction", title="灾后重建进展", formed_on=YESTERDAY)
        rows = logged_in(client, org.clerk).get(change_url(programme)).context["programme_records"]
        assert [row["record"].title for row in rows][0] == "“7·15”洪涝灾害应急处置动态（第1期）"

    def test_urgent_is_not_offered_outside_disaster_relief_and_health(self, client, org, world):
        data = record_post(world["dibao"], org.department, "policy", urgent="on")
        response = logged_in(client, org.clerk).post(add_record_url(world["dibao"], "policy"), data)
        assert response.status_code == 302
        assert Disclosure.objects.get().urgent is False

    def test_an_urgent_health_record_must_be_a_public_health_emergency(self, client, org, world):
        programme = make_programme(org, name="基本公共卫生服务", area=WelfareArea.HEALTH)
        data = record_post(programme, org.department, "immunization", urgent="on")
        response = logged_in(client, org.clerk).post(add_record_url(programme, "immunization"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["urgent"] == [
            "基本医疗卫生领域只有突发公共卫生事件和传染病疫情信息可以标记为紧急信息。"
        ]
        assert not Disclosure.objects.exists()

    def test_an_entry_of_another_area_is_not_offered(self, client, org, world):
        entry = CatalogueEntry.objects.get(code="welfare-education-funds")
        data = record_post(world["dibao"], org.department, "fund", {"amount": "10"}, catalogue_entry=entry.pk)
        response = logged_in(client, org.clerk).post(add_record_url(world["dibao"], "fund"), data)
        assert "选择一个有效的选项" in response.context["form"].errors["catalogue_entry"][0]
        assert not Disclosure.objects.exists()

    def test_another_department_publishes_about_a_programme_it_does_not_run(self, client, org, world):
        data = record_post(world["dibao"], org.other_department, "fund", {"amount": "10"})
        response = logged_in(client, org.other_clerk).post(add_record_url(world["dibao"], "fund"), data)
        assert response.status_code == 302
        assert Disclosure.objects.get().programme_link.programme == world["dibao"]

    def test_reviewers_unknown_and_other_areas_item_types_are_refused(self, client, org, world):
        assert logged_in(client, org.reviewer).get(add_record_url(world["dibao"], "fund")).status_code == 403
        assert logged_in(client, org.clerk).get(add_record_url(world["dibao"], "nope")).status_code == 404
        assert logged_in(client, org.clerk).get(add_record_url(world["dibao"], "eia_approval")).status_code == 404


# --- beneficiary lists -------------------------------------------------------------------------
def xlsx(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "低保对象.xlsx", buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


NO_INLINES = {"entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0}
HEADER = ["姓名", "身份证号码", "联系电话", "所在村（社区）", "家庭人口", "金额", "备注"]


class TestBeneficiaryLists:
    def test_a_beneficiaries_record_links_to_attaching_its_list(self, client, org, world):
        programme = world["dibao"]
        data = record_post(programme, org.department, "beneficiaries", title="2026年9月城乡低保新增对象名单公示")
        response = logged_in(client, org.clerk).post(add_record_url(programme, "beneficiaries"), data)
        record = Disclosure.objects.get()
        attach = f"{reverse('admin:namelists_namelist_add')}?disclosure={record.pk}"
        assert record.catalogue_entry.code == "welfare-social-assistance-dibao"
        assert any(attach in m and "上传名单" in m for m in messages_of(response))
        page = logged_in(client, org.clerk).get(change_url(programme)).content.decode()
        assert attach.replace("&", "&amp;") in page or attach in page

        # The namelists admin opens with the record chosen, and takes the Excel upload.
        form_page = logged_in(client, org.clerk).get(attach)
        assert form_page.context["adminform"].form["disclosure"].value() == str(record.pk)
        upload = xlsx([HEADER, ["张三明", "110101199003071234", "13812345678", "白水村", 3, 650, ""]])
        response = logged_in(client, org.clerk).post(
            reverse("admin:namelists_namelist_add"),
            {"disclosure": record.pk, "notice_days": 7, "scope": "public", "show_amount": "on", "entries_file": upload,
             **NO_INLINES},
        )
        assert response.status_code == 302
        name_list = NameList.objects.get(disclosure=record)
        assert name_list.entries.get().name == "张三明"
        page = logged_in(client, org.clerk).get(change_url(programme)).content.decode()
        assert reverse("admin:namelists_namelist_change", args=[name_list.pk]) in page
        assert reverse("admin:namelists_namelist_print", args=[name_list.pk]) in page

    def test_a_malformed_excel_row_is_refused_with_its_row_and_column_and_nothing_saved(self, client, org, world):
        record = make_record(org, world["dibao"], item_type="beneficiaries")
        upload = xlsx([
            HEADER,
            ["张三明", "110101199003071234", "13812345678", "白水村", 3, 650, ""],
            ["李四", "11010119800101", "13912345678", "石门村", 2, 480, ""],
        ])
        response = logged_in(client, org.clerk).post(
            reverse("admin:namelists_namelist_add"),
            {"disclosure": record.pk, "notice_days": 7, "scope": "public", "entries_file": upload, **NO_INLINES},
            follow=True,
        )
        assert any("第 3 行 B 列（身份证号码）" in m for m in messages_of(response))
        assert not NameList.objects.exists()

    def test_a_published_list_is_no_longer_offered_for_upload(self, client, org, world):
        record = make_record(org, world["dibao"], item_type="beneficiaries", title="已发布的名单公示")
        publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)
        rows = logged_in(client, org.clerk).get(change_url(world["dibao"])).context["programme_records"]
        assert rows[0]["name_list"] is None
