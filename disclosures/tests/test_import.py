"""Excel import of records: templates per category, a preview naming every error by row and column,
all-or-nothing drafts through the domains' services, bad files, permissions and the admin pages."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalogue.models import CatalogueEntry
from core.domains import all_domains, get_domain
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import imports
from disclosures.choices import Status
from disclosures.models import Disclosure
from projects.tests.factories import make_project
from resources.tests.factories import make_matter
from tests.clock import TEST_TODAY
from welfare.tests.factories import make_programme

pytestmark = pytest.mark.django_db

YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)
IMPORT_URL = "admin:disclosures_disclosure_import"
TEMPLATE_URL = "admin:disclosures_disclosure_import_template"


def label(domain: str, category: str, name: str) -> str:
    return str(get_domain(domain).details_form(category).base_fields[name].label)


def filled(domain: str, category: str, rows: list[dict], *, department=None, name="导入.xlsx") -> SimpleUploadedFile:
    """The category's own template with `rows` ({header: value}) appended below the header."""
    book = load_workbook(io.BytesIO(imports.import_template(domain, category, department=department)))
    sheet = book[imports.DATA_SHEET]
    headers = [cell.value for cell in sheet[1]]
    unknown = {header for row in rows for header in row} - set(headers)
    assert not unknown, unknown
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=imports.spreadsheets.XLSX_CONTENT_TYPE)


