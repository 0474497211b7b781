"""The personal-data guard: detection on the corpus, masking, and the guard on submit and publish."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core import pii
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures import services
from disclosures.choices import Status
from disclosures.models import Disclosure
from disclosures.tests import pii_samples
from disclosures.tests.factories import draft, in_state
from disclosures.tests.files import pdf_bytes

# ---------------------------------------------------------------------------------------------
# Numbers with valid check digits, built (not typed) so that each test states what it shows
# ---------------------------------------------------------------------------------------------


def id_ending(last4: str, region: str = "110101") -> str:
    """An 18-digit ID number of `region` whose last four characters are `last4` (check digit included)."""
    for day in range(1, 29):
        for month in range(1, 13):
            first17 = f"{region}1990{month:02d}{day:02d}{last4[:3]}"
            if pii.id_check_character(first17) == last4[3]:
                return first17 + last4[3]
    raise AssertionError(last4)


def card_ending(first4: str, last4: str, length: int = 16) -> str:
    for n in range(10**8):
        number = f"{first4}{n:0{length - 8}d}{last4}"
        if pii.luhn_valid(number):
            return number
    raise AssertionError


ID = id_ending("1234")  # 110101********1234 once masked
IDX = id_ending("123X")  # 110101********123X
MOBILE = "13812345678"
CARD = card_ending("6222", "1234")


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in pii.scan_text(text)]


# ---------------------------------------------------------------------------------------------
# The corpus: detection and false-positive rates
# ---------------------------------------------------------------------------------------------
class _CorpusSummary:
    """Puts the measured rates in pytest's terminal summary (they also print with -s)."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.section("PII corpus (disclosures/tests/pii_corpus)")
        for line in self.lines:
            terminalreporter.write_line(line)


def test_corpus_detection_and_false_positive_rates(request, record_property):
    positives = pii_samples.positives()
    negatives = pii_samples.negatives()
    assert len(positives) >= 200 and len(negatives) >= 200

    missed = [(kind, text, kinds(text)) for kind, text in positives if kinds(text) != [kind]]
    false_positives = [(text, kinds(text)) for text in negatives if pii.scan_text(text)]
    detection = 1 - len(missed) / len(positives)
    false_positive = len(false_positives) / len(negatives)

    per_kind = {}
    for kind, text in positives:
        hit, total = per_kind.get(kind, (0, 0))
        per_kind[kind] = (hit + (kinds(text) == [kind]), total + 1)
    lines = [
        f"detection rate {detection:.1%} ({len(positives) - len(missed)}/{len(positives)} positives, "
        f"exactly one finding of the stated kind); false-positive rate {false_positive:.1%} "
        f"({len(false_positives)}/{len(negatives)} negatives with any finding)",
        "by kind: " + ", ".join(f"{kind} {hit}/{total}" for kind, (hit, total) in sorted(per_kind.items())),
    ]
    lines += [f"missed [{kind}] found {found}: {text}" for kind, text, found in missed]
    lines += [f"false positive {found}: {text}" for text, found in false_positives]
    print("\n" + "\n".join(lines))
    record_property("pii_detection_rate", round(detection, 4))
    record_property("pii_false_positive_rate", round(false_positive, 4))
    if not request.config.pluginmanager.has_plugin("pii-corpus-summary"):
        request.config.pluginmanager.register(_CorpusSummary(lines), "pii-corpus-summary")

    assert detection >= 0.98, lines
    assert false_positive <= 0.02, lines


def test_corpus_numbers_are_valid():
    """The generator's numbers carry valid check digits (else a positive would test nothing)."""
    for kind, text in pii_samples.positives():
        found = pii.scan_text(text)
        if kind == "id_card" and found and len(found[0].value) == 18:
            assert pii.is_id18(found[0].value)
        if kind == "bank_card" and found:
            assert pii.luhn_valid(found[0].value)


