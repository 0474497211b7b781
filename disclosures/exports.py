"""
Open-data exports of any filtered public list — the column, projects, resource matters, the
blacklist, welfare programmes — as CSV (UTF-8 with BOM, so Excel opens Chinese correctly), Excel
and JSON.

Exports are streamed: rows are read from the database in chunks (`QuerySet.iterator`, a server-side
cursor on PostgreSQL) and written out as they come, so a 100,000-row export never holds the whole
list in memory. CSV and JSON stream straight to the client; an Excel workbook is written row by row
with openpyxl's write-only mode into a temporary file, which is then streamed and deleted.

Each domain declares its columns next to its list view; the rows are the same selector + FilterSet
the HTML list uses, so an export equals the list on screen (without the page limit).
"""

import csv
import datetime
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
CHUNK_SIZE = 2000

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its Chinese header, its JSON key and how to read it off a row."""

    header: str
    key: str
    value: Callable[[Any], Any]


def attr(path: str) -> Callable[[Any], Any]:
    """`attr("department.name")` reads row.department.name (None when a link is empty)."""
    names = path.split(".")

    def read(row):
        value = row
        for name in names:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    return read


def label(field: str) -> Callable[[Any], Any]:
    """The Chinese label of a choices field (`get_<field>_display`)."""
    return lambda row: getattr(row, f"get_{field}_display")()


def absolute_url(row) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + row.get_absolute_url()


def _plain(value):
    """A value as JSON/CSV want it: dates in ISO form, local time for timestamps, decimals exact."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be yielded at once."""

    def write(self, value):
        return value


def _rows(queryset: QuerySet, columns: list[Column]) -> Iterator[list]:
    limit = settings.PORTAL_EXPORT_MAX_ROWS
    for row in queryset[:limit].iterator(chunk_size=CHUNK_SIZE):
        yield [_plain(column.value(row)) for column in columns]


def csv_stream(queryset: QuerySet, columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    for cells in _rows(queryset, columns):
        yield writer.writerow(["" if cell is None else safe_cell(cell) for cell in cells])


def json_stream(queryset: QuerySet, columns: list[Column], *, meta: dict) -> Iterator[str]:
    """{"meta": {...}, "fields": {key: header}, "results": [...]} — written one row at a time."""
    head = {"meta": meta, "fields": {column.key: column.header for column in columns}}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    separator = "\n"
    for cells in _rows(queryset, columns):
        yield separator + json.dumps(dict(zip([c.key for c in columns], cells, strict=True)), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def xlsx_file(queryset: QuerySet, columns: list[Column], *, title: str):
    """A write-only workbook in a temporary file (deleted when closed), rewound for reading."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([column.header for column in columns])
    for cells in _rows(queryset, columns):
        sheet.append([safe_cell(cell) for cell in cells])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    columns: list[Column],
    fmt: str,
    basename: str,
    title: str,
    filters: Iterable[tuple[str, str]] = (),
) -> HttpResponse:
    """The streamed export of `queryset` in `fmt` (csv / xlsx / json); an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404("不支持的导出格式（可选 csv、xlsx、json）")
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "xlsx":
        response: HttpResponse = FileResponse(
            xlsx_file(queryset, columns, title=title), as_attachment=True, filename=filename,
            content_type=FORMATS[fmt],
        )
    else:
        if fmt == "csv":
            content = csv_stream(queryset, columns)
        else:
            meta = {
                "title": title,
                "publisher": settings.PORTAL_PUBLISHER_NAME,
                "generated_at": timezone.localtime().isoformat(timespec="seconds"),
                "source": request.build_absolute_uri(),
                "filters": dict(filters),
                "max_rows": settings.PORTAL_EXPORT_MAX_ROWS,
            }
            content = json_stream(queryset, columns, meta=meta)
        response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in content), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


def export_filtered(request: HttpRequest, fmt: str, *, filterset, columns: list[Column], basename: str, title: str):
    """Export what a bound FilterSet selects; invalid filters give a 400 naming the field, in Chinese."""
    if not filterset.is_valid():
        errors = "；".join(
            f"{filterset.form.fields[name].label if name in filterset.form.fields else name}：{'，'.join(messages)}"
            for name, messages in filterset.errors.items()
        )
        return HttpResponse(f"筛选条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")
    filters = [(name, value) for name, value in request.GET.items() if value and name in filterset.filters]
    return export_response(
        request, queryset=filterset.qs, columns=columns, fmt=fmt, basename=basename, title=title, filters=filters
    )