def plain_book(rows: list[list], name="导入.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def approval_row(project, title="关于测试县公路改扩建工程可行性研究报告的批复", **overrides) -> dict:
    row = {
        "重大建设项目": project.code,
        "标题": title,
        "信息形成（变更）日期": YESTERDAY,
        "文号": "测发改投资〔2026〕12号",
        "公开属性": "主动公开",
        label("projects", "approval_result", "approval_item"): "可行性研究报告审批",
        label("projects", "approval_result", "reply_no"): "测发改投资〔2026〕12号",
        label("projects", "approval_result", "authority"): "测试县发展和改革委员会",
        label("projects", "approval_result", "approved_on"): YESTERDAY,
        label("projects", "approval_result", "result"): "同意",
        "正文": "一、同意建设。\n二、总投资 12680 万元。",
    }
    row.update(overrides)
    return row


def preview(org, domain, category, upload, actor=None):
    return imports.import_preview(
        actor=actor or org.clerk, department=org.department, domain=domain, category=category, file=upload
    )


def commit(org, domain, category, upload, actor=None):
    return imports.import_commit(
        actor=actor or org.clerk, department=org.department, domain=domain, category=category, file=upload
    )


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
CATEGORIES = [(domain.code, code) for domain in all_domains() for code, _label in domain.category_choices]


@pytest.mark.parametrize(("domain", "category"), CATEGORIES)
def test_template_has_the_common_columns_the_subject_and_the_category_fields(org, domain, category):
    book = load_workbook(io.BytesIO(imports.import_template(domain, category)))
    headers = [cell.value for cell in book[imports.DATA_SHEET][1]]
    details_labels = [str(f.label) for f in get_domain(domain).details_form(category).base_fields.values()]
    subject_noun = imports.SubjectKind.of(get_domain(domain)).noun

    assert headers == imports.import_columns(domain, category)
    assert headers[0] == subject_noun
    for common in ["标题", "信息形成（变更）日期", "成文日期", "文号", "公开属性", "正文", "标准目录事项"]:
        assert common in headers
    assert headers[-len(details_labels) - 1 : -1] == details_labels  # the category's fields, then 正文
    assert ("紧急信息" in headers) == (category in get_domain(domain).urgent_categories)
    assert book.properties.keywords == f"disclosure-import:{domain}:{category}"

    explained = {row[0]: row[1:] for row in book[imports.HELP_SHEET].iter_rows(values_only=True) if row and row[0]}
    for header in headers:
        assert explained[header][0] in {"必填", "选填"}, header
    assert explained["标题"][0] == "必填"
    assert "主动公开、依申请公开、不予公开" in explained["公开属性"][1]


def test_template_explains_choices_offers_dropdowns_and_lists_the_departments_projects(org):
    project = make_project(org)
    book = load_workbook(io.BytesIO(imports.import_template("projects", "approval_result", department=org.department)))
    sheet = book[imports.DATA_SHEET]
    explained = {row[0]: row for row in book[imports.HELP_SHEET].iter_rows(values_only=True) if row and row[0]}
    assert "可行性研究报告审批" in explained["审批事项"][2]
    assert "日期，格式 2026-01-05" in explained["批复日期"][2]
    assert explained["审批事项"][1] == "必填"

    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert "'可选重大建设项目'!$A$2:$A$2" in formulas
    assert any(f.startswith("'选项'!") for f in formulas)
    assert book[imports.CHOICES_SHEET].sheet_state == "hidden"
    listed = list(book["可选重大建设项目"].iter_rows(min_row=2, values_only=True))
    assert listed == [(f"{project.name}（{project.code}）", project.code, project.name, "测试县")]


# ---------------------------------------------------------------------------------------------
# A valid file
# ---------------------------------------------------------------------------------------------
def test_valid_project_file_creates_linked_drafts_with_details_and_audit(org):
    project = make_project(org)
    other = make_project(org)
    upload = filled(
        "projects",
        "approval_result",
        [
            approval_row(project),
            approval_row(other, title="关于二号工程初步设计的批复", **{"审批事项": "初步设计审批", "重大建设项目": f"{other.name}（{other.code}）"}),
            approval_row(project, title="关于节能审查的意见", **{"审批事项": "节能审查", "成文日期": "2026/1/5", "标准目录事项": None}),
        ],
    )
    before = Disclosure.objects.count()

    checked = preview(org, "projects", "approval_result", upload)
    assert checked.is_valid, [str(e) for e in checked.errors]
    assert [row.number for row in checked.rows] == [2, 3, 4]
    assert Disclosure.objects.count() == before  # a preview saves nothing

    records = commit(org, "projects", "approval_result", upload)

    assert len(records) == 3
    assert Disclosure.objects.count() == before + 3
    first = Disclosure.objects.get(pk=records[0].pk)
    assert first.status == Status.DRAFT
    assert first.department == org.department and first.created_by == org.clerk
    assert first.project_link.project == project
    assert first.details["approval_item"] == "feasibility"
    assert first.details["approved_on"] == YESTERDAY.isoformat()
    assert first.body == "<p>一、同意建设。</p><p>二、总投资 12680 万元。</p>"
    assert first.formed_on == YESTERDAY and first.due_on is not None
    assert Disclosure.objects.get(pk=records[1].pk).project_link.project == other
    assert Disclosure.objects.get(pk=records[2].pk).written_on == datetime.date(2026, 1, 5)
    assert AuditEntry.objects.filter(action="disclosure.create", disclosure__in=records).count() == 3
    summary = AuditEntry.objects.get(action="disclosure.import")
    assert summary.actor == org.clerk
    assert summary.data["records"] == [r.pk for r in records]


def test_valid_resources_and_welfare_files_link_their_matters_and_programmes(org):
    matter = make_matter(org, area="land_use_right")
    programme = make_programme(org, area="social_assistance")
    land = filled(
        "resources",
        "land_use_right",
        [{"公共资源配置事项": matter.reference_no, "标题": "用地政策解读", "信息形成（变更）日期": YESTERDAY,
          label("resources", "land_use_right", "item_type"): "用地政策"}],
    )
    welfare = filled(
        "welfare",
        "social_assistance",
        [
            {"社会公益事业项目": programme.name, "标题": "2026 年低保资金分配", "信息形成（变更）日期": YESTERDAY,
             label("welfare", "social_assistance", "item_type"): "资金分配和使用",
             label("welfare", "social_assistance", "amount"): "1,200,000.50"},
            {"社会公益事业项目": f"{programme.name}（#{programme.pk}）", "标题": "低保政策", "信息形成（变更）日期": YESTERDAY,
             label("welfare", "social_assistance", "item_type"): "policy"},
        ],
    )

    [land_record] = commit(org, "resources", "land_use_right", land)
    fund, policy = commit(org, "welfare", "social_assistance", welfare)

    assert land_record.matter_link.matter == matter and land_record.details == {"item_type": "policy"}
    assert fund.programme_link.programme == programme
    assert fund.details["amount"] == "1200000.50"
    assert fund.catalogue_entry.code == "welfare-social-assistance-funds"  # the item type's entry, as in the admin
    assert policy.programme_link.programme == programme and policy.status == Status.DRAFT


# ---------------------------------------------------------------------------------------------
# Errors: every one, by row and column; nothing saved
# ---------------------------------------------------------------------------------------------
def test_every_error_of_every_row_is_reported_and_nothing_is_saved(org):
    project = make_project(org)
    upload = filled(
        "projects",
        "approval_result",
        [
            approval_row(project),  # row 2: fine
            approval_row(project, **{"标题": None, "信息形成（变更）日期": "2026-02-30"}),  # row 3
            approval_row(project, **{"重大建设项目": "9999-000000-00-00-000000"}),  # row 4
            approval_row(project, **{"审批事项": "随便审批", "批复机关": None, "公开属性": "不予公开"}),  # row 5
            approval_row(project, **{"信息形成（变更）日期": datetime.date.today() + datetime.timedelta(days=3)}),  # row 6
        ],
    )
    before = Disclosure.objects.count()

    checked = preview(org, "projects", "approval_result", upload)

    found = {(e.row, e.column): e.message for e in checked.errors}
    assert set(found) == {
        (3, "标题"),
        (3, "信息形成（变更）日期"),
        (4, "重大建设项目"),
        (5, "审批事项"),
        (5, "批复机关"),
        (5, "不予公开理由"),
        (5, "依申请公开/不予公开说明"),
        # The 审批事项 cannot select the entry and the row names none (the category's entries differ in deadline).
        (5, "标准目录事项"),
        (6, "信息形成（变更）日期"),
    }
    assert found[(3, "信息形成（变更）日期")] == "“2026-02-30”不是有效的日期，请按 2026-01-05 的格式填写。"
    assert "没有找到" in found[(4, "重大建设项目")] and "9999-000000-00-00-000000" in found[(4, "重大建设项目")]
    assert found[(5, "审批事项")].startswith("“随便审批”不是可选的值。可选：项目建议书审批、")
    assert found[(5, "依申请公开/不予公开说明")] == "依申请公开或不予公开必须填写理由。"
    assert found[(5, "不予公开理由")].startswith("公开属性为“不予公开”时必须选择不予公开理由")
    assert "请选择“标准目录事项”" in found[(5, "标准目录事项")]
    assert found[(6, "信息形成（变更）日期")] == "信息形成（变更）日期不能晚于今天。"
    assert str(next(e for e in checked.errors if e.row == 3 and e.column == "标题")).startswith("第 3 行 B 列（标题）：")
    assert [row.ok for row in checked.rows] == [True, False, False, False, False]
    assert not checked.is_valid

    with pytest.raises(imports.ImportRejected) as rejected:
        commit(org, "projects", "approval_result", upload)
    assert len(rejected.value.preview.errors) == 9
    assert Disclosure.objects.count() == before
    assert not AuditEntry.objects.filter(action__in=["disclosure.create", "disclosure.import"]).exists()


def test_domain_rules_that_need_the_subject_are_reported_on_its_column(org):
    housing = make_matter(org, area="housing")
    upload = filled(
        "resources",
        "land_use_right",
        [{"公共资源配置事项": housing.name, "标题": "出让公告", "信息形成（变更）日期": YESTERDAY,
          label("resources", "land_use_right", "item_type"): "出让公告"}],
    )
    errors = preview(org, "resources", "land_use_right", upload).errors
    columns = {(e.column, e.message.split("，")[0]) for e in errors}
    assert ("公共资源配置事项", f"“{housing.name}”是住房保障事项") in columns
    assert {e.column for e in errors} >= {"宗地编号", "起始价（元）"}  # the notice's own required fields too


# ---------------------------------------------------------------------------------------------
# Bad files
# ---------------------------------------------------------------------------------------------
def file_message(org, upload, category="approval_result") -> str:
    with pytest.raises(imports.ValidationError) as excinfo:
        preview(org, "projects", category, upload)
    return " ".join(excinfo.value.message_dict["file"])


def test_files_that_are_not_xlsx_are_refused_with_a_chinese_message(org):
    assert "无法读取 Excel 文件" in file_message(org, SimpleUploadedFile("a.xlsx", "标题,文号\n甲,乙\n".encode()))
    assert "另存为" in file_message(org, SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    assert "空文件" in file_message(org, SimpleUploadedFile("a.xlsx", b""))
    assert "无法读取" in file_message(org, SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a zip"))


def test_wrong_headers_another_template_no_rows_and_too_many_rows(org, monkeypatch):
    missing = file_message(org, plain_book([["标题", "备注"], ["甲", "乙"]]))
    assert "缺少必填列：重大建设项目、信息形成（变更）日期、审批事项" in missing
    assert "无法识别的列：备注" in missing

    bidding = filled("projects", "bidding", [{"标题": "招标公告"}])
    assert "这是“重大建设项目 / 招标投标信息”的导入模板" in file_message(org, bidding)

    assert "没有要导入的数据" in file_message(org, filled("projects", "approval_result", []))

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    project = make_project(org)
    four = filled("projects", "approval_result", [approval_row(project)] * 4)
    assert "文件超过 3 行数据" in file_message(org, four)


def test_too_large_a_file_is_refused(org, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 1000)
    assert "文件超过" in file_message(org, filled("projects", "approval_result", [{"标题": "甲"}]))


# ---------------------------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["reviewer", "signer", "other_clerk"])
def test_only_the_departments_clerks_may_import(org, who):
    project = make_project(org)
    upload = filled("projects", "approval_result", [approval_row(project)])
    with pytest.raises(ActionForbidden):
        preview(org, "projects", "approval_result", upload, actor=getattr(org, who))
    with pytest.raises(ActionForbidden):
        commit(org, "projects", "approval_result", upload, actor=getattr(org, who))
    assert not Disclosure.objects.exists()


def test_the_office_may_import_for_a_department_it_oversees(org):
    project = make_project(org)
    [record] = commit(org, "projects", "approval_result", filled("projects", "approval_result", [approval_row(project)]),
                      actor=org.office)
    assert record.department == org.department and record.created_by == org.office


# ---------------------------------------------------------------------------------------------
# The admin pages
# ---------------------------------------------------------------------------------------------
def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_admin_import_end_to_end(org, client):
    project = make_project(org)
    client.force_login(org.clerk)

    changelist = client.get(reverse("admin:disclosures_disclosure_changelist")).content.decode()
    assert reverse(IMPORT_URL) in changelist and "Excel 批量导入" in changelist

    page = client.get(reverse(IMPORT_URL))
    assert page.status_code == 200
    assert "下载模板" in page.content.decode() and org.department.name in page.content.decode()

    choice = {"department": org.department.pk, "category": "projects:approval_result"}
    template = client.post(reverse(TEMPLATE_URL), choice)
    assert template.status_code == 200
    assert template["Content-Type"] == imports.spreadsheets.XLSX_CONTENT_TYPE
    assert "attachment" in template["Content-Disposition"] and ".xlsx" in template["Content-Disposition"]
    headers = [c.value for c in load_workbook(io.BytesIO(template.content))[imports.DATA_SHEET][1]]
    assert headers == imports.import_columns("projects", "approval_result")

    bad = filled("projects", "approval_result", [approval_row(project), approval_row(project, **{"标题": None})])
    response = client.post(reverse(IMPORT_URL), {**choice, "file": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行" in html and "B 列（标题）" in html and "请填写此项" in html
    assert "import-commit-form" not in html and 'name="token"' not in html
    assert not Disclosure.objects.exists()

    good = filled("projects", "approval_result", [approval_row(project), approval_row(project, title="第二条")])
    response = client.post(reverse(IMPORT_URL), {**choice, "file": good})
    html = response.content.decode()
    assert "全部正确" in html and "确认导入 2 条记录（草稿）" in html
    token = response.context["token"]
    assert token and not Disclosure.objects.exists()

    done = client.post(reverse(IMPORT_URL), {"token": token})
    assert done.status_code == 302 and done["Location"] == reverse("admin:disclosures_disclosure_changelist")
    assert "已导入 2 条记录（草稿）" in messages_of(done)
    assert Disclosure.objects.filter(status=Status.DRAFT, project_link__project=project).count() == 2

    again = client.post(reverse(IMPORT_URL), {"token": token})  # a double click imports nothing twice
    assert again.status_code == 302 and again["Location"] == reverse(IMPORT_URL)
    assert "该文件正在导入或已经导入，请勿重复提交。" in messages_of(again)
    assert Disclosure.objects.count() == 2


def test_admin_commit_rechecks_the_file_and_shows_what_changed_since_the_preview(org, client):
    project = make_project(org)
    entry = CatalogueEntry.objects.filter(domain="projects", category="approval_result", is_active=True).last()
    client.force_login(org.clerk)
    upload = filled("projects", "approval_result", [approval_row(project, **{"标准目录事项": str(entry)})])
    response = client.post(
        reverse(IMPORT_URL), {"department": org.department.pk, "category": "projects:approval_result", "file": upload}
    )
    token = response.context["token"]
    entry.is_active = False  # the office deactivates the entry before the clerk confirms
    entry.save()

    response = client.post(reverse(IMPORT_URL), {"token": token})

    assert response.status_code == 200
    assert "有 1 处错误，未导入任何记录。请修改文件后重新上传。" in messages_of(response)
    assert f"“{entry}”不是本分类启用的标准目录事项" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_admin_upload_of_a_bad_file_shows_the_message_on_the_form(org, client):
    client.force_login(org.clerk)
    response = client.post(
        reverse(IMPORT_URL),
        {"department": org.department.pk, "category": "projects:approval_result",
         "file": SimpleUploadedFile("名单.csv", "标题\n甲\n".encode())},
    )
    assert response.status_code == 200
    assert "无法读取 Excel 文件" in response.content.decode()


def test_admin_token_of_another_user_forged_or_expired_is_refused(org, client, monkeypatch):
    project = make_project(org)
    client.force_login(org.clerk)
    choice = {"department": org.department.pk, "category": "projects:approval_result"}
    response = client.post(reverse(IMPORT_URL), {**choice, "file": filled("projects", "approval_result", [approval_row(project)])})
    token = response.context["token"]

    client.force_login(org.clerk_b)
    refused = client.post(reverse(IMPORT_URL), {"token": token})
    assert refused.status_code == 302
    assert "无法识别要导入的文件" in " ".join(messages_of(refused))
    forged = client.post(reverse(IMPORT_URL), {"token": token[:-3] + "abc"})
    assert "无法识别要导入的文件" in " ".join(messages_of(forged))

    client.force_login(org.clerk)
    monkeypatch.setattr(imports, "STASH_MAX_AGE", -1)
    expired = client.post(reverse(IMPORT_URL), {"token": token})
    assert "上传的文件已超过 1 小时未确认，请重新上传。" in messages_of(expired)
    assert not Disclosure.objects.exists()


def test_admin_import_is_for_clerks_of_the_chosen_department_only(org, client):
    client.force_login(org.reviewer)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.post(reverse(TEMPLATE_URL), {"department": org.department.pk, "category": "projects:bidding"}).status_code == 403
    changelist = client.get(reverse("admin:disclosures_disclosure_changelist")).content.decode()
    assert reverse(IMPORT_URL) not in changelist

    client.force_login(org.other_clerk)  # a clerk, but of another department
    assert client.get(reverse(IMPORT_URL)).status_code == 200
    choice = {"department": org.department.pk, "category": "projects:approval_result"}
    assert client.post(reverse(TEMPLATE_URL), choice).status_code == 403
    upload = filled("projects", "approval_result", [{"标题": "甲"}])
    assert client.post(reverse(IMPORT_URL), {**choice, "file": upload}).status_code == 403
    assert client.get(reverse(TEMPLATE_URL), {"department": "x", "category": "projects:bidding"}).status_code == 403
