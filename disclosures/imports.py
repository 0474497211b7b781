"""
Excel import of records for clerks, once for every domain.

A clerk downloads the template of one category (`import_template`), fills one row per record and
uploads it. `import_preview` checks every row the way the admin does — the model's own form fields
for the common columns, the category's structured-fields form, and a dry run (rolled back) of the
domain's `*_record_create` service for the rules that need the subject — and reports every error
with its Excel row and column. `import_commit` runs the same checks and keeps the records, as
drafts, only when no row has an error; otherwise nothing is saved.

The kernel names no domain. What a domain's records are about (a project, a matter, a programme)
is its `Domain.subject` (a `SubjectSpec`: the model, its reference field, the field that fixes the
category), and the record is created by the record service the spec names (project_record_create,
matter_record_create, programme_record_create), the same service its admin and API call.
"""

import datetime
import io
import re
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core import audit, spreadsheets
from core.domains import Domain, get_domain
from core.exceptions import ActionForbidden, WorkflowError
from core.sanitize import lines_to_paragraphs
from organizations.models import Department

from . import policies, services
from .api.exceptions import field_label
from .choices import DisclosureMode
from .models import Disclosure
from .subject_policies import related_jurisdiction_ids
from .subjects import SubjectSpec

MAX_ROWS = 1000  # ~10 ms a row through the services: a full file previews in about 10 s
MAX_BYTES = 5 * 1024 * 1024
MAX_LISTED_SUBJECTS = 2000

DATA_SHEET = "信息记录"
HELP_SHEET = "说明"
CHOICES_SHEET = "选项"
# Written into the workbook's 关键词 property: an upload of another category's template is named as such.
KEYWORD_PREFIX = "disclosure-import:"

# The record's own fields a clerk fills in, as the admin form has them (labels, lengths, choices).
COMMON_FIELDS = (
    "title", "formed_on", "written_on", "doc_no", "issuer", "keywords", "disclosure_mode", "withholding_reason",
    "mode_reason",
)
COMMON_NOTES = {
    "title": "信息的标题。",
    "formed_on": "公开时限从这一天起算，不能晚于今天。",
    "written_on": "公文的成文日期。",
    "keywords": "多个主题词用空格分隔。",
    "disclosure_mode": "留空为主动公开。",
    "withholding_reason": "公开属性为不予公开时必选（《政府信息公开条例》第十四条至第十六条）。",
    "mode_reason": "公开属性为依申请公开或不予公开时必填：说明理由和依据。",
    "body": "纯文本，单元格内换行即分段。",
}
ENTRY_HEADER = "标准目录事项"
WHOLE_ROW = ""


class ImportRejected(ValidationError):
    """Some row of the file is invalid: nothing was saved. `preview` lists every error."""

    def __init__(self, preview: "ImportPreview"):
        super().__init__(f"有 {len(preview.errors)} 处错误，未导入任何记录。")
        self.preview = preview


# ---------------------------------------------------------------------------------------------
# What the records are about
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubjectKind:
    """A domain's subject as the import sees it: its `SubjectSpec`, and how a cell names one."""

    spec: SubjectSpec

    @classmethod
    def of(cls, domain: Domain) -> "SubjectKind | None":
        return cls(domain.subject) if domain.subject is not None else None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def noun(self) -> str:
        return self.spec.verbose_name

    @property
    def code_field(self) -> str | None:
        return self.spec.code_field or None

    @property
    def code_label(self) -> str:
        return self.spec.code_label

    def reference(self, subject) -> str:
        return self.spec.reference(subject)

    def display(self, subject) -> str:
        return self.spec.display(subject)

    def listed(self, category: str, department: Department):
        """The subjects a department may publish about in this category (for the template's list)."""
        model = self.spec.get_model()
        queryset = model.objects.all()
        if self.spec.category_field:
            queryset = queryset.filter(**{self.spec.category_field: category})
        if any(f.name == "jurisdiction" for f in model._meta.concrete_fields):
            queryset = queryset.filter(
                jurisdiction_id__in=related_jurisdiction_ids(department.jurisdiction)
            ).select_related("jurisdiction")
        return queryset.order_by("name", "pk")[:MAX_LISTED_SUBJECTS]

    def lookup(self, values: set[str]) -> "SubjectLookup":
        keys, pks = set(values), set()
        for value in values:
            name, reference = _split_display(value)
            keys |= {name, reference} - {""}
        for key in keys:
            if re.fullmatch(r"#\d{1,18}", key):
                pks.add(int(key[1:]))
        condition = Q(name__in=keys) | Q(pk__in=pks)
        if self.code_field:
            condition |= Q(**{f"{self.code_field}__in": keys})
        return SubjectLookup(self, list(self.spec.get_model().objects.filter(condition)))