def test_masking_the_corpus_leaves_nothing_and_keeps_the_text():
    for _kind, text in pii_samples.positives():
        masked = pii.mask_text(text)
        assert pii.scan_text(masked) == [], masked
        # Same length, words and separators unchanged: only digits (or Chinese numerals) turned into *.
        for original, new in zip(text, masked, strict=True):
            assert new == original or (new == "*" and pii.is_digit(original))
    for text in pii_samples.negatives():
        assert pii.mask_text(text) == text


# ---------------------------------------------------------------------------------------------
# scan_text / mask_text
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"身份证号{ID}", "身份证号110101********1234"),
        (f"手机{MOBILE}", "手机138****5678"),
        (f"银行卡号{CARD}", "银行卡号6222********1234"),
        ("家庭电话：0871-6512345", "家庭电话：0871-****345"),
        ("联系人：张某，电话：(010)62345678", "联系人：张某，电话：(010)*****678"),
        ("手机 138 1234 5678", "手机 138 **** 5678"),
        (f"身份证 {ID[:6]}-{ID[6:10]}-{ID[10:14]}-{ID[14:]}", "身份证 110101-****-****-1234"),
        ("手机１３８１２３４５６７８", "手机１３８****５６７８"),
    ],
)
def test_mask_formats(text, masked):
    assert pii.mask_text(text) == masked
    (finding,) = pii.scan_text(text)
    assert masked.endswith(finding.masked)


def chinese(number: str) -> str:
    return number.translate(str.maketrans("0123456789", "零一二三四五六七八九"))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A country prefix before a mobile: the mobile is the finding, the prefix stays as it is.
        ("手机+8613912345678", "手机+86139****5678"),
        ("手机：+86 139 1234 5678", "手机：+86 139 **** 5678"),
        ("手机：+86-13912345678", "手机：+86-139****5678"),
        ("手机：＋86 13912345678", "手机：＋86 139****5678"),
        ("联系电话008613800138000", "联系电话0086138****8000"),
        ("联系电话0086 138 0013 8000", "联系电话0086 138 **** 8000"),
        ("联系电话(+86)13800138000", "联系电话(+86)138****8000"),
        # IDs and mobiles split by dots, slashes or underscores, in their own shapes only.
        (f"身份证号{ID[:6]}.{ID[6:14]}.{ID[14:]}", "身份证号110101.********.1234"),
        (f"身份证号{ID[:6]}/{ID[6:10]}/{ID[10:14]}/{ID[14:]}", "身份证号110101/****/****/1234"),
        (f"身份证号{IDX[:6]}_{IDX[6:14]}_{IDX[14:]}", "身份证号110101_********_123X"),
        (f"身份证号{ID[:6]}．{ID[6:10]}．{ID[10:14]}．{ID[14:]}", "身份证号110101．****．****．1234"),
        ("手机138.0013.8000", "手机138.****.8000"),
        ("手机138/0013/8000", "手机138/****/8000"),
        ("手机138_0013_8000", "手机138_****_8000"),
        ("手机+86.138.0013.8000", "手机+86.138.****.8000"),
        # The mobile's first three digits in brackets.
        ("手机(138)0013-8000", "手机(138)****-8000"),
        ("手机（138）0013 8000", "手机（138）**** 8000"),
        ("手机(138) 00138000", "手机(138) ****8000"),
        # Invisible characters between digits: the digits are masked, the invisible characters kept.
        ("手机138\u200b0013\u200c8000", "手机138\u200b****\u200c8000"),
        ("手机1\u200d38\u2060001\ufeff38000", "手机1\u200d38\u2060***\ufeff*8000"),
        ("手机138\u00ad0013\u00ad8000", "手机138\u00ad****\u00ad8000"),
        (f"身份证号{ID[:6]}\u200b{ID[6:14]}\u200b{ID[14:]}", "身份证号110101\u200b********\u200b1234"),
        # Chinese numerals.
        ("手机一三八零零一三八零零零", "手机一三八****八零零零"),
        ("手机幺三八〇〇幺三八〇〇〇", "手机幺三八****八〇〇〇"),
        ("手机壹叁捌零零壹叁捌零零零", "手机壹叁捌****捌零零零"),
        ("手机一三八 零零一三 八零零零", "手机一三八 **** 八零零零"),
        (f"身份证号{chinese(ID)}", f"身份证号{chinese('110101')}********{chinese('1234')}"),
        (f"身份证号{chinese(IDX)}", f"身份证号{chinese('110101')}********{chinese('123')}X"),
    ],
)
def test_number_formats_readers_see(text, masked):
    assert pii.mask_text(text) == masked
    (finding,) = pii.scan_text(text)
    assert masked.endswith(finding.masked) and finding.excerpt.endswith(finding.masked)
    assert finding.value in {"13800138000", "13912345678", ID, IDX}


