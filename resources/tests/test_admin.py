"""The resources admin: scoping, saving through the services, a matter's records and the 新增信息记录
view (the kernel's clerk form, limited to the area's catalogue entries and fields, posting to
matter_record_create), name lists of housing allocations, and the 黑名单 (scoped, never deleted)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.forms import DisclosureForm
from disclosures.models import Disclosure
from namelists import services as namelist_services
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from resources import services
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry, MatterRecord, ResourceMatter
from tests.clock import TEST_TODAY

from .factories import details, entry_fields, make_entry, make_matter, make_record, matter_fields

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:resources_resourcematter_changelist"
BLACKLIST = "admin:resources_blacklistentry_changelist"
TODAY = TEST_TODAY
YESTERDAY = TODAY - datetime.timedelta(days=1)


def logged_in(client, user):
    client.force_login(user)
    return client


def change_url(matter) -> str:
    return reverse("admin:resources_resourcematter_change", args=[matter.pk])


def add_record_url(matter, item_type: str) -> str:
    return reverse("admin:resources_resourcematter_add_record", args=[matter.pk, item_type])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post_data(fields: dict) -> dict:
    data = {}
    for name, value in fields.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif value is None:
            value = ""
        data[name] = str(value)
    return data


def record_post(department, area: str, item_type: str, **overrides) -> dict:
    code = services.ITEM_ENTRIES[(area, item_type)]
    data = {
        "department": department.pk,
        "catalogue_entry": CatalogueEntry.objects.get(code=code).pk,
        "title": "测试公共资源配置信息",
        "formed_on": YESTERDAY.isoformat(),
        "disclosure_mode": "active",
        "body": "<p>正文</p>",
    }
    for name, value in details(area, item_type).items():
        data[DisclosureForm.details_field_name(area, name)] = value
    data.update(overrides)
    return data


@pytest.fixture
def world(org):
    """Matters of the county (by 发改委 and by 自然资源局), of the town, and of another county."""
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    far_department = DepartmentFactory(jurisdiction=elsewhere, name="邻县自然资源局", code="LXZR")
    far_clerk = member(far_department, Role.CLERK, "far_clerk")
    return {
        "land": make_matter(org, name="城东7号宗地挂牌出让", reference_no="测试〔2026〕7号"),
        "housing": make_matter(org, area="housing", name="2026年公共租赁住房分配", reference_no="GZF-2026-01",
                               department=org.other_department, actor=org.other_clerk, amount=None),
        "town": make_matter(org, area="procurement", name="测试镇垃圾转运车采购", jurisdiction=org.town,
                            department=org.town_department, actor=org.town_clerk),
        "far": make_matter(org, name="邻县3号宗地出让", jurisdiction=elsewhere, department=far_department, actor=far_clerk),
    }


def names_in_changelist(client, **params) -> list[str]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(matter.name for matter in response.context["cl"].result_list)


# --- scoping -------------------------------------------------------------------------------------
class TestScoping:
    def test_county_staff_see_the_county_and_its_towns_not_another_county(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.clerk)) == sorted(
            ["城东7号宗地挂牌出让", "2026年公共租赁住房分配", "测试镇垃圾转运车采购"]
        )

    def test_town_staff_see_their_town_and_county_matters_they_publish_about(self, client, org, world):
        assert names_in_changelist(logged_in(client, org.town_clerk)) == ["测试镇垃圾转运车采购"]
        make_record(org, world["land"], "result", actor=org.town_clerk, department=org.town_department,
                    details=details("land_use_right", "result"))
        assert "城东7号宗地挂牌出让" in names_in_changelist(logged_in(client, org.town_clerk))

    def test_another_countys_matter_cannot_be_opened(self, client, org, world):
        response = logged_in(client, org.clerk).get(change_url(world["far"]))
        assert response.status_code == 302
        assert logged_in(client, org.clerk).get(add_record_url(world["far"], "notice")).status_code == 404

    def test_the_changelist_filters_by_area_department_jurisdiction_and_searches(self, client, org, world):
        client = logged_in(client, org.office)
        assert names_in_changelist(client, area="housing") == ["2026年公共租赁住房分配"]
        assert names_in_changelist(client, department__id__exact=org.other_department.pk) == ["2026年公共租赁住房分配"]
        assert names_in_changelist(client, jurisdiction__id__exact=org.town.pk) == ["测试镇垃圾转运车采购"]
        assert names_in_changelist(client, q="垃圾转运") == ["测试镇垃圾转运车采购"]
        assert names_in_changelist(client, q="测试〔2026〕7号") == ["城东7号宗地挂牌出让"]
        content = client.get(reverse(CHANGELIST)).content.decode()
        assert "5,296.00 万元" in content
        assert "邻县" not in content  # filters offer only what the office may see


# --- saving through the services -----------------------------------------------------------------
class TestSaving:
    def test_a_clerk_adds_a_matter_through_the_service(self, client, org):
        data = post_data(matter_fields(org, name="城南31号宗地拍卖出让", project=None))
        response = logged_in(client, org.clerk).post(reverse("admin:resources_resourcematter_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert ResourceMatter.objects.get().name == "城南31号宗地拍卖出让"
        assert AuditEntry.objects.filter(action="matter.create", actor=org.clerk).exists()

    def test_errors_are_shown_in_chinese_on_the_fields_and_nothing_is_saved(self, client, org, world):
        project_less = post_data(matter_fields(org, amount="-5", area="procurement", project=None))
        response = logged_in(client, org.clerk).post(reverse("admin:resources_resourcematter_add"), project_less)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["amount"] == ["确保该值大于或等于0。"]
        data = post_data(matter_fields(org, department=org.other_department, project=None))
        response = logged_in(client, org.clerk).post(reverse("admin:resources_resourcematter_add"), data)
        assert "选择一个有效的选项" in response.context["adminform"].form.errors["department"][0]
        assert ResourceMatter.objects.count() == 4

    def test_the_clerk_changes_the_matter(self, client, org, world):
        matter = world["land"]
        data = post_data(matter_fields(org, name=matter.name, reference_no=matter.reference_no, amount="60000000.00", project=None))
        response = logged_in(client, org.clerk).post(change_url(matter), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        matter.refresh_from_db()
        assert str(matter.amount) == "60000000.00"
        assert AuditEntry.objects.get(action="matter.update").data["changes"]["amount"] == ["52960000.00", "60000000.00"]

    def test_another_department_sees_the_matter_read_only_and_nobody_deletes(self, client, org, world):
        matter = world["land"]
        client = logged_in(client, org.other_clerk)
        page = client.get(change_url(matter))
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.post(change_url(matter), post_data(matter_fields(org, name="越权改名", project=None))).status_code == 403
        matter.refresh_from_db()
        assert matter.name == "城东7号宗地挂牌出让"
        response = logged_in(client, org.office).get(reverse("admin:resources_resourcematter_delete", args=[matter.pk]))
        assert response.status_code == 403


# --- the matter's records ------------------------------------------------------------------------
class TestMatterRecords:
    def test_the_change_page_lists_records_and_offers_every_item_type_of_the_area(self, client, org, world):
        matter = world["land"]
        mine = make_record(org, matter, "notice", title="城东7号宗地挂牌出让公告")
        theirs = make_record(org, matter, "result", actor=org.other_clerk, department=org.other_department,
                             title="城东7号宗地出让结果（草稿）", details=details("land_use_right", "result"))
        page = logged_in(client, org.clerk).get(change_url(matter))
        content = page.content.decode()
        assert "城东7号宗地挂牌出让公告" in content and "出让公告" in content
        assert reverse("admin:disclosures_disclosure_change", args=[mine.pk]) in content
        assert "城东7号宗地出让结果（草稿）" not in content  # another department's draft is theirs until published
        codes = [code for code, _label in CATEGORY_FORMS["land_use_right"].ITEM_TYPES]
        assert [link["item_type"] for link in page.context["add_record_links"]] == codes
        for code in codes:
            assert add_record_url(matter, code) in content
        disclosure_services.disclosure_submit(disclosure=theirs, actor=org.other_clerk)
        disclosure_services.disclosure_review(disclosure=theirs, actor=org.other_reviewer)
        disclosure_services.disclosure_sign(disclosure=theirs, actor=member(org.other_department, Role.SIGNER))
        theirs.refresh_from_db()
        content = logged_in(client, org.clerk).get(change_url(matter)).content.decode()
        assert "城东7号宗地出让结果（草稿）" in content
        assert theirs.get_absolute_url() in content

    def test_the_add_record_form_is_the_kernel_form_limited_to_the_area(self, client, org, world):
        page = logged_in(client, org.clerk).get(add_record_url(world["land"], "result"))
        assert page.status_code == 200
        form = page.context["form"]
        assert isinstance(form, DisclosureForm)
        offered = form.fields["catalogue_entry"].queryset
        assert set(offered.values_list("domain", "category")) == {("resources", "land_use_right")}
        assert form["catalogue_entry"].value() == CatalogueEntry.objects.get(code="resources-land-use-right-result").pk
        assert form["d__land_use_right__item_type"].value() == "result"
        assert form["department"].value() == org.department.pk
        content = page.content.decode()
        assert 'class="module aligned details-fieldset details-land_use_right"' in content
        assert "details-procurement" not in content and "details-approval_result" not in content
        assert "d__land_use_right__transferee" in content and "出让结果" in content
        assert 'id="entry-categories"' in content and "js/admin_details.js" in content

    def test_a_clerk_adds_a_record_and_goes_on_to_its_workflow(self, client, org, world):
        matter = world["land"]
        data = record_post(
            org.department, "land_use_right", "result", title="城东7号宗地出让结果公示",
            d__land_use_right__parcel_no="测试〔2026〕7号", d__land_use_right__transferee="测试嘉和置业有限公司",
            d__land_use_right__deal_price="61880000.00",
        )
        response = logged_in(client, org.clerk).post(add_record_url(matter, "result"), data)
        record = Disclosure.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("admin:disclosures_disclosure_change", args=[record.pk])
        assert record.status == Status.DRAFT and record.category == "land_use_right"
        assert record.details["item_type"] == "result" and record.details["deal_price"] == "61880000.00"
        assert MatterRecord.objects.get(disclosure=record).matter == matter
        assert any("已为“城东7号宗地挂牌出让”新增出让结果" in m for m in messages_of(response))
        assert logged_in(client, org.clerk).get(response.url).status_code == 200

    def test_bad_structured_fields_are_shown_in_chinese_and_nothing_is_saved(self, client, org, world):
        data = record_post(
            org.department, "land_use_right", "result",
            d__land_use_right__transferee="", d__land_use_right__deal_price="-1",
        )
        response = logged_in(client, org.clerk).post(add_record_url(world["land"], "result"), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["d__land_use_right__deal_price"] == ["确保该值大于或等于0。"]
        assert errors["d__land_use_right__transferee"] == ["出让结果必须填写受让人（有成交价就必须有受让人）。"]
        assert "请修正下面的错误，记录尚未保存。" in response.content.decode()
        assert not Disclosure.objects.exists() and not MatterRecord.objects.exists()

    def test_an_entry_of_another_area_is_not_offered(self, client, org, world):
        entry = CatalogueEntry.objects.get(code="resources-procurement-notice")
        data = record_post(org.department, "land_use_right", "notice", catalogue_entry=entry.pk)
        response = logged_in(client, org.clerk).post(add_record_url(world["land"], "notice"), data)
        assert "选择一个有效的选项" in response.context["form"].errors["catalogue_entry"][0]
        assert not Disclosure.objects.exists()

    def test_a_department_of_another_county_is_refused_by_the_service(self, client, org, world, django_user_model):
        far = DepartmentFactory(jurisdiction=world["far"].jurisdiction, name="邻县公共资源交易中心", code="LXJY")
        root = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
        response = logged_in(client, root).post(
            add_record_url(world["land"], "notice"), record_post(far, "land_use_right", "notice")
        )
        assert response.status_code == 200
        assert "不属于事项所在区划" in response.context["form"].errors["department"][0]
        assert not Disclosure.objects.exists()

    def test_reviewers_and_unknown_item_types_are_refused(self, client, org, world):
        assert logged_in(client, org.reviewer).get(add_record_url(world["land"], "notice")).status_code == 403
        assert logged_in(client, org.clerk).get(add_record_url(world["land"], "award")).status_code == 404


class TestNameLists:
    def test_a_housing_allocation_record_links_to_the_name_list_admin(self, client, org, world):
        matter = world["housing"]
        data = record_post(org.other_department, "housing", "allocation_result", title="公租房分配结果公示",
                           d__housing__allocated_units="96")
        response = logged_in(client, org.other_clerk).post(add_record_url(matter, "allocation_result"), data)
        assert response.status_code == 302
        assert any("附加公示名单" in m for m in messages_of(response))
        record = Disclosure.objects.get()
        page = logged_in(client, org.other_clerk).get(change_url(matter)).content.decode()
        attach = reverse("admin:namelists_namelist_add") + f"?disclosure={record.pk}"
        assert attach in page
        # The kernel's name list admin opens with the record chosen.
        form = logged_in(client, org.other_clerk).get(attach).context["adminform"].form
        assert str(form["disclosure"].value()) == str(record.pk)

        name_list = namelist_services.name_list_save(
            actor=org.other_clerk, disclosure=record, notice_days=7,
            entries=[{"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678"}],
        )
        page = logged_in(client, org.other_clerk).get(change_url(matter)).content.decode()
        assert reverse("admin:namelists_namelist_change", args=[name_list.pk]) in page
        assert reverse("admin:namelists_namelist_print", args=[name_list.pk]) in page
        assert attach not in page

    def test_other_item_types_take_no_name_list(self, client, org, world):
        record = make_record(org, world["housing"], "allocation_policy", actor=org.other_clerk, department=org.other_department)
        page = logged_in(client, org.other_clerk).get(change_url(world["housing"]))
        row = next(row for row in page.context["matter_records"] if row["record"].pk == record.pk)
        assert row["name_list"] is None


# --- 黑名单 ---------------------------------------------------------------------------------------
def blacklist_post(org, **overrides) -> dict:
    return post_data(entry_fields(org, **overrides))


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
        assert "选择一个有效的选项" in response.context["adminform"].form.errors["department"][0]
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
