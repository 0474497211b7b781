"""Every part of an attachment is read for personal data, the check fails closed, and each file is read once
(core/attachment_scan.py; seed 001 §五, 《政府信息公开条例》第十五条).

The corpus is built here: one file per place a tester slipped a number past the old reader (comments,
properties, content controls, tracked deletions, headers, notes, text boxes, embedded files, formulas
without a cached value, annotations, form fields, metadata…), a clean file of each kind, and files that
cannot be fully read (a page whose text cannot be extracted, encryption, a scan, an OLE object, images).
"""

import io
import random
import struct
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from pypdf import PdfWriter
from pypdf.annotations import FreeText, Link, Text
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from rest_framework.test import APIClient

from core import attachment_scan, pii
from core.choices import AttachmentScanStatus
from disclosures import services
from disclosures.choices import Status
from disclosures.models import Attachment
from disclosures.tests import pii_samples
from disclosures.tests.factories import draft
from disclosures.tests.files import assemble_pdf, pdf_bytes

_rng = random.Random(25)
ID = pii_samples.id18(_rng, ending_x=False)
MOBILE = pii_samples.mobile(_rng)


# ---------------------------------------------------------------------------------------------
# Files built here
# ---------------------------------------------------------------------------------------------
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def zipped(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(body: str = para("关于项目的批复"), parts: dict | None = None, rels: str = "") -> bytes:
    return zipped(
        {
            "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
            "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>',
            "word/document.xml": f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>",
            "word/_rels/document.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>',
            **(parts or {}),
        }
    )


def word_part(root: str, inner: str) -> str:
    return f"<w:{root} {NAMESPACES}>{inner}</w:{root}>"


def workbook(build=None, rows=(("项目", "金额"), ("某某大道", 12680))) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(list(row))
    if build:
        build(book, sheet)
    return book


def xlsx(build=None, rows=(("项目", "金额"), ("某某大道", 12680)), extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    workbook(build, rows).save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return zipped({**members, **extra})


def pdf(build=None, text: str = "Approval of the project") -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(pdf_bytes(text)))
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def annotate(**entries):
    def build(writer):
        annotation = DictionaryObject({NameObject("/Type"): NameObject("/Annot")})
        annotation[NameObject("/Rect")] = ArrayObject([NumberObject(n) for n in (50, 550, 200, 650)])
        for key, value in entries.items():
            annotation[NameObject(f"/{key}")] = (
                NameObject(value) if value.startswith("/") else TextStringObject(value)
            )
        writer.add_annotation(0, annotation)

    return build


def form_field(name: str, value: str):
    def build(writer):
        field = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 500, 250, 520)]),
            }
        )
        reference = writer._add_object(field)
        page = writer.pages[0]
        page[NameObject("/Annots")] = ArrayObject([reference])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([reference])}
        )

    return build


def xmp(text: str):
    def build(writer):
        stream = StreamObject()
        stream.set_data(
            (
                '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq>'
                f"<rdf:li>{text}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
            ).encode()
        )
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)

    return build


