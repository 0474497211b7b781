"""政府信息公开指南 (《政府信息公开条例》第十二条): every required part on the public page with the office's values,
the generated parts citing their articles, links that resolve, the office's edit in the admin (a clerk gets 403),
and an edit showing at once on the cached page."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.exceptions import ActionForbidden
from core.models import AuditEntry
from inforequests import rules, services
from inforequests.models import DisclosureGuide, RequestDesk

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-12T10:00")]

OFFICE_VALUES = {
    "office_name": "测试县人民政府办公室（县政务公开办）", "address": "测试县人民路1号县政府办公楼二楼", "postcode": "100001",
    "hours": "工作日 上午 9:00—12:00，下午 13:30—17:30", "phone": "0000-7654321", "fax": "0000-7654322",
    "email": "xxgk@example.gov.cn", "active_channels": "《测试县人民政府公报》\n测试县人民政府新闻发布会",
    "reading_rooms": "测试县档案馆查阅室（测试县文化路2号，工作日 9:00—17:00）\n测试县图书馆政府信息查阅点",
    "preface": "本指南适用于测试县人民政府及其工作部门。",
}  # fmt: skip


def write_guide(org, **changes) -> DisclosureGuide:
    guide = DisclosureGuide(jurisdiction=org.county, **(OFFICE_VALUES | changes))
    return services.disclosure_guide_save(actor=org.office, guide=guide)


def page(client, url=None) -> str:
    response = client.get(url or reverse("disclosure-guide"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The page from the heading `heading_id` to the next heading of the same level (or the end)."""
    start = html.index(f'id="{heading_id}"')
    level = html[html.rindex("<h", 0, start) + 2]
    end = html.find(f"<h{level}", start)
    return html[start:end if end > 0 else len(html)]


def test_every_part_of_article_12_is_on_the_page_with_the_office_values(org, client):
    write_guide(org)
    RequestDesk.objects.create(
        jurisdiction=org.county, department=org.office_department, address="测试县人民路1号一楼受理窗口",
        hours="工作日 9:00—17:00", phone="0000-1234567",
    )
    html = page(client)
    assert "测试县政府信息公开指南" in html
    assert 'datetime="2026-10-12"' in html and "更新日期" in html
    assert "本指南适用于测试县人民政府及其工作部门。" in html
    # 分类、编排体系 (第十二条): the registry's domains and categories, the 标准目录, the 目录's elements.
    classification = section(html, "guide-classification")
    for text in ("重大建设项目批准和实施", "公共资源配置", "社会公益事业建设", "批准结果信息", "第十二条第一款",
                 "第十二条第二款", "索引号", "机构代码-年份-6位流水号", reverse("catalogue:index"),
                 reverse("disclosures:category", args=["projects", "approval_result"])):
        assert text in classification, text
    # 获取方式: this website, the office's other channels and 查阅场所 (第二十三条至第二十六条), and 依申请公开.
    access = section(html, "guide-access")
    for text in ("第二十六条", "20 个工作日", "第二十三条", "第二十五条", "《测试县人民政府公报》", "测试县人民政府新闻发布会",
                 "测试县档案馆查阅室", "测试县图书馆政府信息查阅点", reverse("disclosures:home")):
        assert text in access, text
    request_part = section(html, "guide-request")
    for text in ("第二十七条", "测试县人民路1号一楼受理窗口", "第三十一条", "第二十九条", "20 个工作日内答复", "第三十三条",
                 "按量计收", rules.FEE_BASIS, reverse("inforequests:apply")):
        assert text in request_part, text
    # 工作机构 (第十二条): name, address, postcode, hours, phone, fax, e-mail.
    office = section(html, "guide-office")
    for field in ("office_name", "address", "postcode", "hours", "phone", "fax", "email"):
        assert OFFICE_VALUES[field] in office, field
    assert "第四条" in office and "第十二条" in office
    # 监督和救济 (第四十七条、第五十一条).
    remedies = section(html, "guide-remedies")
    for text in ("投诉、举报", "行政复议", "行政诉讼", "第五十一条", "第四十七条第二款", "60日", "6个月"):
        assert text in remedies, text


def test_the_ysq_page_and_the_guide_show_one_text_of_the_procedure(org, client):
    """The 依申请公开 procedure and remedies are one include: the same words on both pages."""
    write_guide(org)
    RequestDesk.objects.create(jurisdiction=org.county, department=org.office_department, address="测试县人民路1号",
                               hours="工作日", phone="0000-1234567")
    ysq, guide = page(client, reverse("inforequests:guide")), page(client)

    def block(html, heading_id):
        start = html.index(f'<section aria-labelledby="{heading_id}">')
        return re.sub(r"<h\d", "<h", re.sub(r"</h\d>", "</h>", html[start:html.index("</section>", start)]))

    for heading_id in ("ysq-channels", "ysq-content", "ysq-procedure", "ysq-fees"):
        assert block(ysq, heading_id) == block(guide, heading_id), heading_id
    for _label, text in rules.REMEDY_ROUTES:
        assert text in ysq and text in guide


