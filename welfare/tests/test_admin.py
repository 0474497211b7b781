"""The welfare admin: the subject admin contract every domain keeps (tests/contracts/subject_admin.py) and what
only a programme has — its changelist filters and fields, the area's item types, fund and standard fields,
urgent records where the area allows them — and attaching a beneficiary list."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from disclosures.forms import DisclosureForm
from disclosures.models import Disclosure
from namelists.models import NameList
from tests.clock import TEST_TODAY
from tests.contracts.records import publish
from tests.contracts.subject_admin import SubjectAdminContract, logged_in, messages_of, record_form
from welfare import services
from welfare.choices import WelfareArea
from welfare.forms import CATEGORY_FORMS
from welfare.models import Programme

from .factories import make_programme, make_record

pytestmark = pytest.mark.django_db

YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)


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


class TestProgrammeAdmin(SubjectAdminContract):
    domain = "welfare"
    # 民政局 = org.department, 自然资源局 = org.other_department.
    world_subjects = {
        "mine": {"name": "测试县城乡最低生活保障"},
        "theirs": {"name": "测试县生态公益林补偿", "area": WelfareArea.ENVIRONMENT},
        "town": {"name": "测试镇农村敬老院运营补助"},
        "far": {"name": "邻县临时救助"},
    }
    kind_key = "item"
    foreign_kind = "eia_approval"  # an 生态环境 item type
    record_kind = "policy"
    listed = {"subject": "flood", "fields": {"item_type": "relief_goods", "details": {"amount": "300000"}},
              "label": "救助和捐赠款物数量及使用"}
    form = {
        "kind": "standard", "entry": "welfare-social-assistance-policy", "category": "social_assistance",
        "not_shown": ("education", "bidding"), "shown": ("d__social_assistance__amount_per_person_month",),
    }
    added = {
        "kind": "fund",
        "post": {"title": "2026年第三季度城乡低保资金分配情况", "d__social_assistance__fund_source": "中央财政困难群众救助补助资金",
                 "d__social_assistance__amount": "3260000.00", "d__social_assistance__recipients": "3260",
                 "d__social_assistance__disbursed": "2400000.00",
                 "d__social_assistance__usage": "按月发放至保障对象“一卡通”账户"},
        "category": "social_assistance",
        "details": {
            "item_type": "fund", "fund_source": "中央财政困难群众救助补助资金", "amount": "3260000.00",
            "recipients": 3260, "disbursed": "2400000.00", "usage": "按月发放至保障对象“一卡通”账户",
        },
        "message": "已为“测试县城乡最低生活保障”新增资金分配和使用",
    }
    bad_details = {
        "kind": "fund",
        "post": {"d__social_assistance__amount": "1000", "d__social_assistance__disbursed": "1500"},
        "errors": {"d__social_assistance__disbursed": ["已拨付（1500 元）不能超过资金金额（1000 元）。"]},
    }
    foreign_entry = "welfare-education-funds"

    def kinds(self, subject):
        return [code for code, _label in CATEGORY_FORMS[subject.area].ITEM_TYPES]

    def more_subjects(self, org):
        return {"flood": make_programme(org, name="“7·15”洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF)}

    def record_post(self, subject, department, kind, **overrides):
        entry = services.default_catalogue_entry(subject.area, kind)
        return record_form(department, entry, subject.area, {"item_type": kind}, **overrides)

    def check_added(self, record):
        assert set(record.details) == set(self.added["details"])
        assert record.catalogue_entry.code == "welfare-social-assistance-funds"

    # --- what only a programme has -------------------------------------------------------------
    def test_the_changelist_filters_by_area_department_and_jurisdiction_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        assert self.names_in_changelist(client, area="environment") == ["测试县生态公益林补偿"]
        assert self.names_in_changelist(client, department__id__exact=org.other_department.pk) == ["测试县生态公益林补偿"]
        assert self.names_in_changelist(client, jurisdiction__id__exact=org.town.pk) == ["测试镇农村敬老院运营补助"]
        assert self.names_in_changelist(client, q="洪涝") == ["“7·15”洪涝灾害救助"]
        content = client.get(self.url("changelist")).content.decode()
        assert "1,280.00 万元" in content  # 资金规模 in 万元
        assert "社会救助和社会福利" in content and "灾害事故救援" in content
        assert "邻县" not in content  # the filters offer only what the office may see

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org):
        data = self.subject_post(org, starts_on="2026-05-01", ends_on="2026-04-01", total_funds="-5")
        response = logged_in(client, org.clerk).post(self.url("add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["ends_on"] == ["实施结束日期不能早于开始日期。"]
        assert "不能小于" in errors["total_funds"][0]
        assert not Programme.objects.exists()

    def test_a_personal_mobile_is_shown_on_its_field_and_nothing_is_saved(self, client, org):
        response = logged_in(client, org.clerk).post(
            self.url("add"), self.subject_post(org, report_phone="13812345678"), follow=True
        )
        [message] = response.context["adminform"].form.errors["report_phone"]
        assert "监督举报电话将向社会公开，不得包含个人信息" in message and "13812345678" not in message
        assert not Programme.objects.exists()

    def test_the_clerk_changes_the_programme(self, client, org, world):
        programme = world["mine"]
        data = self.subject_post(org, name=programme.name, result="全年保障 3,260 人。")
        response = logged_in(client, org.clerk).post(self.change_url(programme), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        programme.refresh_from_db()
        assert programme.result == "全年保障 3,260 人。"
        assert AuditEntry.objects.get(action="programme.update").data["changes"]["result"] == ["", "全年保障 3,260 人。"]

    def test_the_add_record_form_is_of_the_item_type_and_offers_no_urgent_flag(self, client, org, world):
        page = logged_in(client, org.clerk).get(self.add_record_url(world["mine"], "standard"))
        form = page.context["form"]
        assert form[DisclosureForm.details_field_name("social_assistance", "item_type")].value() == "standard"
        assert 'name="urgent"' not in page.content.decode()  # 社会救助 records are never urgent
        assert page.context["title"] == "新增信息记录：保障（补助）标准"

    def test_a_fund_without_an_amount_and_a_standard_without_a_standard_are_field_errors(self, client, org, world):
        client = logged_in(client, org.clerk)
        dibao = world["mine"]
        response = client.post(self.add_record_url(dibao, "fund"), self.record_post(dibao, org.department, "fund"))
        assert response.context["form"].errors["d__social_assistance__amount"] == ["资金类信息必须填写资金金额。"]
        response = client.post(
            self.add_record_url(dibao, "standard"), self.record_post(dibao, org.department, "standard")
        )
        assert response.context["form"].errors["d__social_assistance__standard"] == ["保障标准信息必须填写标准或每人每月金额。"]
        assert not Disclosure.objects.exists()

    def test_an_urgent_disaster_record_is_due_24_hours_after_it_was_formed(self, client, org, world):
        programme = world["flood"]
        page = logged_in(client, org.clerk).get(self.add_record_url(programme, "emergency_response"))
        assert 'name="urgent"' in page.content.decode() and 'id="urgent-help"' in page.content.decode()
        data = self.record_post(programme, org.department, "emergency_response",
                                title="“7·15”洪涝灾害应急处置动态（第1期）", urgent="on",
                                formed_at_0=YESTERDAY.isoformat(), formed_at_1="15:00:00")  # the admin's date + time
        response = logged_in(client, org.clerk).post(self.add_record_url(programme, "emergency_response"), data)
        assert response.status_code == 302
        record = Disclosure.objects.get()
        assert record.urgent and (record.deadline_days, record.deadline_unit) == (24, "hours")
        formed_at = timezone.make_aware(datetime.datetime.combine(YESTERDAY, datetime.time(15, 0)))
        assert record.formed_at == formed_at and record.due_at == formed_at + datetime.timedelta(hours=24)
        due = timezone.localtime(record.due_at)
        assert any(f"紧急信息，须在 {due:%Y-%m-%d %H:%M} 前公开" in m for m in messages_of(response))
        # The change page shows it first, marked urgent.
        make_record(org, programme, item_type="reconstruction", title="灾后重建进展", formed_on=YESTERDAY)
        rows = logged_in(client, org.clerk).get(self.change_url(programme)).context["programme_records"]
        assert [row["record"].title for row in rows][0] == "“7·15”洪涝灾害应急处置动态（第1期）"

    def test_urgent_is_not_offered_outside_disaster_relief_and_health(self, client, org, world):
        data = self.record_post(world["mine"], org.department, "policy", urgent="on")
        response = logged_in(client, org.clerk).post(self.add_record_url(world["mine"], "policy"), data)
        assert response.status_code == 302
        assert Disclosure.objects.get().urgent is False

    def test_an_urgent_health_record_must_be_a_public_health_emergency(self, client, org, world):
        programme = make_programme(org, name="基本公共卫生服务", area=WelfareArea.HEALTH)
        data = self.record_post(programme, org.department, "immunization", urgent="on")
        response = logged_in(client, org.clerk).post(self.add_record_url(programme, "immunization"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["urgent"] == [
            "基本医疗卫生领域只有突发公共卫生事件和传染病疫情信息可以标记为紧急信息。"
        ]
        assert not Disclosure.objects.exists()

    # --- beneficiary lists -----------------------------------------------------------------------
    def test_a_beneficiaries_record_links_to_attaching_its_list(self, client, org, world):
        programme = world["mine"]
        data = self.record_post(programme, org.department, "beneficiaries", title="2026年9月城乡低保新增对象名单公示")
        response = logged_in(client, org.clerk).post(self.add_record_url(programme, "beneficiaries"), data)
        record = Disclosure.objects.get()
        attach = f"{reverse('admin:namelists_namelist_add')}?disclosure={record.pk}"
        assert record.catalogue_entry.code == "welfare-social-assistance-dibao"
        assert any(attach in m and "上传名单" in m for m in messages_of(response))
        page = logged_in(client, org.clerk).get(self.change_url(programme)).content.decode()
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
        page = logged_in(client, org.clerk).get(self.change_url(programme)).content.decode()
        assert reverse("admin:namelists_namelist_change", args=[name_list.pk]) in page
        assert reverse("admin:namelists_namelist_print", args=[name_list.pk]) in page

    def test_a_malformed_excel_row_is_refused_with_its_row_and_column_and_nothing_saved(self, client, org, world):
        record = make_record(org, world["mine"], item_type="beneficiaries")
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
        record = make_record(org, world["mine"], item_type="beneficiaries", title="已发布的名单公示")
        publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)
        rows = logged_in(client, org.clerk).get(self.change_url(world["mine"])).context["programme_records"]
        assert rows[0]["name_list"] is None