def _split_display(value: str) -> tuple[str, str]:
    """“名称（编号）” → (名称, 编号); anything else → (value, "")."""
    match = re.fullmatch(r"(.+?)[（(]([^（）()]+)[）)]", value)
    return (match.group(1).strip(), match.group(2).strip()) if match else (value, "")


@dataclass
class SubjectLookup:
    kind: SubjectKind
    subjects: list

    def find(self, value: str):
        """The subject a cell names, by “名称（编号）”, 编号 or 名称; raises ValidationError if none or several."""
        kind = self.kind
        exact = [s for s in self.subjects if value in {kind.display(s), kind.reference(s), s.name}]
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise ValidationError(
                f"有 {len(exact)} 个{kind.noun}的名称或{kind.code_label}为“{value}”，"
                f"请从下拉列表中选择带{kind.code_label}的一项。"
            )
        name, reference = _split_display(value)
        by_reference = [s for s in self.subjects if reference and kind.reference(s) == reference]
        if by_reference and by_reference[0].name == name:
            return by_reference[0]
        if by_reference:
            raise ValidationError(
                f"{kind.code_label}“{reference}”是“{by_reference[0].name}”，与填写的名称“{name}”不符。"
            )
        raise ValidationError(f"没有找到{kind.code_label}或名称为“{value}”的{kind.noun}。")


# ---------------------------------------------------------------------------------------------
# Columns of a category's template
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """The columns of one category's template, and what its records are about."""

    domain: Domain
    category: str
    subject: SubjectKind | None
    columns: tuple[spreadsheets.Column, ...]

    @classmethod
    def of(cls, domain_code: str, category: str) -> "Layout":
        domain = get_domain(domain_code)
        if domain is None:
            raise ValidationError({"category": [f"未知的领域“{domain_code}”。"]})
        if category not in domain.categories.values:
            raise ValidationError({"category": [f"“{category}”不是“{domain.label}”领域的分类。"]})
        subject = SubjectKind.of(domain)
        columns: list[spreadsheets.Column] = []
        if subject is not None:
            columns.append(
                spreadsheets.Column(
                    key="subject",
                    header=subject.noun,
                    field=None,
                    required=True,
                    width=30,
                    note=(
                        f"本条信息所属的{subject.noun}：填写{subject.code_label + '或' if subject.code_field else ''}名称，"
                        f"或从下拉列表（“{cls.subjects_sheet(subject)}”工作表）中选择；同名时请选择带编号的一项。"
                    ),
                )
            )
        names = list(COMMON_FIELDS) + (["urgent"] if category in domain.urgent_categories else [])
        for name, form_field in fields_for_model(Disclosure, fields=names).items():
            columns.append(
                spreadsheets.Column(
                    key=name,
                    header=str(form_field.label),
                    field=form_field,
                    required=form_field.required and name != "disclosure_mode",
                    note=COMMON_NOTES.get(name, ""),
                    choices=spreadsheets.field_choices(form_field),
                    width=30 if name == "title" else 16,
                )
            )
        entries = cls.entries(domain.code, category)
        columns.append(
            spreadsheets.Column(
                key="catalogue_entry",
                header=ENTRY_HEADER,
                field=None,
                required=False,
                width=30,
                note="留空则按分类（和信息类型）自动选择；标准目录事项决定公开时限。",
                choices=tuple((entry.code, str(entry)) for entry in entries),
            )
        )
        details_form = domain.details_form(category)
        used = {column.header for column in columns} | {"正文"}
        for name, form_field in (details_form.base_fields.items() if details_form else ()):
            header = str(form_field.label or name)
            if header in used:
                header = f"{header}（{domain.category_name(category)}）"
            used.add(header)
            columns.append(
                spreadsheets.Column(
                    key=f"details.{name}",
                    header=header,
                    field=form_field,
                    required=form_field.required,
                    choices=spreadsheets.field_choices(form_field),
                )
            )
        body = fields_for_model(Disclosure, fields=["body"])["body"]
        columns.append(
            spreadsheets.Column(
                key="body", header=str(body.label), field=body, required=False, note=COMMON_NOTES["body"], width=60
            )
        )
        return cls(domain=domain, category=category, subject=subject, columns=tuple(columns))

    @staticmethod
    def entries(domain: str, category: str):
        return CatalogueEntry.objects.filter(domain=domain, category=category, is_active=True).order_by("ordering", "code")

    @staticmethod
    def subjects_sheet(subject: SubjectKind) -> str:
        return f"可选{subject.noun}"[:31]

    @property
    def label(self) -> str:
        return f"{self.domain.short_label} / {self.domain.category_name(self.category)}"

    @property
    def keywords(self) -> str:
        return f"{KEYWORD_PREFIX}{self.domain.code}:{self.category}"

    def column(self, key: str) -> spreadsheets.Column | None:
        return next((column for column in self.columns if column.key == key), None)


