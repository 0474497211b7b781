"""Chinese error pages: 404 in the site's layout, 500 standalone (no database, no context processors)."""

from django.test import RequestFactory
from django.views import defaults


def test_500_page_is_chinese_and_self_contained():
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="zh-CN">' in page
    assert "系统繁忙，请稍后再试" in page
    assert 'name="viewport"' in page
    assert 'href="/"' in page  # a way back to the home page
    assert "<script" not in page and "<link" not in page  # nothing that could fail to load


def test_404_page_is_chinese_with_links_back(client, db):
    response = client.get("/column/no-such-domain/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "您访问的页面不存在" in page
    assert "返回首页" in page
    assert 'class="skip-link"' in page
