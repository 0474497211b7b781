"""
Clerks' Excel files (openpyxl), shared by the imports: reading uploads, reading a cell as the data
a Django form field accepts, and writing fill-in templates.

One place decides what an unreadable, oversized or overlong upload looks like to a clerk, so every
import refuses a bad file with the same Chinese message (a `{"file": [...]}` ValidationError) and
never with a server error. Rows keep their Excel numbers, so errors can say 第 3 行 C 列. A column
is described once (`Column`: header, form field, choices) and that description both explains it in
the template's 说明 sheet and reads its cells back.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: refuse one that would unpack to far more than any real sheet (a "zip bomb").
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 200

UNREADABLE = "无法读取 Excel 文件，请上传 .xlsx 格式。"

column_letter = get_column_letter


@dataclass
class Table:
    """The first row of a sheet as `header`, and its non-empty rows below as (Excel row number, values)."""

    header: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    keywords: str = ""  # the workbook's 关键词 property (templates carry their kind there)


def file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return size


def _check_container(file, max_bytes: int) -> None:
    """Refuse what is not an .xlsx (an old .xls, a CSV renamed, a picture) or too big, before openpyxl opens it."""
    size = _size(file)
    if size == 0:
        raise file_error("上传的文件是空文件。")
    if size > max_bytes:
        raise file_error(f"文件超过 {max_bytes // (1024 * 1024)} MB，请分成几个文件导入。")
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传。")
    if not head.startswith(b"PK\x03\x04"):
        raise file_error(UNREADABLE)
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise file_error(UNREADABLE) from exc
    finally:
        file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise file_error("文件内容过大，请分成几个文件导入。")


def cell_text(value) -> str:
    """A cell as the text a clerk sees: 3.0 → "3", a date → "2026-01-05", nothing → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_table(file, *, sheet_name: str = "", max_rows: int | None = None, max_bytes: int = MAX_BYTES) -> Table:
    """The sheet named `sheet_name` (else the first sheet) of an uploaded .xlsx.

    Blank rows are skipped but keep their numbers. More than `max_rows` data rows is refused.
    """
    _check_container(file, max_bytes)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the same error for the clerk
        raise file_error(UNREADABLE) from exc
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = [cell_text(cell) for cell in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        table = Table(header=header, keywords=book.properties.keywords or "")
        for number, values in enumerate(rows, start=2):
            if all(cell_text(value) == "" for value in values):
                continue
            if max_rows is not None and len(table.rows) >= max_rows:
                raise file_error(f"文件超过 {max_rows} 行数据，请分成几个文件导入。")
            table.rows.append((number, values))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet openpyxl cannot walk is unreadable to the clerk too
        raise file_error(UNREADABLE) from exc
    finally:
        book.close()
    return table


# ---------------------------------------------------------------------------------------------
# Columns: what a template column holds, and its cells as form data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str  # what the importer calls the column
    header: str  # its name in row 1
    field: forms.Field | None  # the form field that validates it (None: the importer reads it itself)
    required: bool
    note: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label the clerk picks)
    width: int = 16

    @property
    def help_text(self) -> str:
        """What the 说明 sheet says: the column's own note, its format or allowed values."""
        parts = [self.note] if self.note else []
        f = self.field
        if self.choices:
            prefix = "可多选，用“、”分隔" if isinstance(f, forms.MultipleChoiceField) else "从下拉列表中选择"
            parts.append(f"{prefix}：{'、'.join(label for _value, label in self.choices)}。")
        elif isinstance(f, forms.DateField):
            parts.append("日期，格式 2026-01-05（也可填 2026/1/5、2026年1月5日）。")
        elif isinstance(f, forms.BooleanField):
            parts.append("填“是”或“否”，留空为否。")
        elif isinstance(f, forms.DecimalField):
            places = f"，最多 {f.decimal_places} 位小数" if f.decimal_places is not None else ""
            parts.append(f"数字{places}，不要带单位和千分位逗号。")
        elif isinstance(f, forms.IntegerField):
            parts.append("整数。")
        elif isinstance(f, forms.CharField) and f.max_length:
            parts.append(f"不超过 {f.max_length} 个字。")
        if f is not None and f.help_text and str(f.help_text) not in " ".join(parts):
            parts.append(str(f.help_text))
        return "".join(parts)


def field_choices(form_field) -> tuple[tuple[str, str], ...]:
    if not isinstance(form_field, forms.ChoiceField):
        return ()
    return tuple((str(value), str(label)) for value, label in form_field.choices if value not in ("", None))


DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", ""}