def import_columns(domain: str, category: str) -> list[str]:
    """The headers of a category's template, in order."""
    return [column.header for column in Layout.of(domain, category).columns]


# ---------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------
def import_template(domain: str, category: str, *, department: Department | None = None) -> bytes:
    """An .xlsx to fill in: the header row, a 说明 sheet explaining every column, dropdowns for the
    choice columns and, when a department is given, the subjects it may publish about."""
    layout = Layout.of(domain, category)
    lines = [
        f"1. 在“{DATA_SHEET}”工作表中，第 1 行是列名，请勿修改；从第 2 行起每行填写一条信息记录，最多 {MAX_ROWS} 行。",
        "2. 红色列名为必填列，其余可留空；日期按 2026-01-05 的格式填写；可选值请从下拉列表中选择。",
        "3. 上传后系统先逐行检查并列出每一处错误（第几行、哪一列、什么问题）；全部正确后才能确认导入，有错误时不会保存任何记录。",
        "4. 导入的记录为草稿，按“经办人起草 → 部门负责人审核 → 分管领导签发 → 发布”办理；附件请在记录页面补充上传。",
    ]
    if department is not None:
        lines.append(f"5. 责任单位：{department.name}（在导入页面选择，所有记录都属于该单位）。")
    book = spreadsheets.template_workbook(
        columns=layout.columns,
        title=f"{layout.label} 信息记录导入模板",
        keywords=layout.keywords,
        data_sheet=DATA_SHEET,
        help_sheet=HELP_SHEET,
        choices_sheet=CHOICES_SHEET,
        help_title=f"{layout.label} 信息记录导入说明",
        help_lines=lines,
        max_rows=MAX_ROWS,
    )
    kind = layout.subject
    if kind is not None and department is not None:
        subjects = list(kind.listed(layout.category, department))
        spreadsheets.add_list_sheet(
            book,
            title=Layout.subjects_sheet(kind),
            header=["填写值（可复制）", kind.code_label, "名称", "所属区划"],
            rows=[
                [kind.display(s), kind.reference(s), s.name, str(getattr(s, "jurisdiction", "") or "")]
                for s in subjects
            ],
            widths=(60, 26, 50, 16),
            data_sheet=DATA_SHEET,
            data_column=spreadsheets.column_letter(layout.columns.index(layout.column("subject")) + 1),
            max_rows=MAX_ROWS,
        )
    return spreadsheets.workbook_bytes(book)