@pytest.mark.parametrize(
    "text",
    [
        "计算系数取1.3912345678",
        "系数13912345678.5",
        "单价138.00，合计1380.0013元",
        "发布日期：2026.01.05，2026/01/05，2026_01_05",
        "服务器地址：192.168.1.1，备用地址192.168.138.138",
        "版本号V138.0013.8000",
        "手机138.0013.80001",
        "坐标1.138.0013.8000",
        "第3.1.2条、第13.8.1条",
        f"身份证号{ID[:6]}.{ID[6:14]}.{ID[14:17]}{'0' if ID[17] != '0' else '1'}",  # wrong check digit
        f"身份证号{ID[:6]}.{ID[6:10]}{ID[10:14]}.{ID[14:]}0",
        "中国移动客服热线10086，中国联通10010",
        "订单号：008613800138000，编号+8613800138000",
        "境外来电请拨打+86 871 12345（政务服务便民热线）",
        "详见第（138）号公告",
        "二〇二六年三月十五日第一三八次常务会议",
        "手机一三八零零一三八零零零一",  # twelve numerals
        "手机138\u200b0013\u200b80001",  # the invisible characters do not end the number
    ],
)
def test_look_alikes_of_the_new_formats_are_not_personal(text):
    assert kinds(text) == []
    assert pii.mask_text(text) == text


def test_finding_has_kind_position_and_a_masked_excerpt():
    text = f"经审核，申请人张某（身份证号{ID}，手机{MOBILE}）符合条件。"
    id_card, mobile = pii.scan_text(text, field="正文")
    assert (id_card.kind, id_card.field, id_card.start, id_card.end) == ("id_card", "正文", text.index(ID), text.index(ID) + 18)
    assert id_card.position == text.index(ID) + 1
    assert id_card.excerpt == "…申请人张某（身份证号110101********1234，手机138****…"
    assert MOBILE not in mobile.excerpt and ID not in mobile.excerpt  # the context is masked too
    assert mobile.as_dict() == {"field": "正文", "kind": "mobile", "position": text.index(MOBILE) + 1, "excerpt": mobile.excerpt}


def test_id_numbers_need_a_valid_check_digit_and_birth_date():
    wrong_check = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert kinds(f"身份证号{wrong_check}") == []
    assert kinds("身份证号110101209901011234") == []  # born in 2099
    assert kinds("身份证号990101199003071234") == []  # no province 99
    assert kinds(f"身份证号{id_ending('123X')}") == ["id_card"]
    assert kinds(f"身份证号{id_ending('123X').lower()}") == ["id_card"]
    assert kinds("原身份证号110101900307123") == ["id_card"]  # 15-digit, born 1990-03-07
    assert kinds("原身份证号110101901307123") == []  # month 13


def test_mobile_numbers_not_inside_longer_digit_runs():
    assert kinds(f"联系电话{MOBILE}") == ["mobile"]
    assert kinds(f"编码9{MOBILE}9") == []
    assert kinds(f"单号A{MOBILE}") == []
    assert kinds("12812345678") == []  # no 12x mobile numbers


def test_bank_cards_need_luhn_and_are_not_id_numbers_or_uscc():
    assert kinds(f"卡号{CARD}") == ["bank_card"]
    assert kinds(f"卡号{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}") == []
    assert kinds(f"卡号{ID}") == ["id_card"]


