"""The citizen's side, no account: the guide, the online application with its receipt, and the status page
behind the 申请编号 and 查询码 — rate-limited, never another applicant's data, never cached."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from disclosures.tests.files import pdf_upload
from inforequests import services
from inforequests.choices import Status
from inforequests.models import InfoRequest, RequestDesk, RequestDocument

from .test_rules import APPLICANT, D, assigned

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-12T10:00")]


def online_form(org, **changes) -> dict:
    return APPLICANT | {
        "addressed_to": org.office_department.pk, "info_form": "electronic", "delivery": "email", "agree": "on",
        "identity_file": pdf_upload("身份证.pdf"),
    } | changes  # fmt: skip


def submit(client, data):
    return client.post(reverse("inforequests:apply"), data)


def test_the_guide_names_the_channels_time_limits_fees_and_remedies(org, client):
    RequestDesk.objects.create(
        jurisdiction=org.county, department=org.office_department, address="测试县人民路1号", postcode="100000",
        hours="工作日 9:00—17:00", phone="0000-1234567", fax="0000-1234568", email="gk@example.gov.cn",
    )
    html = client.get(reverse("inforequests:guide")).content.decode()
    for text in ("测试县人民路1号", "工作日 9:00—17:00", "0000-1234568", "20 个工作日内答复", "按量计收",
                 "行政复议", "第三十一条", reverse("inforequests:apply"), reverse("inforequests:status")):
        assert text in html, text


def test_an_online_application_gets_a_receipt_with_its_number_and_query_code(org, client):
    response = submit(client, online_form(org))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    request = InfoRequest.objects.get(number=number)
    assert (request.status, request.channel, request.created_by, request.received_on) == (
        Status.UNCONFIRMED, "online", None, None
    )
    assert request.check_query_code(code)
    # The proof of identity is kept encrypted: the storage holds a token, the service reads the PDF back.
    document = request.documents.get()
    assert document.kind == RequestDocument.Kind.IDENTITY and document.original_name == "身份证.pdf"
    with default_storage.open(document.stored, "rb") as handle:
        assert not handle.read().startswith(b"%PDF")
    assert services.document_bytes(document).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"description": ""}, "description", "请填写此项"),
        ({"delivery": "email", "email": ""}, "email", "请填写电子邮箱"),
        ({"applicant_type": "business"}, "contact_person", "请填写联系人"),
        ({"identity_file": SimpleUploadedFile("身份证.exe", b"MZ\x90\x00")}, "identity_file", "不允许上传"),
        ({"agree": ""}, "agree", "请填写此项"),
    ],
)
def test_a_bad_application_names_the_field_and_saves_nothing(org, client, changes, field, message):
    response = submit(client, online_form(org, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not InfoRequest.objects.exists() and not RequestDocument.objects.exists()


def _code_of(org):
    request, code = services.request_create(
        addressed_to=org.office_department, channel="in_person", actor=org.office, received_on=D(2026, 9, 28),
        **APPLICANT,
    )
    return request, code


def test_the_status_page_shows_the_applicants_own_request(org, client):
    request, code = _code_of(org)
    services.request_assign(request=request, actor=org.office, department=org.department, on=D(2026, 9, 28))
    services.consultation_send(request=request, actor=org.clerk, kind="third_party", party="青山县某某置业有限公司",
                               on=D(2026, 10, 9))
    response = client.post(reverse("inforequests:status"), {"number": request.number.lower(), "code": code})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "征求第三方意见，期间不计入答复期限" in html and "暂停计时" in html
    assert "2026-09-28" in html
    # What the staff keep to themselves: the third party's name, the identity number, the phone.
    for private in ("青山县某某置业有限公司", "110101199001011234", "110***", "13800000000"):
        assert private not in html


def test_the_answer_and_the_remedies_reach_the_applicant(org, client):
    request, code = _code_of(org)
    request = assigned(org)  # another request: the status page must show only the one asked for
    first = InfoRequest.objects.order_by("pk").first()
    services.request_assign(request=first, actor=org.office, department=org.department, on=D(2026, 9, 28))
    services.reply_submit(request=first, actor=org.clerk, reply_type="unavailable", subtype="not_held",
                          text="经检索，本机关未制作或获取该信息。", basis="《政府信息公开条例》第三十六条第（四）项")
    services.reply_issue(request=first, actor=org.reviewer, on=D(2026, 10, 9))
    html = client.post(reverse("inforequests:status"), {"number": first.number, "code": code}).content.decode()
    assert "无法提供" in html and "本机关不掌握相关政府信息" in html and "第三十六条第（四）项" in html
    assert "行政复议" in html and "行政诉讼" in html
    assert request.number not in html


@pytest.mark.parametrize("wrong", ["number", "code"])
def test_a_wrong_number_or_code_says_only_that_it_is_wrong(org, client, wrong):
    request, code = _code_of(org)
    data = {"number": request.number, "code": code} | {wrong: "TC-YSQ-2026-09999" if wrong == "number" else "AAAAAAAAAA"}
    html = client.post(reverse("inforequests:status"), data).content.decode()
    assert "申请编号或查询码不正确。" in html and "张三" not in html and 'id="status-state"' not in html


def test_guessing_query_codes_is_stopped(org, settings):
    settings.PORTAL_YSQ_LOOKUP_RATE = "3/minute"
    request, code = _code_of(org)
    client = Client()
    for _ in range(3):
        assert client.post(reverse("inforequests:status"), {"number": request.number, "code": "AAAAAAAAAA"}).status_code == 200
    blocked = client.post(reverse("inforequests:status"), {"number": request.number, "code": code})
    assert blocked.status_code == 429 and "张三" not in blocked.content.decode()


def test_record_pages_of_on_request_information_lead_to_the_guide(org, client):
    from disclosures.choices import DisclosureMode
    from disclosures.tests.factories import published

    record = published(org, disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方商业信息。")
    html = client.get(record.get_absolute_url()).content.decode()
    assert f'href="{reverse("inforequests:guide")}"' in html


def test_the_answer_is_a_letter_with_its_files_for_the_applicant_only(org, client):
    from inforequests.models import RequestDocument

    request, code = _code_of(org)
    services.request_assign(request=request, actor=org.office, department=org.department, on=D(2026, 9, 28))
    document = services.answer_file_add(request=request, actor=org.clerk, uploaded_file=pdf_upload("补偿方案.pdf"))
    assert document.scan_findings == [] and document.scan_complete
    services.reply_submit(request=request, actor=org.clerk, reply_type="disclosed", text="现提供补偿方案（见附件）。")
    services.reply_issue(request=request, actor=org.reviewer, on=D(2026, 10, 9))
    html = client.post(reverse("inforequests:status"), {"number": request.number, "code": code}).content.decode()
    assert "张三：" in html and "本机关于2026年9月28日收到您提出的政府信息公开申请" in html
    assert "您申请获取的政府信息属于公开范围" in html and "2026年10月9日" in html
    assert "下载 补偿方案.pdf" in html
    download = client.post(reverse("inforequests:answer-file"),
                           {"number": request.number, "code": code, "document": document.pk})
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    wrong = client.post(reverse("inforequests:answer-file"),
                        {"number": request.number, "code": "AAAAAAAAAA", "document": document.pk})
    assert wrong.status_code == 404 and b"%PDF" not in wrong.content
    identity = services.document_add(request=request, kind=RequestDocument.Kind.IDENTITY, uploaded_file=pdf_upload("证.pdf"))
    assert client.post(reverse("inforequests:answer-file"),
                       {"number": request.number, "code": code, "document": identity.pk}).status_code == 404
    assert client.post(reverse("inforequests:answer-file"),
                       {"number": request.number, "code": code, "document": "x"}).status_code == 404


def test_an_answer_file_with_personal_data_blocks_the_answer(org):
    from core.exceptions import WorkflowError
    from core.pii import id_check_character

    number = "11010119900307123" + id_check_character("11010119900307123")  # a well-formed 身份证号
    request = assigned(org)
    services.answer_file_add(request=request, actor=org.clerk, uploaded_file=pdf_upload("名单.pdf", f"ID {number}"))
    with pytest.raises(WorkflowError) as refused:
        services.reply_submit(request=request, actor=org.clerk, reply_type="disclosed", text="见附件。")
    assert refused.value.status_code == 409 and "第十五条" in refused.value.message
    assert number not in refused.value.message  # the finding is masked
    request.refresh_from_db()
    assert request.status == Status.HANDLING


def test_the_applicant_sends_the_correction_from_the_status_page(org, client):
    from notifications.models import Notification

    request, code = _code_of(org)
    services.request_assign(request=request, actor=org.office, department=org.department, on=D(2026, 9, 28))
    services.request_correction(request=request, actor=org.clerk, on=D(2026, 9, 30), content="请写明文号。",
                                deadline=D(2026, 10, 20))
    page = client.post(reverse("inforequests:status"), {"number": request.number, "code": code}).content.decode()
    assert 'id="correction-form"' in page and "请写明文号。" in page
    response = client.post(reverse("inforequests:correction"), {
        "number": request.number, "code": code, "note": "文号为青发改〔2026〕3号。", "file": pdf_upload("补正.pdf"),
    })  # fmt: skip
    assert 'id="correction-sent"' in response.content.decode()
    assert request.documents.get().kind == "correction"
    assert Notification.objects.filter(user=org.clerk, kind="inforequest.correction").exists()
    request.refresh_from_db()
    assert request.status == Status.CORRECTING  # the clock restarts when the desk records receiving it
    foreign = client.post(reverse("inforequests:correction"), {
        "number": request.number, "code": "AAAAAAAAAA", "file": pdf_upload("补正.pdf"),
    })  # fmt: skip
    assert "申请编号或查询码不正确。" in foreign.content.decode() and request.documents.count() == 1