# ---------------------------------------------------------------------------------------------
# Preview and commit
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    row: int  # as numbered in Excel (the header is row 1)
    column: str  # the column's header; "" for the row as a whole
    letter: str  # the column's letter; "" for the row as a whole
    message: str

    @property
    def where(self) -> str:
        if not self.column:
            return f"第 {self.row} 行"
        return f"第 {self.row} 行 {self.letter} 列（{self.column}）"

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class PreviewRow:
    number: int
    title: str
    subject: str
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    department: Department
    domain: str
    category: str
    label: str  # “重大建设项目 / 批准结果信息”
    subject_noun: str
    rows: list[PreviewRow] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors


def import_preview(*, actor, department: Department, domain: str, category: str, file) -> ImportPreview:
    """Check every row of an uploaded file; nothing is saved. Raises ValidationError for a bad file."""
    preview, _records = _run(actor=actor, department=department, domain=domain, category=category, file=file, commit=False)
    return preview


def import_commit(*, actor, department: Department, domain: str, category: str, file) -> list[Disclosure]:
    """Create every row as a draft, in one transaction — or, if any row is invalid, nothing
    (raises ImportRejected with the preview of every error)."""
    preview, records = _run(actor=actor, department=department, domain=domain, category=category, file=file, commit=True)
    if not preview.is_valid:
        raise ImportRejected(preview)
    return records


def _run(*, actor, department, domain, category, file, commit: bool) -> tuple[ImportPreview, list[Disclosure]]:
    if not policies.can_create_in(actor, department.pk):
        raise ActionForbidden(f"您不是“{department.name}”的经办人，不能为该单位导入记录。")
    layout = Layout.of(domain, category)
    table = spreadsheets.read_table(file, sheet_name=DATA_SHEET, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    positions = _match_header(layout, table)
    if not table.rows:
        raise spreadsheets.file_error(f"文件中没有要导入的数据：请从“{DATA_SHEET}”工作表的第 2 行起，每行填写一条记录。")
    subject_column = positions.get("subject")
    lookup = None
    if layout.subject is not None and subject_column is not None:
        values = {spreadsheets.cell_text(_at(values, subject_column)) for _number, values in table.rows}
        lookup = layout.subject.lookup(values - {""})
    entries = list(Layout.entries(layout.domain.code, category))

    preview = ImportPreview(
        department=department,
        domain=layout.domain.code,
        category=category,
        label=layout.label,
        subject_noun=layout.subject.noun if layout.subject else "",
    )
    records: list[Disclosure] = []
    with transaction.atomic():
        for number, values in table.rows:
            row, record = _import_row(actor, department, layout, positions, lookup, entries, number, values)
            preview.rows.append(row)
            if record is not None:
                records.append(record)
        if commit and preview.is_valid:
            audit.record(
                None,
                action="disclosure.import",
                actor=actor,
                data={
                    "department": department.pk,
                    "domain": layout.domain.code,
                    "category": category,
                    "file": getattr(file, "name", "") or "",
                    "records": [record.pk for record in records],
                },
            )
        else:
            transaction.set_rollback(True)  # a preview, or an invalid file: nothing is kept
            records = []
    return preview, records


def _normalize_header(text: str) -> str:
    text = re.sub(r"\s+", "", text or "")
    return re.sub(r"([*＊]|[（(]必填[）)])$", "", text)


def _match_header(layout: Layout, table: spreadsheets.Table) -> dict[str, int]:
    """The position of each column in the file; a file of another template or with a wrong header is refused."""
    if table.keywords.startswith(KEYWORD_PREFIX) and table.keywords != layout.keywords:
        other_domain, _, other_category = table.keywords[len(KEYWORD_PREFIX):].partition(":")
        other = get_domain(other_domain)
        name = f"{other.short_label} / {other.category_name(other_category)}" if other else table.keywords
        raise spreadsheets.file_error(
            f"这是“{name}”的导入模板，与所选的“{layout.label}”不符。请选择与模板相同的主题分类，"
            f"或下载“{layout.label}”的模板重新填写。"
        )
    if not any(table.header):
        raise spreadsheets.file_error(f"第 1 行没有列名。请使用“{layout.label}”的导入模板，不要删除第 1 行。")
    by_header = {column.header: column for column in layout.columns}
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, text in enumerate(table.header):
        header = _normalize_header(text)
        if not header:
            continue
        column = by_header.get(header)
        if column is None:
            unknown.append(text)
        elif column.key in positions:
            repeated.append(header)
        else:
            positions[column.key] = index
    missing = [column.header for column in layout.columns if column.required and column.key not in positions]
    problems = []
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(unknown)}")
    if repeated:
        problems.append(f"重复的列：{'、'.join(repeated)}")
    if problems:
        raise spreadsheets.file_error(
            f"{'；'.join(problems)}。请使用“{layout.label}”的导入模板，不要修改第 1 行的列名。"
        )
    return positions


