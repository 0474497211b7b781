"""
Reading clerks' Excel uploads (openpyxl), shared by the name-list import and the record import.

One place decides what an unreadable, oversized or overlong upload looks like to a clerk, so every
import refuses a bad file with the same Chinese message (a `{"file": [...]}` ValidationError) and
never with a server error. Rows keep their Excel numbers, so errors can say 第 3 行 C 列.
"""

import datetime
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

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
    from openpyxl import load_workbook

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
