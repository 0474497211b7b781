"""The resources admin: the subject admin contract every domain keeps (tests/contracts/subject_admin.py), what
only a matter has — its changelist filters and fields, the area's item types — name lists of housing
allocations, and the 黑名单 (scoped, never deleted)."""

import datetime

import pytest
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures.models import Disclosure
from namelists import services as namelist_services
from resources import services
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry, ResourceMatter
from tests.clock import TEST_TODAY
from tests.contracts.subject_admin import SubjectAdminContract, form_data, logged_in, messages_of, record_form

from .factories import details, entry_fields, make_entry, make_record

pytestmark = pytest.mark.django_db

BLACKLIST = "admin:resources_blacklistentry_changelist"
TODAY = TEST_TODAY


class TestMatterAdmin(SubjectAdminContract):
    domain = "resources"
    world_subjects = {
        "mine": {"name": "城东7号宗地挂牌出让", "reference_no": "测试〔2026〕7号"},
        "theirs": {"name": "2026年公共租赁住房分配", "area": "housing", "reference_no": "GZF-2026-01", "amount": None},
        "town": {"name": "测试镇垃圾转运车采购", "area": "procurement"},
        "far": {"name": "邻县3号宗地出让"},
    }
    kind_key = "item_type"
    foreign_kind = "award"  # a 工程建设项目招标投标 step
    record_kind = "notice"
    listed = {"subject": "mine", "fields": {"item_type": "notice"}, "label": "出让公告"}
    form = {
        "kind": "result", "entry": "resources-land-use-right-result", "category": "land_use_right",
        "not_shown": ("procurement", "approval_result"), "shown": ("d__land_use_right__transferee", "出让结果"),
    }
    added = {
        "kind": "result",
        "post": {"title": "城东7号宗地出让结果公示", "d__land_use_right__parcel_no": "测试〔2026〕7号",
                 "d__land_use_right__transferee": "测试嘉和置业有限公司", "d__land_use_right__deal_price": "61880000.00"},
        "category": "land_use_right",
        "details": {"item_type": "result", "deal_price": "61880000.00"},
        "message": "已为“城东7号宗地挂牌出让”新增出让结果",
    }
    bad_details = {
        "kind": "result",
        "post": {"d__land_use_right__transferee": "", "d__land_use_right__deal_price": "-1"},
        "errors": {"d__land_use_right__deal_price": ["不能小于 0。"],
                   "d__land_use_right__transferee": ["出让结果必须填写受让人（有成交价就必须有受让人）。"]},
    }
    foreign_entry = "resources-procurement-notice"

    def kinds(self, subject):
        form = CATEGORY_FORMS[subject.area]
        return [code for code, _label in form.ITEM_TYPES if code not in form.HISTORIC]  # historic: not offered

    def record_post(self, subject, department, kind, **overrides):
        entry = CatalogueEntry.objects.get(code=services.ITEM_ENTRIES[(subject.area, kind)])
        return record_form(department, entry, subject.area, details(subject.area, kind), **overrides)

    # --- what only a matter has ----------------------------------------------------------------
    def test_the_changelist_filters_by_area_department_jurisdiction_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        assert self.names_in_changelist(client, area="housing") == ["2026年公共租赁住房分配"]
        assert self.names_in_changelist(client, department__id__exact=org.other_department.pk) == ["2026年公共租赁住房分配"]
        assert self.names_in_changelist(client, jurisdiction__id__exact=org.town.pk) == ["测试镇垃圾转运车采购"]
        assert self.names_in_changelist(client, q="垃圾转运") == ["测试镇垃圾转运车采购"]
        assert self.names_in_changelist(client, q="测试〔2026〕7号") == ["城东7号宗地挂牌出让"]
        content = client.get(self.url("changelist")).content.decode()
        assert "5,296.00 万元" in content
        assert "邻县" not in content  # filters offer only what the office may see

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org, world):
        data = self.subject_post(org, amount="-5", area="procurement")
        response = logged_in(client, org.clerk).post(self.url("add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["amount"] == ["不能小于 0。"]
        assert ResourceMatter.objects.count() == 4

    def test_the_clerk_changes_the_matter(self, client, org, world):
        matter = world["mine"]
        data = self.subject_post(org, name=matter.name, reference_no=matter.reference_no, amount="60000000.00")
        response = logged_in(client, org.clerk).post(self.change_url(matter), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        matter.refresh_from_db()
        assert str(matter.amount) == "60000000.00"
        assert AuditEntry.objects.get(action="matter.update").data["changes"]["amount"] == ["52960000.00", "60000000.00"]

    def test_the_add_record_form_sets_the_item_type(self, client, org, world):
        form = logged_in(client, org.clerk).get(self.add_record_url(world["mine"], "result")).context["form"]
        assert form["d__land_use_right__item_type"].value() == "result"

    # --- name lists of housing allocations ------------------------------------------------------
    def test_a_housing_allocation_record_links_to_the_name_list_admin(self, client, org, world):
        matter = world["theirs"]
        data = self.record_post(matter, org.other_department, "allocation_result", title="公租房分配结果公示",
                                d__housing__allocated_units="96")
        response = logged_in(client, org.other_clerk).post(self.add_record_url(matter, "allocation_result"), data)
        assert response.status_code == 302
        assert any("附加公示名单" in m for m in messages_of(response))
        record = Disclosure.objects.get()
        page = logged_in(client, org.other_clerk).get(self.change_url(matter)).content.decode()
        attach = reverse("admin:namelists_namelist_add") + f"?disclosure={record.pk}"
        assert attach in page
        # The kernel's name list admin opens with the record chosen.
        form = logged_in(client, org.other_clerk).get(attach).context["adminform"].form
        assert str(form["disclosure"].value()) == str(record.pk)

        name_list = namelist_services.name_list_save(
            actor=org.other_clerk, disclosure=record, notice_days=7,
            entries=[{"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678"}],
        )
        page = logged_in(client, org.other_clerk).get(self.change_url(matter)).content.decode()
        assert reverse("admin:namelists_namelist_change", args=[name_list.pk]) in page
        assert reverse("admin:namelists_namelist_print", args=[name_list.pk]) in page
        assert attach not in page

    def test_other_item_types_take_no_name_list(self, client, org, world):
        record = make_record(org, world["theirs"], "allocation_policy", actor=org.other_clerk,
                             department=org.other_department)
        page = logged_in(client, org.other_clerk).get(self.change_url(world["theirs"]))
        row = next(row for row in page.context["matter_records"] if row["record"].pk == record.pk)
        assert row["name_list"] is None


# --- 黑名单 ---------------------------------------------------------------------------------------
def blacklist_post(org, **overrides) -> dict:
    return form_data(entry_fields(org, **overrides))


class TestBlacklist:
    def test_staff_see_the_entries_of_their_departments_expired_ones_too(self, client, org):
        mine = make_entry(org, subject_name="测试恒达建筑工程有限公司")
        old = make_entry(org, subject_name="测试顺达房地产经纪有限公司",
                         starts_on=TODAY - datetime.timedelta(days=800), ends_on=TODAY - datetime.timedelta(days=70))
        services.blacklist_expire()
        make_entry(org, actor=org.other_clerk, department=org.other_department, subject_name="测试宏基置业有限公司")
        response = logged_in(client, org.clerk).get(reverse(BLACKLIST))
        assert {e.subject_name for e in response.context["cl"].result_list} == {mine.subject_name, old.subject_name}
        content = response.content.decode()
        assert "已期满移出" in content and "在列入期内（公开）" in content
        expired = logged_in(client, org.clerk).get(reverse(BLACKLIST), {"state": "expired"}).context["cl"].result_list
        assert [e.subject_name for e in expired] == [old.subject_name]
        found = logged_in(client, org.clerk).get(reverse(BLACKLIST), {"q": mine.uscc}).context["cl"].result_list
        assert [e.subject_name for e in found] == [mine.subject_name]

    def test_the_list_names_each_basis_and_list_in_one_short_line(self, client, org):
        from resources.choices import CreditBasis

        make_entry(org, subject_name="测试恒达建筑工程有限公司", basis=CreditBasis.PROCUREMENT_LAW_77)
        response = logged_in(client, org.clerk).get(reverse(BLACKLIST))
        content = response.content.decode()
        full = CreditBasis.PROCUREMENT_LAW_77.label
        assert f'<td class="field-basis_column"><span title="{full}">政府采购法第七十七条</span></td>' in content
        assert '<td class="field-list_column">严重失信</td>' in content

    def test_a_clerk_adds_an_entry_through_the_service(self, client, org):
        response = logged_in(client, org.clerk).post(reverse("admin:resources_blacklistentry_add"), blacklist_post(org))
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert BlacklistEntry.objects.count() == 1
        assert AuditEntry.objects.filter(action="blacklist.create", actor=org.clerk).exists()

    def test_bad_input_is_refused_with_chinese_field_messages(self, client, org):
        data = blacklist_post(org, uscc="91533100MA6K1234X1", starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=3))
        response = logged_in(client, org.clerk).post(reverse("admin:resources_blacklistentry_add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["uscc"] == ["统一社会信用代码校验位不正确，请核对。"]
        assert errors["ends_on"] == ["移出日期必须晚于列入日期。"]
        data = blacklist_post(org, department=org.other_department)
        response = logged_in(client, org.clerk).post(reverse("admin:resources_blacklistentry_add"), data)
        assert "请从列表中" in response.context["adminform"].form.errors["department"][0]
        assert not BlacklistEntry.objects.exists()

    def test_an_expired_entry_is_read_only_and_no_entry_is_ever_deleted(self, client, org):
        entry = make_entry(org, starts_on=TODAY - datetime.timedelta(days=800), ends_on=TODAY - datetime.timedelta(days=70))
        services.blacklist_expire()
        url = reverse("admin:resources_blacklistentry_change", args=[entry.pk])
        page = logged_in(client, org.clerk).get(url)
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert "已期满移出" in page.content.decode()
        assert logged_in(client, org.clerk).post(url, blacklist_post(org, subject_name="改名")).status_code == 403
        delete = reverse("admin:resources_blacklistentry_delete", args=[entry.pk])
        assert logged_in(client, org.office).get(delete).status_code == 403
        assert BlacklistEntry.objects.get().subject_name == entry.subject_name

    def test_another_department_cannot_change_an_entry(self, client, org):
        entry = make_entry(org)
        url = reverse("admin:resources_blacklistentry_change", args=[entry.pk])
        response = logged_in(client, org.other_clerk).get(url)
        assert response.status_code == 302  # not in their scope
        office_page = logged_in(client, org.office).get(url)
        assert office_page.context["has_change_permission"]