def _at(values: tuple, index: int | None):
    return values[index] if index is not None and index < len(values) else None


def _import_row(actor, department, layout, positions, lookup, entries, number, values):
    """Parse, check and (inside the caller's transaction) create one row. Returns (row, record or None)."""
    errors: dict[str, list[str]] = {}
    fields: dict = {"domain": layout.domain.code, "category": layout.category}
    details: dict = {}
    subject = None
    for column in layout.columns:
        raw = _at(values, positions.get(column.key))
        try:
            if column.key == "subject":
                text = spreadsheets.cell_text(raw)
                if not text:
                    raise ValidationError(f"请填写本条信息所属的{layout.subject.noun}。")
                subject = lookup.find(text)
            elif column.key == "catalogue_entry":
                entry = _entry(entries, spreadsheets.cell_text(raw))
                if entry is not None:
                    fields["catalogue_entry"] = entry
            elif column.key.startswith("details."):
                value = spreadsheets.form_value(column, raw)
                if value not in ("", []):
                    details[column.key.removeprefix("details.")] = value
            else:
                fields[column.key] = _record_value(column, raw)
        except ValidationError as exc:
            errors[column.key] = exc.messages
    fields["details"] = details

    record, located = _create(actor, department, layout, subject, fields)
    if subject is not None and set(located) == {"subject"}:
        # The domain refused the subject before looking at the fields: the kernel names those too.
        for key, messages in _create(actor, department, layout, None, fields)[1].items():
            located.setdefault(key, messages)
    for key, messages in located.items():
        if key not in errors:  # the cell itself already said what is wrong
            errors[key] = messages

    letters = {key: spreadsheets.column_letter(index + 1) for key, index in positions.items()}
    row = PreviewRow(
        number=number,
        title=spreadsheets.cell_text(_at(values, positions.get("title"))),
        subject=spreadsheets.cell_text(_at(values, positions.get("subject"))),
    )
    order = {column.key: index for index, column in enumerate(layout.columns)}
    for key in sorted(errors, key=lambda k: order.get(k, -1)):
        column = layout.column(key)
        for message in dict.fromkeys(errors[key]):
            row.errors.append(
                RowError(
                    row=number,
                    column=column.header if column else "",
                    letter=letters.get(key, "") if column else "",
                    message=message,
                )
            )
    return row, (record if not row.errors else None)


def _create(actor, department, layout: Layout, subject, fields: dict) -> tuple[Disclosure | None, dict[str, list[str]]]:
    """Create the row's record through the domain's service (the kernel's when there is no subject);
    returns it, or None and the errors by column."""
    try:
        if subject is not None:
            spec = layout.subject.spec
            return spec.create_record(actor=actor, subject=subject, department=department, **fields), {}
        return services.disclosure_create(actor=actor, department=department, **fields), {}
    except ValidationError as exc:
        return None, _service_errors(layout, exc)
    except WorkflowError as exc:
        return None, {WHOLE_ROW: [exc.message]}


