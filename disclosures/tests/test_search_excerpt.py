"""Search results show the words they were found by, and never the body of a record that hides it."""

import pytest

from disclosures import search
from disclosures.tests.factories import in_state


def test_a_record_found_by_its_keywords_shows_them_highlighted(org, client):
    in_state(org, "published", title="秋冬季传染病防控工作提示", body="<p>请做好防护。</p>", keywords="社会公益事业 基本医疗卫生")
    page = client.get("/search/", {"q": "医疗"}).content.decode()
    assert "共找到 <strong>1</strong> 条" in page
    assert "主题词：社会公益事业 基本<mark>医疗</mark>卫生" in page


def test_the_body_excerpt_highlights_the_match(org):
    record = in_state(org, "published", title="通知", body="<p>关于城乡居民医疗保险的说明。</p>")
    assert search.excerpt(record, "医疗") == "关于城乡居民<mark>医疗</mark>保险的说明。"


def test_an_on_request_record_shows_no_body_and_is_not_found_by_it(org, client):
    hidden = "申请人才能获得的医疗费用明细"
    record = in_state(
        org,
        "published",
        title="某医院医疗设备采购合同",
        body=f"<p>{hidden}</p>",
        disclosure_mode="on_request",
        mode_reason="涉及商业秘密，依申请公开。",
    )
    assert search.excerpt(record, "医疗") == ""
    page = client.get("/search/", {"q": "医疗"}).content.decode()
    assert "某医院<mark>医疗</mark>设备采购合同" in page
    assert "费用明细" not in page
    # Found by its title, never by words only its hidden body contains.
    assert "共找到 <strong>0</strong> 条" in client.get("/search/", {"q": "费用明细"}).content.decode()


@pytest.mark.postgres
def test_results_found_by_other_fields_show_them_without_a_query_each(org, client, django_assert_max_num_queries):
    """The results are read with the columns a result shows (selectors.SEARCH_RESULT_FIELDS): each field an
    excerpt may show — 主题词, 文号, 发文机构, structured fields — is among them, or every such result would
    cost a query.

    PostgreSQL: only the index finds a record by its 发文机构 or structured fields, and only its results are read
    with those columns alone (SQLite's scan reads whole rows and looks at title, body, 主题词, 文号 and 索引号)."""
    for n in range(4):
        in_state(org, "published", title=f"通知{n}", body="<p>无关。</p>", keywords=f"河道整治 第{n}批")
        in_state(org, "published", title=f"批复{n}", body="<p>无关。</p>", doc_no=f"青河道〔2026〕{n}号")
        in_state(org, "published", title=f"公告{n}", body="<p>无关。</p>", issuer=f"青山县河道管理所{n}")
        in_state(org, "published", domain="resources", category="procurement", title=f"结果{n}", body="<p>无关。</p>",
                 details={"item_type": "result", "supplier": f"青山县河道工程公司{n}", "deal_amount": "125000.00"})
    with django_assert_max_num_queries(11):  # as test_search_page_query_count_is_constant: not one per result
        page = client.get("/search/", {"q": "河道"}).content.decode()
    assert "共找到 <strong>16</strong> 条" in page
    assert "主题词：<mark>河道</mark>整治 第3批" in page
    assert "文号：青<mark>河道</mark>〔2026〕3号" in page
    assert "发文机构：青山县<mark>河道</mark>管理所3" in page
    assert "青山县<mark>河道</mark>工程公司3" in page
