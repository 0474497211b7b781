"""The 政府信息公开工作年度报告 column: every published report, and each report as an accessible page in the
national layout (real tables, `<th scope>`, the format's labels character for character)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.caching import cached_public_page
from core.uploads import content_disposition

from .exports import report_document, report_workbook
from .models import AnnualReport, ReportStatus


def published_reports():
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("department__jurisdiction")


@cached_public_page
def report_list(request):
    return render(request, "annualreports/list.html", {"reports": published_reports().order_by("-year", "department__ordering")})


@cached_public_page
def report_detail(request, pk: int):
    report = get_object_or_404(published_reports(), pk=pk)
    return render(request, "annualreports/detail.html", {"report": report, **table_context(report)})


def table_context(report: AnnualReport) -> dict:
    """The stored tables shaped for the template (shared with the staff preview)."""
    return contents_context(report.contents)


def contents_context(contents: dict) -> dict:
    three = contents.get("three", {"columns": [], "rows": []})
    return {
        "part_two": contents.get("two", []),
        "three_columns": three["columns"],
        "three_rows": three["rows"],
        "four": contents.get("four", {"columns": [], "groups": []}),
    }


def report_xlsx(request, pk: int):
    """The published report as a workbook (annualreports.exports); drafts are 404 like their page."""
    report = get_object_or_404(published_reports(), pk=pk)
    response = HttpResponse(
        report_workbook(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition(f"{report.title}.xlsx")
    return response


def report_docx(request, pk: int):
    """The published report as a Word document (annualreports.exports); drafts are 404 like their page."""
    report = get_object_or_404(published_reports(), pk=pk)
    response = HttpResponse(
        report_document(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition(f"{report.title}.docx")
    return response
