"""Name lists: masked through every door, off the public site after the 公示期, editable only as drafts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import TransitionNotAllowed
from disclosures import services as kernel
from disclosures.models import Disclosure
from disclosures.tests.factories import draft
from namelists import services
from namelists.masking import mask_id_number, mask_name, mask_phone
from namelists.models import NameList

RAW_ID = "110101199003071234"
RAW_PHONE = "13812345678"
RAW_NAME = "张三明"
ENTRIES = [
    {"name": RAW_NAME, "id_number": RAW_ID, "phone": RAW_PHONE, "locality": "白水村", "household_size": 3, "amount": "1200.00", "note": "公租房 3-201"},
    {"name": "李四", "id_number": "11010119800101123X", "phone": "0908-4221234", "locality": "石门村", "household_size": 2, "amount": "800", "note": ""},
]


def test_masking_rules():
    assert mask_name("张三明") == "张*明"
    assert mask_name("李四") == "李*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_id_number(RAW_ID) == "110101********1234"
    assert mask_id_number("１１０１０１１９９００３０７１２３４") == "110101********1234"
    assert mask_id_number("110101900307123") == "110101******123"
    assert mask_phone(RAW_PHONE) == "138****5678"
    assert mask_phone("138 1234 5678") == "138****5678"


def publish_list(org, **settings):
    """A housing record with the two ENTRIES and the list's `settings` (notice_days, notice_unit, long_term,
    scope…), published today."""
    record = draft(org.clerk, org.department, domain="resources", category="housing", title="2026年公共租赁住房分配结果公示")
    services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES, **settings)
    kernel.disclosure_submit(disclosure=record, actor=org.clerk)
    kernel.disclosure_review(disclosure=record, actor=org.reviewer)
    kernel.disclosure_sign(disclosure=record, actor=org.signer)
    record.refresh_from_db()
    return record


def assert_no_raw_personal_data(text: str):
    for raw in (RAW_ID, RAW_PHONE, RAW_NAME, "11010119800101123X", "4221234"):
        assert raw not in text, f"unmasked {raw} leaked"


def test_public_page_and_api_show_only_masked_data(org, client):
    record = publish_list(org)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "张*明" in page and "110101********1234" in page
    assert_no_raw_personal_data(page)
    api = client.get(f"/api/v1/disclosures/{record.pk}/").content.decode()
    assert "110101********1234" in api
    assert_no_raw_personal_data(api)
    # staff API is a door too
    from rest_framework.test import APIClient

    staff = APIClient()
    staff.force_authenticate(org.clerk)
    assert_no_raw_personal_data(staff.get(f"/api/v1/disclosures/{record.pk}/").content.decode())
    assert_no_raw_personal_data(client.get("/api/v1/disclosures/").content.decode())
    assert_no_raw_personal_data(client.get("/").content.decode())
    assert_no_raw_personal_data(client.get("/column/resources/housing/").content.decode())


@pytest.mark.clock("2026-11-12T10:00")
def test_list_comes_off_the_public_page_when_the_notice_period_ends(org, client):
    """Published Wednesday 2026-11-04 (eight days ago), 7 日: 11-05 to Wednesday 11-11, a working day."""
    record = publish_list(org, notice_days=7)
    Disclosure.objects.filter(pk=record.pk).update(published_at=timezone.now() - datetime.timedelta(days=8))
    page = client.get(record.get_absolute_url()).content.decode()
    assert "本名单公示期（2026年11月5日至2026年11月11日）已结束，名单不再公开。" in page
    assert "张*明" not in page
    api = client.get(f"/api/v1/disclosures/{record.pk}/").json()
    assert api["name_list"]["ended"] is True and api["name_list"]["rows"] == []


@pytest.mark.clock("2026-11-12T10:00")
def test_end_notice_periods_job_is_idempotent(org):
    """3 日 from Thursday 2026-11-12 end on Sunday 11-15, a rest day: Monday 11-16. Moved back to Saturday
    11-07 they end on Tuesday 11-10, before today."""
    record = publish_list(org, notice_days=3)
    assert services.end_notice_periods() == 0  # still inside its 公示期
    assert record.name_list.notice_ends_on == datetime.date(2026, 11, 16)
    Disclosure.objects.filter(pk=record.pk).update(published_at=timezone.now() - datetime.timedelta(days=5))
    assert services.end_notice_periods() == 1
    first = NameList.objects.get().ended_at
    assert services.end_notice_periods() == 0
    assert NameList.objects.get().ended_at == first
    assert NameList.objects.get().entries.count() == 2  # kept, never deleted


def test_list_for_a_specific_area_is_not_on_the_public_site_but_printable(org, client, admin_client):
    record = publish_list(org, scope="specific", scope_description="白水镇各行政村村务公开栏")
    page = client.get(record.get_absolute_url()).content.decode()
    assert "白水镇各行政村村务公开栏" in page and "不在网站公开" in page
    assert "张*明" not in page
    client.force_login(org.clerk)
    printed = client.get(f"/admin/namelists/namelist/{record.name_list.pk}/print/").content.decode()
    assert "公开范围：白水镇各行政村村务公开栏" in printed
    assert "张*明" in printed
    assert_no_raw_personal_data(printed)


def test_unpublished_list_is_not_public(org, client):
    record = draft(org.clerk, org.department, domain="resources", category="housing", title="草稿名单")
    services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/disclosures/{record.pk}/").status_code == 404


def test_bad_rows_are_refused_with_their_line_and_nothing_saved(org):
    record = draft(org.clerk, org.department, domain="resources", category="housing")
    bad = [ENTRIES[0], {**ENTRIES[1], "id_number": "12345", "amount": "-5"}]
    with pytest.raises(ValidationError) as excinfo:
        services.name_list_save(actor=org.clerk, disclosure=record, entries=bad)
    messages = excinfo.value.message_dict
    assert any(key.startswith("entries.2.id_number") for key in messages)
    assert any("第 2 行" in m for msgs in messages.values() for m in msgs)
    assert not NameList.objects.exists()


def test_published_list_cannot_be_changed(org):
    record = publish_list(org)
    with pytest.raises(TransitionNotAllowed):
        services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES[:1])
    assert record.name_list.entries.count() == 2


def test_csv_import_parses_chinese_headers():
    text = "\ufeff姓名,身份证号码,联系电话,所在村（社区）,家庭人口,金额,备注\n张三明,110101199003071234,13812345678,白水村,3,1200,\n"
    rows = services.parse_entries_csv(text)
    assert rows == [{"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678", "locality": "白水村",
                     "household_size": "3", "amount": "1200", "note": ""}]
    with pytest.raises(ValidationError):
        services.parse_entries_csv("名字,号码\n张三,1\n")


def _xlsx(rows):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.xlsx"
    return buffer


HEADER = ["姓名", "身份证号码", "联系电话", "所在村（社区）", "家庭人口", "金额", "备注"]


def test_excel_import_saves_a_valid_list(org):
    record = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象公示")
    upload = _xlsx([HEADER, ["张三明", RAW_ID, RAW_PHONE, "白水村", 3, 650, ""], ["李四", "11010119800101123X", "", "石门村", 1, 500, ""]])
    name_list = services.name_list_import(actor=org.clerk, disclosure=record, upload=upload)
    assert name_list.entries.count() == 2
    assert name_list.entries.get(name="李四").household_size == 1


def test_excel_malformed_row_names_row_and_column_and_saves_nothing(org):
    record = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象公示")
    upload = _xlsx([HEADER, ["张三明", RAW_ID, RAW_PHONE, "白水村", 3, 650, ""], ["李四", "123", "phone?", "石门村", 1, -5, ""]])
    with pytest.raises(ValidationError) as excinfo:
        services.name_list_import(actor=org.clerk, disclosure=record, upload=upload)
    text = " ".join(m for msgs in excinfo.value.message_dict.values() for m in msgs)
    assert "第 3 行 B 列（身份证号码）" in text
    assert "第 3 行 C 列（联系电话）" in text
    assert "第 3 行 F 列（金额）" in text
    assert not NameList.objects.exists()


def test_admin_upload_of_a_malformed_excel_names_row_and_column(org, client):
    record = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象公示")
    client.force_login(org.clerk)
    upload = _xlsx([HEADER, ["李四", "123", "", "石门村", 1, 500, ""]])
    response = client.post(
        "/admin/namelists/namelist/add/",
        {"disclosure": record.pk, "notice_days": 7, "scope": "public", "scope_description": "", "show_amount": "on",
         "entries_file": upload, "entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0},
        follow=True,
    )
    assert "第 2 行 B 列（身份证号码）" in response.content.decode()
    assert not NameList.objects.exists()