@pytest.mark.parametrize(
    "text",
    [
        "监督电话：0871-6512345",
        "举报电话：0871-6512345",
        "咨询电话：(0871)6512345",
        "办公电话：0871-6512345",
        "服务热线：0871-6512345",
        "值班电话：0871-6512345",
        "联系人：张某，办公电话：0871-6512345",
        "电话：0871-6512345，地址：青山县人民路1号",
    ],
)
def test_official_and_unmarked_landlines_are_not_personal(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "家庭电话：0871-6512345",
        "个人电话 0871 6512345",
        "联系人：张某，联系电话：0871-6512345",
        "本人电话（０８７１）６５１２３４５",
        "手机/座机：087165123456",
        "宅电：6512345",
    ],
)
def test_landlines_marked_personal(text):
    assert kinds(text) == ["landline"]


@pytest.mark.parametrize(
    "text",
    [
        "青山县发展和改革委员会关于某项目的批复（青发改投资〔2026〕12号）",
        "投资项目统一代码：2018-533103-48-01-000001",
        "统一社会信用代码：{uscc}",
        "合同金额13812345678元，其中预付款13,812,345.00元",
        "成文日期：2026-03-15，发布日期：2026年3月20日 13:45",
        "索引号：QSFGW-2026-000123",
        "项目编号：6222021234567890128",
        "详见 http://www.qingshan.gov.cn/art/2026/3/15/art_1381_13812345678.html",
        "手机号码：138****5678，身份证号：110101********1234",
    ],
)
def test_exclusions(text):
    import random

    assert kinds(pii_samples.expand(text, random.Random(1))) == []


def test_html_body_is_scanned_as_text_and_masked_in_the_source():
    body = f"<p>申请人张某，手机<strong>138</strong>1234&nbsp;5678。</p><table><tr><td>身份证号</td><td>{ID}</td></tr></table>"
    text, _ = pii.html_text(body)
    assert [f.kind for f in pii.scan_text(text)] == ["mobile", "id_card"]
    masked, count = pii.mask_html(body)
    assert count == 2
    assert masked == (
        "<p>申请人张某，手机<strong>138</strong>****&nbsp;5678。</p>"
        "<table><tr><td>身份证号</td><td>110101********1234</td></tr></table>"
    )


def test_html_alt_and_title_texts_are_read_and_masked_in_the_attribute():
    body = (
        f'<p>现场照片如下<img src="/media/a.png" alt="申请人张某，手机{MOBILE}">（见附件）</p>'
        f"<p><abbr title='身份证号{ID}'>申请人</abbr>已签字。</p>"
        f'<a href="https://www.qingshan.gov.cn/a.html" title="联系人手机{MOBILE[:3]}&nbsp;{MOBILE[3:7]} {MOBILE[7:]}">联系人</a>'
    )
    text, origin = pii.html_text(body)
    # The text readers see comes first, as before; each attribute's text follows on a line of its own.
    assert text == (
        f"现场照片如下（见附件）\n申请人已签字。\n联系人\n申请人张某，手机{MOBILE}\n身份证号{ID}"
        f"\n联系人手机{MOBILE[:3]}\u00a0{MOBILE[3:7]} {MOBILE[7:]}"
    )
    assert len(origin) == len(text) and body[origin[text.index(ID)]] == ID[0]
    assert [f.kind for f in pii.scan_text(text)] == ["mobile", "id_card", "mobile"]
    masked, count = pii.mask_html(body)
    assert count == 3
    assert masked == (
        '<p>现场照片如下<img src="/media/a.png" alt="申请人张某，手机138****5678">（见附件）</p>'
        "<p><abbr title='身份证号110101********1234'>申请人</abbr>已签字。</p>"
        '<a href="https://www.qingshan.gov.cn/a.html" title="联系人手机138&nbsp;**** 5678">联系人</a>'
    )
    assert pii.mask_html(masked) == (masked, 0)


def test_html_other_attributes_are_not_read():
    body = (
        f'<p><img src="/media/{MOBILE}.png" alt="现场照片"><a href="/a/{ID}.html" class="n{MOBILE}">附件</a>'
        f'<span data-alt="{MOBILE}" data-title="{MOBILE}">无</span></p>'
    )
    text, _ = pii.html_text(body)
    assert text == "附件无\n现场照片"
    assert pii.mask_html(body) == (body, 0)