def raw_pdf(content: bytes, extra: bytes = b"", resources: bytes = b"/Font << /F1 5 0 R >>") -> bytes:
    """A one-page PDF with the given content stream (and stream dictionary entries), built byte by byte."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
        + resources
        + b" >> >>",
        b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Length 1 >>\nstream\n\x00\nendstream",
    ]
    return assemble_pdf(objects)


OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def ofd(
    page: str = "关于项目的批复", doc_info: str = "<ofd:Title>批复</ofd:Title>", extra: dict | None = None
) -> bytes:
    objects = "".join(
        f'<ofd:TextObject ID="{n + 10}" Boundary="10 {y} 100 10" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>'
        for n, (y, text) in enumerate(page if isinstance(page, list) else [(20, page)])
    )
    return zipped(
        {
            "OFD.xml": f'<ofd:OFD {OFD_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>{doc_info}'
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
            "Doc_0/Document.xml": f'<ofd:Document {OFD_NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
            "</ofd:Pages></ofd:Document>",
            "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>",
            **(extra or {}),
        }
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def ole(*streams: str) -> bytes:
    from disclosures.tests.test_uploads import ole as build

    return build(*streams)


def text_box(text: str) -> str:
    """A text box as Word writes it: the text twice, in mc:Choice (DrawingML) and mc:Fallback (VML)."""
    content = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return (
        "<w:p><w:r><w:t>项目编号</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>'
        "</wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )


def custom_properties(book, sheet):
    book.custom_doc_props.append(StringProperty(name="身份证号", value=ID))


def cell_comment(book, sheet):
    sheet["B2"].comment = Comment(f"联系人手机{MOBILE}", "张三")


def page_header(book, sheet):
    sheet.oddHeader.center.text = f"联系人手机{MOBILE}"


def input_prompt(book, sheet):
    validation = DataValidation(
        type="list", formula1='"是,否"', prompt=f"联系人手机{MOBILE}", showInputMessage=True
    )
    sheet.add_data_validation(validation)
    validation.add("B5")


def defined_name(book, sheet):
    book.defined_names["联系电话"] = DefinedName("联系电话", attr_text=f'"{MOBILE}"')


def keywords(book, sheet):
    book.properties.keywords = f"身份证号{ID}"


THREADED = (
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
    f'<threadedComment ref="B2" id="{{00000000-0000-0000-0000-000000000001}}"><text>手机{MOBILE}</text>'
    "</threadedComment></ThreadedComments>"
)

# (file name, builder, where the finding is, its kind): each hides one number where the old reader did not look.
HIDDEN = [
    ("批注.docx", lambda: docx(parts={"word/comments.xml": word_part("comments", f'<w:comment w:id="0" w:author="张三">{para(f"申请人手机{MOBILE}")}</w:comment>')}), "批注第1条", "mobile"),
    ("核心属性.docx", lambda: docx(parts={"docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' f"<cp:keywords>身份证号{ID}</cp:keywords></cp:coreProperties>"}), "文档属性（关键词）", "id_card"),
    ("自定义属性.docx", lambda: docx(parts={"docProps/custom.xml": '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="身份证号"><vt:lpwstr>{ID}</vt:lpwstr></property></Properties>'}), "文档属性（身份证号）", "id_card"),
    ("扩展属性.docx", lambda: docx(parts={"docProps/app.xml": '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' f"<Company>联系人手机{MOBILE}</Company></Properties>"}), "文档属性（单位）", "mobile"),
    ("内容控件.docx", lambda: docx(body=f"<w:sdt><w:sdtPr/><w:sdtContent>{para(f'身份证号：{ID}')}</w:sdtContent></w:sdt>"), "第1段（内容控件）", "id_card"),
    ("修订.docx", lambda: docx(body=f'<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>身份证号{ID}</w:delText></w:r></w:del><w:r><w:t>身份证号已删除</w:t></w:r></w:p>'), "第1段（修订删除的文字）", "id_card"),
    ("页眉.docx", lambda: docx(parts={"word/header1.xml": word_part("hdr", para(f"联系人手机{MOBILE}"))}), "页眉页脚第1段", "mobile"),
    ("页脚.docx", lambda: docx(parts={"word/footer1.xml": word_part("ftr", para(f"身份证号{ID}"))}), "页眉页脚第1段", "id_card"),
    ("脚注.docx", lambda: docx(parts={"word/footnotes.xml": word_part("footnotes", f'<w:footnote w:id="1">{para(f"申请人身份证号{ID}")}</w:footnote>')}), "脚注第1条", "id_card"),
    ("尾注.docx", lambda: docx(parts={"word/endnotes.xml": word_part("endnotes", f'<w:endnote w:id="1">{para(f"联系人手机{MOBILE}")}</w:endnote>')}), "尾注第1条", "mobile"),
    ("文本框.docx", lambda: docx(body=text_box(MOBILE)), "第1段（文本框1）", "mobile"),
    ("替代文字.docx", lambda: docx(body=f'<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="申请人身份证 {ID}"/></wp:inline></w:drawing></w:r></w:p>'), "正文中的属性", "id_card"),
    ("电话链接.docx", lambda: docx(rels=f'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="tel:{MOBILE}" TargetMode="External"/>'), "链接关系中的属性", "mobile"),
    ("域代码.docx", lambda: docx(body=f'<w:p><w:r><w:instrText> HYPERLINK "tel:{MOBILE}" </w:instrText></w:r><w:r><w:t>联系我们</w:t></w:r></w:p>'), "第1段（域代码）", "mobile"),
    ("嵌入表格.docx", lambda: docx(parts={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx(rows=[("姓名", "身份证号码"), ("张某", ID)])}), "嵌入的“Microsoft_Excel_Worksheet.xlsx”（工作表“名单”第2行）", "id_card"),
    ("嵌入文档.docx", lambda: docx(parts={"word/embeddings/Microsoft_Word_Document.docx": docx(body=para(f"联系人手机{MOBILE}"))}), "嵌入的“Microsoft_Word_Document.docx”第1段", "mobile"),
    ("拼接公式.xlsx", lambda: xlsx(rows=[("姓名", "身份证号码"), ("张某", f'="{ID[:10]}"&"{ID[10:]}"')]), "（工作表“名单”第2行）", "id_card"),
    ("字面公式.xlsx", lambda: xlsx(rows=[("姓名", "联系方式"), ("张某", f'="{MOBILE}"')]), "（工作表“名单”B2公式）", "mobile"),
    ("引用公式.xlsx", lambda: xlsx(rows=[("前段", "后段", "合并"), (ID[:10], ID[10:], "=A2&B2")]), "（工作表“名单”第2行）", "id_card"),
    ("单元格批注.xlsx", lambda: xlsx(cell_comment), "批注（工作表“名单”单元格B2）", "mobile"),
    ("线程批注.xlsx", lambda: xlsx(extra={"xl/threadedComments/threadedComment1.xml": THREADED}), "批注（单元格B2）", "mobile"),
    ("页眉.xlsx", lambda: xlsx(page_header), "页眉页脚（工作表“名单”）", "mobile"),
    ("属性.xlsx", lambda: xlsx(keywords), "文档属性（关键词）", "id_card"),
    ("自定义属性.xlsx", lambda: xlsx(custom_properties), "文档属性（身份证号）", "id_card"),
    ("输入提示.xlsx", lambda: xlsx(input_prompt), "（工作表“名单”）中的属性", "mobile"),
    ("名称.xlsx", lambda: xlsx(defined_name), "部件“xl/workbook.xml”", "mobile"),
    ("嵌入对象.xlsx", lambda: xlsx(extra={"xl/embeddings/Microsoft_Word_Document.docx": docx(body=para(f"联系人手机{MOBILE}"))}), "嵌入的“Microsoft_Word_Document.docx”第1段", "mobile"),
    ("注释.pdf", lambda: pdf(lambda w: w.add_annotation(0, Text(text=f"申请人手机{MOBILE}", rect=(50, 550, 200, 650)))), "第1页注释", "mobile"),
    ("注释作者.pdf", lambda: pdf(annotate(Subtype="/Text", T=f"身份证号{ID}", Contents="已核对")), "第1页注释", "id_card"),
    ("弹出注释.pdf", lambda: pdf(annotate(Subtype="/Popup", Contents=f"联系人手机{MOBILE}")), "第1页注释", "mobile"),
    ("文本注释.pdf", lambda: pdf(lambda w: w.add_annotation(0, FreeText(text=f"身份证号{ID}", rect=(50, 550, 300, 600)))), "第1页注释", "id_card"),
    ("电话链接.pdf", lambda: pdf(lambda w: w.add_annotation(0, Link(rect=(50, 550, 200, 650), url=f"tel:{MOBILE}"))), "第1页注释", "mobile"),
    ("表单.pdf", lambda: pdf(form_field("身份证号", ID)), "表单字段", "id_card"),
    ("元数据.pdf", lambda: pdf(lambda w: w.add_metadata({"/Author": f"张三 {ID}"})), "元数据（Author）", "id_card"),
    ("XMP.pdf", lambda: pdf(xmp(f"联系人手机{MOBILE}")), "元数据（XMP）", "mobile"),
    ("书签.pdf", lambda: pdf(lambda w: w.add_outline_item(title=f"联系人手机{MOBILE}", page_number=0)), "书签", "mobile"),
    ("内嵌文件.pdf", lambda: pdf(lambda w: w.add_attachment("名单.txt", f"张某 身份证号{ID}".encode())), "嵌入的“名单.txt”", "id_card"),
    ("正文.ofd", lambda: ofd(f"联系人手机{MOBILE}"), "第1页", "mobile"),
    ("分段.ofd", lambda: ofd([(20, "联系人手机" + MOBILE[:7]), (20, MOBILE[7:])]), "第1页", "mobile"),
    ("文档信息.ofd", lambda: ofd(doc_info=f'<ofd:Author>张三</ofd:Author><ofd:CustomDatas><ofd:CustomData Name="身份证号">{ID}</ofd:CustomData></ofd:CustomDatas>'), "文档属性（身份证号）", "id_card"),
    ("注释.ofd", lambda: ofd(extra={"Doc_0/Annots/Page_0/Annotation.xml": f'<ofd:PageAnnot {OFD_NS}><ofd:Annot Type="Stamp"><ofd:Appearance><ofd:TextObject ID="9" Boundary="0 0 10 10"><ofd:TextCode>手机{MOBILE}</ofd:TextCode></ofd:TextObject></ofd:Appearance></ofd:Annot></ofd:PageAnnot>'}), "注释", "mobile"),
]  # fmt: skip

CLEAN = [
    ("批复.docx", lambda: docx(body=para("关于某某大道项目的批复") + para("项目代码：2018-533103-48-01-000001"), parts={"word/header1.xml": word_part("hdr", para("某某县发展和改革局")), "word/comments.xml": word_part("comments", f'<w:comment w:id="0">{para("已核对")}</w:comment>'), "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>发改局</dc:creator></cp:coreProperties>'})),
    ("资金表.xlsx", lambda: xlsx(rows=[("项目", "金额", "合计"), ("某某大道", 12680, "=SUM(B2:B2)"), ("监督电话", "0871-6512345", None)])),
    ("批复.pdf", lambda: pdf(lambda w: (w.add_annotation(0, Text(text="已核对", rect=(50, 550, 200, 650))), w.add_metadata({"/Author": "发改局"})))),
    ("电子公文.ofd", lambda: ofd("关于某某大道项目的批复")),
]  # fmt: skip


def read(content: bytes) -> tuple[attachment_scan.ReadResult, list[pii.Finding]]:
    result = attachment_scan.read_file(content)
    findings = [finding for where, text in result.segments for finding in pii.scan_text(text, field=where)]
    return result, findings


def attach(record, name: str, content: bytes) -> Attachment:
    return services.attachment_add(
        disclosure=record, actor=record.created_by, uploaded_file=SimpleUploadedFile(name, content)
    )


# ---------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "build", "where", "kind"), HIDDEN, ids=[case[0] for case in HIDDEN])
def test_a_number_hidden_in_any_part_of_the_file_is_found(name, build, where, kind):
    result, findings = read(build())

    assert result.complete, result.reason
    assert (where, kind) in {(finding.field[: len(where)], finding.kind) for finding in findings}, [
        (finding.field, finding.kind) for finding in findings
    ]


@pytest.mark.parametrize(("name", "build"), CLEAN, ids=[case[0] for case in CLEAN])
def test_a_clean_file_of_each_kind_is_complete_and_clean(name, build):
    result, findings = read(build())

    assert result.complete, result.reason
    assert findings == []
    assert result.segments  # its text was read


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "where", "kind"), HIDDEN, ids=[case[0] for case in HIDDEN])
def test_the_hidden_number_blocks_submission(org, name, build, where, kind):
    record = draft(org.clerk, org.department)
    attachment = attach(record, name, build())

    with pytest.raises(pii.PiiFound) as caught:
        services.disclosure_submit(disclosure=record, actor=org.clerk)

    assert attachment.scan_status == AttachmentScanStatus.FOUND
    assert any(f.kind == kind and f.field.startswith(f"附件“{name}”{where}") for f in caught.value.findings)
    assert "请替换附件" in caught.value.message
    record.refresh_from_db()
    assert record.status == Status.DRAFT


def test_the_text_box_is_read_once_not_glued_to_its_paragraph():
    """Word stores a text box twice; glued together (项目编号 + the number twice) the old reader saw a code."""
    _, findings = read(docx(body=text_box(MOBILE)))

    assert [(finding.field, finding.kind) for finding in findings] == [("第1段（文本框1）", "mobile")]


def test_the_existing_structure_is_kept_for_the_main_content():
    result, _ = read(xlsx(rows=[("姓名", "身份证号码", "金额"), ("张某", ID, 1200)]))

    assert ("（工作表“名单”第2行）", f"姓名：张某\t身份证号码：{ID}\t金额：1200") in result.segments


def test_a_formula_without_a_cached_value_that_cannot_be_computed_is_not_fully_read():
    result, _ = read(xlsx(rows=[("前段", "合并"), ("1101011990", "=A2&名单!Z9")]))

    assert not result.complete
    assert "单元格B2的公式没有计算结果" in result.reason


def test_a_numeric_formula_without_a_cached_value_is_fine():
    result, _ = read(xlsx(rows=[("金额", "合计"), (100, "=SUM(A2:A2)")]))

    assert result.complete, result.reason


# ---------------------------------------------------------------------------------------------
# Failing closed
# ---------------------------------------------------------------------------------------------
def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(pdf_bytes()))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def two_pages() -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(pdf_bytes("Page one")))
    writer.append(io.BytesIO(pdf_bytes("Page two")))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


UNREADABLE = [
    ("损坏页面.pdf", lambda: raw_pdf(b"not a zlib stream at all", b"/Filter /FlateDecode "), "第1页无法读取"),
    ("截断页面.pdf", lambda: raw_pdf(zlib.compress(b"BT /F1 12 Tf 72 720 Td (13812345678) Tj ET")[:12], b"/Filter /FlateDecode "), "第1页无法读取"),
    ("加密.pdf", encrypted_pdf, "已加密"),
    ("扫描件.pdf", lambda: raw_pdf(b"q 612 0 0 792 0 0 cm /Im1 Do Q", resources=b"/XObject << /Im1 6 0 R >>"), "第1页是图像（如扫描件）"),
    ("照片.png", png, "是图片"),
    ("照片.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", "是图片"),
    ("旧版.doc", lambda: ole("WordDocument", "1Table"), "旧版 Office 文件"),
    ("旧版.xls", lambda: ole("Workbook"), "旧版 Office 文件"),
    ("嵌入对象.docx", lambda: docx(parts={"word/embeddings/oleObject1.bin": ole("Ole10Native")}), "嵌入的“oleObject1.bin”是 OLE 对象"),
    ("嵌入图片.docx", lambda: docx(body='<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5274310" cy="7456170"/><wp:docPr id="1" name="图片 1"/></wp:inline></w:drawing></w:r></w:p>', parts={"word/media/image1.png": png(), "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator></cp:coreProperties>'}), "只有图片，没有可读取的文字"),
    ("损坏部件.docx", lambda: docx(parts={"word/footer1.xml": "<w:ftr><w:p>未闭合"}), "部件“word/footer1.xml”无法解析"),
    ("实体.docx", lambda: docx(parts={"docProps/custom.xml": '<!DOCTYPE x [<!ENTITY a "1">]><x>&a;</x>'}), "部件“docProps/custom.xml”无法解析"),
    ("扫描件.ofd", lambda: ofd(page=[], extra={"Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2"><ofd:ImageObject ID="3" ResourceID="4" Boundary="0 0 210 297"/></ofd:Layer></ofd:Content></ofd:Page>'}), "第1页是图像"),
    ("不是文档.docx", lambda: zipped({"readme.txt": "x"}), "是压缩包，不是可读取的文档"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "build", "reason"), UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_what_cannot_be_read_makes_the_read_incomplete(name, build, reason):
    result = attachment_scan.read_file(build())

    assert not result.complete
    assert reason in result.reason, result.reason


def test_a_page_whose_text_extraction_raises_is_named(monkeypatch):
    from pypdf import PageObject

    original = PageObject.extract_text

    def extract_text(page, *args, **kwargs):
        if "Page two" in page.get_contents().get_data().decode():
            raise ValueError("broken font")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", extract_text)
    result = attachment_scan.read_file(two_pages())

    assert result.reason == "第2页无法读取"
    assert ("第1页", "Page one") in result.segments


def test_the_unpacked_budget_stops_a_bomb(settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 100  # ten times that may be unpacked
    result = attachment_scan.read_file(docx(body=para("批复" * 400)))

    assert not result.complete and "疑似压缩炸弹" in result.reason


def test_an_owner_password_only_pdf_is_read():
    writer = PdfWriter()
    writer.append(io.BytesIO(pdf_bytes(f"Mobile {MOBILE}")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    result, findings = read(buffer.getvalue())

    assert result.complete and [finding.kind for finding in findings] == ["mobile"]


@pytest.mark.django_db
class TestFailClosed:
    def test_an_unreadable_attachment_blocks_submission_naming_it_and_why(self, org):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "批复.pdf", raw_pdf(b"garbage", b"/Filter /FlateDecode "))

        with pytest.raises(pii.PiiFound) as caught:
            services.disclosure_submit(disclosure=record, actor=org.clerk)

        assert attachment.scan_status == AttachmentScanStatus.UNREADABLE
        assert caught.value.message == (
            "附件“批复.pdf”第1页无法读取，无法确认不含个人信息，不能提交审核。"
            "请转换为可读取的 PDF 或 DOCX 后重新上传，或由政务公开办核对附件后填写理由放行。"
        )
        [finding] = caught.value.findings
        assert finding.as_dict() == {
            "field": "附件“批复.pdf”",
            "kind": "unreadable",
            "position": 0,
            "excerpt": "第1页无法读取，无法确认不含个人信息",
        }
        record.refresh_from_db()
        assert record.status == Status.DRAFT

    def test_the_api_answers_409_and_lists_it(self, org):
        record = draft(org.clerk, org.department)
        attach(record, "现场照片.png", png())
        client = APIClient()
        client.force_authenticate(org.clerk)

        response = client.post(f"/api/v1/disclosures/{record.pk}/submit/", {}, format="json")

        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "pii_found" and "附件“现场照片.png”是图片" in body["detail"]
        assert body["findings"][0]["kind"] == "unreadable"
        scan = client.get(f"/api/v1/disclosures/{record.pk}/pii-scan/").json()
        assert scan["blocked"] is True and scan["findings"][0]["field"] == "附件“现场照片.png”"

    def test_the_office_confirms_the_file_with_a_reason_and_it_publishes(self, org):
        record = draft(org.clerk, org.department)
        attach(record, "现场照片.png", png())

        services.disclosure_pii_override(
            disclosure=record, actor=org.office, reason="照片已人工核对，不含个人信息"
        )
        services.disclosure_submit(disclosure=record, actor=org.clerk)
        services.disclosure_review(disclosure=record, actor=org.reviewer)
        services.disclosure_sign(disclosure=record, actor=org.signer)  # auto-publish checks again: covered

        record.refresh_from_db()
        assert record.status == Status.PUBLISHED

    def test_the_override_covers_that_file_only(self, org):
        record = draft(org.clerk, org.department)
        photo = attach(record, "现场照片.png", png())
        services.disclosure_pii_override(disclosure=record, actor=org.office, reason="照片已人工核对")
        services.attachment_remove(attachment=photo, actor=org.clerk)
        attach(record, "现场照片.png", png() + b"another photo")

        with pytest.raises(pii.PiiFound, match="附件“现场照片.png”是图片"):
            services.disclosure_submit(disclosure=record, actor=org.clerk)

    def test_the_same_file_uploaded_again_stays_covered(self, org):
        record = draft(org.clerk, org.department)
        photo = attach(record, "现场照片.png", png())
        services.disclosure_pii_override(disclosure=record, actor=org.office, reason="照片已人工核对")
        services.attachment_remove(attachment=photo, actor=org.clerk)
        attach(record, "现场照片（重传）.png", png())

        services.disclosure_submit(disclosure=record, actor=org.clerk)
        assert record.status == Status.SUBMITTED

    def test_a_signed_record_can_only_be_let_through(self, org):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "批复.pdf", pdf_bytes())
        org.department.jurisdiction.auto_publish = False
        org.department.jurisdiction.save()
        services.disclosure_submit(disclosure=record, actor=org.clerk)
        services.disclosure_review(disclosure=record, actor=org.reviewer)
        services.disclosure_sign(disclosure=record, actor=org.signer)
        # The stored scan goes stale (a newer reader) and the file turns out to be unreadable.
        Attachment.objects.filter(pk=attachment.pk).update(scan_version=0)
        storage, name = attachment.file.storage, attachment.file.name  # on disk or in S3 (`make test-s3`)
        storage.delete(name)
        assert storage.save(name, ContentFile(b"%PDF-1.4 broken")) == name

        with pytest.raises(pii.PiiFound) as caught:
            services.disclosure_publish(disclosure=record, actor=org.clerk)

        assert "已签发的记录不能再修改" in caught.value.message
        assert "由政务公开办核对附件后填写理由放行" in caught.value.message
        assert "转换为可读取" not in caught.value.message


# ---------------------------------------------------------------------------------------------
# Read once per file
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestStoredScan:
    def test_the_findings_are_stored_masked_with_their_keys(self, org):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "批注.docx", HIDDEN[0][1]())

        attachment.refresh_from_db()
        assert attachment.scan_status == AttachmentScanStatus.FOUND
        assert attachment.scan_version == attachment_scan.SCAN_VERSION and attachment.scanned_at
        assert len(attachment.checksum) == 64
        [stored] = attachment.scan_findings
        assert stored["field"] == "附件“批注.docx”批注第1条" and stored["kind"] == "mobile"
        assert MOBILE not in str(attachment.scan_findings)
        assert f"{MOBILE[:3]}****{MOBILE[-4:]}" in stored["excerpt"]
        # The stored key is the one an override of the live finding would record.
        live = [
            f
            for w, t in attachment_scan.read_file(HIDDEN[0][1]()).segments
            for f in pii.scan_text(t, field=w)
        ]
        assert stored["key"] == live[0].key

    def test_a_number_in_the_file_name_is_found_and_masked_in_every_label(self, org):
        record = draft(org.clerk, org.department)
        attach(record, f"张某{MOBILE}.pdf", pdf_bytes(f"ID {ID}"))

        findings = pii.scan_disclosure(record)

        masked_name = f"附件“张某{MOBILE[:3]}****{MOBILE[-4:]}.pdf”"
        assert {(finding.field, finding.kind) for finding in findings} == {
            (f"{masked_name}文件名", "mobile"),
            (f"{masked_name}第1页", "id_card"),
        }

    def test_submit_and_publish_use_the_stored_result(self, org, monkeypatch):
        record = draft(org.clerk, org.department)
        attach(record, "批复.pdf", pdf_bytes())
        calls = []
        monkeypatch.setattr(attachment_scan, "read_file", lambda data: calls.append(1))

        services.disclosure_submit(disclosure=record, actor=org.clerk)
        services.disclosure_review(disclosure=record, actor=org.reviewer)
        services.disclosure_sign(disclosure=record, actor=org.signer)

        assert record.status == Status.PUBLISHED and calls == []

    def test_the_admin_change_page_does_not_read_the_file_again(self, client, org, monkeypatch):
        record = draft(org.clerk, org.department)
        reads = []
        original = attachment_scan.read_file
        monkeypatch.setattr(attachment_scan, "read_file", lambda data: reads.append(1) or original(data))
        attach(record, "现场照片.png", png())
        assert reads == [1]
        client.force_login(org.clerk)
        url = reverse("admin:disclosures_disclosure_change", args=[record.pk])

        first = client.get(url).content.decode()
        second = client.get(url).content.decode()

        assert reads == [1]
        for page in (first, second):
            assert 'id="pii-panel"' in page and "是图片，图片中的文字无法读取" in page
            assert "未能完整读取" in page  # the attachment row's 个人信息检查 column

    def test_a_scan_by_an_older_reader_is_redone_once(self, org, monkeypatch):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "批复.pdf", pdf_bytes(f"Mobile {MOBILE}"))
        Attachment.objects.filter(pk=attachment.pk).update(scan_version=0, scan_status="", scan_findings=[])
        reads = []
        original = attachment_scan.read_file
        monkeypatch.setattr(attachment_scan, "read_file", lambda data: reads.append(1) or original(data))

        assert [finding.kind for finding in pii.scan_disclosure(record)] == ["mobile"]
        assert [finding.kind for finding in pii.scan_disclosure(record)] == ["mobile"]
        assert reads == [1]
        assert Attachment.objects.get(pk=attachment.pk).scan_version == attachment_scan.SCAN_VERSION

    def test_a_missing_file_is_unreadable(self, org):
        record = draft(org.clerk, org.department)
        attachment = attach(record, "批复.pdf", pdf_bytes())
        attachment.file.delete(save=False)
        Attachment.objects.filter(pk=attachment.pk).update(scan_version=0)

        [finding] = pii.scan_disclosure(record)

        assert finding.kind == "unreadable" and finding.excerpt == "文件无法打开，无法确认不含个人信息"
