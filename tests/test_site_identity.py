"""
The public column as a government website must be (《政府网站发展指引》, 国办发〔2017〕47号): it names its
government, shows its 网站标识 at the bottom of every page (主办单位 and contact, 政府网站标识码, ICP备案编号,
公安机关备案号, 党政机关网站标识) with 网站地图 and 联系我们, all from the site's jurisdiction as its office set
them in the admin; and every public list is within two clicks of the home page.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError

from core.domains import all_domains
from organizations.site import site_jurisdiction
from projects.tests import builders as project_builders

pytestmark = pytest.mark.django_db

IDENTITY = {
    "site_sponsor": "测试县人民政府办公室",
    "site_operator": "测试县政务公开办公室",
    "site_code": "5300000042",
    "icp_record": "滇ICP备12345678号-1",
    "police_record": "滇公网安备 53312302000123号",
    "conac_url": "https://conac.example/sitename?id=42",
    "contact_address": "测试县人民路1号",
    "contact_phone": "0692-1234567",
    "contact_email": "gk@test.example",
}


def identify(jurisdiction, **fields):
    for name, value in (IDENTITY | fields).items():
        setattr(jurisdiction, name, value)
    jurisdiction.full_clean()
    jurisdiction.save()


def test_the_header_and_footer_show_the_jurisdictions_identity(org, client):
    identify(org.county)
    page = client.get("/").content.decode()
    assert '<span class="site-brand__government">测试县人民政府</span>' in page
    footer = page[page.index('<footer class="site-footer">'):]
    for text in ("主办单位：测试县人民政府办公室", "承办单位：测试县政务公开办公室", "联系电话：0692-1234567",
                 "网站标识码：5300000042"):
        assert text in footer, text
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">滇ICP备12345678号-1</a>' in footer
    assert ('<a href="https://beian.mps.gov.cn/#/query/webSearch?code=53312302000123" rel="noopener">'
            "滇公网安备 53312302000123号</a>") in footer
    assert 'class="conac-mark" href="https://conac.example/sitename?id=42"' in footer
    assert 'href="/wzdt/">网站地图</a>' in footer and 'href="/lxwm/">联系我们</a>' in footer
    assert 'href="/xxgkzn/">政府信息公开指南</a>' in footer  # 条例第十二条, linked from every page


def test_every_page_has_its_favicon(org, client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")


def test_without_settings_the_footer_names_the_governments_office_and_nothing_invented(org, client):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert "主办单位：测试县人民政府办公室" in footer
    assert "网站标识码" not in footer and "ICP" not in footer and "公网安备" not in footer and "conac-mark" not in footer


def test_the_site_is_the_highest_jurisdiction_its_office_identified(org):
    """A county portal keeps its prefecture in the tree: the site is the one whose office filled it in."""
    assert site_jurisdiction() == org.county  # nothing filled in: the top of the tree
    identify(org.town)
    assert site_jurisdiction() == org.town
    identify(org.county)
    assert site_jurisdiction() == org.county


def test_an_edit_by_the_office_in_the_admin_shows_on_cached_pages_at_once(org, client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    identify(org.county)
    assert "测试县政务公开办公室" in client.get("/").content.decode()  # now in the page cache
    admin = client.__class__()
    admin.force_login(org.office)
    data = {name: getattr(org.county, name) for name in (
        "name", "index_no_pattern", "deadline_days", "deadline_basis", "decision_deadline_days", "hour_limit",
        "supervision_answer_days", "complaint_answer_days", *IDENTITY)}
    data |= {"auto_publish": "on", "site_operator": "测试县数据局"}
    response = admin.post(f"/admin/organizations/jurisdiction/{org.county.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get("/").content.decode()
    assert "承办单位：测试县数据局" in page and "测试县政务公开办公室" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site_code", "53-0000", "政府网站标识码为 10 位数字或字母"),
        ("police_record", "53312302000123", "公安机关备案号的格式"),
        ("conac_url", "not a url", "请填写完整的网址"),
    ],
)
def test_identity_fields_are_checked_naming_the_field(org, field, value, message):
    setattr(org.county, field, value)
    with pytest.raises(ValidationError) as refused:
        org.county.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_the_site_map_lists_every_column_category_and_library(org, client):
    page = client.get("/wzdt/").content.decode()
    for domain in all_domains():
        assert f'href="/column/{domain.code}/"' in page
        for code, _label in domain.category_choices:
            assert f'href="/column/{domain.code}/{code}/"' in page
        for url, label in domain.subject_urls:
            assert f'href="{url}">{label}</a>' in page
    for url in ("/xxgkzn/", "/catalogue/", "/ysq/", "/nianbao/", "/tongbao/", "/open-data/", "/search/", "/lxwm/"):
        assert f'href="{url}"' in page, url


def test_the_contact_page_shows_the_offices_contact(org, client):
    identify(org.county)
    page = client.get("/lxwm/").content.decode()
    for text in ("测试县人民政府办公室", "测试县人民路1号", 'href="tel:06921234567"', 'href="mailto:gk@test.example"'):
        assert text in page, text


def test_a_record_page_names_the_project_it_is_about(org, client):
    project = project_builders.make_project(org, name="县道改建工程")
    record = project_builders.public_record(org, project)
    page = client.get(record.get_absolute_url()).content.decode()
    assert f'<th scope="row">所属项目</th>\n        <td colspan="3"><a href="/projects/{project.pk}/">县道改建工程</a></td>' in page


LINK = re.compile(r'href="(/[^"#]*)"')
NOT_PAGES = ("/static/", "/media/", "/feeds/", "/admin/", "/api/", "/attachments/")


def links(client, url) -> set[str]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return set()
    found = {urlsplit(href).path for href in LINK.findall(response.content.decode())}
    return {path for path in found if not path.startswith(NOT_PAGES) and "export." not in path}


def test_every_public_list_is_within_two_clicks_of_the_home_page(demo_county, client):
    first = links(client, "/")
    second = set().union(*(links(client, url) for url in first))
    reached = {"/"} | first | second
    lists = {"/xxgkzn/", "/catalogue/", "/ysq/", "/nianbao/", "/tongbao/", "/open-data/", "/search/", "/wzdt/", "/lxwm/"}
    for domain in all_domains():
        lists.add(f"/column/{domain.code}/")
        lists |= {f"/column/{domain.code}/{code}/" for code, _ in domain.category_choices}
        lists |= {url for url, _label in domain.subject_urls}
    missing = sorted(lists - reached)
    print(f"\nfrom the home page: {len(first)} pages in one click, {len(reached)} within two")
    assert not missing, missing
