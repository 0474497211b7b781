"""The public 标准目录 page."""

import pytest

from catalogue.models import CatalogueEntry
from core.domains import all_domains

pytestmark = [pytest.mark.django_db, pytest.mark.urls("catalogue.tests.urls")]

URL = "/catalogue/"
FEASIBILITY = "可行性研究报告审批结果（批复文号、建设规模和内容、总投资及资金来源、建设工期）"


def page(client, params=None) -> str:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_lists_every_domain_with_the_catalogue_columns(client):
    html = page(client)
    assert "重点领域信息公开标准目录" in html
    for domain in all_domains():
        assert f'id="catalogue-{domain.code}"' in html
        assert domain.label in html
    for column in ("一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开对象", "公开方式"):
        assert f">{column}</th>" in html
    assert FEASIBILITY in html
    assert "国办发〔2017〕94号" in html
    assert "7个工作日" in html and "实时" in html and "常年" in html
    assert "特定群体" in html and "主动公开" in html


def test_hides_inactive_entries(client):
    CatalogueEntry.objects.filter(code="projects-approval-result-feasibility").update(is_active=False)
    html = page(client)
    assert FEASIBILITY not in html
    assert 'id="projects-approval-result-feasibility"' not in html


def test_filters_by_domain(client):
    html = page(client, {"domain": "projects"})
    assert 'id="catalogue-projects"' in html
    assert 'id="catalogue-resources"' not in html and 'id="catalogue-welfare"' not in html
    assert '<option value="projects" selected>' in html

    html = page(client, {"domain": "welfare"})
    assert FEASIBILITY not in html
    assert "低保" in html


def test_unknown_domain_shows_everything(client):
    html = page(client, {"domain": "nonsense"})
    for domain in all_domains():
        assert f'id="catalogue-{domain.code}"' in html


def test_query_count_is_constant(client, django_assert_num_queries):
    # the generation of public content the page's fragments are kept under (core/fragments.py), the entries,
    # the site's identity (organizations.site) — then the header and footer are kept fragments
    with django_assert_num_queries(3):
        page(client)
    base = CatalogueEntry.objects.get(code="welfare-education-funds")
    for n in range(5):
        base.pk = None
        base.code = f"welfare-education-extra-{n}"
        base.category = ["education", "health", "environment", "culture_sports", "disaster_relief"][n]
        base.save()
    with django_assert_num_queries(2):  # the generation, the entries
        page(client)
    with django_assert_num_queries(2):
        page(client, {"domain": "resources"})
