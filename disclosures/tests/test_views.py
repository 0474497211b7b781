"""The public 重点领域信息公开 pages: home, column and category lists, detail, attachment download."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from disclosures import services
from disclosures.choices import DisclosureMode
from disclosures.deadlines import working_days_between
from disclosures.models import Disclosure
from disclosures.tests.factories import YESTERDAY, draft, in_state, published
from disclosures.tests.files import pdf_bytes
from organizations.choices import Role
from organizations.tests.factories import member

pytestmark = pytest.mark.django_db

DOMAIN_LABELS = ("重大建设项目批准和实施", "公共资源配置", "社会公益事业建设")



def page(client, url, params=None, status=200) -> str:
    response = client.get(url, params or {})
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


ATTACHMENT = pdf_bytes(comment="attachment-content")  # a PDF that opens (the personal-data check reads it)


def pdf(name="批复文件.pdf", content=ATTACHMENT):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def published_with_attachment(org, **fields) -> Disclosure:
    record = draft(org.clerk, org.department, **fields)
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    services.disclosure_sign(disclosure=record, actor=org.signer)
    record.refresh_from_db()
    return record


def set_published_year(record, year: int) -> None:
    """Test setup only: pretend the record was published in `year`."""
    Disclosure.objects.filter(pk=record.pk).update(
        published_at=timezone.make_aware(datetime.datetime(year, 6, 1, 10, 0))
    )


# ---------------------------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------------------------
class TestHome:
    def test_lists_the_three_domains_and_their_categories(self, client, db):
        content = page(client, "/")
        for label in DOMAIN_LABELS:
            assert label in content
        for category in ("批准结果信息", "政府采购", "脱贫攻坚"):
            assert category in content
        assert 'href="/column/projects/"' in content
        assert 'href="/column/welfare/education/"' in content

    def test_lists_the_latest_public_records_only(self, client, org):
        published(org, title="最新公开的可研批复")
        in_state(org, "approved", title="已签发未发布的记录")
        in_state(org, "withdrawn", title="已撤回的记录")
        published(org, title="不予公开的记录", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        content = page(client, "/")
        assert "最新公开的可研批复" in content
        assert "已签发未发布的记录" not in content
        assert "已撤回的记录" not in content
        assert "不予公开的记录" not in content

    def test_counts_per_category(self, client, org):
        for n in range(3):
            published(org, title=f"批准结果{n}", category="approval_result")
        in_state(org, "draft", title="草稿不计数", category="approval_result")
        response = client.get("/")
        tree = {node["domain"].code: node for node in response.context["tree"]}
        counts = {c["code"]: c["count"] for c in tree["projects"]["categories"]}
        assert counts["approval_result"] == 3
        assert counts["bidding"] == 0
        assert tree["projects"]["count"] == 3
        assert tree["welfare"]["count"] == 0

    def test_latest_shows_twelve_newest(self, client, org):
        for n in range(14):
            published(org, title=f"第{n:02d}号公开信息")
        content = page(client, "/")
        assert "第13号公开信息" in content
        assert "第02号公开信息" in content
        assert "第01号公开信息" not in content


# ---------------------------------------------------------------------------------------------
# Column and category lists
# ---------------------------------------------------------------------------------------------
class TestColumn:
    def test_column_lists_its_domain_only(self, client, org):
        published(org, title="项目领域的批复", domain="projects", category="approval_result")
        published(org, title="公益领域的教育信息", domain="welfare", category="education")
        content = page(client, "/column/projects/")
        assert "项目领域的批复" in content
        assert "公益领域的教育信息" not in content
        assert "重大建设项目批准和实施" in content

    def test_category_lists_its_category_only(self, client, org):
        published(org, title="招标公告", category="bidding")
        published(org, title="竣工验收", category="completion")
        content = page(client, "/column/projects/bidding/")
        assert "招标公告" in content
        assert "竣工验收" not in content
        assert "招标投标信息" in content

    def test_unpublished_records_are_not_listed(self, client, org):
        for status in ("draft", "submitted", "reviewed", "approved"):
            in_state(org, status, title=f"未公开{status}")
        content = page(client, "/column/projects/approval_result/")
        assert "未公开" not in content
        assert "暂无公开信息" in content

    def test_pagination(self, client, org, settings):
        for n in range(25):
            published(org, title=f"分页记录{n:02d}")
        first = client.get("/column/projects/")
        assert len(first.context["page"].object_list) == settings.PORTAL_PAGE_SIZE == 20
        assert "分页记录24" in first.content.decode()  # newest first
        assert "分页记录04" not in first.content.decode()
        assert 'aria-current="page">1<' in first.content.decode() and "（共 2 页）" in first.content.decode()
        second = page(client, "/column/projects/", {"page": 2})
        assert "分页记录04" in second and "分页记录00" in second
        assert "分页记录24" not in second
        assert 'aria-current="page">2<' in second and "（共 2 页）" in second

    def test_out_of_range_page_shows_the_last_page(self, client, org):
        published(org, title="唯一一条")
        content = page(client, "/column/projects/", {"page": 99})
        assert "唯一一条" in content
        content = page(client, "/column/projects/", {"page": "abc"})
        assert "唯一一条" in content

    def test_pagination_keeps_the_filters(self, client, org):
        for n in range(22):
            published(org, title=f"筛选分页{n:02d}")
        content = page(client, "/column/projects/", {"q": "筛选分页"})
        assert "page=2" in content
        assert "q=%E7%AD%9B%E9%80%89%E5%88%86%E9%A1%B5" in content

    def test_keyword_filter(self, client, org):
        published(org, title="城南污水处理厂环评批复", doc_no="某环审〔2026〕8号")
        published(org, title="城北学校建设可研批复")
        content = page(client, "/column/projects/", {"q": "污水处理"})
        assert "城南污水处理厂环评批复" in content
        assert "城北学校建设可研批复" not in content
        content = page(client, "/column/projects/", {"q": "环审〔2026〕8"})
        assert "城南污水处理厂环评批复" in content

    def test_keyword_finds_by_index_no(self, client, org):
        wanted = published(org, title="按索引号查找")
        published(org, title="另一条")
        content = page(client, "/column/projects/", {"q": wanted.index_no})
        assert "按索引号查找" in content
        assert "另一条" not in content

    def test_year_filter(self, client, org):
        old = published(org, title="二〇二四年的批复")
        published(org, title="今年的批复")
        set_published_year(old, 2024)
        content = page(client, "/column/projects/", {"year": 2024})
        assert "二〇二四年的批复" in content
        assert "今年的批复" not in content

    def test_bad_year_shows_a_field_error_not_a_500(self, client, org):
        published(org, title="任意一条")
        content = page(client, "/column/projects/", {"year": "去年"})
        assert "任意一条" not in content
        assert "field-error" in content

    def test_department_filter(self, client, org):
        signer2 = member(org.other_department, Role.SIGNER, "signer2")
        theirs = draft(org.other_clerk, org.other_department, title="自然资源局的批复")
        services.disclosure_submit(disclosure=theirs, actor=org.other_clerk)
        services.disclosure_review(disclosure=theirs, actor=org.other_reviewer)
        services.disclosure_sign(disclosure=theirs, actor=signer2)
        published(org, title="发改委的批复")
        content = page(client, "/column/projects/", {"department": org.other_department.pk})
        assert "自然资源局的批复" in content
        assert "发改委的批复" not in content

    def test_status_in_the_query_cannot_reveal_drafts(self, client, org):
        in_state(org, "draft", title="草稿不能被筛出来")
        content = page(client, "/column/projects/", {"status": "draft"})
        assert "草稿不能被筛出来" not in content

    @pytest.mark.parametrize(
        "url", ["/column/nope/", "/column/nope/bidding/", "/column/projects/nope/", "/column/welfare/bidding/"]
    )
    def test_unknown_domain_or_category_is_404(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Detail
# ---------------------------------------------------------------------------------------------
class TestDetail:
    def test_metadata_table_and_body(self, client, org):
        record = published_with_attachment(
            org,
            title="某某大道改造工程初步设计批复",
            doc_no="某发改审批〔2026〕15号",
            keywords="初步设计 批复",
            body="<p>同意该项目初步设计。</p>",
        )
        content = page(client, record.get_absolute_url())
        for header in ("索引号", "发文机构", "文号", "成文日期", "发布日期", "公开属性", "主题分类"):
            assert f'<th scope="row">{header}</th>' in content, header
        assert record.index_no in content
        assert "某发改审批〔2026〕15号" in content
        assert "县发展和改革委员会" in content
        assert "主动公开" in content
        assert record.published_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d") in content
        assert "同意该项目初步设计。" in content
        assert "批复文件.pdf" in content
        assert record.attachments.get().get_absolute_url() in content

    def test_a_document_says_whether_it_is_in_force_on_its_page_and_in_the_api(self, client, org):
        """有效性 of a 行政规范性文件 (国办发〔2018〕37号), shown to the public with the day it ended."""
        ended = published(org, title="已废止的规范性文件", written_on=YESTERDAY, document_kind="normative",
                          validity="abolished", validity_ended_on=YESTERDAY)
        content = page(client, ended.get_absolute_url())
        assert '<th scope="row">文件类型</th>\n        <td>行政规范性文件</td>' in content
        day = YESTERDAY.isoformat()
        assert f'废止（自<time datetime="{day}">{day}</time>起）' in content
        data = client.get(f"/api/v1/disclosures/{ended.pk}/").json()
        assert (data["document_kind"], data["validity"], data["validity_ended_on"]) == ("normative", "abolished", day)
        plain = published(org, title="一般通知")
        assert "有效性" not in page(client, plain.get_absolute_url())

    def test_issuer_overrides_department(self, client, org):
        record = published(org, issuer="县人民政府")
        content = page(client, record.get_absolute_url())
        assert "县人民政府" in content

    def test_withdrawn_record_shows_notice_and_reason_not_body(self, client, org):
        record = published_with_attachment(org, title="被撤回的批复", body="<p>撤回前的正文内容</p>")
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="批复文件有误，已重新办理")
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200  # a tombstone, never a 404
        content = response.content.decode()
        assert "被撤回的批复" in content
        assert "撤回" in content
        assert "批复文件有误，已重新办理" in content
        assert "撤回前的正文内容" not in content
        assert "批复文件.pdf" not in content

    def test_on_request_record_shows_notice_not_body(self, client, org):
        record = published(
            org, body="<p>依申请公开的正文</p>", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方权益"
        )
        content = page(client, record.get_absolute_url())
        assert "依申请公开" in content
        assert "依申请公开的正文" not in content

    @pytest.mark.parametrize("status", ["draft", "submitted", "reviewed", "approved"])
    def test_unpublished_record_is_404(self, client, org, status):
        record = in_state(org, status, title="不应出现的标题")
        response = client.get(record.get_absolute_url())
        assert response.status_code == 404
        assert "不应出现的标题" not in response.content.decode()

    def test_not_disclosed_record_is_404(self, client, org):
        record = published(org, title="不予公开的标题", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        response = client.get(record.get_absolute_url())
        assert response.status_code == 404
        assert "不予公开的标题" not in response.content.decode()

    def test_unknown_record_is_404(self, client, db):
        assert client.get("/disclosures/999999/").status_code == 404

    def test_correction_shows_change_note_and_versions(self, client, org):
        record = published(org, title="原标题", body="<p>原正文</p>")
        correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正了文号")
        services.disclosure_update(
            disclosure=correction, actor=org.clerk, expected_version=correction.lock_version,
            title="更正后的标题", body="<p>更正后的正文</p>",
        )
        services.disclosure_submit(disclosure=correction, actor=org.clerk)
        services.disclosure_review(disclosure=correction, actor=org.reviewer)
        services.disclosure_sign(disclosure=correction, actor=org.signer)
        content = page(client, record.get_absolute_url())
        assert "更正后的标题" in content and "更正后的正文" in content
        assert "更正了文号" in content
        assert "第2版" in content and "第1版" in content
        assert client.get(correction.get_absolute_url()).status_code == 404

    def test_interpretation_link_only_to_public_records(self, client, org):
        hidden = draft(org.clerk, org.department, title="尚未发布的解读")
        record = published(org, interpretation=hidden)
        content = page(client, record.get_absolute_url())
        assert "尚未发布的解读" not in content
        shown = published(org, title="已发布的政策解读")
        linked = published(org, interpretation=shown)
        assert "已发布的政策解读" in page(client, linked.get_absolute_url())

    def test_body_is_sanitised(self, client, org):
        record = published(org, body='<p>正文</p><script>alert("x")</script><a href="javascript:alert(1)">链接</a>')
        content = page(client, record.get_absolute_url())
        assert "<script>alert" not in content
        assert "javascript:alert" not in content


# ---------------------------------------------------------------------------------------------
# The public timeliness stamp
# ---------------------------------------------------------------------------------------------
def stamp(content: str) -> str | None:
    """The 公开时效 line as a reader sees it (tags stripped, spaces collapsed)."""
    match = re.search(r'<p class="timeliness[^"]*" id="timeliness">(.*?)</p>', content, re.S)
    if match is None:
        return None
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", match.group(1)))


@pytest.mark.clock("2026-11-23T10:00")  # due dates in 2026: the stamps carry no 预计
class TestTimelinessStamp:
    def test_on_time(self, client, org):
        formed = timezone.localdate() - datetime.timedelta(days=1)
        record = published(org, formed_on=formed)
        content = page(client, record.get_absolute_url())
        published_on = timezone.localdate(record.published_at)
        assert stamp(content) == (
            f"公开时效：信息形成日期{formed:%Y-%m-%d}·应公开日期{record.due_on:%Y-%m-%d}"
            f"·发布日期{published_on:%Y-%m-%d}·按时公开"
        )
        assert 'class="timeliness" id="timeliness"' in content

    def test_late(self, client, org):
        record = published(org, formed_on=timezone.localdate() - datetime.timedelta(days=90))
        late = working_days_between(record.due_on, timezone.localdate())
        assert late > 0 and record.late_working_days == late
        content = page(client, record.get_absolute_url())
        assert stamp(content).endswith(f"·逾期{late}个工作日公开")
        assert f"应公开日期{record.due_on:%Y-%m-%d}" in stamp(content)
        assert 'class="timeliness timeliness--late"' in content

    def test_withdrawn_record_keeps_its_stamp(self, client, org):
        record = in_state(org, "withdrawn", formed_on=timezone.localdate() - datetime.timedelta(days=90))
        content = page(client, record.get_absolute_url())
        assert "撤回" in content
        assert stamp(content).endswith(f"逾期{record.late_working_days}个工作日公开")

    def test_on_request_record_has_no_stamp(self, client, org):
        # Only 主动公开 has a publication limit (条例第二十六条): no due date, no 按时/逾期 stamp.
        record = published(org, disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方权益（第十五条）")
        assert (record.due_on, record.late_working_days, record.timeliness_label) == (None, None, "")
        content = page(client, record.get_absolute_url())
        assert stamp(content) is None
        assert 'id="timeliness"' not in content
        assert '<th scope="row">公开属性</th>\n        <td>依申请公开</td>' in content
        assert "应公开日期" not in content

    def test_corrected_record_shows_the_corrections_stamp_and_the_first_publications(self, client, org):
        record = published(org, formed_on=timezone.localdate() - datetime.timedelta(days=90))
        first_label = record.timeliness_label
        assert first_label.startswith("逾期")
        correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正了文号")
        services.disclosure_submit(disclosure=correction, actor=org.clerk)
        services.disclosure_review(disclosure=correction, actor=org.reviewer)
        services.disclosure_sign(disclosure=correction, actor=org.signer)
        correction.refresh_from_db()
        line = stamp(page(client, record.get_absolute_url()))
        assert line == (
            f"公开时效：第2版（更正）·信息变更日期{correction.formed_on:%Y-%m-%d}·应公开日期{correction.due_on:%Y-%m-%d}"
            f"·发布日期{timezone.localdate(correction.published_at):%Y-%m-%d}·按时公开（首次发布{first_label}）"
        )

    @pytest.mark.clock("2026-12-07T10:00")
    def test_an_estimated_due_date_is_not_shown_to_citizens(self, client, org):
        """A due date counted on a year whose holidays are not announced may still move: staff see it marked
        预计 (the dashboard), citizens see the dates that are certain (issue 23, part 5)."""
        record = published(org, formed_on=datetime.date(2026, 12, 4))  # due 2027-01-04 by the statute's 元旦
        assert (record.due_on, record.due_on_estimated) == (datetime.date(2027, 1, 4), True)
        content = page(client, record.get_absolute_url())
        assert stamp(content) == "公开时效：信息形成日期2026-12-04·发布日期2026-12-07·按时公开"
        assert "预计" not in content and "2027-01-04" not in content

    def test_no_stamp_without_a_recorded_timeliness(self, client, org):
        record = published(org)
        Disclosure.objects.filter(pk=record.pk).update(late_working_days=None)  # published before it was recorded
        assert stamp(page(client, record.get_absolute_url())) is None


# ---------------------------------------------------------------------------------------------
# Attachment download
# ---------------------------------------------------------------------------------------------
class TestAttachmentDownload:
    def test_download_headers(self, client, org):
        record = published_with_attachment(org)
        attachment = record.attachments.get()
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "filename" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == ATTACHMENT

    def test_unpublished_attachment_is_404(self, client, org):
        record = draft(org.clerk, org.department)
        attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_withdrawn_records_attachment_is_404(self, client, org):
        record = published_with_attachment(org)
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="撤回")
        assert client.get(record.attachments.get().get_absolute_url()).status_code == 404

    def test_unknown_token_is_404(self, client, db):
        assert client.get("/attachments/" + "0" * 32 + "/").status_code == 404

    def test_post_is_refused(self, client, org):
        record = published_with_attachment(org)
        assert client.post(record.attachments.get().get_absolute_url()).status_code == 405


# ---------------------------------------------------------------------------------------------
# Query counts: constant in the number of records
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [5, 40])
def test_query_counts_do_not_grow_with_records(client, org, django_assert_max_num_queries, count):
    records = [published_with_attachment(org, title=f"记录{n}") for n in range(count)]
    record = records[-1]
    # Each page first reads the generation of public content its fragments are kept under (core/fragments.py).
    # category counts, urgent records, latest records; the site's identity (organizations.site), then cached
    with django_assert_max_num_queries(5):
        page(client, "/")
    # count, department and jurisdiction choices, urgent records, the page (PostgreSQL: its ids with the count in
    # one scan; elsewhere the count, then the ids, then the rows)
    column_queries = 6 if connection.vendor == "postgresql" else 7
    with django_assert_max_num_queries(column_queries):
        page(client, "/column/projects/")
    with django_assert_max_num_queries(column_queries):
        page(client, "/column/projects/approval_result/", {"q": "记录", "year": timezone.localdate().year})
    # record, attachments, documents it interprets, its subject (a first version has no versions to read)
    with django_assert_max_num_queries(5):
        page(client, record.get_absolute_url())
    # Kept fragments: the option lists and the urgent box are not asked again, the rows not read again.
    # The generation; the page's ids with the count (PostgreSQL: one scan; elsewhere count, then ids).
    with django_assert_max_num_queries(2 if connection.vendor == "postgresql" else 3):
        page(client, "/column/projects/")


def test_record_page_reads_attachments_and_interpreted_documents_only_where_there_are_some(
    client, org, django_assert_num_queries
):
    """The record's row says whether it has attachments and documents it interprets (issue 24, part 1): a
    record with neither makes no query for them; one with them still lists them."""
    from disclosures.tests.factories import in_state

    plain = in_state(org, "published", title="一份政策解读")
    page(client, plain.get_absolute_url())  # the site's identity and the fragments are kept
    with django_assert_num_queries(3):  # the record (with both answers), its subject, the generation
        body = page(client, plain.get_absolute_url())
    assert 'id="attachments-heading"' not in body and "本解读对应的文件" not in body

    document = published_with_attachment(org, title="解读对应的文件")
    Disclosure.objects.filter(pk=document.pk).update(interpretation=plain)
    page(client, plain.get_absolute_url())  # a publication makes the fragments again
    with django_assert_num_queries(4):  # and the documents it interprets
        body = page(client, plain.get_absolute_url())
    assert "本解读对应的文件" in body and f'href="{document.get_absolute_url()}">解读对应的文件</a>' in body
    with django_assert_num_queries(5):  # and its attachments, and its interpretation's link
        body = page(client, document.get_absolute_url())
    assert 'id="attachments-heading"' in body and "批复文件.pdf" in body and "一份政策解读" in body


def test_column_filters_by_jurisdiction_including_towns_and_by_item_type(client, org):
    from disclosures.tests.factories import in_state

    in_state(org, "published", title="县级用地政策", domain="resources", category="land_use_right",
             details={"item_type": "policy"})
    url = "/column/resources/land_use_right/"
    assert "县级用地政策" not in client.get(url, {"jurisdiction": org.town.pk}).content.decode()
    assert "县级用地政策" in client.get(url, {"jurisdiction": org.county.pk}).content.decode()
    by_result = client.get(url, {"item_type": "result"}).content.decode()
    assert "县级用地政策" not in by_result and "出让结果" in by_result  # the item-type select is offered
    assert "县级用地政策" in client.get(url, {"item_type": "policy"}).content.decode()