def _service_errors(layout: Layout, exc: ValidationError) -> dict[str, list[str]]:
    """The service's field errors, by the column a clerk would correct."""
    if not hasattr(exc, "message_dict"):
        return {WHOLE_ROW: exc.messages}

    located: dict[str, list[str]] = {}
    for name, messages in exc.message_dict.items():
        key = name
        if name in {"domain", "category", "department"}:
            # The category and the department are the same for the whole file: the row's subject is what differs.
            key = "subject" if layout.subject is not None else "catalogue_entry"
        if layout.column(key) is None:
            if name not in {NON_FIELD_ERRORS, "details"}:
                messages = [f"{field_label(name)}：{message}" for message in messages]
            key = WHOLE_ROW
        located.setdefault(key, []).extend(messages)
    return located


def _entry(entries: list, text: str):
    if not text:
        return None
    for entry in entries:
        if text in {entry.code, str(entry)}:
            return entry
    raise ValidationError(f"“{text}”不是本分类启用的标准目录事项。可选：{'、'.join(str(e) for e in entries)}。")


def _record_value(column: spreadsheets.Column, raw):
    """A common column's value as the admin form would clean it."""
    if column.key == "body":
        return lines_to_paragraphs(spreadsheets.cell_text(raw))
    value = spreadsheets.form_value(column, raw)
    if column.key == "disclosure_mode" and value == "":
        return DisclosureMode.ACTIVE
    return column.field.clean(value)


# ---------------------------------------------------------------------------------------------
# The uploaded file between the preview and the commit
# ---------------------------------------------------------------------------------------------
STASH_DIR = "imports"
STASH_SALT = "disclosures.imports.stash"
STASH_MAX_AGE = 3600  # seconds a clerk has between the preview and 确认导入
STASH_NAME = re.compile(rf"{STASH_DIR}/[0-9a-f]{{32}}\.xlsx")


@dataclass(frozen=True)
class StashedUpload:
    """An upload kept (under MEDIA_ROOT/imports, never served) for its commit, and what it was previewed as."""

    path: str
    name: str
    department_id: int
    domain: str
    category: str

    def read(self) -> io.BytesIO:
        with default_storage.open(self.path, "rb") as stored:
            content = io.BytesIO(stored.read())
        content.name = self.name
        return content


def import_file_stash(*, actor, file, department: Department, domain: str, category: str) -> str:
    """Keep a previewed upload; returns a signed token naming it, valid for STASH_MAX_AGE for this actor only."""
    _discard_stale_stashes()
    file.seek(0)
    path = default_storage.save(f"{STASH_DIR}/{secrets.token_hex(16)}.xlsx", file)
    payload = {
        "path": path,
        "name": getattr(file, "name", "") or "导入.xlsx",
        "user": actor.pk,
        "department": department.pk,
        "domain": domain,
        "category": category,
    }
    return signing.dumps(payload, salt=STASH_SALT)


def import_file_open(*, actor, token: str) -> StashedUpload:
    """The upload a token names, if it was stashed by `actor` less than STASH_MAX_AGE ago. A token
    opens once: a second 确认导入 of the same upload (a double click) is refused."""
    try:
        data = signing.loads(token, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError("上传的文件已超过 1 小时未确认，请重新上传。") from exc
    except signing.BadSignature as exc:
        raise ValidationError("无法识别要导入的文件，请重新上传。") from exc
    path = data.get("path", "")
    if data.get("user") != actor.pk or not STASH_NAME.fullmatch(path):
        raise ValidationError("无法识别要导入的文件，请重新上传。")
    if not cache.add(f"{STASH_SALT}:{path}", True, STASH_MAX_AGE):  # a double click on 确认导入
        raise ValidationError("该文件正在导入或已经导入，请勿重复提交。")
    if not default_storage.exists(path):
        raise ValidationError("上传的文件已失效（可能已经导入），请重新上传。")
    return StashedUpload(
        path=path, name=data["name"], department_id=data["department"], domain=data["domain"], category=data["category"]
    )


def import_file_discard(stash: StashedUpload) -> None:
    default_storage.delete(stash.path)


def _discard_stale_stashes() -> None:
    """Uploads previewed but never confirmed are deleted a day later."""
    cutoff = timezone.now() - datetime.timedelta(days=1)
    try:
        _dirs, names = default_storage.listdir(STASH_DIR)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{STASH_DIR}/{name}"
        if STASH_NAME.fullmatch(path) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