def test_the_ysq_pages_link_to_the_guide_and_every_link_on_it_resolves(org, client):
    write_guide(org)
    guide_url = reverse("disclosure-guide")
    assert guide_url == "/xxgkzn/"
    for url in (reverse("inforequests:guide"), reverse("inforequests:apply")):
        assert f'href="{guide_url}"' in page(client, url), url
    html = page(client)
    links = sorted({href for href in re.findall(r'href="([^"#]+)"', html) if href.startswith("/")
                    and not href.startswith("/static/")})
    assert len(links) > 15
    for href in links:
        assert Client().get(href, follow=True).status_code == 200, href  # /admin/ (登录) answers after its redirect


def test_each_jurisdiction_has_its_own_guide_and_the_top_one_is_the_default(org, client):
    write_guide(org)
    services.disclosure_guide_save(actor=org.office, guide=DisclosureGuide(
        jurisdiction=org.town, **(OFFICE_VALUES | {"office_name": "测试镇党政综合办公室", "preface": ""})))
    assert "测试县人民政府办公室（县政务公开办）" in page(client)
    town = page(client, reverse("disclosure-guide", args=[org.town.code]))
    assert "测试镇政府信息公开指南" in town and "测试镇党政综合办公室" in town
    assert reverse("disclosure-guide", args=[org.county.code]) in town  # the other guides are listed
    assert client.get(reverse("disclosure-guide", args=["NOPE"])).status_code == 404


def test_without_a_guide_the_page_shows_the_generated_parts_and_the_office(org, client):
    html = page(client)
    assert "尚未填写" in html and org.office_department.name in html and "第五十一条" in html


def test_only_an_office_over_the_jurisdiction_may_save_and_every_save_is_audited(org):
    with pytest.raises(ActionForbidden):
        services.disclosure_guide_save(actor=org.clerk, guide=DisclosureGuide(jurisdiction=org.county, **OFFICE_VALUES))
    guide = write_guide(org)
    guide.phone = "0000-7654300"
    services.disclosure_guide_save(actor=org.office, guide=guide)
    rows = AuditEntry.objects.filter(action__startswith="guide.").order_by("pk")
    assert [row.action for row in rows] == ["guide.create", "guide.update"]
    assert rows[1].data["changes"] == {"phone": ["0000-7654321", "0000-7654300"]}
    assert guide.updated_by == org.office


def test_a_personal_mobile_number_is_refused(org):
    with pytest.raises(ValidationError) as caught:
        write_guide(org, phone="13912345678")
    assert "phone" in caught.value.message_dict


# ---------------------------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------------------------
def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(org, **changes) -> dict:
    return {"jurisdiction": org.county.pk, **OFFICE_VALUES, **changes}


def test_the_office_writes_and_edits_the_guide_in_the_admin(org):
    client = admin_client(org.office)
    assert client.get(reverse("admin:inforequests_disclosureguide_changelist")).status_code == 200
    add = client.get(reverse("admin:inforequests_disclosureguide_add")).content.decode()
    assert "第十二条" in add and "第五十一条" in add  # what staff see cites the articles
    response = client.post(reverse("admin:inforequests_disclosureguide_add"), form_data(org))
    assert response.status_code == 302, response.content.decode()[:3000]
    guide = DisclosureGuide.objects.get(jurisdiction=org.county)
    change_url = reverse("admin:inforequests_disclosureguide_change", args=[guide.pk])
    response = client.post(change_url, form_data(org, hours="工作日 8:30—17:30"))
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.hours, guide.updated_by) == ("工作日 8:30—17:30", org.office)
    assert AuditEntry.objects.filter(action="guide.update").exists()
    assert client.post(reverse("admin:inforequests_disclosureguide_delete", args=[guide.pk]), {"post": "yes"}).status_code == 403


def test_a_clerk_has_no_access(org):
    guide = write_guide(org)
    client = admin_client(org.clerk)
    for url in (reverse("admin:inforequests_disclosureguide_changelist"), reverse("admin:inforequests_disclosureguide_add"),
                reverse("admin:inforequests_disclosureguide_change", args=[guide.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("admin:inforequests_disclosureguide_add"), form_data(org)).status_code == 403
    assert "disclosureguide" not in client.get(reverse("admin:index")).content.decode()


def test_an_edit_in_the_admin_shows_at_once_on_the_cached_page(org, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    write_guide(org)
    public = Client()
    assert "0000-7654321" in page(public)
    assert public.get(reverse("disclosure-guide"))["X-Page-Cache"] == "hit"
    guide = DisclosureGuide.objects.get()
    admin_client(org.office).post(reverse("admin:inforequests_disclosureguide_change", args=[guide.pk]),
                                  form_data(org, phone="0000-1112223"))
    html = page(public)
    assert "0000-1112223" in html and "0000-7654321" not in html