# ---------------------------------------------------------------------------------------------
# Records: fields, structured fields, attachments
# ---------------------------------------------------------------------------------------------
def tiny_docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def tiny_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attach(record, name: str, content: bytes):
    return services.attachment_add(
        disclosure=record, actor=record.created_by, uploaded_file=SimpleUploadedFile(name, content)
    )


@pytest.mark.django_db
class TestScanDisclosure:
    def test_title_body_and_structured_fields_by_label(self, org):
        details = {
            "requirements": "申报要求",
            "materials": "申报材料",
            "process": "批准流程",
            "time_limit": "20个工作日",
            "contact": f"项目审批窗口，经办人手机{MOBILE}",
            "complaint": "监督电话 0871-6512345",
        }
        record = draft(
            org.clerk, org.department, category="approval_service", title=f"关于张某{ID}的批复",
            body=f"<p>银行卡号{CARD}</p>", details=details,
        )
        found = {(f.field, f.kind) for f in pii.scan_disclosure(record)}
        assert found == {("标题", "id_card"), ("正文", "bank_card"), ("受理机构联系方式", "mobile")}

    @pytest.mark.parametrize(
        ("name", "content", "where"),
        [
            ("申请表.pdf", pdf_bytes(f"Applicant ID: {ID}"), "第1页"),
            ("申请表.docx", tiny_docx(["申请人：张某", f"身份证号：{ID}"]), "第2段"),
            ("名单.xlsx", tiny_xlsx([["姓名", "身份证号码", "金额"], ["张某", ID, 1200]]), "（工作表“名单”第2行）"),
        ],
    )
    def test_attachments_are_read(self, org, name, content, where):
        record = draft(org.clerk, org.department)
        attach(record, name, content)
        findings = pii.scan_disclosure(record)
        assert [(f.field, f.kind) for f in findings] == [(f"附件“{name}”{where}", "id_card")]
        assert ID not in findings[0].excerpt and "110101********1234" in findings[0].excerpt
        assert not findings[0].maskable

    def test_xlsx_header_marks_a_personal_landline_and_codes(self, org):
        record = draft(org.clerk, org.department)
        rows = [["姓名", "家庭电话", "项目编号"], ["张某", "0871-6512345", "6222021234567890128"]]
        attach(record, "名单.xlsx", tiny_xlsx(rows))
        assert [f.kind for f in pii.scan_disclosure(record)] == ["landline"]

    def test_an_attachment_that_cannot_be_read_is_reported_not_passed(self, org):
        """Fail closed: an image's text cannot be read, so it is not "clean" (attachment_scan.py)."""
        record = draft(org.clerk, org.department)
        attach(record, "照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        [finding] = pii.scan_disclosure(record)
        assert (finding.field, finding.kind) == ("附件“照片.png”", "unreadable")
        assert finding.describe() == "附件“照片.png”是图片，图片中的文字无法读取，无法确认不含个人信息"

    def test_name_lists_are_not_scanned(self, org):
        """公示名单 keep raw entries on purpose (always shown masked): the record itself is clean."""
        record = draft(org.clerk, org.department, body="<p>名单见附表。</p>")
        assert pii.scan_disclosure(record) == []


# ---------------------------------------------------------------------------------------------
# The guard in the workflow
# ---------------------------------------------------------------------------------------------
def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(record, action: str) -> str:
    return f"/api/v1/disclosures/{record.pk}/{action}/"


def actions(record) -> list[str]:
    return list(AuditEntry.objects.filter(disclosure=record).order_by("pk").values_list("action", flat=True))


@pytest.mark.django_db
class TestGuard:
    def test_submit_is_blocked_with_the_findings_and_nothing_changes(self, org):
        record = draft(org.clerk, org.department, body=f"<p>联系人张某，手机{MOBILE}。</p>")
        version, trail = record.lock_version, actions(record)
        with pytest.raises(pii.PiiFound) as caught:
            services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert [f.kind for f in caught.value.findings] == ["mobile"]
        assert "不能提交审核" in caught.value.message and "一键脱敏" in caught.value.message
        record.refresh_from_db()
        assert (record.status, record.lock_version, record.submitted_at) == (Status.DRAFT, version, None)
        assert actions(record) == trail

    def test_api_answers_409_with_the_findings(self, org):
        record = draft(org.clerk, org.department, body=f"<p>身份证号{ID}</p>")
        response = api(org.clerk).post(url(record, "submit"), {}, format="json")
        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "pii_found" and "发现1处疑似个人信息" in body["detail"]
        assert body["findings"] == [
            {"field": "正文", "kind": "id_card", "position": 5, "excerpt": "身份证号110101********1234"}
        ]
        assert ID.encode() not in response.content
        assert Disclosure.objects.get(pk=record.pk).status == Status.DRAFT

    def test_mask_then_submit(self, org):
        details = {"requirements": "要求", "materials": "材料", "process": "流程", "time_limit": "5日",
                   "contact": f"经办人手机{MOBILE}", "complaint": "监督电话0871-6512345"}  # fmt: skip
        record = draft(org.clerk, org.department, category="approval_service", title=f"张某{ID}补助批复",
                       body=f"<p>卡号{CARD}</p>", details=details)  # fmt: skip
        services.disclosure_pii_mask(disclosure=record, actor=org.clerk, expected_version=record.lock_version)
        record.refresh_from_db()
        assert record.title == "张某110101********1234补助批复"
        assert "6222********1234" in record.body
        assert record.details["contact"] == "经办人手机138****5678"
        assert record.details["complaint"] == "监督电话0871-6512345"  # official: kept
        assert actions(record)[-2:] == ["disclosure.update", "disclosure.pii_mask"]
        entry = AuditEntry.objects.filter(disclosure=record).latest("pk")
        assert entry.action_label == "一键脱敏" and entry.data["kinds"] == {"id_card": 1, "bank_card": 1, "mobile": 1}
        assert MOBILE not in str(entry.data) and ID not in str(entry.data)
        services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert record.status == Status.SUBMITTED

    def test_mask_only_drafts_and_only_what_can_be_masked(self, org):
        record = in_state(org, "submitted")
        with pytest.raises(TransitionNotAllowed):
            services.disclosure_pii_mask(disclosure=record, actor=org.clerk)
        clean = draft(org.clerk, org.department)
        attach(clean, "名单.xlsx", tiny_xlsx([["身份证号码"], [ID]]))
        with pytest.raises(TransitionNotAllowed, match="附件中的个人信息不能自动脱敏"):
            services.disclosure_pii_mask(disclosure=clean, actor=org.clerk)

    def test_mask_is_refused_to_another_department(self, org):
        record = draft(org.clerk, org.department, body=f"<p>{MOBILE}</p>")
        with pytest.raises(ActionForbidden):
            services.disclosure_pii_mask(disclosure=record, actor=org.other_clerk)

    def test_office_override_lets_it_through_and_is_audited(self, org):
        record = draft(org.clerk, org.department, body=f"<p>防汛值班手机：{MOBILE}</p>")
        services.disclosure_pii_override(disclosure=record, actor=org.office, reason="公开的防汛值班电话")
        record.refresh_from_db()
        assert record.pii_override_by == org.office and record.pii_override_reason == "公开的防汛值班电话"
        assert MOBILE not in str(record.pii_override_keys)
        entry = AuditEntry.objects.filter(disclosure=record).latest("pk")
        assert (entry.action, entry.action_label, entry.comment) == ("disclosure.pii_override", "个人信息放行", "公开的防汛值班电话")
        services.disclosure_submit(disclosure=record, actor=org.clerk)
        services.disclosure_review(disclosure=record, actor=org.reviewer)
        services.disclosure_sign(disclosure=record, actor=org.signer)  # auto-publish scans again: covered
        assert record.status == Status.PUBLISHED

    def test_override_needs_the_office_and_a_reason(self, org):
        record = draft(org.clerk, org.department, body=f"<p>{MOBILE}</p>")
        for user in (org.clerk, org.reviewer, org.signer):
            with pytest.raises(ActionForbidden, match="政务公开办"):
                services.disclosure_pii_override(disclosure=record, actor=user, reason="热线")
        with pytest.raises(Exception) as caught:
            services.disclosure_pii_override(disclosure=record, actor=org.office, reason="  ")
        assert caught.value.message_dict == {"reason": ["放行时必须填写理由（例如：公开的是单位服务热线）。"]}
        record.refresh_from_db()
        assert record.pii_override_at is None

    def test_override_is_voided_by_new_findings(self, org):
        record = draft(org.clerk, org.department, body=f"<p>值班手机：{MOBILE}</p>")
        services.disclosure_pii_override(disclosure=record, actor=org.office, reason="公开的值班电话")
        other = "13987654321"
        services.disclosure_update(
            disclosure=record, actor=org.clerk, expected_version=record.lock_version,
            body=f"<p>值班手机：{MOBILE}</p><p>联系人李某，手机{other}</p>",
        )
        with pytest.raises(pii.PiiFound) as caught:
            services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert [f.masked for f in caught.value.findings] == ["139****4321"]  # only the new number

    def test_publish_scans_again(self, org):
        record = in_state(org, "approved")
        # Changed behind the workflow's back (a data fix, an older import): publishing reads the record again.
        Disclosure.objects.filter(pk=record.pk).update(body=f"<p>联系人手机{MOBILE}</p>")
        with pytest.raises(pii.PiiFound, match="不能发布") as caught:
            services.disclosure_publish(disclosure=record, actor=org.clerk)
        assert "已签发的记录不能再修改" in caught.value.message and "政务公开办" in caught.value.message
        record.refresh_from_db()
        assert record.status == Status.APPROVED and record.index_no is None

    def test_sign_with_auto_publish_is_blocked_as_a_whole(self, org):
        record = in_state(org, "reviewed")
        Disclosure.objects.filter(pk=record.pk).update(title=f"张某{ID}")
        with pytest.raises(pii.PiiFound, match="请退回草稿后由经办人“一键脱敏”"):
            services.disclosure_sign(disclosure=record, actor=org.signer)
        record.refresh_from_db()
        assert record.status == Status.REVIEWED and record.signed_by is None
        assert "disclosure.sign" not in actions(record)

    def test_attachment_findings_block_until_replaced(self, org):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "申请表.docx", tiny_docx([f"身份证号：{ID}"]))
        with pytest.raises(pii.PiiFound, match="请替换附件"):
            services.disclosure_submit(disclosure=record, actor=org.clerk)
        services.attachment_remove(attachment=attachment, actor=org.clerk)
        attach(record, "申请表.docx", tiny_docx(["身份证号：110101********1234"]))
        services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert record.status == Status.SUBMITTED


