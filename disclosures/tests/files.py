"""Small real files for tests that attach something.

The personal-data check reads every attachment and blocks a record whose file it cannot fully read
(core/attachment_scan.py), so a test that publishes a record with a PDF needs a PDF that opens:
`b"%PDF-1.4 test"` is, rightly, an unreadable file.
"""

from django.core.files.uploadedfile import SimpleUploadedFile


def assemble_pdf(objects: list[bytes], *, comment: str = "") -> bytes:
    """A PDF of `objects` (object 1 is the catalog) with a correct cross-reference table.

    `comment` is written as a PDF comment line after the header: it is in the bytes (a test can find
    it in a download) but not in the text of any page."""
    out = bytearray(b"%PDF-1.4\n")
    if comment:
        out += b"%" + comment.encode() + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bytes(text: str = "Approval", *, comment: str = "") -> bytes:
    """A one-page PDF showing `text` (ASCII) in Helvetica (`comment`: see assemble_pdf)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble_pdf(objects, comment=comment)


def pdf_upload(
    name: str = "批复文件.pdf", text: str = "Approval", *, comment: str = ""
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text, comment=comment), content_type="application/pdf")