def form_value(column: Column, raw):
    """A cell as the data its form field accepts: a date as ISO text, a choice label as its value,
    是/否 as a boolean, a number without thousands separators. An unreadable cell raises a Chinese error."""
    form_field = column.field
    if isinstance(form_field, forms.DateField):
        return date_text(raw)
    text = cell_text(raw)
    if isinstance(form_field, forms.BooleanField):
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValidationError(f"“{text}”无法识别，请填写“是”或“否”。")
    if isinstance(form_field, forms.MultipleChoiceField):
        return [_choice(column, item.strip()) for item in re.split(r"[、,，;；]", text) if item.strip()]
    if isinstance(form_field, forms.ChoiceField):
        return _choice(column, text) if text else ""
    if isinstance(form_field, forms.DecimalField | forms.IntegerField):
        return re.sub(r"[,，\s]", "", text)
    return text


def _choice(column: Column, text: str) -> str:
    for value, label in column.choices:
        if text in {value, label}:
            return value
    raise ValidationError(f"“{text}”不是可选的值。可选：{'、'.join(label for _value, label in column.choices)}。")


def date_text(raw) -> str:
    """A date cell (an Excel date, 2026-01-05, 2026/1/5, 2026年1月5日, 20260105) as ISO text."""
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = cell_text(raw)
    if not text:
        return ""
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups())).isoformat()
            except ValueError:
                break
    raise ValidationError(f"“{text}”不是有效的日期，请按 2026-01-05 的格式填写。")


# ---------------------------------------------------------------------------------------------
# Writing templates
# ---------------------------------------------------------------------------------------------
def template_workbook(
    *,
    columns,
    title: str,
    keywords: str,
    data_sheet: str,
    help_sheet: str,
    choices_sheet: str,
    help_title: str,
    help_lines: list[str],
    max_rows: int,
):
    """A workbook to fill in: the data sheet's header row (required headers in red, each with a comment
    explaining it), dropdowns for choice columns (their lists on a hidden sheet), and a 说明 sheet
    with the general lines and one row per column. `keywords` marks which template it is."""
    book = Workbook()
    book.properties.title = title
    book.properties.keywords = keywords
    sheet = book.active
    sheet.title = data_sheet
    explained = book.create_sheet(help_sheet)
    lists = book.create_sheet(choices_sheet)
    lists.sheet_state = "hidden"

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        letter = column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(f"{'必填' if column.required else '选填'}。{column.help_text}", "填写说明")
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) * 2 + 2)
        if isinstance(column.field, forms.DateField):
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        if column.choices and not isinstance(column.field, forms.MultipleChoiceField):
            lists.cell(row=1, column=index, value=column.header)
            for offset, (_value, label) in enumerate(column.choices, start=2):
                lists.cell(row=offset, column=index, value=label)
            _add_dropdown(
                sheet,
                f"'{choices_sheet}'!${letter}$2:${letter}${len(column.choices) + 1}",
                f"{letter}2:{letter}{max_rows + 1}",
                error=f"请从下拉列表中选择“{column.header}”。",
            )
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32

    explained.append([help_title])
    explained["A1"].font = Font(bold=True, size=14)
    for line in help_lines:
        explained.append([line])
    explained.append([])
    explained.append(["列名", "是否必填", "填写说明"])
    for cell in explained[explained.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        explained.append([column.header, "必填" if column.required else "选填", column.help_text])
        explained.cell(row=explained.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABC", (28, 10, 100), strict=True):
        explained.column_dimensions[letter].width = width
    return book


def add_list_sheet(
    book, *, title: str, header: list[str], rows: list[list], widths, data_sheet: str, data_column: str, max_rows: int
) -> None:
    """A visible sheet listing what a column may name (its first column is what to fill in), offered
    as a dropdown on that column; typing another value is allowed."""
    listing = book.create_sheet(title, 2)
    listing.append(header)
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for row in rows:
        listing.append(row)
    for index, width in enumerate(widths, start=1):
        listing.column_dimensions[column_letter(index)].width = width
    if rows:
        _add_dropdown(
            book[data_sheet],
            f"'{title}'!$A$2:$A${len(rows) + 1}",
            f"{data_column}2:{data_column}{max_rows + 1}",
            error="",
        )


def _add_dropdown(sheet, source: str, cells: str, *, error: str) -> None:
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=bool(error),  # without an error text, other values may be typed too
        errorTitle="不是可选的值" if error else None,
        error=error or None,
    )
    sheet.add_data_validation(validation)
    validation.add(cells)


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Cells of exported workbooks: typed, so that Excel sums amounts and filters dates
# ---------------------------------------------------------------------------------------------
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def typed_cells(sheet, values) -> list:
    """One row of a write-only sheet, each cell of the value's own type: numbers (amounts with two
    decimals), dates and date-times as Excel dates with their format, text always as a text cell. Text
    that starts like a formula ("=…", "+…") stays text because the cell says so: no leading apostrophe
    to protect it, which Excel would show (CSV, which has no cell types, keeps the apostrophe)."""
    cells = []
    for value in values:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            # Excel has no time zones (local wall time) and shows no fractions of a second.
            value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = AMOUNT_FORMAT  # amounts in 元
        cells.append(cell)
    return cells
