"""
Open-data exports of any filtered public list — the column, projects, resource matters, the
blacklist, welfare programmes — as CSV (UTF-8 with BOM, so Excel opens Chinese correctly), Excel
and JSON.

Rows are read from the database in chunks (`QuerySet.iterator`, a server-side cursor on PostgreSQL)
and written out as they come, so a 200,000-row export never holds the whole list in memory.

A small export (at most PORTAL_EXPORT_STREAM_MAX_ROWS rows) is streamed straight to the reader. A
larger one is built once by the Celery worker into a file (`export_files`) and served to everyone
who asks for the same filters until the public content changes; until it is ready the reader gets
a 202 page that refreshes itself. Reading 200,000 rows inside a web worker took 31–50 s, and two
such requests stalled the whole site (issue 25). Exports that cost work — a direct stream or a
build — are limited per client address (PORTAL_EXPORT_RATE); downloading a built file is not.

Each domain declares its columns and an `@source` function next to its list view; the rows are the
same selector + FilterSet the HTML list uses, so an export equals the list on screen (without the
page limit), and only public rows can ever be exported.
"""

import csv
import datetime
import functools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerUnavailable
from openpyxl import Workbook

from core import export_files, limits, spreadsheets

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
    """One exported column: its Chinese header, its JSON key and how to read it off a row.

    `code` reads the machine value of a column whose `value` is a label (a choice's code, a flag): JSON
    gives both, `<key>` the code and `<key>_label` the label; CSV and Excel show the label. `url`: the
    value is a path on this site, written out with the address the reader used."""

    header: str
    key: str
    value: Callable[[Any], Any]
    code: Callable[[Any], Any] | None = None
    url: bool = False


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


def choice(header: str, field: str) -> Column:
    """A choices field: its label for people (CSV, Excel), its code and label in JSON."""
    return Column(header, field, label(field), code=attr(field))


def local_date(path: str) -> Callable[[Any], Any]:
    """The local (Asia/Shanghai) date of a timestamp, for a column that means a day (发布日期)."""
    read = attr(path)

    def day(row):
        moment = read(row)
        return None if moment is None else timezone.localdate(moment)

    return day


def page(header: str, key: str = "url", *, route: str = "") -> Column:
    """The row's public page, as a full address on the host the export was asked from.

    `route`: the URL name of a page addressed by the row's pk alone (what `get_absolute_url` reverses). The
    path is then resolved once per export and the pk put in its place: reversing it for every row was a
    fifth of the nightly bulk job's time at a million records (issue 24, part 3)."""
    if not route:
        return Column(header, key, lambda row: row.get_absolute_url(), url=True)

    def path(row) -> str:
        head, tail = _pk_path(route, get_script_prefix())
        return f"{head}{row.pk}{tail}"

    return Column(header, key, path, url=True)


_PK_SLOT = 918273645  # a pk no row has: where it stands in the reversed path is where each row's pk goes