@pytest.mark.django_db
class TestApi:
    def test_scan(self, org):
        record = draft(org.clerk, org.department, body=f"<p>手机{MOBILE}</p>")
        response = api(org.clerk).get(url(record, "pii-scan"))
        assert response.status_code == 200
        assert response.json() == {
            "blocked": True,
            "findings": [{"field": "正文", "kind": "mobile", "position": 3, "excerpt": "手机138****5678"}],
            "override": None,
            "lock_version": record.lock_version,
        }
        assert api().get(url(record, "pii-scan")).status_code in {401, 403}
        assert api(org.other_clerk).get(url(record, "pii-scan")).status_code == 404

    def test_mask(self, org):
        record = draft(org.clerk, org.department, body=f"<p>手机{MOBILE}</p>")
        response = api(org.clerk).post(url(record, "pii-mask"), {"lock_version": record.lock_version}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["findings"] == [] and response.json()["blocked"] is False
        assert api(org.clerk).post(url(record, "submit"), {}, format="json").status_code == 200

    def test_override(self, org):
        record = draft(org.clerk, org.department, body=f"<p>服务手机{MOBILE}</p>")
        assert api(org.clerk).post(url(record, "pii-override"), {"reason": "热线"}, format="json").status_code == 403
        response = api(org.office).post(url(record, "pii-override"), {}, format="json")
        assert response.status_code == 400 and "reason" in response.json()
        response = api(org.office).post(url(record, "pii-override"), {"reason": "公开的服务热线"}, format="json")
        assert response.status_code == 200
        data = response.json()
        assert data["blocked"] is False and data["override"]["reason"] == "公开的服务热线"
        assert data["override"]["covers_all"] is True and len(data["findings"]) == 1

    def test_schema_documents_the_actions(self, org):
        schema = APIClient().get("/api/schema/", {"format": "json"}).json()
        paths = schema["paths"]
        assert paths["/api/v1/disclosures/{id}/pii-scan/"]["get"]["summary"] == "个人信息检查"
        assert "pii-mask" in str(paths) and "pii-override" in str(paths)


# ---------------------------------------------------------------------------------------------
# Admin
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestAdmin:
    def change(self, record):
        return reverse("admin:disclosures_disclosure_change", args=[record.pk])

    def messages(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_blocked_submit_shows_the_findings(self, client, org):
        record = draft(org.clerk, org.department, body=f"<p>申请人手机{MOBILE}</p>")
        client.force_login(org.clerk)
        response = client.post(
            reverse("admin:disclosures_disclosure_workflow", args=[record.pk]),
            {"action": "submit", "lock_version": record.lock_version},
            follow=True,
        )
        text = "".join(self.messages(response))
        assert "发现1处疑似个人信息" in text and "正文第6字 手机号码：申请人手机138****5678" in text
        assert MOBILE not in text  # (the clerk's own edit form still shows the draft as written)
        assert Disclosure.objects.get(pk=record.pk).status == Status.DRAFT

    def test_panel_offers_mask_to_the_clerk_and_override_to_the_office(self, client, org):
        record = draft(org.clerk, org.department, body=f"<p>申请人手机{MOBILE}</p>")
        client.force_login(org.clerk)
        page = client.get(self.change(record)).content.decode()
        panel = page[page.index('id="pii-panel"') : page.index("</table>", page.index('id="pii-panel"'))]
        assert "正文" in panel and "手机号码" in panel and "138****5678" in panel and MOBILE not in panel
        assert 'id="pii-mask"' in page and 'id="pii-override"' not in page
        client.force_login(org.office)
        page = client.get(self.change(record)).content.decode()
        assert 'id="pii-override"' in page

    def test_clean_record_has_no_panel(self, client, org):
        record = draft(org.clerk, org.department)
        client.force_login(org.clerk)
        assert 'id="pii-panel"' not in client.get(self.change(record)).content.decode()

    def test_mask_button(self, client, org):
        record = draft(org.clerk, org.department, body=f"<p>申请人手机{MOBILE}</p>")
        client.force_login(org.clerk)
        response = client.post(
            reverse("admin:disclosures_disclosure_pii", args=[record.pk]),
            {"op": "mask", "lock_version": record.lock_version},
            follow=True,
        )
        assert any("已一键脱敏" in m for m in self.messages(response))
        assert Disclosure.objects.get(pk=record.pk).body == "<p>申请人手机138****5678</p>"

    def test_override_form(self, client, org):
        record = draft(org.clerk, org.department, body=f"<p>服务手机{MOBILE}</p>")
        client.force_login(org.clerk)
        response = client.post(
            reverse("admin:disclosures_disclosure_pii", args=[record.pk]), {"op": "override", "reason": "热线"}, follow=True
        )
        assert any("政务公开办" in m for m in self.messages(response))
        client.force_login(org.office)
        response = client.post(
            reverse("admin:disclosures_disclosure_pii", args=[record.pk]),
            {"op": "override", "reason": "公开的服务热线"},
            follow=True,
        )
        assert any("已放行" in m for m in self.messages(response))
        page = response.content.decode()
        assert "公开的服务热线" in page and "已放行" in page and "个人信息放行" in page  # panel and audit trail
