"""The 通报 column: the circulars the office has published (internal ones and drafts are nobody's: 404)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.caching import cached_public_page
from core.uploads import content_disposition

from .choices import CircularStatus
from .documents import COLUMNS, cell_value, circular_document
from .models import Circular


def published_circulars():
    return Circular.objects.filter(status=CircularStatus.PUBLISHED).select_related("office_department")


@cached_public_page
def circular_list(request):
    return render(request, "supervision/circular_list.html",
                  {"circulars": published_circulars().order_by("-published_at", "-pk")})


def table_rows(circular: Circular) -> list[list]:
    return [[cell_value(row, key) for key, _label in COLUMNS] for row in circular.figures]


@cached_public_page
def circular_detail(request, pk: int):
    circular = get_object_or_404(published_circulars(), pk=pk)
    return render(request, "supervision/circular_detail.html", {
        "circular": circular, "columns": [label for _key, label in COLUMNS], "rows": table_rows(circular),
    })


def circular_docx(request, pk: int):
    circular = get_object_or_404(published_circulars(), pk=pk)
    response = HttpResponse(
        circular_document(circular),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition(f"{circular.title}.docx")
    return response