@functools.lru_cache(maxsize=64)
def _pk_path(route: str, script_prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(route, args=[_PK_SLOT]).partition(str(_PK_SLOT))
    return head, tail


def base_url(request: HttpRequest) -> str:
    """The scheme and host the reader used (ALLOWED_HOSTS vouches for the host): the pages an export
    links to are on the site the reader is on, not always PORTAL_BASE_URL."""
    return request.build_absolute_uri("/").rstrip("/")


def _plain(value):
    """A value as CSV wants it: dates in ISO form, local time for timestamps, decimals exact."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json_value(value):
    """A value as JSON wants it: amounts as numbers (integral ones as integers), dates in ISO form."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return _plain(value)


def safe_cell(value):
    """CSV has no cell types: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be yielded at once."""

    def write(self, value):
        return value


def row_values(row, columns: list[Column], base: str) -> list:
    """One row's values as Python gives them (dates, decimals, text), page paths made absolute."""
    return [base + column.value(row) if column.url else column.value(row) for column in columns]


def _rows(queryset: QuerySet, columns: list[Column], base: str) -> Iterator[list]:
    limit = settings.PORTAL_EXPORT_MAX_ROWS
    for row in queryset[:limit].iterator(chunk_size=CHUNK_SIZE):
        yield row_values(row, columns, base)


def csv_header(columns: list[Column]) -> list[str]:
    return [column.header for column in columns]


def csv_cells(values: list) -> list:
    """A row's values (`row_values`) as CSV cells: plain text, formulas defused, None empty."""
    return ["" if cell is None else safe_cell(_plain(cell)) for cell in values]


def csv_stream(queryset: QuerySet, columns: list[Column], *, base: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(csv_header(columns))
    for cells in _rows(queryset, columns, base):
        yield writer.writerow(csv_cells(cells))


def _json_fields(columns: list[Column]) -> dict:
    fields = {}
    for column in columns:
        fields[column.key] = column.header
        if column.code is not None:
            fields[f"{column.key}_label"] = f"{column.header}（名称）"
    return fields


def json_stream(queryset: QuerySet, columns: list[Column], *, meta: dict, base: str) -> Iterator[str]:
    """{"meta": {...}, "fields": {key: header}, "results": [...]} — written one row at a time. A choice
    column gives its code under its key and its label under `<key>_label`."""
    head = {"meta": meta, "fields": _json_fields(columns)}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    separator = "\n"
    limit = settings.PORTAL_EXPORT_MAX_ROWS
    for row in queryset[:limit].iterator(chunk_size=CHUNK_SIZE):
        yield separator + json.dumps(json_item(row, columns, base), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def json_item(row, columns: list[Column], base: str, values: list | None = None) -> dict:
    """One row as a JSON export's `results` hold it: a choice column's code under its key and its label
    under `<key>_label`; amounts as numbers, dates in ISO form, page paths made absolute. `values`: the
    row's `row_values`, when the caller has them already (the bulk files write CSV and JSON in one pass)."""
    item = {}
    for column, value in zip(columns, values if values is not None else row_values(row, columns, base), strict=True):
        if column.code is not None:
            item[column.key] = _json_value(column.code(row))
            item[f"{column.key}_label"] = value
        else:
            item[column.key] = _json_value(value)
    return item


def _xlsx_workbook(queryset: QuerySet, columns: list[Column], *, title: str, base: str):
    """Amounts as numbers, dates as dates, text as text (spreadsheets.typed_cells)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([column.header for column in columns])
    for cells in _rows(queryset, columns, base):
        sheet.append(spreadsheets.typed_cells(sheet, cells))
    return workbook


def xlsx_file(queryset: QuerySet, columns: list[Column], *, title: str, base: str):
    """A write-only workbook in a temporary file (deleted when closed), rewound for reading."""
    handle = tempfile.TemporaryFile()
    _xlsx_workbook(queryset, columns, title=title, base=base).save(handle)
    handle.seek(0)
    return handle


def _meta(*, title: str, source_url: str, filters: Iterable[tuple[str, str]]) -> dict:
    return {
        "title": title,
        "publisher": settings.PORTAL_PUBLISHER_NAME,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "source": source_url,
        "filters": dict(filters),
        "max_rows": settings.PORTAL_EXPORT_MAX_ROWS,
    }


def write_file(
    path: Path, *, queryset: QuerySet, columns: list[Column], fmt: str, title: str, meta: dict, base: str
) -> None:
    """The export written into `path` (the background build): the same bytes a stream would send."""
    if fmt == "xlsx":
        _xlsx_workbook(queryset, columns, title=title, base=base).save(path)
        return
    content = (
        csv_stream(queryset, columns, base=base)
        if fmt == "csv"
        else json_stream(queryset, columns, meta=meta, base=base)
    )
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(content)


def write_job(job: export_files.ExportJob, path: Path) -> bool:
    """Write a background export's file into `path` (export_files.build, in the worker); False when the
    job's filters are no longer valid (e.g. the department filtered on was deleted meanwhile)."""
    function = import_string(job.source)
    if not getattr(function, SOURCE_MARK, False):
        raise ValueError(f"{job.source} is not an export source")
    query = QueryDict(mutable=True)
    for name, value in job.query:
        query[name] = value
    spec = function(query, **job.kwargs)
    if not spec.filterset.is_valid():
        return False
    meta = _meta(title=job.title, source_url=job.source_url, filters=job.query)
    write_file(
        path, queryset=spec.filterset.qs, columns=spec.columns, fmt=job.fmt, title=spec.title, meta=meta,
        base=job.base_url,
    )
    return True


def export_response(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    columns: list[Column],
    fmt: str,
    basename: str,
    title: str,
    filters: Iterable[tuple[str, str]] = (),
    source_url: str = "",
) -> HttpResponse:
    """The streamed export of `queryset` in `fmt` (csv / xlsx / json); an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404("不支持的导出格式（可选 csv、xlsx、json）")
    base = base_url(request)
    stamp = timezone.localtime().strftime("%Y%m%d")
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "xlsx":
        response: HttpResponse = FileResponse(
            xlsx_file(queryset, columns, title=title, base=base),
            as_attachment=True,
            filename=filename,
            content_type=FORMATS[fmt],
        )
    else:
        if fmt == "csv":
            content = csv_stream(queryset, columns, base=base)
        else:
            meta = _meta(title=title, source_url=source_url or request.build_absolute_uri(), filters=filters)
            content = json_stream(queryset, columns, meta=meta, base=base)
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in content), content_type=FORMATS[fmt]
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    # Stored, but asked again every time: a withdrawal must not live on in a browser's or proxy's copy.
    response["Cache-Control"] = "public, no-cache"
    return response


# ---------------------------------------------------------------------------------------------
# The export views: stream a small export, serve or build a large one
# ---------------------------------------------------------------------------------------------
SOURCE_MARK = "portal_export_source"


@dataclass(frozen=True)
class Source:
    """What an export holds for given filters: the bound FilterSet (over public rows only), its
    columns, and the file's base name and title."""

    filterset: Any
    columns: list[Column]
    basename: str
    title: str


def source(function: Callable[..., Source]) -> Callable[..., Source]:
    """Declare `function(params, **kwargs) -> Source` an export, which the background build may run
    (by its dotted path) with the normalised filters and the same keyword arguments."""
    setattr(function, SOURCE_MARK, True)
    return function


def normalised_query(filterset) -> list[list[str]]:
    """The non-empty values the FilterSet's form reads, sorted: the same for the same export whatever
    the order of the URL's parameters, its page number or any parameter that filters nothing."""
    form = filterset.form
    keys = set()
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        suffixes = getattr(field.widget, "widgets_names", None)  # a MultiWidget reads name_0, name_1…
        keys.update([html_name + suffix for suffix in suffixes] if suffixes else [html_name])
    data = filterset.data
    return sorted([key, str(data.get(key))] for key in keys if data.get(key) not in (None, ""))


def _invalid_filters(filterset) -> HttpResponse:
    errors = "；".join(
        f"{filterset.form.fields[name].label if name in filterset.form.fields else name}：{'，'.join(messages)}"
        for name, messages in filterset.errors.items()
    )
    return HttpResponse(f"筛选条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")


def export_view(
    request: HttpRequest, fmt: str, source_function: Callable[..., Source], **kwargs
) -> HttpResponse:
    """The export of what `source_function` selects for the request's filters, in `fmt`.

    A built file of these filters under the current public generation is served (not counted
    against the reader's limit). Otherwise, within the reader's limit, a small export is streamed
    and a large one is built by the worker: one build however many readers ask at once, each told
    to come back (202) until the file is there. Invalid filters give a 400 naming the field."""
    if fmt not in FORMATS:
        raise Http404("不支持的导出格式（可选 csv、xlsx、json）")
    if not getattr(source_function, SOURCE_MARK, False):
        raise TypeError(f"{source_function!r} is not declared with @exports.source")
    spec = source_function(request.GET, **kwargs)
    if not spec.filterset.is_valid():
        return _invalid_filters(spec.filterset)
    query = normalised_query(spec.filterset)
    in_url = [(name, value) for name, value in query if kwargs.get(name) != value]  # not the path's domain
    source_url = base_url(request) + request.path + (f"?{urlencode(in_url)}" if in_url else "")
    job = export_files.ExportJob(
        source=f"{source_function.__module__}.{source_function.__qualname__}",
        kwargs=kwargs,
        fmt=fmt,
        query=query,
        generation=export_files.current_version(),
        title=spec.title,
        source_url=source_url,
        base_url=base_url(request),
    )
    handle = export_files.open_built(job)
    if handle is not None:
        return _built_file_response(request, job, handle, basename=spec.basename)
    # A streamed export is named by its file's name too, as a weak tag (the JSON's generated_at differs):
    # a reader who has this version answers 304 before any limit or row is counted (issue 24, part 4).
    stream_tag = f'W/"{job.path.stem}"'
    not_modified = get_conditional_response(request, etag=stream_tag)
    if not_modified is not None:
        not_modified["ETag"] = stream_tag
        not_modified["Cache-Control"] = "public, no-cache"
        return not_modified
    if export_files.building(job):
        return _pending(request)
    rate = limits.parse_rate(settings.PORTAL_EXPORT_RATE)
    if not limits.hit(request, "export", rate):
        message = (
            f"导出过于频繁：每个地址{rate.period}最多导出 {rate.count} 次（已经生成好的导出文件不计），"
            "请稍后再试。"
        )
        return limits.too_many(request, message, rate)
    threshold = settings.PORTAL_EXPORT_STREAM_MAX_ROWS
    if spec.filterset.qs.order_by()[: threshold + 1].count() <= threshold:
        response = export_response(
            request,
            queryset=spec.filterset.qs,
            columns=spec.columns,
            fmt=fmt,
            basename=spec.basename,
            title=spec.title,
            filters=query,
            source_url=source_url,
        )
        response["ETag"] = stream_tag
        return response
    if export_files.claim(job):
        from .tasks import build_export  # a module cycle: disclosures.tasks imports this module

        try:
            # Not on commit: a GET runs in no transaction, and the job reads nothing this request wrote.
            build_export.delay(job.message())
        except BrokerUnavailable:
            export_files.release(job)
            return limits.notice(
                request,
                status=503,
                title="导出服务暂时不可用",
                message="导出服务暂时不可用，请稍后再试，或缩小筛选范围（较少的数据可直接下载）。",
                retry_after=60,
            )
    # Already built when Celery runs tasks eagerly (tests, CELERY_TASK_ALWAYS_EAGER).
    handle = export_files.open_built(job)
    if handle is not None:
        return _built_file_response(request, job, handle, basename=spec.basename)
    return _pending(request)


def _pending(request: HttpRequest) -> HttpResponse:
    return limits.notice(
        request,
        status=202,
        title="正在生成导出文件",
        message="正在生成导出文件，请稍候刷新。数据较多时需要一两分钟，生成后刷新本页即可下载。",
        retry_after=5,
        refresh=True,
    )


def _built_file_response(request: HttpRequest, job, handle, *, basename: str) -> HttpResponse:
    """The built file, with its name (tag) as ETag and its build time as Last-Modified: a reader's copy is
    checked (If-None-Match, or If-Modified-Since), not re-sent, until a publication, correction or
    withdrawal names another file (issue 24, part 4)."""
    built = export_files.built_at(handle)
    validators = {"etag": f'"{job.path.stem}"', "last_modified": int(built)}
    not_modified = get_conditional_response(request, **validators)
    if not_modified is not None:
        handle.close()
        response: HttpResponse = not_modified
    else:
        moment = datetime.datetime.fromtimestamp(built, tz=datetime.UTC)
        filename = f"{basename}-{timezone.localtime(moment):%Y%m%d}.{job.fmt}"
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=FORMATS[job.fmt])
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = validators["etag"]
    response["Last-Modified"] = http_date(validators["last_modified"])
    response["Cache-Control"] = "public, no-cache"
    return response
