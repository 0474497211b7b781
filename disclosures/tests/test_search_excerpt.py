"""Search results show the words they were found by, and never the body of a record that hides it."""

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
